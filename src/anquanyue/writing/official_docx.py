"""The official form as .docx: A4, title, header line, two-column table, Chinese fonts.

Lines are set at an exact height (``LINE_PT``), so the page holds the same text whatever font Word, WPS or
LibreOffice puts in for 仿宋_GB2312: items 1–6 and a typical item 7 on one page. A longer form goes on over more
pages with the heading row repeated; a row is never split across pages; the pages are numbered.
"""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from anquanyue.formdata import FormData
from anquanyue.schema import Schema
from anquanyue.reading.textnorm import clean_text
from anquanyue.writing.layout import BODY_FONT, TITLE_FONT, official_layout
from anquanyue.writing.provenance import add_to_docx
from anquanyue.writing.stamp import stamp_zip


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


LINE_PT = 15  # 1.25 em of 12 pt: the text of 仿宋_GB2312 or any font put in its place fits, and the page's
# number of lines is the same in every word processor


def _exact_lines(paragraph, line_pt: float = LINE_PT) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(line_pt)
    fmt.space_before = fmt.space_after = Pt(0)


def _write_cell(cell, text: str, bold: bool = False, center: bool = False) -> None:
    lines = clean_text(text).split("\n")
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _exact_lines(paragraph)
        _font(paragraph.add_run(line), BODY_FONT, 12, bold)


def _row_property(row, name: str) -> None:
    """A row flag: ``w:cantSplit`` (never split across pages), ``w:tblHeader`` (repeated on every page)."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement(f"w:{name}"))


def _field(paragraph, instruction: str) -> None:
    """A field (PAGE, NUMPAGES) that the word processor fills in when it lays out the pages."""
    run = paragraph.add_run()
    _font(run, BODY_FONT, 10.5)
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == instruction:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {instruction} "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _page_numbers(section) -> None:
    """第 X 页 共 Y 页, centred in the footer."""
    paragraph = section.footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text, field in (("第 ", "PAGE"), (" 页  共 ", "NUMPAGES"), (" 页", None)):
        _font(paragraph.add_run(text), BODY_FONT, 10.5)
        if field:
            _field(paragraph, field)


WIDTHS = (Cm(4.6), Cm(12.0))
XML_SPACE = qn("xml:space")


def _new_row(table) -> list[_Cell]:
    """A new row's cells, in O(1): python-docx's ``row.cells`` rebuilds the whole table grid on every call."""
    row = table.add_row()
    _row_property(row, "cantSplit")
    cells = [_Cell(tc, table) for tc in row._tr.tc_lst]
    for cell, width in zip(cells, WIDTHS):
        cell.width = width
    return cells


def _vertical_merge(cell: _Cell, restart: bool) -> None:
    merge = OxmlElement("w:vMerge")
    if restart:
        merge.set(qn("w:val"), "restart")
    cell._tc.get_or_add_tcPr().append(merge)


def _copy(element):
    """A copy of an element and all it holds: lxml's own deep copy, called without ``copy.deepcopy``'s memo and
    dispatch (two thirds of the time of each of the 30,000 copies 10,000 records take)."""
    return element.__copy__()


class _BodyRows:
    """The table's rows below its heading, as ``_new_row`` and ``_write_cell`` make them, but each row a copy of
    one row and each line of text a copy of one paragraph, both made once through python-docx: a row made through
    its API cost about 1.6 ms (18 s for 10,000 item-7 records)."""

    def __init__(self, table) -> None:
        self._tbl = table._tbl
        self._rows = {}  # a row with no merge (None), the first of a vertical merge (True), the next (False)
        for merge in (None, True, False):
            first = _new_row(table)[0]
            if merge is not None:
                _vertical_merge(first, restart=merge)
            self._rows[merge] = first._tc.getparent()
            self._tbl.remove(self._rows[merge])
        self._empty, self._text = (self._paragraph(text) for text in ("", "-"))

    @staticmethod
    def _paragraph(text: str):
        """A line's paragraph as ``_write_cell`` makes it: with no text in its run, or a ``w:t``."""
        paragraph = Paragraph(OxmlElement("w:p"), None)
        _exact_lines(paragraph)
        _font(paragraph.add_run(text), BODY_FONT, 12)
        return paragraph._p

    def add(self, texts: tuple[str | None, str], merge: bool | None = None) -> None:
        """A row of ``texts`` (None: a cell left empty); ``merge`` True starts the first column's vertical merge
        and False continues it."""
        tr = _copy(self._rows[merge])
        self._tbl.append(tr)
        for tc, text in zip(tr.tc_lst, texts):
            if text is None:
                continue
            tc.remove(tc[-1])  # the cell's empty paragraph
            for line in clean_text(text).split("\n"):
                tc.append(self._line(line))

    def _line(self, line: str):
        if not line:
            return _copy(self._empty)
        if "\t" in line or "\r" in line:  # tabs and breaks: python-docx's own run text
            p = _copy(self._empty)
            p.r_lst[0].text = line
            return p
        p = _copy(self._text)
        t = p[-1][-1]
        t.text = line
        if len(line.strip()) < len(line):  # as python-docx's ``add_t``
            t.set(XML_SPACE, "preserve")
        return p


def save_official_docx(schema: Schema, path: Path, data: FormData | None = None) -> None:
    layout = official_layout(schema, data)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.footer_distance = Cm(1.5)
    _page_numbers(section)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    title = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(clean_text(layout.title)), TITLE_FONT, 18, bold=True)
    _exact_lines(title, 30)
    title.paragraph_format.space_after = Pt(6)
    header = doc.add_paragraph()
    _exact_lines(header)
    header.paragraph_format.space_after = Pt(6)
    _font(header.add_run(clean_text(layout.header)), BODY_FONT, 12)

    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, WIDTHS):
        column.width = width  # the table grid, which Word and WPS lay out by
    _row_property(table.rows[0], "cantSplit")
    _row_property(table.rows[0], "tblHeader")
    for cell, text, width in zip(table.rows[0].cells, layout.columns, WIDTHS):
        cell.width = width
        _write_cell(cell, text, bold=True, center=True)
    rows = _BodyRows(table)
    for a, b in layout.rows:
        rows.add((a, b))
    for index, text in enumerate(layout.other_rows):
        # item 7's title spans its record rows
        rows.add((layout.other_title if index == 0 else None, text),
                 merge=None if len(layout.other_rows) == 1 else index == 0)

    props = doc.core_properties
    props.author = props.last_modified_by = "anquanyue"
    props.title = layout.title
    props.created = props.modified = layout.timestamp
    props.revision = 1
    if data is not None and data.provenance is not None:
        add_to_docx(doc, data.provenance)
    doc.save(str(path))
    stamp_zip(path, layout.timestamp)
