"""The one rule for an item-7 record's numbers, wherever the record was found (the form's own row, a table of
records, prose, the structured workbook): empty beside a name is 'record-incomplete'; a number that cannot be read
is the reading's own error, labelled with the record's name."""
from __future__ import annotations

from anquanyue.issues import Issue, make
from anquanyue.reading.numbers import Reading
from anquanyue.schema import Schema


def record_issue(schema: Schema, key: str, name: str, reading: Reading, location: str) -> Issue | None:
    """The issue of one record's ``key`` ("count" or "people"), or None when it was read."""
    spec = getattr(schema.other, key)
    if reading.code == "blank-empty":
        if not name:
            return None
        return make("record-incomplete", location=location, field=spec.code, name=name,
                    what="组织场次" if key == "count" else "参与人次")
    if reading.code:
        return make(reading.code, location=location, field=spec.code, label=f"{spec.label}“{name}”",
                    text=reading.text, unit=spec.unit, value=reading.value, mark=reading.mark)
    return None
