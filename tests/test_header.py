import pytest

from anquanyue.reading.header import parse_date
from anquanyue.reading.reader import read_form
from anquanyue.schema import load_schema

from .forms import Filled, write_docx

WEIHAI = load_schema("weihai-2023")


@pytest.mark.parametrize("text, date", [
    ("2023年6月28日", "2023-06-28"),
    ("2023-06-28", "2023-06-28"),
    ("２０２３．６．２８", "2023-06-28"),
    ("二〇二三年六月二十八日", "2023-06-28"),
    ("二○二三年六月三十日", "2023-06-30"),  # ○ typed for 〇
    ("二零二三年6月28日", "2023-06-28"),
    ("二〇二三年二月三十日", None),  # no such day
    ("六月二十八日", None),  # no year
    ("", None),
])
def test_parse_date(text, date):
    assert parse_date(text) == date


def test_form_dated_in_chinese_numerals(tmp_path):
    form = Filled(WEIHAI, raw={c: "1" for c in WEIHAI.codes}, date="二〇二三年六月二十八日")
    report = read_form(write_docx(form, tmp_path / "f.docx"))
    assert report.date == "2023-06-28"
    assert [i.code for i in report.issues] == []


def test_unreadable_numerals_in_a_date_stay_quiet(recwarn):
    assert parse_date("二〇二三年六月百四日") is None
    assert len(recwarn) == 0  # cn2an's own warnings never reach the clerk's terminal
