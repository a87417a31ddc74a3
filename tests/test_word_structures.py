"""Word documents as units really make them: layout tables, content controls, text boxes, page headers, marks,
embedded HTML bodies. Each built with python-docx, then its XML changed with lxml as Word would write it."""
import copy
import zipfile

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from anquanyue.reading.reader import read_form, read_forms
from anquanyue.schema import load_schema

from .forms import Filled, add_odt_form, unit_form, write_docx

WEIHAI = load_schema("weihai-2023")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
EXPECTED = {code: 10 * i for i, code in enumerate(WEIHAI.codes, 1)}


def filled(**raw) -> Filled:
    values = {code: str(10 * i) for i, code in enumerate(WEIHAI.codes, 1)}
    values.update({k.replace("_", "."): v for k, v in raw.items()})
    return Filled(WEIHAI, raw=values, records=[("安全知识进企业", "2", "150", "")])


def w(tag: str, *children, text: str | None = None, **attrs):
    element = etree.Element(qn(f"w:{tag}"), {qn(f"w:{k}"): v for k, v in attrs.items()})
    element.text = text
    element.extend(children)
    return element


def sdt(*content):
    return w("sdt", w("sdtPr"), w("sdtContent", *content))


def form_table(d):
    return d.element.body.find(qn("w:tbl"))


def test_the_form_nested_in_a_layout_table_is_read(tmp_path):
    path = write_docx(filled(), tmp_path / "f.docx")
    d = docx.Document(str(path))
    inner = form_table(d)
    outer = w("tbl", w("tr", w("tc", w("p"), inner), w("tc", w("p", w("r", w("t", text="（单位信笺）"))))))
    d.element.body.insert(2, outer)
    d.save(str(path))
    report = read_form(path)
    assert report.values == EXPECTED and report.ok
    assert report.locations["1.1"] == "表1-1 第2行第2列"


def test_rows_in_content_controls_and_repeating_sections_are_read(tmp_path):
    form = filled()
    form.records = [("安全知识进企业", "2", "150", ""), ("应急演练观摩", "3", "90", "")]
    path = write_docx(form, tmp_path / "f.docx")
    d = docx.Document(str(path))
    table = form_table(d)
    rows = table.findall(qn("w:tr"))
    # rows 2-3 each in a content control; item 7's two record rows in a repeating section (one item per row)
    for row in rows[1:3]:
        table.replace(row, sdt(copy.deepcopy(row)))
    section = sdt(*(sdt(copy.deepcopy(row)) for row in rows[-2:]))
    for row in rows[-2:]:
        table.remove(row)
    table.append(section)
    # a cell wrapped in a content control
    cell = rows[4].findall(qn("w:tc"))[1]
    rows[4].replace(cell, sdt(copy.deepcopy(cell)))
    d.save(str(path))
    report = read_form(path)
    assert report.values == EXPECTED and report.ok
    assert [(a.name, a.count, a.people) for a in report.other_activities] == [("安全知识进企业", 2, 150),
                                                                              ("应急演练观摩", 3, 90)]


def test_a_content_control_showing_its_placeholder_holds_nothing(tmp_path):
    path = write_docx(filled(**{"2_3": "x"}), tmp_path / "f.docx")
    d = docx.Document(str(path))
    for t in d.element.body.iter(qn("w:t")):
        if "（x）" in (t.text or ""):
            before, after = t.text.split("（x）")
            run = t.getparent()
            t.text = before + "（"
            placeholder = w("sdt", w("sdtPr", w("showingPlcHdr")), w("sdtContent", w("r", w("t", text="单击此处输入文字。"))))
            run.addnext(placeholder)
            placeholder.addnext(w("r", w("t", text="）" + after)))
    d.save(str(path))
    report = read_form(path)
    assert report.values["2.3"] is None
    assert [(i.code, i.field) for i in report.issues] == [("blank-empty", "2.3")]


def _text_box_before(path, token: str, text: str = "12") -> None:
    """A text box holding ``text`` anchored at the start of the paragraph that holds ``token``; the token
    itself left out (its blank empty), as when a unit types over the form instead of into it."""
    d = docx.Document(str(path))
    for t in d.element.body.iter(qn("w:t")):
        if token in (t.text or ""):
            t.text = t.text.replace(token, "")
            box = w("r", w("pict", etree.Element("{urn:schemas-microsoft-com:vml}textbox")))
            box[0][0].append(w("txbxContent", w("p", w("r", w("t", text=text)))))
            t.getparent().addprevious(box)
    d.save(str(path))


def test_a_number_in_a_text_box_over_the_one_empty_blank_of_its_cell_is_that_blank(tmp_path):
    path = write_docx(filled(**{"1_1": "@"}), tmp_path / "f.docx")
    _text_box_before(path, "@")
    report = read_form(path)
    assert report.values == EXPECTED | {"1.1": 12}
    assert [(i.code, i.location) for i in report.issues] == [("textbox-in-blank", "表1 第2行第2列")]
    assert report.issues[0].message == ("表1 第2行第2列：“12”写在浮于表格上的文本框里，本格只有一个空格未填，"
                                        "已读作该空格的数字；请核实，并请单位把数字直接填在空格内。")


def test_a_text_box_over_a_cell_with_several_empty_blanks_stays_where_it_is_anchored(tmp_path):
    path = write_docx(filled(**{"1_1": "@", "1_2": ""}), tmp_path / "f.docx")
    _text_box_before(path, "@")
    report = read_form(path)
    assert (report.values["1.1"], report.values["1.2"]) == (None, None)  # never a guess between two blanks
    assert [(i.code, i.field) for i in report.issues] == [("textbox-read", None), ("blank-empty", "1.1"),
                                                          ("blank-empty", "1.2")]
    assert report.issues[0].message == ("表1 第2行第2列：“12”写在浮于表格上的文本框里，已按文本框所在位置读入；"
                                        "文本框的位置不一定对准空格，请核实，并请单位把数字直接填在空格内。")


def test_the_header_line_in_the_page_header(tmp_path):
    form = filled()
    path = write_docx(form, tmp_path / "f.docx")
    d = docx.Document(str(path))
    header_paragraph = next(p for p in d.paragraphs if p.text.startswith("填报单位"))
    header_paragraph._element.getparent().remove(header_paragraph._element)
    d.sections[0].header.paragraphs[0].text = form.header()
    d.save(str(path))
    report = read_form(path)
    assert (report.unit, report.contact, report.phone, report.date) == ("环翠区工业和信息化局", "王敏", "0631-5201234",
                                                                        "2023-06-28")
    assert report.ok and report.issues == []


def test_an_instruction_sentence_above_the_form_is_not_its_header(tmp_path):
    form = filled()
    path = write_docx(form, tmp_path / "f.docx", intro=("说明：1.填报单位（盖章）处须加盖单位公章；2.请于6月30日前报送。",))
    report = read_form(path)
    assert report.unit == "环翠区工业和信息化局" and report.ok


def test_a_unit_that_reads_like_an_instruction_is_an_error(tmp_path):
    form = filled()
    form.unit = "请加盖单位公章"
    report = read_form(write_docx(form, tmp_path / "f.docx"))
    assert report.unit is None and not report.ok
    assert [(i.code, i.message) for i in report.errors] == [(
        "unit-instruction", f"{tmp_path / 'f.docx'} 第2段：“填报单位”处读到的是“请加盖单位公章”，像是填表说明而不是单位名称，"
                            "无法汇总；请在“填报单位（盖章）”后填写单位全称。")]


def _after_12(d, token: str, mark) -> None:
    """The blank holding ``token`` made "12" with the run ``mark`` after it."""
    for t in list(d.element.body.iter(qn("w:t"))):
        if token in (t.text or ""):
            before, after = t.text.split(token)
            t.text = before + "12"
            t.getparent().addnext(mark)
            mark.addnext(w("r", w("t", text=after)))


def test_superscript_runs_and_footnote_references_are_marks_not_digits(tmp_path):
    path = write_docx(filled(**{"1_1": "@", "1_2": "#"}), tmp_path / "f.docx")
    d = docx.Document(str(path))
    _after_12(d, "@", w("r", w("rPr", w("vertAlign", val="superscript")), w("t", text="1")))
    _after_12(d, "#", w("r", w("footnoteReference", id="2")))
    d.save(str(path))
    report = read_form(path)
    assert (report.values["1.1"], report.values["1.2"]) == (12, 12)
    assert [(i.code, i.field, i.severity) for i in report.issues] == [("blank-mark", "1.1", "warning"),
                                                                      ("blank-mark", "1.2", "warning")]
    assert report.issues[0].message == ("表1 第2行第2列：1.1（宣讲活动）填写的“12¹”中“¹”是上标、脚注或标注符号，不是数字，"
                                        "已按 12 计；标注若有说明请另附。")


@pytest.mark.parametrize(("first", "second", "marks"), [
    # a citation-style mark "[1]" set in superscript: the brackets are raised with it, so 12 is read with its mark
    # (before, "12[¹]" could not be read at all and the unit was asked to correct a number that was right)
    ("[1]", "［2］", ("⁽¹⁾", "⁽²⁾")),
    # a Chinese input method types full-width digits: a superscript "１" after 12 was read as 121
    ("１", "（２）", ("¹", "⁽²⁾")),
])
def test_a_raised_mark_after_a_number_is_a_mark_not_part_of_it(tmp_path, first, second, marks):
    path = write_docx(filled(**{"1_1": "@", "1_2": "#"}), tmp_path / "f.docx")
    d = docx.Document(str(path))
    _after_12(d, "@", w("r", w("rPr", w("vertAlign", val="superscript")), w("t", text=first)))
    _after_12(d, "#", w("r", w("rPr", w("vertAlign", val="superscript")), w("t", text=second)))
    d.save(str(path))
    report = read_form(path)
    assert (report.values["1.1"], report.values["1.2"]) == (12, 12)
    assert [(i.code, i.field, i.params["mark"]) for i in report.issues] == [("blank-mark", "1.1", marks[0]),
                                                                            ("blank-mark", "1.2", marks[1])]


def test_a_number_typed_all_in_superscript_is_an_error_not_zero(tmp_path):
    path = write_docx(filled(**{"1_1": "@"}), tmp_path / "f.docx")
    d = docx.Document(str(path))
    for t in list(d.element.body.iter(qn("w:t"))):
        if "@" in (t.text or ""):
            before, after = t.text.split("@")
            t.text = before
            raised = w("r", w("rPr", w("vertAlign", val="superscript")), w("t", text="123"))
            t.getparent().addnext(raised)
            raised.addnext(w("r", w("t", text=after)))
    d.save(str(path))
    report = read_form(path)
    assert report.values["1.1"] is None and not report.ok
    errors = [i for i in report.issues if i.severity == "error"]
    assert [(i.code, i.field) for i in errors] == [("blank-only-raised", "1.1")]
    assert errors[0].message == (
        "表1 第2行第2列：1.1（宣讲活动）填写的“¹²³”全是上标或下标（或是脚注编号），没有按正常格式写出的数字，"
        "无法确定填的是多少；请该单位把这个数字按正常格式填写后重新报送。")


def _styled(d, token: str, style: str, *direct) -> None:
    """The blank holding ``token`` made "12" and a "1" after it, in a run of character style ``style`` (with the
    ``direct`` run properties too)."""
    _after_12(d, token, w("r", w("rPr", w("rStyle", val=style), *direct), w("t", text="1")))


def test_a_mark_raised_by_its_character_style_is_a_mark_not_a_digit(tmp_path):
    """Word's 脚注引用 style (a custom footnote mark is typed in it), and any character style raising its text or based
    on one that does: the "1" after 12 is a mark, as if raised directly; a run that sets baseline itself is not."""
    from docx.enum.style import WD_STYLE_TYPE

    path = write_docx(filled(**{"1_1": "@", "1_2": "#", "2_1": "$", "2_2": "%"}), tmp_path / "f.docx")
    d = docx.Document(str(path))
    raised = d.styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    raised.font.superscript = True
    based = d.styles.add_style("My Mark", WD_STYLE_TYPE.CHARACTER)
    based.base_style = raised
    plain = d.styles.add_style("Emphasis Mark", WD_STYLE_TYPE.CHARACTER)
    plain.font.bold = True
    _styled(d, "@", raised.style_id)
    _styled(d, "#", based.style_id)
    _styled(d, "$", raised.style_id, w("vertAlign", val="baseline"))
    _styled(d, "%", plain.style_id)
    d.save(str(path))
    report = read_form(path)
    assert [report.values[code] for code in ("1.1", "1.2", "2.1", "2.2")] == [12, 12, 121, 121]
    assert [(i.code, i.field) for i in report.issues] == [("blank-mark", "1.1"), ("blank-mark", "1.2")]


def test_a_mark_raised_by_its_character_style_in_the_page_header(tmp_path):
    from docx.enum.style import WD_STYLE_TYPE

    form = filled()
    path = write_docx(form, tmp_path / "f.docx")
    d = docx.Document(str(path))
    raised = d.styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    raised.font.superscript = True
    header_paragraph = next(p for p in d.paragraphs if p.text.startswith("填报单位"))
    header_paragraph._element.getparent().remove(header_paragraph._element)
    paragraph = d.sections[0].header.paragraphs[0]
    before, after = form.header().split("0631-5201234")
    paragraph.text = before + "0631-5201234"
    paragraph.add_run("1", style=raised)
    paragraph.add_run(after)
    d.save(str(path))
    report = read_form(path)
    assert (report.unit, report.phone, report.date) == ("环翠区工业和信息化局", "0631-5201234¹", "2023-06-28")  # not …12341


def test_a_damaged_styles_part_is_named_when_a_run_needs_it(tmp_path):
    from docx.enum.style import WD_STYLE_TYPE

    path = write_docx(filled(**{"1_1": "@"}), tmp_path / "f.docx")
    d = docx.Document(str(path))
    raised = d.styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
    raised.font.superscript = True
    _styled(d, "@", raised.style_id)
    d.save(str(path))
    damaged = tmp_path / "damaged.docx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(damaged, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            dst.writestr(item, data[: len(data) // 2] if item.filename == "word/styles.xml" else data)
    report = read_form(damaged)
    assert [(i.code, i.message) for i in report.errors] == [(
        "file-corrupt", f"{damaged}：文件已损坏或不是有效的 .docx 文件（word/styles.xml 第 2 行起 XML 不完整），"
                        "请用 Excel/WPS/Word 打开后另存再报送。")]


def test_two_form_tables_in_one_document_are_two_forms(tmp_path):
    first = write_docx(unit_form("甲公司", 3), tmp_path / "a.docx")
    second = write_docx(unit_form("乙公司", 4), tmp_path / "b.docx")
    d, other = docx.Document(str(first)), docx.Document(str(second))
    for element in list(other.element.body):
        if element.tag != qn("w:sectPr"):
            d.element.body.insert(len(d.element.body) - 1, element)
    d.save(str(first))
    reports = read_forms(first)
    assert [(r.file, r.unit, r.values["1.1"]) for r in reports] == [(f"{first}#表1", "甲公司", 3),
                                                                    (f"{first}#表2", "乙公司", 4)]
    assert all(r.ok for r in reports)


def _with_alt_chunk(path, name: str, data: bytes, content_type: str):
    """A .docx whose body is one altChunk pointing at ``name`` (as some web systems export)."""
    rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rIdA" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk" Target="{name}"/>'
            '</Relationships>')
    body = (f'<w:document xmlns:w="{W_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<w:body><w:altChunk r:id="rIdA"/></w:body></w:document>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", f'<Types><Default Extension="{name.rsplit(".", 1)[1]}" ContentType="{content_type}"/></Types>')
        z.writestr("word/document.xml", body)
        z.writestr("word/_rels/document.xml.rels", rels)
        z.writestr(f"word/{name}", data)
    return path


def _html(form: Filled) -> str:
    rows = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in form.rows())
    return (f"<html><body><p>{form.schema.title}</p><p>{form.header()}</p>"
            f"<table><tr><td>活动项目</td><td>活动进展情况</td></tr>{rows}</table></body></html>")


@pytest.mark.parametrize("kind", ["htm", "mht"])
def test_a_body_of_embedded_html_is_read(tmp_path, kind):
    html = _html(filled())
    if kind == "htm":
        data = html.encode("utf-8")
        content_type = "text/html"
    else:
        data = ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b\"\r\n\r\n--b\r\n"
                "Content-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
                + html + "\r\n--b--\r\n").encode("utf-8")
        content_type = "message/rfc822"
    report = read_form(_with_alt_chunk(tmp_path / "f.docx", f"chunk.{kind}", data, content_type))
    assert report.values == EXPECTED and report.unit == "环翠区工业和信息化局" and report.ok


def test_an_embedded_body_that_cannot_be_read_says_to_resave(tmp_path):
    path = _with_alt_chunk(tmp_path / "f.docx", "chunk.rtf", b"{\\rtf1 x}", "application/rtf")
    report = read_form(path)
    assert [(i.code, i.message) for i in report.issues] == [
        ("file-altchunk", f"{path}：文件正文是嵌入的 RTF 内容（word/chunk.rtf），本工具无法读取；请用 Word 打开该文件，另存为 .docx 后再汇总。"),
        ("file-no-text", f"{path}：文件中没有任何文字（可能是扫描件或图片），无法读取；请向单位索要可编辑的 Word/Excel 统计表。")]


def _embed(path, name: str, data: bytes) -> None:
    """Put ``data`` into the .docx as word/embeddings/``name``, shown as an OLE object in the paragraph '@@'."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    ns_o, ns_r = "urn:schemas-microsoft-com:office:office", "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    obj = (f'<w:r><w:object><o:OLEObject xmlns:o="{ns_o}" xmlns:r="{ns_r}" Type="Embed" ProgID="Excel.Sheet.12" '
           'r:id="rIdObj1"/></w:object></w:r>')
    xml = parts["word/document.xml"].decode("utf-8")
    xml = xml.replace("<w:r><w:t>@@</w:t></w:r>", obj)
    parts["word/document.xml"] = xml.encode("utf-8")
    rels = parts["word/_rels/document.xml.rels"].decode("utf-8")
    parts["word/_rels/document.xml.rels"] = rels.replace("</Relationships>", (
        '<Relationship Id="rIdObj1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/package" '
        f'Target="embeddings/{name}"/></Relationships>')).encode("utf-8")
    parts[f"word/embeddings/{name}"] = data
    with zipfile.ZipFile(path, "w") as z:
        for n, d in parts.items():
            z.writestr(n, d)


def test_a_table_pasted_as_an_excel_object_is_read_where_it_sits(tmp_path):
    import io

    import openpyxl

    form = filled()
    d = docx.Document()
    d.add_paragraph(form.schema.title)
    d.add_paragraph(form.header())
    d.add_paragraph("@@")
    d.save(str(tmp_path / "f.docx"))
    wb = openpyxl.Workbook()
    wb.active.append(["活动项目", "活动进展情况"])
    for a, b in form.rows():
        wb.active.append([a, b])
    data = io.BytesIO()
    wb.save(data)
    _embed(tmp_path / "f.docx", "Microsoft_Excel_Worksheet.xlsx", data.getvalue())
    report = read_form(tmp_path / "f.docx")
    assert report.values == EXPECTED and report.unit == "环翠区工业和信息化局" and report.ok
    assert report.locations["1.1"] == "嵌入的 Excel 表格 Sheet!B2"
    assert [(i.code, i.severity, i.location) for i in report.issues] == [("object-read", "info", "第3段")]


def test_an_embedded_object_that_is_no_workbook_is_named(tmp_path):
    path = write_docx(filled(), tmp_path / "f.docx")
    d = docx.Document(str(path))
    d.add_paragraph("@@")
    d.save(str(path))
    _embed(path, "oleObject1.bin", b"not a workbook")
    report = read_form(path)
    assert report.values == EXPECTED
    assert [(i.code, i.severity) for i in report.issues] == [("object-unreadable", "warning")]
    assert report.issues[0].text == ("此处嵌入的对象（word/embeddings/oleObject1.bin）不是可读取的 Excel 表格，其中的内容未读取；"
                                     "如统计表在其中，请让单位把表格直接粘贴为 Word 表格，或单独报送 Excel 文件。")


def test_a_date_under_the_first_of_two_form_tables_stays_with_it(tmp_path):
    first = write_docx(unit_form("甲公司", 3, date=""), tmp_path / "a.docx")
    second = write_docx(unit_form("乙公司", 4, date="2023年6月27日"), tmp_path / "b.docx")
    d, other = docx.Document(str(first)), docx.Document(str(second))
    d.add_paragraph("填报日期：2023年6月29日")
    for element in list(other.element.body):
        if element.tag != qn("w:sectPr"):
            d.element.body.insert(len(d.element.body) - 1, element)
    d.save(str(first))
    reports = read_forms(first)
    assert [(r.unit, r.date) for r in reports] == [("甲公司", "2023-06-29"), ("乙公司", "2023-06-27")]


def test_two_form_tables_in_one_opendocument_text_are_two_forms(tmp_path):
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    for number, form in enumerate((unit_form("甲公司", 3), unit_form("乙公司", 4)), 1):
        add_odt_form(document, form, f"表{number}")
    document.save(str(tmp_path / "two.odt"))
    reports = read_forms(tmp_path / "two.odt")
    assert [(r.file, r.unit, r.values["1.1"]) for r in reports] == [
        (f"{tmp_path / 'two.odt'}#表1", "甲公司", 3), (f"{tmp_path / 'two.odt'}#表2", "乙公司", 4)]
    assert all(r.ok for r in reports)


def test_two_form_tables_in_one_web_page_are_two_forms(tmp_path):
    """A web system's export (a page of paragraphs and tables, often named .xls) with a form per unit: each is its
    own form, its tables named as Word's are; a page with one table keeps the name 表格."""
    from anquanyue.merging.merge import merge

    def page(forms):
        parts = []
        for form in forms:
            rows = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in form.rows())
            parts.append(f"<p>{form.schema.title}</p><p>{form.header()}</p><table>{rows}</table>")
        return "<html><body>" + "".join(parts) + "</body></html>"

    (tmp_path / "in").mkdir()
    path = tmp_path / "in" / "两个单位.xls"
    path.write_text(page([unit_form("甲公司", 3), unit_form("乙公司", 4, **{"1_2": "若干"})]), encoding="utf-8")
    reports = read_forms(path)
    assert [(r.file, r.unit, r.values["1.1"]) for r in reports] == [(f"{path}#表1", "甲公司", 3),
                                                                    (f"{path}#表2", "乙公司", 4)]
    assert reports[0].ok and [(i.code, i.location) for i in reports[1].errors] == [("blank-not-a-number",
                                                                                    "表2 第1行第2列")]
    merged = merge([tmp_path / "in"])
    assert [(f.file, f.status) for f in merged.files] == [(f"{path}#表1", "included"), (f"{path}#表2", "excluded")]
    assert merged.values["1.1"] == 3
    one = tmp_path / "一个单位.xls"
    one.write_text(page([unit_form("丙公司", 5, **{"1_2": "若干"})]), encoding="utf-8")
    assert [i.location for i in read_forms(one)[0].errors] == ["表格 第1行第2列"]


def test_a_web_page_form_inside_a_layout_table_is_read_once(tmp_path):
    """A page laid out with an outer table (title and header line in its cells, the form table inside a third):
    the inner table is read once, as its own table, not again as rows of the outer one."""
    form = unit_form("甲公司", 3, **{"1_2": "若干"})
    rows = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in form.rows())
    path = tmp_path / "导出.xls"
    path.write_text(f"<html><body><table><tr><td>{form.schema.title}</td></tr><tr><td>{form.header()}</td></tr>"
                    f"<tr><td>说明：<table>{rows}</table>以上数据截至6月28日</td></tr></table></body></html>",
                    encoding="utf-8")
    reports = read_forms(path)
    assert [(r.file, r.unit, r.values["1.1"]) for r in reports] == [(str(path), "甲公司", 3)]
    assert [(i.code, i.field, i.location) for i in reports[0].issues] == [("blank-not-a-number", "1.2", "表2 第1行第2列")]
    from anquanyue.reading.loaders import load_document

    outer = [c.text for c in load_document(path).grids[0].cells if c.location.startswith("表1")]
    assert outer[2] == "说明：\n以上数据截至6月28日"  # the outer cell's own text, without the form inside it
