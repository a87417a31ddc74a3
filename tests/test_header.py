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


def test_a_date_written_under_the_form_is_read(tmp_path):
    import docx as python_docx

    form = Filled(WEIHAI, raw={c: "1" for c in WEIHAI.codes}, date="")
    path = write_docx(form, tmp_path / "f.docx")
    d = python_docx.Document(str(path))
    d.add_paragraph("填报日期：2023年6月29日")
    d.save(str(path))
    report = read_form(path)
    assert (report.unit, report.date) == ("环翠区工业和信息化局", "2023-06-29") and report.issues == []


def test_a_label_mentioned_in_an_instruction_is_no_header_label():
    from anquanyue.reading.document import Cell
    from anquanyue.reading.header import read_header

    cells = [Cell("注：1.填报单位（盖章）处须加盖单位公章；2.联系电话请填写手机。", "A1", 1, 1, 0),
             Cell("填报单位（盖章）：乳山市工业和信息化局  联系人：张三  电话：13800000000", "A2", 2, 1, 0)]
    values, where = read_header(cells)
    assert (values["unit"], values["contact"], values["phone"]) == ("乳山市工业和信息化局", "张三", "13800000000")
    assert where["unit"] == "A2"


def _page_margins(path, sheet: str, header_left: str = "", header_right: str = "", footer: str = "") -> None:
    import openpyxl

    book = openpyxl.load_workbook(path)
    ws = book[sheet]
    ws.oddHeader.left.text, ws.oddHeader.right.text, ws.oddFooter.center.text = header_left, header_right, footer
    ws.oddFooter.right.text = "第 &P 页 共 &N 页"
    book.save(path)


def test_a_header_line_in_the_excel_page_header_is_read(tmp_path):
    """A template whose 填报单位/填报日期 line is in Excel's page header (页面设置 → 页眉), filled there by the unit."""
    from .forms import write_xlsx

    form = Filled(WEIHAI, raw={c: "1" for c in WEIHAI.codes}, unit="", contact="", phone="", date="")
    path = write_xlsx(form, tmp_path / "f.xlsx", sheet="统计表")
    _page_margins(path, "统计表", "填报单位（盖章）：环翠区工业和信息化局", "填报日期：2023年6月28日",
                  "联系人：王敏  电话：0631-5201234")
    report = read_form(path)
    assert (report.unit, report.contact, report.phone, report.date) == (
        "环翠区工业和信息化局", "王敏", "0631-5201234", "2023-06-28")
    assert report.issues == [] and report.values == {c: 1 for c in WEIHAI.codes}


def test_a_page_header_tells_only_its_own_sheet(tmp_path):
    """Two units' forms in one workbook: the second sheet's page header is never the first sheet's unit."""
    from anquanyue.reading.reader import read_forms

    from .forms import write_xlsx_sheets

    blank = Filled(WEIHAI, raw={c: "1" for c in WEIHAI.codes}, unit="", date="2023年6月28日")
    path = write_xlsx_sheets([("甲", blank), ("乙", blank)], tmp_path / "f.xlsx")
    _page_margins(path, "乙", "填报单位（盖章）：乙公司")
    first, second = read_forms(path)
    assert (first.unit, second.unit) == (None, "乙公司")
    assert [(i.code, i.location) for i in first.errors] == [("unit-missing", f"{path} 甲!A2")]


def test_a_header_line_in_the_page_header_of_an_xls_is_read(tmp_path):
    """The same in Excel 97-2003 / WPS (.xls, .et): the sheet's HEADER and FOOTER records (xlrd does not read
    them), each sheet its own."""
    import xlwt

    form = Filled(WEIHAI, raw={c: "1" for c in WEIHAI.codes}, unit="", contact="", phone="", date="")
    book = xlwt.Workbook(encoding="utf-8")
    for name, unit in (("甲", "甲公司"), ("乙", "")):
        ws = book.add_sheet(name)
        ws.write(0, 0, WEIHAI.title)
        ws.write(1, 0, form.header())
        for r, (a, b) in enumerate(form.rows(), start=2):
            ws.write(r, 0, a)
            ws.write(r, 1, b)
        if unit:  # xlwt's own setter fails on a str under Python 3: its attribute is set as the setter would
            ws._Worksheet__header_str = f"&L填报单位（盖章）：{unit}&R填报日期：2023年6月28日"
            ws._Worksheet__footer_str = "&C联系人：王敏  电话：0631-5201234&R第 &P 页"
    path = tmp_path / "f.xls"
    book.save(str(path))
    from anquanyue.reading.reader import read_forms

    first, second = read_forms(path)
    assert (first.unit, first.contact, first.phone, first.date) == ("甲公司", "王敏", "0631-5201234", "2023-06-28")
    assert first.ok and first.values == {c: 1 for c in WEIHAI.codes}
    assert second.unit is None and [i.code for i in second.errors] == ["unit-missing"]
