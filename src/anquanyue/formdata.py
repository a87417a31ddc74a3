"""What one form says — header, the value of every blank, item 7's records — and the schema it is a form of.

One model for every place a form's data lives: a file's result (``reading.reader.FileResult``) and the merged
form (``merging.merge.MergeResult``) extend it; neither repeats its fields.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields

from anquanyue.schema import Schema


@dataclass(slots=True)
class OtherActivity:
    """One item-7 record. ``unit`` is set when records of several units are gathered by ``merge``."""

    name: str
    count: int | None = None
    people: int | None = None
    description: str = ""
    unit: str | None = None

    def to_json(self, *, with_unit: bool = True) -> dict:
        out = {"name": self.name, "count": self.count, "people": self.people, "description": self.description}
        if with_unit:
            out["unit"] = self.unit
        return out

    def __reduce__(self):  # from a worker process as a tuple of its fields' values (no slot names)
        return OtherActivity, tuple([getattr(self, f.name) for f in fields(OtherActivity)])


@dataclass(slots=True)
class Source:
    """One form a consolidated form sums: its unit and a digest of its file (sha256, first 16 hex digits)."""

    unit: str
    digest: str


PREFIX = "anquanyue-"
WORKING_REPORT = f"{PREFIX}working-report"  # the property that marks merge's working report (never a form)


@dataclass(slots=True)
class Provenance:
    """That a form is a consolidated one, written by ``merge``: its schema, unit and date, and the units it sums
    (the units of the forms it sums, and theirs in turn)."""

    schema_id: str
    unit: str
    date: str | None = None
    sources: list[Source] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"schema_id": self.schema_id, "unit": self.unit, "date": self.date,
                "sources": [{"unit": s.unit, "digest": s.digest} for s in self.sources]}

    def to_properties(self) -> dict[str, str]:
        """Document properties, each short enough for Excel/WPS to keep (255 characters)."""
        props = {f"{PREFIX}consolidated": self.schema_id, f"{PREFIX}unit": self.unit[:250],
                 f"{PREFIX}date": self.date or ""}
        for number, source in enumerate(self.sources, 1):
            props[f"{PREFIX}source-{number:04d}"] = f"{source.digest} {source.unit}"[:250]
        return props

    @classmethod
    def from_properties(cls, props: dict[str, str]) -> "Provenance | None":
        schema_id = props.get(f"{PREFIX}consolidated")
        if not schema_id:
            return None
        sources = []
        for name in sorted(n for n in props if n.startswith(f"{PREFIX}source-")):
            digest, _, unit = props[name].partition(" ")
            if unit:
                sources.append(Source(unit=unit, digest=digest))
        return cls(schema_id=schema_id, unit=props.get(f"{PREFIX}unit", ""), date=props.get(f"{PREFIX}date") or None,
                   sources=sources)


@dataclass(slots=True, kw_only=True)
class FormData:
    form_schema: Schema | None = field(default=None, repr=False)  # the schema itself, never an id
    unit: str | None = None
    contact: str | None = None
    phone: str | None = None
    date: str | None = None  # ISO date when it could be read, else None
    values: dict[str, int | None] = field(default_factory=dict)
    other_activities: list[OtherActivity] = field(default_factory=list)
    provenance: Provenance | None = None  # set on a consolidated form (a deliverable of merge)

    @property
    def schema_id(self) -> str | None:
        return self.form_schema.id if self.form_schema is not None else None

    def header_values(self) -> dict[str, str]:
        """The header as printed: an ISO date is written the official way, 2023年6月30日."""
        return {"unit": self.unit or "", "contact": self.contact or "", "phone": self.phone or "",
                "date": chinese_date(self.date)}


def chinese_date(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{day.year}年{day.month}月{day.day}日"
