"""Reading the structured fill-in workbook (one row per blank) that ``template --style structured`` writes."""
from __future__ import annotations

from anquanyue.reading.document import Document, Grid, column_letter
from anquanyue.reading.extraction import Extraction, read_into
from anquanyue.formdata import OtherActivity
from anquanyue.issues import make
from anquanyue.reading.records import record_issue
from anquanyue.reading.numbers import read_blank
from anquanyue.writing.structured_layout import MARKER, RECORD_COLUMNS, RECORD_SHEET
from anquanyue.schema import Schema

CODE_COL, VALUE_COL = 1, 5
NAME_COL = 2


def structured_schema_id(document: Document) -> str | None:
    """The schema id recorded by the structured template, if this is one."""
    for grid in document.grids:
        column = {}  # B1 and B2 (the last cell written at each, as a dict of every cell would keep)
        for cell in grid.cells:
            if cell.col == 2 and (cell.row == 1 or cell.row == 2):
                column[cell.row] = cell.text
        if column.get(1) == MARKER:
            return column.get(2)
    return None


def main_grid(document: Document) -> Grid | None:
    """The first visible sheet but item 7's, or None when a workbook hides them all."""
    return next((g for g in document.grids if not g.hidden and g.name != RECORD_SHEET), None)


def record_grid(document: Document) -> Grid | None:
    """Item 7's own sheet (templates since issue 17), if the workbook has it."""
    return next((g for g in document.grids if g.name == RECORD_SHEET), None)


def extract_structured(schema: Schema, grid: Grid, records: Grid | None = None) -> Extraction:
    """The blanks from ``grid``; item 7's records from under their heading row, on ``grid`` (older templates:
    columns B-E) or on ``records`` (columns A-D), every row down to the last one filled."""
    out = Extraction()
    by_pos = {(c.row, c.col): c for c in grid.cells}
    code_rows = {c.text.strip(): c.row for c in grid.cells if c.col == CODE_COL}
    for code in schema.codes:
        row = code_rows.get(code)
        if row is None:
            out.values[code] = None
            out.issues.append(make("blank-not-found", location=grid.name, field=code, label=schema.blanks[code].label))
            continue
        cell = by_pos.get((row, VALUE_COL))
        location = cell.location if cell else f"{grid.name}!{column_letter(VALUE_COL)}{row}"
        read_into(schema, code, cell.text if cell else "", location, out)
    if not _read_records(schema, grid, NAME_COL, out) and records is not None:
        _read_records(schema, records, 1, out)
    return out


def _read_records(schema: Schema, grid: Grid, name_col: int, out: Extraction) -> bool:
    """The records under the heading row whose ``name_col`` reads 活动名称; False when there is no such row."""
    by_pos = {(c.row, c.col): c for c in grid.cells}
    header_row = next((c.row for c in grid.cells if c.col == name_col and c.text.strip() == RECORD_COLUMNS[0]), None)
    if header_row is None:
        return False
    rows = sorted({c.row for c in grid.cells if c.row > header_row and name_col <= c.col <= name_col + 3})
    for row in rows:
        texts = [by_pos[(row, name_col + k)].text.strip() if (row, name_col + k) in by_pos else "" for k in range(4)]
        name, count_text, people_text, description = texts
        if not any(texts):
            continue
        values = {}
        for key, raw, k in (("count", count_text, 1), ("people", people_text, 2)):
            spec = getattr(schema.other, key)
            location = f"{grid.name}!{column_letter(name_col + k)}{row}"
            reading = read_blank(raw, spec.unit)
            values[key] = reading.value
            issue = record_issue(schema, key, name, reading, location)
            if issue is not None:
                out.issues.append(issue)
        if not name:
            out.issues.append(make("record-no-name", location=f"{grid.name}!{column_letter(name_col)}{row}",
                                   field=schema.other.count.code))
        out.records.append(OtherActivity(name=name, count=values["count"], people=values["people"],
                                         description=description))
    return True
