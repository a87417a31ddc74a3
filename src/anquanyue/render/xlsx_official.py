"""The official form as .xlsx: A4, wrapped prose, borders, Chinese fonts; print-ready."""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.worksheet.page import PageMargins

from ..formdata import FormData
from ..schema import Schema
from .layout import BODY_FONT, TITLE_FONT, official_layout, wrapped_lines
from .stamp import stamp_zip
from .xlsx_cells import set_text

SHEET = "统计表"
WIDTH_A, WIDTH_B = 24, 74  # in character units; about 180 mm together, A4 portrait's printable width
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")


def save_official_xlsx(schema: Schema, path: Path, data: FormData | None = None) -> None:
    layout = official_layout(schema, data)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.column_dimensions["A"].width = WIDTH_A
    ws.column_dimensions["B"].width = WIDTH_B
    body = Font(name=BODY_FONT, size=12)

    ws.merge_cells("A1:B1")
    set_text(ws["A1"], layout.title)
    ws["A1"].font = Font(name=TITLE_FONT, size=18, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[1].height = 36
    ws.merge_cells("A2:B2")
    set_text(ws["A2"], layout.header)
    ws["A2"].font = body
    ws["A2"].alignment = Alignment(vertical="center", wrap_text=True)
    ws.row_dimensions[2].height = 24

    row = 3
    for col, text in zip("AB", layout.columns):
        cell = ws[f"{col}{row}"]
        set_text(cell, text)
        cell.font = Font(name=BODY_FONT, size=12, bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
        cell.border = _BORDER
    ws.row_dimensions[row].height = 22

    def put_row(r: int, a: str | None, b: str) -> None:
        if a is not None:
            set_text(ws[f"A{r}"], a)
        set_text(ws[f"B{r}"], b)
        for col in "AB":
            ws[f"{col}{r}"].font = body
            ws[f"{col}{r}"].alignment = _WRAP
            ws[f"{col}{r}"].border = _BORDER
        lines = max(wrapped_lines(b, int(WIDTH_B / 1.75)), wrapped_lines(a or "", int(WIDTH_A / 1.75)))
        ws.row_dimensions[r].height = 16 * lines + 8

    for a, b in layout.rows:
        row += 1
        put_row(row, a, b)
    first_other = row + 1
    for index, text in enumerate(layout.other_rows):
        row += 1
        put_row(row, layout.other_title if index == 0 else None, text)
    if row > first_other:
        ws.merge_cells(f"A{first_other}:A{row}")

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(left=0.6, right=0.6, top=0.8, bottom=0.8)
    ws.print_options.horizontalCentered = True
    ws.print_title_rows = "3:3"
    wb.properties.creator = "anquanyue"
    wb.properties.lastModifiedBy = "anquanyue"
    wb.properties.created = layout.timestamp
    wb.properties.modified = layout.timestamp
    wb.save(path)
    stamp_zip(path, layout.timestamp)
