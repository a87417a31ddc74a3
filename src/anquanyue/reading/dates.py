"""填报日期 as the schema expects it: a date without a year takes the schema's year; late and other-year dates
are pointed out (``merge`` compares ISO dates to decide which of a unit's forms counts, so a corrected form
dated "6月29日" must come out as 2023-06-29)."""
from __future__ import annotations

import datetime as dt

from anquanyue.issues import Issue, make
from anquanyue.reading.header import _CHINESE_NUMERAL, _arabic_numerals, parse_date
from anquanyue.reading.textnorm import nfkc
from anquanyue.speed.compiled_regex import ModulePatterns

_patterns = ModulePatterns(__name__)
_NO_YEAR = _patterns.compile(r"(?<![\d年.\-/])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?")


def read_date(raw: str, schema, location: str) -> tuple[str | None, list[Issue]]:
    """(ISO date or None, issues) for the 填报日期 text ``raw`` of a form of ``schema``."""
    if not raw:
        return None, [make("date-missing", location=location)]
    iso = parse_date(raw)
    if iso is None:
        iso = _without_year(raw, schema.year)
        if iso is None:
            return None, [make("date-invalid", location=location, text=raw)]
        return iso, [make("date-no-year", location=location, text=raw, year=schema.year, date=iso)]
    date = dt.date.fromisoformat(iso)
    if date.year != schema.year:
        return iso, [make("date-other-year", location=location, date=iso, found=date.year, schema=schema.id,
                          year=schema.year)]
    grace = getattr(schema, "deadline_grace_days", 0)
    if schema.deadline is not None and (date - schema.deadline).days > grace:
        return iso, [make("date-late", location=location, date=iso, deadline=schema.deadline.isoformat(),
                          days=(date - schema.deadline).days)]
    return iso, []


def _without_year(raw: str, year: int) -> str | None:
    """``6月29日``, ``六月二十九日`` → ``{year}-06-29``; None when it is not a month and day."""
    text = nfkc(raw)
    if _CHINESE_NUMERAL.search(text):
        text = _arabic_numerals(text)
    match = _NO_YEAR.search(text)
    if match is None:
        return None
    try:
        return dt.date(year, int(match.group(1)), int(match.group(2))).isoformat()
    except ValueError:
        return None
