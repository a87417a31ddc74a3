"""The structured fill-in workbook: one row per blank, whole-number validation, locked labels; item 7's records on
a sheet of their own as an Excel table the unit extends with as many rows as it has activities.

A hidden sheet ``_anquanyue`` records the marker, schema id and version so the reader recognises the layout.
Every row is as high as its text needs (``text_width.py``); printed, the heading rows repeat on every page.
"""
from __future__ import annotations

from pathlib import Path

from anquanyue.formdata import FormData
from anquanyue.schema import Schema
from anquanyue.writing.layout import BODY_FONT, TITLE_FONT, official_layout
from anquanyue.writing.structured_layout import (COLUMNS, MARKER, META_SHEET, RECORD_COLUMNS, RECORD_ROWS,
                                                 RECORD_SHEET, SHEET)
from anquanyue.writing.text_width import excel_width_pt, row_height
from anquanyue.writing.xlsx_cells import close_workbook, new_workbook, safe_text, write_value

WIDTHS = (6, 24, 40, 7, 12)  # 代码, 活动项目, 统计内容, 单位, 填报数: A4 portrait inside 0.5-inch margins
RECORD_WIDTHS = (30, 14, 14, 58)  # 活动名称, 组织, 参与, 活动简介: A4 landscape
VALIDATED_ROWS = 2000  # item 7's count columns accept whole numbers only this far down
BODY_PT, TITLE_PT = 11, 16
MARGINS = {"left": 0.5, "right": 0.5, "top": 0.7, "bottom": 0.7}
FOOTER = "&C第 &P 页  共 &N 页"
_WHOLE = {"validate": "integer", "criteria": ">=", "value": 0, "ignore_blank": True,
          "error_title": "只能填写整数", "error_message": "请填写不小于 0 的整数。"}


def _width(first: int, last: int, widths=WIDTHS) -> float:
    return sum(excel_width_pt(w) for w in widths[first:last + 1])


def save_structured(schema: Schema, path: Path, data: FormData | None = None) -> None:
    layout = official_layout(schema, data)
    wb = new_workbook(path, layout.timestamp, layout.title)
    ws = wb.add_worksheet(SHEET)
    base = {"font_name": BODY_FONT, "font_size": BODY_PT, "valign": "vcenter", "text_wrap": True}
    body = wb.add_format({**base, "border": 1})
    bold = wb.add_format({**base, "bold": True})
    plain = wb.add_format(base)
    head = wb.add_format({**base, "bold": True, "border": 1, "align": "center", "bg_color": "#EDEDED"})
    entry = wb.add_format({**base, "locked": False, "bg_color": "#FFF7D6", "border": 1})
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    title_format = wb.add_format({"font_name": TITLE_FONT, "font_size": TITLE_PT, "bold": True, "align": "center",
                                  "valign": "vcenter", "text_wrap": True})
    ws.merge_range(0, 0, 0, 4, safe_text(layout.title), title_format)
    ws.set_row(0, row_height([(layout.title, _width(0, 4))], TITLE_PT) + 3.75)
    note = (f"填报说明：只在浅黄色格内填写整数（没有的填 0），不要改动其他内容；第 {schema.other.number} 项"
            f"“{schema.other.title}”填在“{RECORD_SHEET}”工作表，每行一项活动，行数不限。")
    ws.merge_range(1, 0, 1, 4, note, plain)
    ws.set_row(1, row_height([(note, _width(0, 4))], BODY_PT))

    row = 2
    header_values = data.header_values() if data else {}
    for field in schema.header:
        row += 1
        value = safe_text(header_values.get(field.key) or "")
        ws.merge_range(row, 0, row, 1, field.label, bold)
        ws.merge_range(row, 2, row, 4, value, entry)
        ws.set_row(row, row_height([(field.label, _width(0, 1)), (value, _width(2, 4))], BODY_PT))

    row += 2
    heading = row
    for col, text in enumerate(COLUMNS):
        ws.write_string(row, col, text, head)
    ws.set_row(row, row_height([(t, _width(c, c)) for c, t in enumerate(COLUMNS)], BODY_PT))
    values = data.values if data else {}
    first_blank = row + 1
    for item in schema.items:
        for code in item.codes:
            row += 1
            blank = item.blanks[code]
            texts = (code, schema.item_row_title(item), blank.label, blank.unit)
            for col, text in enumerate(texts):
                ws.write_string(row, col, text, body)
            write_value(ws, row, 4, values.get(code), entry)
            ws.set_row(row, row_height([(t, _width(c, c)) for c, t in enumerate(texts)], BODY_PT))
    ws.data_validation(first_blank, 4, row, 4, _WHOLE)
    ws.protect()  # no password: labels are locked against slips, not against the unit
    _print_setup(ws, heading, landscape=False)

    _records_sheet(wb, schema, data, base, head)
    meta = wb.add_worksheet(META_SHEET)
    for r, (key, value) in enumerate((("marker", MARKER), ("schema", schema.id), ("version", schema.version))):
        meta.write_string(r, 0, key)
        write_value(meta, r, 1, value)
    meta.hide()
    close_workbook(wb)


def _records_sheet(wb, schema: Schema, data: FormData | None, base: dict, head) -> None:
    """Item 7 as an Excel table under a title row: not protected, so rows are added, inserted and deleted freely
    (Excel and WPS extend the table as the unit types below it; the reader reads every row under the heading)."""
    ws = wb.add_worksheet(RECORD_SHEET)
    entry = wb.add_format({**base, "border": 1, "bg_color": "#FFF7D6"})
    for col, width in enumerate(RECORD_WIDTHS):
        ws.set_column(col, col, width, wb.add_format(base))
    title = f"{schema.item_row_title(schema.other)}（每行一项活动，可继续往下填写，行数不限）"
    ws.merge_range(0, 0, 0, 3, title, wb.add_format({**base, "bold": True}))
    ws.set_row(0, row_height([(title, _width(0, 3, RECORD_WIDTHS))], BODY_PT))
    records = data.other_activities if data else []
    rows = max(RECORD_ROWS, len(records) + 2)
    cells = [[r.name, r.count, r.people, r.description] for r in records] + [[None] * 4] * (rows - len(records))
    ws.set_row(1, row_height([(h, excel_width_pt(w)) for h, w in zip(RECORD_COLUMNS, RECORD_WIDTHS)], BODY_PT))
    ws.add_table(1, 0, rows + 1, 3, {"name": "Records", "style": "Table Style Light 1", "autofilter": False,
                                     "columns": [{"header": h, "header_format": head} for h in RECORD_COLUMNS]})
    for offset, values in enumerate(cells, start=2):
        for col, value in enumerate(values):
            write_value(ws, offset, col, value, entry)
        texts = [("" if v is None else str(v), excel_width_pt(w)) for v, w in zip(values, RECORD_WIDTHS)]
        ws.set_row(offset, row_height(texts, BODY_PT))
    ws.data_validation(2, 1, VALIDATED_ROWS, 2, _WHOLE)
    _print_setup(ws, 1, landscape=True)


def _print_setup(ws, heading: int, landscape: bool) -> None:
    ws.set_paper(9)
    ws.set_landscape() if landscape else ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(**MARGINS)
    ws.center_horizontally()
    ws.repeat_rows(heading)
    ws.set_footer(FOOTER)
