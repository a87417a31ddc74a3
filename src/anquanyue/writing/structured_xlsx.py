"""The structured fill-in workbook: one row per blank, whole-number validation, locked labels.

A hidden sheet ``_anquanyue`` records the marker, schema id and version so the reader recognises the layout.
"""
from __future__ import annotations

from pathlib import Path

from anquanyue.formdata import FormData
from anquanyue.schema import Schema
from anquanyue.writing.layout import BODY_FONT, TITLE_FONT, official_layout, wrapped_lines
from anquanyue.writing.structured_layout import COLUMNS, MARKER, META_SHEET, RECORD_COLUMNS, RECORD_ROWS, SHEET
from anquanyue.writing.xlsx_cells import close_workbook, new_workbook, safe_text, write_value

WIDTHS = (8, 30, 44, 8, 14)
_WHOLE = {"validate": "integer", "criteria": ">=", "value": 0, "ignore_blank": True,
          "error_title": "只能填写整数", "error_message": "请填写不小于 0 的整数。"}


def save_structured(schema: Schema, path: Path, data: FormData | None = None) -> None:
    layout = official_layout(schema, data)
    wb = new_workbook(path, layout.timestamp, layout.title)
    ws = wb.add_worksheet(SHEET)
    base = {"font_name": BODY_FONT, "font_size": 11}
    body = wb.add_format({**base, "border": 1, "text_wrap": True, "valign": "vcenter"})
    bold = wb.add_format({**base, "bold": True})
    head = wb.add_format({**base, "bold": True, "border": 1})
    entry = wb.add_format({**base, "locked": False, "bg_color": "#FFF7D6", "border": 1})
    for col, width in enumerate(WIDTHS):
        ws.set_column(col, col, width)
    ws.merge_range(0, 0, 0, 4, safe_text(layout.title),
                   wb.add_format({"font_name": TITLE_FONT, "font_size": 16, "bold": True, "align": "center"}))
    ws.merge_range(1, 0, 1, 4, "填报说明：只在浅黄色格内填写整数（没有的填 0），不要改动其他内容。", wb.add_format(base))

    row = 2
    header_values = data.header_values() if data else {}
    for field in schema.header:
        row += 1
        ws.merge_range(row, 0, row, 1, field.label, bold)
        ws.merge_range(row, 2, row, 4, safe_text(header_values.get(field.key) or ""), entry)

    row += 2
    for col, text in enumerate(COLUMNS):
        ws.write_string(row, col, text, head)
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
            lines = max(wrapped_lines(texts[1], int(WIDTHS[1] / 1.75)), wrapped_lines(texts[2], int(WIDTHS[2] / 1.75)))
            ws.set_row(row, 15 * lines + 4)
    ws.data_validation(first_blank, 4, row, 4, _WHOLE)

    row += 2
    ws.merge_range(row, 0, row, 4, schema.item_row_title(schema.other) + "（每行一项活动，可继续往下填写）", bold)
    row += 1
    for col, text in enumerate(RECORD_COLUMNS, start=1):
        ws.write_string(row, col, text, head)
    records = data.other_activities if data else []
    first_record = row + 1
    for index in range(max(RECORD_ROWS, len(records) + 2)):
        row += 1
        record = records[index] if index < len(records) else None
        contents = (record.name, record.count, record.people, record.description) if record else (None,) * 4
        for col, value in enumerate(contents, start=1):
            write_value(ws, row, col, value, entry)
    ws.data_validation(first_record, 2, row, 3, _WHOLE)

    ws.protect()  # no password: labels are locked against slips, not against the unit
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)

    meta = wb.add_worksheet(META_SHEET)
    for r, (key, value) in enumerate((("marker", MARKER), ("schema", schema.id), ("version", schema.version))):
        meta.write_string(r, 0, key)
        write_value(meta, r, 1, value)
    meta.hide()
    close_workbook(wb)
