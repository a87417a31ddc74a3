"""Item 7 as a small table of its own: a header row (活动名称 | 组织场次 | 参与人次) and a row per activity, as units
add one inside the item-7 cell or under the form.

The header row names its columns: the one saying 名称 holds the names, the one saying 人 the participants, the
other one saying 场 or 次 the sessions. Every row below it in the same table is a record; its numbers are read by
``numbers.read_blank`` (approximations, 万 and Chinese numerals as everywhere), and a row with numbers but no name,
or a number that cannot be read, is said so on its cell.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from anquanyue.formdata import OtherActivity
from anquanyue.issues import Issue, make
from anquanyue.reading.records import record_issue
from anquanyue.reading.numbers import read_blank
from anquanyue.reading.textindex import TextIndex
from anquanyue.reading.textnorm import significant


@dataclass
class RecordTable:
    lo: int  # where the table's text starts and ends in ``TextIndex.norm``
    hi: int
    records: list[OtherActivity] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)


def _columns(row: list) -> tuple[int, int, int] | None:
    """(name, count, people) columns of a header row, or None when the row is no such header."""
    words = {cell.col: significant(cell.text) for cell in row}
    name = next((c for c, w in words.items() if "名称" in w), None)
    people = next((c for c, w in words.items() if "人" in w and c != name), None)
    count = next((c for c, w in words.items() if ("场" in w or "次" in w) and "人" not in w and c not in (name, people)),
                 None)
    return (name, count, people) if None not in (name, count, people) else None


def find_record_table(schema, index: TextIndex, start: int) -> RecordTable | None:
    """The first records table after ``start`` (a norm offset), read; None when there is none."""
    first = index.cell_index(start) if start < len(index.norm) else len(index.cells)
    rows: dict[tuple[int, int], list] = {}
    order: list[tuple[int, int]] = []
    for k in range(first, len(index.cells)):
        cell = index.cells[k]
        key = (cell.block, cell.row)
        if key not in rows:
            rows[key] = []
            order.append(key)
        rows[key].append((k, cell))
    for position, key in enumerate(order):
        if not 3 <= len(rows[key]) <= 6:
            continue
        columns = _columns([c for _, c in rows[key]])
        if columns is None:
            continue
        body = [rows[k] for k in order[position + 1 :] if k[0] == key[0]]
        if not body:
            continue
        table = _read(schema, index, columns, body)
        last = body[-1][-1][0]
        table.lo = _norm_offset(index, rows[key][0][0])
        table.hi = _norm_offset(index, last) + len(index.cells[last].text)
        return table
    return None


def _norm_offset(index: TextIndex, k: int) -> int:
    """Where cell ``k`` starts in ``index.norm``."""
    orig = index.cell_starts[k]
    if index.norm_to_orig is None:
        return orig
    import bisect

    return bisect.bisect_left(index.norm_to_orig, orig)


def _read(schema, index: TextIndex, columns: tuple[int, int, int], body: list) -> RecordTable:
    name_col, count_col, people_col = columns
    table = RecordTable(0, 0)
    for row in body:
        by_col = {cell.col: cell for _, cell in row}
        name = by_col[name_col].text.strip() if name_col in by_col else ""
        readings = {}
        for key, col in (("count", count_col), ("people", people_col)):
            spec = getattr(schema.other, key)
            cell = by_col.get(col)
            reading = read_blank(cell.text if cell else "", spec.unit)
            location = cell.location if cell else (row[0][1].location if row else "")
            readings[key] = reading.value
            issue = record_issue(schema, key, name, reading, location)
            if issue is not None:
                table.issues.append(issue)
        if not name and readings["count"] is None and readings["people"] is None:
            continue
        if not name:
            table.issues.append(make("record-no-name", location=row[0][1].location, field=schema.other.count.code))
        table.records.append(OtherActivity(name=name, count=readings["count"], people=readings["people"]))
    return table
