"""The official form's rows, computed once for every writer: title, header line, table rows."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from anquanyue.formdata import FormData, OtherActivity
from anquanyue.schema import Schema

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "宋体"


@dataclass(frozen=True)
class OfficialLayout:
    title: str
    header: str
    columns: tuple[str, str]
    rows: list[tuple[str, str]]  # items 1..n: (活动项目, 活动进展情况)
    other_title: str
    other_rows: list[str]  # item 7: one text per record (at least one)
    timestamp: dt.datetime  # fixed document time, so the same inputs give the same file


SENDER = "报送单位："


def record_text(schema: Schema, record: OtherActivity | None) -> str:
    """Item 7's text for one record: the record line, then the sending unit and the description. A record read
    from a deliverable already names the unit that held it (``报送单位：乳山市…。``): that line is kept, never a
    second one put before it."""
    if record is None:
        return schema.render_record()
    text = schema.render_record(record.name, record.count, record.people)
    description = record.description.strip()
    if record.unit and not description.startswith(SENDER):
        description = f"{SENDER}{record.unit}。" + description
    return f"{text}\n{description}" if description else text


def official_layout(schema: Schema, data: FormData | None) -> OfficialLayout:
    values = data.values if data else {}
    rows = [(schema.item_row_title(item), schema.render_prose(item, values)) for item in schema.items]
    records = (data.other_activities if data else []) or [None]
    other_rows = [record_text(schema, r) for r in records]
    if schema.other.note and data is None:  # the form's hint is for the unit filling it, not for a deliverable
        other_rows[-1] = f"{other_rows[-1]}\n{schema.other.note}"
    stamp = dt.datetime(schema.year, 6, 1)
    if data and data.date:
        try:
            stamp = dt.datetime.fromisoformat(data.date)
        except ValueError:
            pass
    return OfficialLayout(
        title=schema.title,
        header=schema.header_line(data.header_values() if data else None),
        columns=(schema.columns[0], schema.columns[1]),
        rows=rows,
        other_title=schema.item_row_title(schema.other),
        other_rows=other_rows,
        timestamp=stamp,
    )

