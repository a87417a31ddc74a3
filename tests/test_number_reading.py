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


@pytest.mark.parametrize("raw,unit,value,mark", [
    ("12¹", "场", 12, "¹"), ("12*", "人次", 12, "*"), ("（12※）", "场", 12, "※"), ("1,234²⁾", "人次", 1234, "²⁾"),
    ("12¹场", "场", 12, "¹"), ("十二*", "场", 12, "*"), ("1.2万†", "人次", 12000, "†"), ("３０＊", "篇", 30, "＊"),
])
def test_marks_after_a_number_are_no_digits(raw, unit, value, mark):
    assert read_blank(raw, unit) == (value, "blank-mark", raw.strip("（）"), mark)


@pytest.mark.parametrize("raw,code", [
    ("3*4", "blank-several-numbers"),  # an asterisk between digits is no mark
    ("1²3", "blank-not-a-number"),  # a superscript between digits: no telling what was meant
    ("约30*", "blank-approximate"),  # the approximation is what the clerk must hear of
    ("若干*", "blank-not-a-number"),
])
def test_marks_never_hide_another_problem(raw, code):
    assert read_blank(raw, "场").code == code


@pytest.mark.parametrize("raw,shown", [("¹²³", "¹²³"), ("（¹²³）", "¹²³"), (" ²⁴ ", "²⁴"), ("₁₂", "₁₂"), ("（⁽¹⁾）", "⁽¹⁾")])
def test_a_number_all_raised_is_an_error_never_an_empty_blank(raw, shown):
    """The whole number set in superscript, or a footnote number alone: no telling what was meant, and never 0."""
    assert read_blank(raw, "场") == (None, "blank-only-raised", shown, "")


def test_a_symbol_alone_is_still_an_empty_blank():
    assert read_blank("（*）", "场") == (None, "blank-empty", "*", "")


def test_a_superscript_rich_text_run_in_a_workbook_is_a_mark(tmp_path):
    import openpyxl
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    from anquanyue.reading.reader import read_form
    from anquanyue.schema import load_schema

    from .forms import Filled, write_xlsx

    weihai = load_schema("weihai-2023")
    path = write_xlsx(Filled(weihai, raw={c: "5" for c in weihai.codes} | {"1.3": "@"}), tmp_path / "f.xlsx")
    wb = openpyxl.load_workbook(path, rich_text=True)
    ws = wb.active
    cell = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "（@）" in c.value)
    before, after = cell.value.split("@")
    cell.value = CellRichText(before + "7", TextBlock(InlineFont(vertAlign="superscript"), "2"), after)
    wb.save(path)
    report = read_form(path)
    assert report.values["1.3"] == 7
    assert [(i.code, i.field, i.location) for i in report.issues] == [("blank-mark", "1.3", "Sheet1!B4")]


def _xls_with_runs(filled, path, blank: str, runs: list, lead: str = "") -> None:
    """``filled`` as an Excel 97-2003 workbook (xlwt), the cell holding ``blank`` written as rich-text ``runs``
    (text, or (text, escapement)) in its place: 1 superscript, 2 subscript; ``lead`` before the cell's text."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet("统计表")
    ws.write(0, 0, filled.schema.title)
    ws.write(1, 0, filled.header())
    for r, (a, b) in enumerate(filled.rows(), start=2):
        ws.write(r, 0, a)
        if blank not in b:
            ws.write(r, 1, b)
            continue
        before, after = b.split(blank)
        parts = []
        for run in runs:
            if isinstance(run, str):
                parts.append(run)
            else:
                font = xlwt.Font()
                font.escapement = run[1]
                parts.append((run[0], font))
        ws.write_rich_text(r, 1, [lead + before, *parts, after])
    book.save(str(path))


@pytest.mark.parametrize("runs,lead,value,mark", [
    (["12", ("1", 1)], "", 12, "¹"),  # a raised footnote mark: never 121
    (["3", ("2", 2)], "", 3, "₂"),  # a lowered one: never 32
    (["1", ("0", 1), ("5", 0)], "", None, None),  # a raised digit between digits: no telling what was meant
    (["12", ("1", 1)], "𠀀", 12, "¹"),  # a character beyond the BMP before it counts two in the runs' offsets
])
def test_a_superscript_rich_text_run_in_an_xls_workbook_is_a_mark(tmp_path, runs, lead, value, mark):
    from anquanyue.reading.reader import read_form
    from anquanyue.schema import load_schema

    from .forms import Filled

    weihai = load_schema("weihai-2023")
    path = tmp_path / "f.xls"
    _xls_with_runs(Filled(weihai, raw={c: "5" for c in weihai.codes} | {"1.3": "@"}), path, "@", runs, lead)
    report = read_form(path)
    issue = next(i for i in report.issues if i.field == "1.3")
    assert report.values["1.3"] == value
    if mark is not None:
        assert (issue.code, issue.location, issue.params["mark"]) == ("blank-mark", "统计表!B3", mark)
    else:
        assert issue.code in ("blank-not-a-number", "blank-several-numbers") and issue.severity == "error"


def test_an_xls_without_raised_or_lowered_fonts_is_read_without_its_formatting(tmp_path):
    """The sample .xls and the corpus of every test: no font is raised, so the runs are not read (the quick way),
    and the text is as before."""
    from anquanyue.reading.loaders.xls import load_xls

    from .conftest import SAMPLES

    sample = SAMPLES / "weihai-2023" / "临港区经济发展局.xls"
    cells = [cell.text for grid in load_xls(sample).grids for cell in grid.cells]
    assert any("（" in text and "）场" in text for text in cells)
    assert not any(ch in text for text in cells for ch in "¹²³⁰₀")


def _opendocument_with_a_raised_run(filled, path, blank: str, number: str, raised: str, position: str) -> None:
    """``filled`` as an .ods (a sheet) or an .odt (a table), the cell holding ``blank`` written as ``number``
    followed by ``raised`` in a span whose text style has style:text-position ``position`` (as LibreOffice saves)."""
    from odf.opendocument import OpenDocumentSpreadsheet, OpenDocumentText
    from odf.style import Style, TextProperties
    from odf.table import Table, TableCell, TableColumn, TableRow
    from odf.text import P, Span

    document = OpenDocumentSpreadsheet() if path.suffix == ".ods" else OpenDocumentText()
    style = Style(name="T9", family="text")
    style.addElement(TextProperties(textposition=position))
    document.automaticstyles.addElement(style)
    table = Table(name="统计表")
    table.addElement(TableColumn(numbercolumnsrepeated=2))
    lines = [[filled.schema.title], [filled.header()], ["活动项目", "活动进展情况"], *([a, b] for a, b in filled.rows())]
    for line in lines:
        row = TableRow()
        for text in line:
            cell = TableCell(valuetype="string")
            paragraph = P()
            if blank in text:
                before, after = text.split(blank)
                paragraph.addText(before + number)
                paragraph.addElement(Span(stylename=style, text=raised))
                paragraph.addText(after)
            else:
                paragraph.addText(text)
            cell.addElement(paragraph)
            row.addElement(cell)
        table.addElement(row)
    (document.spreadsheet if path.suffix == ".ods" else document.text).addElement(table)
    document.save(str(path))


@pytest.mark.parametrize("suffix", [".ods", ".odt"])
@pytest.mark.parametrize("position,value,mark", [
    ("super 58%", 12, "¹"), ("33% 58%", 12, "¹"), ("sub 58%", 12, "₁"), ("-33% 58%", 12, "₁"), ("0% 100%", 121, None),
])
def test_a_superscript_span_in_an_opendocument_is_a_mark(tmp_path, suffix, position, value, mark):
    from anquanyue.reading.reader import read_form
    from anquanyue.schema import load_schema

    from .forms import Filled

    weihai = load_schema("weihai-2023")
    path = tmp_path / f"f{suffix}"
    filled = Filled(weihai, raw={c: "5" for c in weihai.codes} | {"1.3": "@"})
    _opendocument_with_a_raised_run(filled, path, "@", "12", "1", position)
    report = read_form(path)
    assert report.values["1.3"] == value  # never 121 but where the "1" is not raised
    issues = [(i.code, i.params.get("mark")) for i in report.issues if i.field == "1.3"]
    assert issues == ([("blank-mark", mark)] if mark else [])


@pytest.mark.parametrize("rich,value,mark", [
    ("12<Sup>1</Sup>", 12, "¹"),  # Excel 2003 XML's rich text: HTML 4 elements inside <Data>
    ("3<Sub>2</Sub>", 3, "₂"),
    ('12<Font html:VerticalAlign="Superscript">1</Font>', 12, "¹"),
    ("12<B>1</B>", 121, None),  # bold is no mark
])
def test_a_superscript_in_an_excel_2003_xml_export_is_a_mark(tmp_path, rich, value, mark):
    from anquanyue.reading.reader import read_form
    from anquanyue.schema import load_schema

    from .forms import Filled, write_xml2003

    weihai = load_schema("weihai-2023")
    path = write_xml2003(Filled(weihai, raw={c: "5" for c in weihai.codes} | {"1.3": "@"}), tmp_path / "export.xls")
    text = path.read_text(encoding="utf-8").replace(
        '<Data ss:Type="String">', '<Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40" '
        'xmlns:html="http://www.w3.org/TR/REC-html40">').replace("@", rich)
    path.write_text(text, encoding="utf-8")
    report = read_form(path)
    assert report.values["1.3"] == value  # never 121 but where the "1" is not raised
    issues = [(i.code, i.params.get("mark"), i.location) for i in report.issues if i.field == "1.3"]
    assert issues == ([("blank-mark", mark, "统计表!B4")] if mark else [])


# Word's "save as web page": a footnote reference is "[1]" in a raised span, behind a downlevel-revealed conditional
WORD_FOOTNOTE = ("<a style='mso-footnote-id:ftn1' href=\"#_ftn1\" name=\"_ftnref1\" title=\"\"><span "
                 "class=MsoFootnoteReference><span style='mso-special-character:footnote'><![if !supportFootnotes]><span "
                 "class=MsoFootnoteReference><span style='font-size:10.5pt'>[1]</span></span><![endif]></span></span></a>")


@pytest.mark.parametrize(("raised", "mark"), [
    ("<sup>1</sup>", "¹"), ('<span style="font-size:9pt; vertical-align: super">1</span>', "¹"),
    ('<font style="VERTICAL-ALIGN:SUPER">1</font>', "¹"), ('<font class="font7">1</font>', "¹"),
    (WORD_FOOTNOTE, "⁽¹⁾"), ('<a href="#_ftn2" name="_ftnref2"><sup>[2]</sup></a>', "⁽²⁾"), ("<sup>［3］</sup>", "⁽³⁾"),
])
def test_a_superscript_in_a_web_export_is_a_mark(tmp_path, raised, mark):
    from anquanyue.reading.reader import read_form
    from anquanyue.schema import load_schema

    from .forms import Filled

    weihai = load_schema("weihai-2023")
    form = Filled(weihai, raw={c: "5" for c in weihai.codes} | {"1.1": "4@"})
    rows = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in form.rows()).replace("4@", "4" + raised)
    path = tmp_path / "export.xls"
    style = ("<style><!--.font5 {color:red;}\n.font7\n\t{font-size:9.0pt;\n\tvertical-align:super;}\n"  # as Excel's
             "span.MsoFootnoteReference\n\t{vertical-align:super;}--></style>")  # and Word's
    path.write_text(f"<html><head>{style}</head><body><p>{weihai.title}</p><p>{form.header()}</p><table>{rows}</table>"
                    "</body></html>",
                    encoding="utf-8")
    report = read_form(path)
    assert report.values["1.1"] == 4  # never 41
    assert [(i.code, i.field, i.params["mark"]) for i in report.issues] == [("blank-mark", "1.1", mark)]
