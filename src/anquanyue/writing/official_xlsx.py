"""The official form as .xlsx: A4, wrapped prose, borders, Chinese fonts; print-ready.

Every row is as high as its text needs in the width model of ``text_width.py`` (never a clipped line); the page
holds items 1–6 and a typical item 7. A longer form goes on over more pages with the heading row repeated and the
pages numbered; a row is never split (a spreadsheet row never is).
"""
from __future__ import annotations

from pathlib import Path

from anquanyue.formdata import FormData
from anquanyue.schema import Schema
from anquanyue.writing.layout import BODY_FONT, TITLE_FONT, OfficialLayout, official_layout
from anquanyue.writing.provenance import add_to_xlsx
from anquanyue.writing.text_width import excel_width_pt, row_height
from anquanyue.writing.xlsx_cells import close_workbook, new_workbook, safe_text

SHEET = "统计表"
WIDTH_A, WIDTH_B = 24, 74  # in character units: 523 pt together, A4 portrait's width inside 0.5-inch margins
BODY_PT, TITLE_PT = 12, 18
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.8, "bottom": 0.8}  # inches
PAGE_FOOTER = "&C第 &P 页  共 &N 页"


def official_row_heights(schema: Schema, data: FormData | None = None) -> list[float]:
    """The height in points of every row the .xlsx form has, top to bottom (title, header line, heading row,
    items 1–6, item 7's records)."""
    return _row_heights(official_layout(schema, data))


def _row_heights(layout: OfficialLayout) -> list[float]:
    a, b = excel_width_pt(WIDTH_A), excel_width_pt(WIDTH_B)
    heights = [row_height([(layout.title, a + b)], TITLE_PT) + 3.75, row_height([(layout.header, a + b)], BODY_PT),
               row_height([(layout.columns[1], b)], BODY_PT)]
    heights += [row_height([(title, a), (prose, b)], BODY_PT) for title, prose in layout.rows]
    for index, text in enumerate(layout.other_rows):
        cells = [(text, b)] + ([(layout.other_title, a)] if index == 0 else [])
        heights.append(row_height(cells, BODY_PT))
    return heights


def save_official_xlsx(schema: Schema, path: Path, data: FormData | None = None) -> None:
    layout = official_layout(schema, data)
    heights = _row_heights(layout)  # the layout is made once a write
    wb = new_workbook(path, layout.timestamp, layout.title)
    ws = wb.add_worksheet(SHEET)
    title = wb.add_format({"font_name": TITLE_FONT, "font_size": TITLE_PT, "bold": True, "align": "center",
                           "valign": "vcenter", "text_wrap": True})
    header = wb.add_format({"font_name": BODY_FONT, "font_size": BODY_PT, "valign": "vcenter", "text_wrap": True})
    head = wb.add_format({"font_name": BODY_FONT, "font_size": BODY_PT, "bold": True, "align": "center",
                          "valign": "vcenter", "border": 1})
    body = wb.add_format({"font_name": BODY_FONT, "font_size": BODY_PT, "valign": "vcenter", "text_wrap": True,
                          "border": 1})
    ws.set_column(0, 0, WIDTH_A)
    ws.set_column(1, 1, WIDTH_B)
    ws.merge_range(0, 0, 0, 1, safe_text(layout.title), title)
    ws.merge_range(1, 0, 1, 1, safe_text(layout.header), header)
    for col, text in enumerate(layout.columns):
        ws.write_string(2, col, text, head)
    row = 2
    for a, b in layout.rows:
        row += 1
        ws.write_string(row, 0, safe_text(a), body)
        ws.write_string(row, 1, safe_text(b), body)
    first = row + 1
    for text in layout.other_rows:
        row += 1
        ws.write_string(row, 1, safe_text(text), body)
    if row > first:
        ws.merge_range(first, 0, row, 0, safe_text(layout.other_title), body)
    else:
        ws.write_string(first, 0, safe_text(layout.other_title), body)
    for index, height in enumerate(heights):
        ws.set_row(index, min(height, 409))  # Excel's highest row; one record that long is cut by Excel itself

    ws.set_paper(9)  # A4
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(**MARGINS)
    ws.center_horizontally()
    ws.repeat_rows(2)
    ws.set_footer(PAGE_FOOTER)  # below the form, in the margin: numbered, a form of several pages stays in order
    if data is not None and data.provenance is not None:
        add_to_xlsx(wb, data.provenance)
    close_workbook(wb)
