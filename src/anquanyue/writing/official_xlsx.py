"""The official form as .xlsx: A4, wrapped prose, borders, Chinese fonts; print-ready."""
from __future__ import annotations

from pathlib import Path

from anquanyue.formdata import FormData
from anquanyue.schema import Schema
from anquanyue.writing.layout import BODY_FONT, TITLE_FONT, official_layout, wrapped_lines
from anquanyue.writing.provenance import add_to_xlsx
from anquanyue.writing.xlsx_cells import close_workbook, new_workbook, safe_text

SHEET = "统计表"
WIDTH_A, WIDTH_B = 24, 74  # in character units; about 180 mm together, A4 portrait's printable width


def save_official_xlsx(schema: Schema, path: Path, data: FormData | None = None) -> None:
    layout = official_layout(schema, data)
    wb = new_workbook(path, layout.timestamp, layout.title)
    ws = wb.add_worksheet(SHEET)
    title = wb.add_format({"font_name": TITLE_FONT, "font_size": 18, "bold": True, "align": "center",
                           "valign": "vcenter", "text_wrap": True})
    header = wb.add_format({"font_name": BODY_FONT, "font_size": 12, "valign": "vcenter", "text_wrap": True})
    head = wb.add_format({"font_name": BODY_FONT, "font_size": 12, "bold": True, "align": "center",
                          "valign": "vcenter", "border": 1})
    body = wb.add_format({"font_name": BODY_FONT, "font_size": 12, "valign": "vcenter", "text_wrap": True,
                          "border": 1})
    ws.set_column(0, 0, WIDTH_A)
    ws.set_column(1, 1, WIDTH_B)
    ws.merge_range(0, 0, 0, 1, safe_text(layout.title), title)
    ws.set_row(0, 36)
    ws.merge_range(1, 0, 1, 1, safe_text(layout.header), header)
    ws.set_row(1, 24)
    for col, text in enumerate(layout.columns):
        ws.write_string(2, col, text, head)
    ws.set_row(2, 22)

    def height(a: str, b: str) -> float:
        lines = max(wrapped_lines(b, int(WIDTH_B / 1.75)), wrapped_lines(a, int(WIDTH_A / 1.75)))
        return 16 * lines + 8

    row = 2
    for a, b in layout.rows:
        row += 1
        ws.write_string(row, 0, safe_text(a), body)
        ws.write_string(row, 1, safe_text(b), body)
        ws.set_row(row, height(a, b))
    first = row + 1
    for text in layout.other_rows:
        row += 1
        ws.write_string(row, 1, safe_text(text), body)
        ws.set_row(row, height(layout.other_title if row == first else "", text))
    if row > first:
        ws.merge_range(first, 0, row, 0, safe_text(layout.other_title), body)
    else:
        ws.write_string(first, 0, safe_text(layout.other_title), body)

    ws.set_paper(9)  # A4
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.6, right=0.6, top=0.8, bottom=0.8)
    ws.center_horizontally()
    ws.repeat_rows(2)
    if data is not None and data.provenance is not None:
        add_to_xlsx(wb, data.provenance)
    close_workbook(wb)
