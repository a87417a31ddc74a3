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


@pytest.mark.parametrize("suffix", [".ods", ".odt"])
def test_a_header_line_in_an_opendocument_page_header_is_read(tmp_path, suffix):
    """LibreOffice / WPS (.ods, .odt): the master page's header and footer (styles.xml); an .ods table only its own
    master page's, by its table style."""
    from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText
    from odf.style import Footer, Header, MasterPage, PageLayout, RegionLeft, RegionRight, Style
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    from anquanyue.reading.reader import read_forms

    form = Filled(WEIHAI, raw={c: "1" for c in WEIHAI.codes}, unit="", contact="", phone="", date="")
    document = OpenDocumentSpreadsheet() if suffix == ".ods" else OpenDocumentText()
    layout = PageLayout(name="pm1")
    document.automaticstyles.addElement(layout)
    for name, unit in (("filled", "甲公司"), ("plain", "")):
        page = MasterPage(name=name, pagelayoutname=layout)
        header, footer = Header(), Footer()
        if unit and suffix == ".ods":
            left, right = RegionLeft(), RegionRight()
            left.addElement(P(text=f"填报单位（盖章）：{unit}"))
            right.addElement(P(text="填报日期：2023年6月28日"))
            header.addElement(left)
            header.addElement(right)
        elif unit:
            header.addElement(P(text=f"填报单位（盖章）：{unit}    填报日期：2023年6月28日"))
        footer.addElement(P(text="联系人：王敏  电话：0631-5201234" if unit else "第 1 页"))
        page.addElement(header)
        page.addElement(footer)
        document.masterstyles.addElement(page)
    lines = [[WEIHAI.title], [form.header()], *([a, b] for a, b in form.rows())]
    sheets = (("甲", "filled"), ("乙", "plain")) if suffix == ".ods" else (("表1", "filled"),)
    for sheet, master in sheets:
        style = Style(name=f"ta-{master}", family="table", masterpagename=master)
        document.automaticstyles.addElement(style)
        table = Table(name=sheet, stylename=style)
        for line in lines:
            row = TableRow()
            for text in line:
                cell = TableCell(valuetype="string")
                cell.addElement(P(text=text))
                row.addElement(cell)
            table.addElement(row)
        (document.spreadsheet if suffix == ".ods" else document.text).addElement(table)
    path = tmp_path / f"f{suffix}"
    document.save(str(path))
    reports = read_forms(path)
    first = reports[0]
    assert (first.unit, first.contact, first.phone, first.date) == ("甲公司", "王敏", "0631-5201234", "2023-06-28")
    assert first.ok and first.values == {c: 1 for c in WEIHAI.codes}
    if suffix == ".ods":  # the second table prints with the plain master page: no unit of its own
        assert reports[1].unit is None and [i.code for i in reports[1].errors] == ["unit-missing"]


def test_a_damaged_styles_part_of_an_opendocument_costs_only_its_page_headers(tmp_path):
    import zipfile

    from .forms import write_ods

    form = Filled(WEIHAI, raw={c: "1" for c in WEIHAI.codes})
    path = write_ods(form, tmp_path / "f.ods")
    with zipfile.ZipFile(path) as z:
        parts = {info.filename: z.read(info.filename) for info in z.infolist()}
    parts["styles.xml"] = parts["styles.xml"][: len(parts["styles.xml"]) // 2]  # cut in the middle
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    report = read_form(path)
    assert report.ok and report.unit == "环翠区工业和信息化局" and report.values == {c: 1 for c in WEIHAI.codes}
