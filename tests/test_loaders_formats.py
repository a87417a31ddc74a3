"""The other formats units send: .ods, .odt, .et (fixtures made by LibreOffice), .xlsb (built here), .xlsm."""
from __future__ import annotations

import datetime as dt
import shutil
import zipfile
from pathlib import Path

import pytest

from anquanyue.reading.loaders import load_document
from anquanyue.reading.reader import read_form

from .fixtures.make_fixtures import UNIT, UNITS, _with_fields, fixture_form, fixture_values
from .forms import write_docx, write_xlsx

FIXTURES = Path(__file__).parent / "fixtures"
RECORDS = [("安全知识竞赛", 2, 150), ("应急演练观摩", 1, 80)]


def texts(path, grid=0):
    return [(c.text, c.location) for c in load_document(path).grids[grid].cells]


@pytest.mark.parametrize("name, fmt", [("weihai.ods", "ods"), ("weihai.odt", "odt"), ("weihai.et", "xls")])
def test_fixture_gives_every_blank(name, fmt):
    report = read_form(FIXTURES / name)
    assert report.format == fmt and report.issues == []
    assert (report.unit, report.contact, report.phone, report.date) == (UNITS[name], "王敏", "0631-5201234", "2023-06-28")
    assert report.values == fixture_values()
    assert [(r.name, r.count, r.people) for r in report.other_activities] == RECORDS


def test_ods_cells_are_the_xlsx_cells(tmp_path):
    xlsx = write_xlsx(fixture_form(UNITS["weihai.ods"]), tmp_path / "form.xlsx", sheet="统计表")
    assert texts(FIXTURES / "weihai.ods") == texts(xlsx)


def test_odt_cells_are_the_docx_cells(tmp_path):
    docx_path = _with_fields(write_docx(fixture_form(UNITS["weihai.odt"]), tmp_path / "form.docx"))
    assert texts(FIXTURES / "weihai.odt") == texts(docx_path)


def _replace_content(package: Path, dst: Path, content: str) -> Path:
    """A copy of an OpenDocument package with its content.xml replaced."""
    with zipfile.ZipFile(package) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            zout.writestr(info, content.encode() if info.filename == "content.xml" else zin.read(info.filename))
    return dst


def _ods_with(tmp_path, table: str, name="t.ods") -> Path:
    """The fixture's package with its content.xml replaced by one table written here."""
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
               'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0">'
               '<office:automatic-styles><style:style style:name="ta2" style:family="table">'
               '<style:table-properties table:display="false"/></style:style></office:automatic-styles>'
               f'<office:body><office:spreadsheet>{table}</office:spreadsheet></office:body></office:document-content>')
    return _replace_content(FIXTURES / "weihai.ods", tmp_path / name, content)


def test_ods_values_dates_formulas_errors_and_repeats(tmp_path):
    table = ('<table:table table:name="统计表"><table:table-row table:number-rows-repeated="2"><table:table-cell/>'
             '</table:table-row><table:table-row>'
             '<table:table-cell table:number-columns-repeated="2"/>'
             '<table:table-cell office:value-type="float" office:value="12"><text:p>12.00</text:p></table:table-cell>'
             '<table:table-cell office:value-type="string"><text:p>007</text:p></table:table-cell>'
             '<table:table-cell office:value-type="date" office:date-value="2023-06-28"><text:p>2023年6月28日</text:p>'
             '</table:table-cell>'
             '<table:table-cell table:formula="of:=1/0" office:value-type="float" office:value="0" '
             'calcext:value-type="error"><text:p>#DIV/0!</text:p></table:table-cell>'
             '<table:table-cell table:formula="of:=[.C3]+1" office:value-type="float" office:value="13">'
             '<text:p>13</text:p></table:table-cell>'
             '<table:table-cell office:value-type="string"><text:p>参与（<text:s text:c="2"/>）人次<office:annotation>'
             '<text:p>批注</text:p></office:annotation></text:p></table:table-cell>'
             '</table:table-row>'
             '<table:table-row table:number-rows-repeated="1048570"><table:table-cell '
             'table:number-columns-repeated="16384"/></table:table-row></table:table>'
             '<table:table table:name="隐藏" table:style-name="ta2"><table:table-row><table:table-cell '
             'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>')
    document = load_document(_ods_with(tmp_path, table))
    assert [(c.text, c.location) for c in document.grids[0].cells] == [
        ("12", "统计表!C3"), ("007", "统计表!D3"), ("2023-06-28", "统计表!E3"), ("#DIV/0!", "统计表!F3"),
        ("13", "统计表!G3"), ("参与（  ）人次", "统计表!H3")]
    assert [(g.name, g.hidden) for g in document.grids] == [("统计表", False), ("隐藏", True)]
    assert [i.message for i in document.issues] == [
        "统计表!F3：单元格是公式 =1/0，已按保存的计算结果 #DIV/0! 读取，建议直接填写数字。",
        "统计表!G3：单元格是公式 =[.C3]+1，已按保存的计算结果 13 读取，建议直接填写数字。"]


def test_ods_repeated_text_is_capped(tmp_path):
    table = ('<table:table table:name="S"><table:table-row table:number-rows-repeated="1000000">'
             '<table:table-cell table:number-columns-repeated="1000" office:value-type="string"><text:p>x</text:p>'
             '</table:table-cell></table:table-row></table:table>')
    cells = load_document(_ods_with(tmp_path, table)).grids[0].cells
    assert len(cells) == 256 * 256 and cells[-1].location == "S!IV256"


def test_ods_with_a_doctype_is_refused(tmp_path):
    path = _ods_with(tmp_path, "<table:table/>")
    data = {}
    with zipfile.ZipFile(path) as z:
        data = {i.filename: z.read(i.filename) for i in z.infolist()}
    data["content.xml"] = data["content.xml"].replace(b"<office:document-content",
                                                      b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><office:document-content')
    with zipfile.ZipFile(path, "w") as z:
        for name, part in data.items():
            z.writestr(name, part)
    assert [i.message for i in read_form(path).issues] == [
        f"{path}：文件中含有不安全的 XML 内容（content.xml 含 DOCTYPE/ENTITY 声明），已拒绝读取，请用 Excel/WPS/Word 另存后报送。"]


def _xlsb(path, rows, hidden_first=True):
    from pyxlsbwriter import XlsbWriter

    width = max(map(len, rows))
    with XlsbWriter(str(path)) as writer:
        if hidden_first:
            writer.add_sheet("填报说明", hidden=True)
            writer.write_sheet([["请在下一张表中填写。"]])
        writer.add_sheet("统计表")
        writer.write_sheet([list(r) + [None] * (width - len(r)) for r in rows])
    return path


def test_xlsb_gives_every_blank(tmp_path):
    form = fixture_form()
    rows = [[form.schema.title], [form.header()], ["活动项目", "活动进展情况"], *map(list, form.rows())]
    report = read_form(_xlsb(tmp_path / "环翠.xlsb", rows))
    assert report.format == "xlsb" and report.issues == [] and report.sheet == "统计表"
    assert report.unit == UNIT and report.date == "2023-06-28" and report.values == fixture_values()
    assert [(r.name, r.count, r.people) for r in report.other_activities] == RECORDS


def test_xlsb_cell_values(tmp_path):
    path = _xlsb(tmp_path / "v.xlsb", [["文本", 12, 12.5, "007", dt.date(2023, 6, 28), None, True]])
    document = load_document(path)
    assert [(g.name, g.hidden) for g in document.grids] == [("填报说明", True), ("统计表", False)]
    assert texts(path, 1) == [("文本", "统计表!A1"), ("12", "统计表!B1"), ("12.5", "统计表!C1"), ("007", "统计表!D1"),
                              ("2023-06-28", "统计表!E1"), ("TRUE", "统计表!G1")]


def test_xlsm_and_et_holding_xlsx_are_read_without_a_warning(tmp_path):
    for name in ("环翠.xlsm", "环翠.et"):
        report = read_form(write_xlsx(fixture_form(), tmp_path / name))
        assert report.ok and report.issues == [] and report.values == fixture_values()


def test_et_renamed_xls_and_ods_renamed_xlsx(tmp_path):
    et = shutil.copyfile(FIXTURES / "weihai.et", tmp_path / "a.xls")
    assert read_form(et).issues == [] and read_form(et).values == fixture_values()
    ods = shutil.copyfile(FIXTURES / "weihai.ods", tmp_path / "b.xlsx")
    report = read_form(ods)
    assert report.values == fixture_values()
    assert [i.message for i in report.issues] == [
        f"{ods}：文件扩展名为 .xlsx，内容却是 OpenDocument 电子表格（.ods），已按实际格式读取；请以正确的扩展名报送。"]


def test_xlsb_with_a_huge_used_range_is_refused(tmp_path):
    from pyxlsbwriter import XlsbWriter

    path = tmp_path / "wide.xlsb"
    with XlsbWriter(str(path)) as writer:  # one cell in A1 and one in XFD62: calamine would fill 1,015,808 cells
        writer.add_sheet("S")
        writer.write_sheet([["x"] + [None] * 16383, *([None] * 16384 for _ in range(60)), [None] * 16383 + ["远"]])
    assert [i.message for i in read_form(path).issues] == [
        f"{path}：工作表“S”的范围有 62 行 16384 列，远超一张统计表，可能已损坏，请用 Excel/WPS 另存后重新报送。"]


def _odt_with(tmp_path, body: str) -> Path:
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
               'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
               'xmlns:dc="http://purl.org/dc/elements/1.1/">'
               f'<office:body><office:text>{body}</office:text></office:body></office:document-content>')
    return _replace_content(FIXTURES / "weihai.odt", tmp_path / "t.odt", content)


def test_odt_changes_comments_notes_frames_and_spans(tmp_path):
    body = ('<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>30</text:p>'
            '</text:deletion></text:changed-region></text:tracked-changes>'
            '<text:p>参与（<text:change text:change-id="c1"/>45）人次<office:annotation><dc:creator>王敏</dc:creator>'
            '<text:p>批注</text:p></office:annotation><text:note><text:note-citation>1</text:note-citation>'
            '<text:note-body><text:p>脚注</text:p></text:note-body></text:note>'
            '<draw:frame><draw:text-box><text:p>文本框</text:p></draw:text-box></draw:frame></text:p>'
            '<text:list><text:list-item><text:p>列表<text:s text:c="2"/>一<text:tab/>二<text:line-break/>三</text:p>'
            '</text:list-item></text:list>'
            '<table:table><table:table-row><table:table-cell table:number-columns-spanned="2" '
            'table:number-rows-spanned="2"><text:p>合并</text:p></table:table-cell><table:covered-table-cell/>'
            '<table:table-cell><text:p>右上</text:p></table:table-cell></table:table-row>'
            '<table:table-row><table:covered-table-cell/><table:covered-table-cell/>'
            '<table:table-cell><text:p>右下</text:p><text:p>第二段</text:p></table:table-cell></table:table-row>'
            '</table:table>')
    assert texts(_odt_with(tmp_path, body)) == [
        ("参与（45）人次¹", "第1段"), ("列表  一\t二\n三", "第2段"), ("合并", "表1 第1行第1列"),
        ("右上", "表1 第1行第3列"), ("右下\n第二段", "表1 第2行第3列")]


def test_odt_notes_are_their_raised_citations_and_styles_raise_as_their_parents(tmp_path):
    """A footnote or endnote is its citation, raised as Word's reference is (a citation other than digits, as
    LibreOffice's "i" for an endnote, a "*"); a span raised by a common style of styles.xml, or by an automatic
    style inheriting it, is a mark; one whose own style sets level text is digits."""
    from odf.opendocument import OpenDocumentText
    from odf.style import Header, MasterPage, PageLayout, Style, TextProperties
    from odf.text import Note, NoteBody, NoteCitation, P, Span

    document = OpenDocumentText()
    mark = Style(name="Mark", family="text")
    mark.addElement(TextProperties(textposition="super 58%"))
    document.styles.addElement(mark)
    for name, properties in (("T1", {"fontweight": "bold"}), ("T2", {"textposition": "0% 100%"})):
        style = Style(name=name, family="text", parentstylename="Mark")
        style.addElement(TextProperties(**properties))
        document.automaticstyles.addElement(style)

    def note(number: int, citation: str, kind: str = "footnote") -> Note:
        found = Note(id=f"{kind}{number}", noteclass=kind)
        found.addElement(NoteCitation(text=citation))
        body = NoteBody()
        body.addElement(P(text="说明"))
        found.addElement(body)
        return found

    first = P(text="开展宣讲活动（12")
    first.addElement(note(1, "1"))
    first.addText("）场，参与（300")
    first.addElement(note(2, "2"))
    first.addText("）人次")
    document.text.addElement(first)
    for before, style, raised in (("（7", "Mark", "3"), ("（8", "T1", "4"), ("（9", "T2", "4")):
        paragraph = P(text=before)
        paragraph.addElement(Span(stylename=style, text=raised))
        paragraph.addText("）篇")
        document.text.addElement(paragraph)
    last = P(text="组织观看（5")
    last.addElement(note(1, "i", "endnote"))
    last.addText("）场")
    document.text.addElement(last)
    layout = PageLayout(name="pm1")
    document.automaticstyles.addElement(layout)
    page, header, phone = MasterPage(name="Standard", pagelayoutname=layout), Header(), P(text="电话：0631-5201234")
    phone.addElement(Span(stylename=mark, text="1"))
    header.addElement(phone)
    page.addElement(header)
    document.masterstyles.addElement(page)
    document.save(str(tmp_path / "notes.odt"))
    assert [text for text, _ in texts(tmp_path / "notes.odt")] == [
        "开展宣讲活动（12¹）场，参与（300²）人次", "（7³）篇", "（8⁴）篇", "（94）篇", "组织观看（5*）场"]
    assert [c.text for c in load_document(tmp_path / "notes.odt").margins] == ["电话：0631-5201234¹"]  # not …12341


def test_odt_body_and_page_header_each_take_their_own_files_automatic_styles(tmp_path):
    """content.xml and styles.xml each have automatic styles of their own, and may give two the same name: the
    body's "T1" (level) and the page header's "T1" (raised) are two styles; the common "Mark" serves both."""
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')

    def text_style(name: str, position: str | None, parent: str | None = None) -> str:
        props = f'<style:text-properties style:text-position="{position}"/>' if position else ""
        inherits = f' style:parent-style-name="{parent}"' if parent else ""
        return f'<style:style style:name="{name}" style:family="text"{inherits}>{props}</style:style>'

    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns}><office:automatic-styles>'
               f'{text_style("T1", "0% 100%")}{text_style("T2", None, "Mark")}</office:automatic-styles><office:body>'
               '<office:text><text:p>（7<text:span text:style-name="T1">3</text:span>）篇</text:p>'
               '<text:p>（8<text:span text:style-name="T2">4</text:span>）篇</text:p></office:text></office:body>'
               "</office:document-content>")
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ns}><office:styles>'
              f'{text_style("Mark", "super 58%")}</office:styles><office:automatic-styles>'
              f'{text_style("T1", "super 58%")}<style:page-layout style:name="pm1"/></office:automatic-styles>'
              '<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="pm1">'
              '<style:header><text:p>电话：0631-5201234<text:span text:style-name="T1">1</text:span></text:p>'
              '</style:header></style:master-page></office:master-styles></office:document-styles>')
    path = tmp_path / "t.odt"
    with zipfile.ZipFile(FIXTURES / "weihai.odt") as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            parts = {"content.xml": content, "styles.xml": styles}
            zout.writestr(info, parts[info.filename].encode() if info.filename in parts else zin.read(info.filename))
    document = load_document(path)
    assert [c.text for c in document.grids[0].cells] == ["（73）篇", "（8⁴）篇"]
    assert [c.text for c in document.margins] == ["电话：0631-5201234¹"]


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        out.append((value & 0x7F) | (0x80 if value > 0x7F else 0))
        value >>= 7
        if not value:
            return bytes(out)


def _with_error_cells(path: Path, errors: dict[int, int], formulas: frozenset[int] = frozenset()) -> Path:
    """The .xlsb with the number cells of the given columns (0-based) of its last sheet turned into error cells, as
    Excel saves a cell showing #DIV/0!: typed (BrtCellError) or, for ``formulas``, a formula's result (BrtFmlaError,
    its formula 1/0 as parsed tokens: PtgInt 1, PtgInt 0, PtgDiv)."""
    from anquanyue.reading.loaders.biff12 import records

    with zipfile.ZipFile(path) as z:
        parts = {info.filename: z.read(info.filename) for info in z.infolist()}
    sheet = sorted(name for name in parts if name.startswith("xl/worksheets/sheet"))[-1]
    out = bytearray()
    for kind, body in records(parts[sheet]):
        col = int.from_bytes(body[:4], "little") if len(body) >= 8 else -1
        if kind in (0x02, 0x05) and col in errors and col in formulas:  # BrtCellRk, BrtCellReal
            rgce = b"\x1e\x01\x00\x1e\x00\x00\x06"
            kind = 0x0B
            body = body[:8] + bytes([errors[col]]) + b"\x00\x00" + len(rgce).to_bytes(4, "little") + rgce + bytes(4)
        elif kind in (0x02, 0x05) and col in errors:
            kind, body = 0x03, body[:8] + bytes([errors[col]])
        out += _varint(kind) + _varint(len(body)) + body  # a type is written as a size is: 7-bit groups
    parts[sheet] = bytes(out)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def test_xlsb_error_values_read_as_shown_never_as_empty(tmp_path):
    path = _xlsb(tmp_path / "e.xlsb", [["参与人次", 12, 30, 5, 7]], hidden_first=False)
    _with_error_cells(path, {1: 0x07, 3: 0x2A, 4: 0x07}, formulas=frozenset({4}))
    assert texts(path) == [("参与人次", "统计表!A1"), ("#DIV/0!", "统计表!B1"), ("30", "统计表!C1"), ("#N/A", "统计表!D1"),
                           ("#DIV/0!", "统计表!E1")]


def _with_raised_runs(path: Path, marked: dict[str, list[tuple[int, int]]], inline: bool = False) -> Path:
    """The .xlsb with a superscript font (BrtFont sss 1) and a subscript one (sss 2) added to styles.bin, and each
    string of ``marked`` given rich-text runs ((start in UTF-16 units, 1 superscript / 2 subscript / 0 plain), to
    the next run's start): as Excel saves a footnote digit raised after a number. ``inline``: the cell holds the
    rich string itself (BrtCellRString) instead of a shared string."""
    import struct

    from anquanyue.reading.loaders.biff12 import records

    with zipfile.ZipFile(path) as z:
        parts = {info.filename: z.read(info.filename) for info in z.infolist()}
    out, fonts, font = bytearray(), 0, b""
    for kind, body in records(parts["xl/styles.bin"]):
        if kind == 0x2B:  # BrtFont: the added ones are copies of the last with sss set
            fonts, font = fonts + 1, body
        if kind == 0x264:  # BrtEndFonts
            for sss in (1, 2):
                raised = font[:6] + struct.pack("<H", sss) + font[8:]
                out += _varint(0x2B) + _varint(len(raised)) + raised
        if kind == 0x263:  # BrtBeginFonts: their count
            body = struct.pack("<I", struct.unpack_from("<I", body)[0] + 2) + body[4:]
        out += _varint(kind) + _varint(len(body)) + body
    parts["xl/styles.bin"] = bytes(out)
    font_of = {0: 0, 1: fonts, 2: fonts + 1}

    def rich(text: str) -> bytes:
        runs = b"".join(struct.pack("<HH", start, font_of[how]) for start, how in marked[text])
        return (b"\x01" + struct.pack("<I", len(text.encode("utf-16-le")) // 2) + text.encode("utf-16-le")
                + struct.pack("<I", len(marked[text])) + runs)

    strings = [body[5 : 5 + 2 * struct.unpack_from("<I", body, 1)[0]].decode("utf-16-le")
               for kind, body in records(parts["xl/sharedStrings.bin"]) if kind == 0x13]
    if not inline:
        out = bytearray()
        for kind, body in records(parts["xl/sharedStrings.bin"]):
            if kind == 0x13 and (text := body[5 : 5 + 2 * struct.unpack_from("<I", body, 1)[0]].decode("utf-16-le")) \
                    in marked:
                body = rich(text)
            out += _varint(kind) + _varint(len(body)) + body
        parts["xl/sharedStrings.bin"] = bytes(out)
    else:
        sheet = sorted(name for name in parts if name.startswith("xl/worksheets/sheet"))[-1]
        out = bytearray()
        for kind, body in records(parts[sheet]):
            if kind == 0x07 and strings[struct.unpack_from("<I", body, 8)[0]] in marked:  # BrtCellIsst
                kind, body = 0x3E, body[:8] + rich(strings[struct.unpack_from("<I", body, 8)[0]])
            out += _varint(kind) + _varint(len(body)) + body
        parts[sheet] = bytes(out)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


@pytest.mark.parametrize("inline", [False, True])
@pytest.mark.parametrize("how,mark", [(1, "¹"), (2, "₁"), (0, None)])
def test_xlsb_superscript_and_subscript_runs_are_marks(tmp_path, inline, how, mark):
    """Also: a rich string held in the cell itself (BrtCellRString), which calamine gives empty, is read."""
    from .forms import Filled

    form = fixture_form()
    form = Filled(form.schema, raw=form.raw | {"1.3": "121"}, unit=form.unit, date=form.date, records=form.records)
    rows = [[form.schema.title], [form.header()], ["活动项目", "活动进展情况"], *map(list, form.rows())]
    text = next(r[1] for r in rows[3:] if "（121）篇" in r[1])
    at = text.index("（121）篇") + 3  # the last "1": "12" and a raised (or lowered) "1"
    path = _with_raised_runs(_xlsb(tmp_path / "r.xlsb", rows), {text: [(0, 0), (at, how), (at + 1, 0)]}, inline)
    report = read_form(path)
    assert report.values == fixture_values() | {"1.3": 12 if mark else 121}  # never 121 where the 1 is raised
    assert [(i.code, i.field, i.params["mark"]) for i in report.issues] == ([("blank-mark", "1.3", mark)] if mark else [])


def test_xlsb_page_header_and_footer_give_the_header_line(tmp_path):
    """An .xlsb's page header and footer (BrtBeginHeaderFooter, which calamine does not read), each sheet its own."""
    import struct

    from anquanyue.reading.loaders.biff12 import records

    from .forms import Filled

    form = fixture_form()
    blank = Filled(form.schema, raw=form.raw, records=form.records, unit="", contact="", phone="", date="")
    rows = [[form.schema.title], [blank.header()], ["活动项目", "活动进展情况"], *map(list, blank.rows())]
    path = _xlsb(tmp_path / "h.xlsb", rows, hidden_first=False)
    with zipfile.ZipFile(path) as z:
        parts = {info.filename: z.read(info.filename) for info in z.infolist()}
    sheet = sorted(name for name in parts if name.startswith("xl/worksheets/sheet"))[-1]

    def wide(text: str) -> bytes:
        return struct.pack("<I", len(text.encode("utf-16-le")) // 2) + text.encode("utf-16-le")

    strings = [f"&L填报单位（盖章）：{form.unit}&R填报日期：{form.date}", f"&C联系人：{form.contact}  电话：{form.phone}"]
    body = b"\x00\x00" + b"".join(wide(t) for t in strings) + struct.pack("<I", 0xFFFFFFFF) * 4
    out = bytearray()
    for kind, data in records(parts[sheet]):
        if kind == 0x82:  # BrtEndSheet: the header and footer before it, as Excel writes them
            out += _varint(0x1DF) + _varint(len(body)) + body
        out += _varint(kind) + _varint(len(data)) + data
    parts[sheet] = bytes(out)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    report = read_form(path)
    assert (report.unit, report.contact, report.phone, report.date) == (UNIT, "王敏", "0631-5201234", "2023-06-28")
    assert report.issues == [] and report.values == fixture_values()


SPREADSHEETML = ('<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                 'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" '
                 'xmlns:x="urn:schemas-microsoft-com:office:excel">{}</Workbook>')


def test_excel_2003_xml_as_web_systems_export_it(tmp_path):
    sheets = ('<Worksheet ss:Name="说明"><Table><Row><Cell><Data ss:Type="String">填报说明</Data></Cell></Row></Table>'
              '<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible>'
              '</WorksheetOptions></Worksheet>'
              '<Worksheet ss:Name="统计表"><Table>'
              '<Row ss:Index="2"><Cell ss:Index="2" ss:MergeAcross="1"><Data ss:Type="String">标题</Data></Cell>'
              '<Cell><Data ss:Type="Number">12.0</Data></Cell><Cell><Data ss:Type="String">007</Data></Cell></Row>'
              '<Row><Cell><Data ss:Type="DateTime">2023-06-28T00:00:00.000</Data></Cell>'
              '<Cell><Data ss:Type="Error">#DIV/0!</Data></Cell><Cell><Data ss:Type="Boolean">1</Data></Cell>'
              '<Cell><Data ss:Type="Number">12.5</Data></Cell></Row></Table></Worksheet>')
    path = tmp_path / "导出.xls"
    path.write_text(SPREADSHEETML.format(sheets), encoding="utf-8")
    document = load_document(path)
    assert [(g.name, g.hidden) for g in document.grids] == [("说明", True), ("统计表", False)]
    assert texts(path, 1) == [("标题", "统计表!B2"), ("12", "统计表!D2"), ("007", "统计表!E2"), ("2023-06-28", "统计表!A3"),
                              ("#DIV/0!", "统计表!B3"), ("TRUE", "统计表!C3"), ("12.5", "统计表!D3")]
    assert document.issues == []  # an Excel 2003 XML named .xls is what such systems send: no warning
    doctype = tmp_path / "坏.xls"
    doctype.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                       + SPREADSHEETML.format("")[len('<?xml version="1.0"?>'):], encoding="utf-8")
    assert [i.code for i in read_form(doctype).issues] == ["file-unsafe-xml"]


def test_excel_2003_xml_form_gives_every_blank(tmp_path):
    from .forms import write_xml2003

    report = read_form(write_xml2003(fixture_form(), tmp_path / "环翠.xls"))
    assert report.format == "xml2003" and report.issues == [] and report.values == fixture_values()
    assert [(r.name, r.count, r.people) for r in report.other_activities] == RECORDS
