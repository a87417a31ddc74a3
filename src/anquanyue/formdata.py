"""What one filled form says: header, the value of every blank, and item 7's records."""
from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field


class OtherActivity(BaseModel):
    """One item-7 record. ``unit`` is set when records of several units are gathered by ``merge``."""

    name: str
    count: int | None = None
    people: int | None = None
    description: str = ""
    unit: str | None = None


class FormData(BaseModel):
    schema_id: str
    unit: str | None = None
    contact: str | None = None
    phone: str | None = None
    date: str | None = None  # ISO date when it could be read, else None
    values: dict[str, int | None] = Field(default_factory=dict)
    other_activities: list[OtherActivity] = Field(default_factory=list)

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
