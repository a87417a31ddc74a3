import pytest

from anquanyue.reading.numbers import read_blank


@pytest.mark.parametrize("raw,unit,value", [
    ("12", "场", 12), ("（12）", "场", 12), ("(12)", "场", 12), ("（ 12 ）", "场", 12), ("１２", "场", 12),
    ("1,234", "人次", 1234), ("1，234", "人次", 1234), ("（12场）", "场", 12), ("12人次", "人次", 12),
    ("3场次", "场", 3), ("2场", "场/次", 2), ("十二", "场", 12), ("一百二十", "场", 120), ("两千三百", "人次", 2300),
    ("零", "场", 0), ("1.2万", "人次", 12000), ("3万", "人次", 30000), ("无", "场", 0), ("/", "场", 0),
    ("—", "场", 0), ("-", "场", 0), ("0", "个", 0), ("007", "个", 7),
])
def test_numbers_read_exactly(raw, unit, value):
    reading = read_blank(raw, unit)
    assert (reading.value, reading.code) == (value, None)


@pytest.mark.parametrize("raw", ["约300", "300余", "300多", "近300", "（约300）"])
def test_approximations_read_with_a_warning(raw):
    reading = read_blank(raw, "人次")
    assert (reading.value, reading.code) == (300, "blank-approximate")


@pytest.mark.parametrize("raw", ["", "（ ）", "( )", "  "])
def test_empty_blank_is_null_with_warning(raw):
    assert (read_blank(raw, "场").value, read_blank(raw, "场").code) == (None, "blank-empty")


@pytest.mark.parametrize("raw,code", [
    ("若干", "blank-not-a-number"), ("很多", "blank-not-a-number"), ("12或13", "blank-several-numbers"),
    ("12 13", "blank-several-numbers"), ("12、13", "blank-several-numbers"), ("12.5", "blank-not-whole"),
    ("1.23456万", "blank-not-whole"), ("-5", "blank-negative"), ("300人次", "blank-wrong-unit"),
    ("3次", "blank-wrong-unit"), ("12345678901234567", "blank-too-large"), ("20000000000", "blank-too-large"),
    ("1e5", "blank-not-a-number"),
])
def test_anything_else_is_an_error_with_no_value(raw, code):
    reading = read_blank(raw, "场")
    assert (reading.value, reading.code) == (None, code)
