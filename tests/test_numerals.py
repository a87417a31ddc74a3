import subprocess
import sys
import warnings

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from anquanyue.reading.numerals import standard_spelling, standard_value


def _cn2an(text: str):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return cn2an.cn2an(text, "smart")
        except (ValueError, KeyError, IndexError):
            return None


@pytest.mark.parametrize("text, value", [
    ("十二", 12), ("一十二", 12), ("二十", 20), ("两千三百", 2300), ("二千零三", 2003), ("一千零一十", 1010),
    ("三百一十", 310), ("一万零五百", 10500), ("十万", 100000), ("两万〇八", 20008), ("九千九百九十九万九千九百九十九", 99999999),
    ("零", 0),
])
def test_standard_spellings_are_read(text, value):
    assert standard_value(text) == value


@pytest.mark.parametrize("text", ["一二三", "三百四", "一万二", "一百十", "十十", "二十零", "零五", "一亿", "3千", "百", "", "十二点五"])
def test_any_other_spelling_is_left_to_cn2an(text):
    assert standard_value(text) is None


@settings(max_examples=500)
@given(st.integers(min_value=0, max_value=10**8 - 1), st.booleans(), st.booleans())
def test_every_standard_spelling_reads_as_cn2an_reads_it(value, liang, ling):
    text = standard_spelling(value)
    text = text.replace("二", "两") if liang else text
    text = text.replace("零", "〇") if ling else text
    for spelling in {text, text[1:] if text.startswith("一十") else text}:
        assert standard_value(spelling) == value
        assert _cn2an(spelling) == value


@settings(max_examples=1500)
@given(st.text(alphabet="零〇一二两三四五六七八九十百千万亿壹贰拾佰仟0123456789.", min_size=1, max_size=12))
def test_what_is_read_here_is_what_cn2an_reads(text):
    value = standard_value(text)
    assert value is None or value == _cn2an(text)


def test_cn2an_spells_every_number_as_read_here():
    # the spellings units type most (an2cn's, as the benchmark's and the samples' forms are written) are all read here
    for value in [*range(0, 2100), 10000, 10500, 20008, 123456, 1000001, 99999999]:
        assert standard_value(cn2an.an2cn(value)) == value


def test_a_blank_in_standard_chinese_numerals_needs_no_cn2an():
    code = ("import sys\nfrom anquanyue.reading.numbers import read_blank\n"
            "print(read_blank('（二十四）', '场').value, read_blank('两千三百人次', '人次').value, 'cn2an' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["24", "2300", "False"], done.stderr
