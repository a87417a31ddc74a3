"""填报日期 as units write it: no year, Chinese numerals, Excel's two date systems, late, another year."""
from dataclasses import replace
import datetime as dt

import openpyxl
import pytest

from anquanyue.merging.merge import merge
from anquanyue.reading.dates import read_date
from anquanyue.reading.reader import read_form
from anquanyue.schema import load_schema

from .forms import unit_form, write_docx, write_xlsx

WEIHAI = load_schema("weihai-2023")


@pytest.mark.parametrize("text, iso, codes", [
    ("2023年6月28日", "2023-06-28", []),
    ("6月29日", "2023-06-29", ["date-no-year"]),
    ("六月二十九日", "2023-06-29", ["date-no-year"]),
    ("二〇二三年六月三十日", "2023-06-30", []),
    ("2023年7月3日", "2023-07-03", ["date-late"]),
    ("2022年6月28日", "2022-06-28", ["date-other-year"]),
    ("6月31日", None, ["date-invalid"]),
    ("", None, ["date-missing"]),
])
def test_read_date(text, iso, codes):
    date, issues = read_date(text, WEIHAI, "f.xlsx Sheet1!A2")
    assert (date, [i.code for i in issues]) == (iso, codes)


def test_date_messages_name_what_was_assumed_and_both_years():
    assert read_date("6月29日", WEIHAI, "f.docx 第2段")[1][0].message == \
        "f.docx 第2段：填报日期“6月29日”没有写年份，已按 2023 年计为 2023-06-29，请核实。"
    assert read_date("2022年6月28日", WEIHAI, "x")[1][0].message == \
        "x：填报日期 2022-06-28 是 2022 年，表样“weihai-2023”是 2023 年的表，请确认是否用错了表样或填错了日期。"
    assert read_date("2023年7月3日", WEIHAI, "x")[1][0].message == \
        "x：填报日期 2023-07-03 晚于截止日期 2023-06-30 3 天，请核实是逾期报送还是日期填错。"


def test_the_schema_may_allow_some_days_after_the_deadline():
    lenient = replace(WEIHAI, deadline_grace_days=3)
    assert read_date("2023年7月3日", lenient, "x")[1] == []
    assert [i.code for i in read_date("2023年7月4日", lenient, "x")[1]] == ["date-late"]


def test_a_correction_dated_without_a_year_counts_over_the_original(tmp_path):
    original = write_docx(unit_form("乳山市工信局", 5, date="2023年6月28日"), tmp_path / "乳山.docx")
    corrected = write_docx(unit_form("乳山市工信局", 7, date="6月29日"), tmp_path / "乳山（更正）.docx")
    import os

    os.utime(corrected, (1, 1))  # older on disk: only its date can make it count
    result = merge([original, corrected])
    assert result.totals["1.1"] == 7
    assert [(f.file, f.status) for f in result.files] == [(str(original), "superseded"), (str(corrected), "included")]


@pytest.mark.parametrize("date1904", [False, True])
def test_excel_date_systems(tmp_path, date1904):
    path = write_xlsx(unit_form("荣成市工信局", 1), tmp_path / "f.xlsx", header_cells=True)
    wb = openpyxl.load_workbook(path)
    wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904 if date1904 else openpyxl.utils.datetime.CALENDAR_WINDOWS_1900
    ws = wb.active
    ws["H2"] = dt.datetime(2023, 6, 28)
    ws["H2"].number_format = "yyyy-mm-dd"
    wb.save(path)
    report = read_form(path)
    assert report.date == "2023-06-28" and [i.code for i in report.issues] == []
