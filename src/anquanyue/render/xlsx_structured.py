"""The structured fill-in workbook: one row per blank, whole-number validation, locked labels.

A hidden sheet ``_anquanyue`` records the marker, schema id and version so the reader recognises the layout.
"""
from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.datavalidation import DataValidation

from ..formdata import FormData
from ..schema import Schema
from .layout import BODY_FONT, TITLE_FONT, official_layout
from .stamp import stamp_zip
from .xlsx_cells import set_text

MARKER = "anquanyue-structured"
META_SHEET = "_anquanyue"
SHEET = "填报"
COLUMNS = ("代码", "活动项目", "统计内容", "单位", "填报数")
RECORD_COLUMNS = ("活动名称", "组织（场/次）", "参与（人次）", "活动简介")
RECORD_ROWS = 10
_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_INPUT = PatternFill("solid", fgColor="FFF7D6")
_UNLOCKED = Protection(locked=False)


def save_structured(schema: Schema, path: Path, data: FormData | None = None) -> None:
    layout = official_layout(schema, data)
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    body = Font(name=BODY_FONT, size=11)
    bold = Font(name=BODY_FONT, size=11, bold=True)
    for col, width in zip("ABCDE", (8, 30, 44, 8, 14)):
        ws.column_dimensions[col].width = width

    ws.merge_cells("A1:E1")
    set_text(ws["A1"], layout.title)
    ws["A1"].font = Font(name=TITLE_FONT, size=16, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells("A2:E2")
    set_text(ws["A2"], "填报说明：只在浅黄色格内填写整数（没有的填 0），不要改动其他内容。")
    ws["A2"].font = body

    numbers = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                             showErrorMessage=True, errorTitle="只能填写整数", error="请填写不小于 0 的整数。")
    ws.add_data_validation(numbers)

    row = 3
    header_values = data.header_values() if data else {}
    for field in schema.header:
        row += 1
        set_text(ws[f"A{row}"], None)
        ws.merge_cells(f"A{row}:B{row}")
        set_text(ws[f"A{row}"], field.label)
        ws[f"A{row}"].font = bold
        ws.merge_cells(f"C{row}:E{row}")
        cell = ws[f"C{row}"]
        set_text(cell, header_values.get(field.key) or None)
        cell.protection, cell.fill, cell.font = _UNLOCKED, _INPUT, body

    row += 2
    for col, text in zip("ABCDE", COLUMNS):
        set_text(ws[f"{col}{row}"], text)
        ws[f"{col}{row}"].font = bold
        ws[f"{col}{row}"].border = _BORDER
    values = data.values if data else {}
    for item in schema.items:
        for code in item.codes:
            row += 1
            blank = item.blanks[code]
            for col, text in zip("ABCD", (code, schema.item_row_title(item), blank.label, blank.unit)):
                set_text(ws[f"{col}{row}"], text)
                ws[f"{col}{row}"].font = body
                ws[f"{col}{row}"].border = _BORDER
                ws[f"{col}{row}"].alignment = Alignment(wrap_text=True, vertical="center")
            cell = ws[f"E{row}"]
            cell.value = values.get(code)
            cell.protection, cell.fill, cell.border = _UNLOCKED, _INPUT, _BORDER
            numbers.add(cell.coordinate)

    row += 2
    ws.merge_cells(f"A{row}:E{row}")
    set_text(ws[f"A{row}"], schema.item_row_title(schema.other) + "（每行一项活动，可继续往下填写）")
    ws[f"A{row}"].font = bold
    row += 1
    for col, text in zip("BCDE", RECORD_COLUMNS):
        set_text(ws[f"{col}{row}"], text)
        ws[f"{col}{row}"].font = bold
        ws[f"{col}{row}"].border = _BORDER
    records = data.other_activities if data else []
    for index in range(max(RECORD_ROWS, len(records) + 2)):
        row += 1
        record = records[index] if index < len(records) else None
        cells = [ws[f"{col}{row}"] for col in "BCDE"]
        contents = (record.name, record.count, record.people, record.description) if record else (None,) * 4
        for cell, value in zip(cells, contents):
            set_text(cell, value)
            cell.protection, cell.fill, cell.border, cell.font = _UNLOCKED, _INPUT, _BORDER, body
        numbers.add(cells[1].coordinate)
        numbers.add(cells[2].coordinate)

    ws.protection.sheet = True  # no password: labels are locked against slips, not against the unit
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True

    meta = wb.create_sheet(META_SHEET)
    for r, (key, value) in enumerate((("marker", MARKER), ("schema", schema.id), ("version", schema.version)), 1):
        set_text(meta.cell(r, 1), key)
        set_text(meta.cell(r, 2), value)
    meta.sheet_state = "hidden"
    wb.properties.creator = wb.properties.lastModifiedBy = "anquanyue"
    wb.properties.created = wb.properties.modified = layout.timestamp
    wb.save(path)
    stamp_zip(path, layout.timestamp)
