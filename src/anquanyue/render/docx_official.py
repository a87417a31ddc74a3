"""The official form as .docx: A4, title, header line, two-column table, Chinese fonts."""
from __future__ import annotations

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..formdata import FormData
from ..schema import Schema
from ..textnorm import clean_text
from .layout import BODY_FONT, TITLE_FONT, official_layout
from .stamp import stamp_zip


def _font(run, name: str, size: float, bold: bool = False) -> None:
    run.font.name = name
    run.font.size = Pt(size)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _write_cell(cell, text: str, bold: bool = False, center: bool = False) -> None:
    lines = clean_text(text).split("\n")
    paragraph = cell.paragraphs[0]
    for index, line in enumerate(lines):
        if index:
            paragraph = cell.add_paragraph()
        if center:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(paragraph.add_run(line), BODY_FONT, 12, bold)


def save_official_docx(schema: Schema, path: Path, data: FormData | None = None) -> None:
    layout = official_layout(schema, data)
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.5)
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)

    title = doc.paragraphs[0] if doc.paragraphs else doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(title.add_run(clean_text(layout.title)), TITLE_FONT, 18, bold=True)
    header = doc.add_paragraph()
    _font(header.add_run(clean_text(layout.header)), BODY_FONT, 12)

    table = doc.add_table(rows=1, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, layout.columns):
        _write_cell(cell, text, bold=True, center=True)
    for a, b in layout.rows:
        cells = table.add_row().cells
        _write_cell(cells[0], a)
        _write_cell(cells[1], b)
    first = None
    for index, text in enumerate(layout.other_rows):
        cells = table.add_row().cells
        if index == 0:
            first = cells[0]
            _write_cell(cells[0], layout.other_title)
        else:
            first = first.merge(cells[0])
        _write_cell(cells[1], text)
    table.autofit = False
    for column, width in zip(table.columns, (Cm(4.6), Cm(12.0))):
        column.width = width  # the table grid, which Word and WPS lay out by
    for row in table.rows:
        row.cells[0].width = Cm(4.6)
        row.cells[1].width = Cm(12.0)

    props = doc.core_properties
    props.author = props.last_modified_by = "anquanyue"
    props.title = layout.title
    props.created = props.modified = layout.timestamp
    props.revision = 1
    doc.save(str(path))
    stamp_zip(path, layout.timestamp)
