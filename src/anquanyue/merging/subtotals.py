"""A sender's subtotal among the forms of one file: recognised, checked against its parts, never counted twice.

A district sends one workbook: a sheet per enterprise and a 汇总 sheet. The enterprises' sheets are summed; the
汇总 sheet is the district's own subtotal of them. It is recognised by its sheet name (汇总, 合计, 总计, 小计), or,
unnamed, as the form whose every number is the sum of the other (non-empty) forms' — when there are two such
others or more, or when its unit is the file's sender (the file is named for it: 文登区.xlsx, 文登区工信局). With
a single other form the two hold the same numbers and only the sender's name tells them apart. Each of its numbers is
checked against the sum of the other forms of the file (a difference is an error naming the blank and both
numbers), and it is never added on top of them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from anquanyue.issues import Issue, make
from anquanyue.reading.textnorm import unit_key
from anquanyue.speed.compiled_regex import ModulePatterns

_patterns = ModulePatterns(__name__)
SUBTOTAL_SHEET = _patterns.compile(r"汇\s*总|合\s*计|总\s*计|小\s*计")


@dataclass
class Subtotal:
    report: object  # the FileResult of the subtotal form
    parts: list = field(default_factory=list)  # the other forms of its file
    issues: list[Issue] = field(default_factory=list)  # what was recognised, and every difference


def find_subtotals(reports: list) -> dict[str, Subtotal]:
    """The subtotal form of every file that holds several forms, by its ``file`` (``file#sheet``)."""
    by_source: dict[str, list] = {}
    for report in reports:
        if report.source and report.is_form:
            by_source.setdefault(report.source, []).append(report)
    found: dict[str, Subtotal] = {}
    for forms in by_source.values():
        if len(forms) < 2:
            continue
        named = next((r for r in forms if r.sheet and SUBTOTAL_SHEET.search(r.sheet)), None)
        if named is not None:
            subtotal, why = named, f"工作表名为“{named.sheet}”"
        else:
            sums = [r for r in forms if _is_sum(r, [o for o in forms if o is not r], _sender(r))]
            sums.sort(key=lambda r: not _sender(r))
            subtotal = sums[0] if sums else None
            why = "各项数字等于其他各表之和"
        if subtotal is None:
            continue
        parts = [r for r in forms if r is not subtotal]
        found[subtotal.file] = _check(subtotal, parts, why)
    return found


def _totals(report) -> dict[str, int]:
    """A form's numbers as they are summed: empty blanks 0, item 7 as its two totals."""
    schema = report.form_schema
    totals = {code: value or 0 for code, value in report.values.items()}
    totals[schema.other.count.code] = sum(r.count or 0 for r in report.other_activities)
    totals[schema.other.people.code] = sum(r.people or 0 for r in report.other_activities)
    return totals


def _parts_sum(parts: list, codes) -> dict[str, int]:
    sums = dict.fromkeys(codes, 0)
    for part in parts:
        for code, value in _totals(part).items():
            if code in sums:
                sums[code] += value
    return sums


def _is_sum(candidate, others: list, sender: bool) -> bool:
    """Whether ``candidate``'s numbers are the sum of the non-empty ``others``' (two of them at least, or one when
    ``candidate`` is the sender's form)."""
    own = _totals(candidate)
    parts = [o for o in others if any(_totals(o).values())]
    return any(own.values()) and len(parts) >= (1 if sender else 2) and own == _parts_sum(parts, own)


def _sender(report) -> bool:
    """Whether the form's unit is the one its file is named for (文登区.xlsx, 文登区工信局)."""
    stem, key = unit_key(Path(report.source_file).stem), unit_key(report.unit or "")
    return bool(stem and key) and (stem in key or key in stem)


def _check(subtotal, parts: list, why: str) -> Subtotal:
    unit = subtotal.unit or "发送单位"
    out = Subtotal(subtotal, parts)
    out.issues.append(make("subtotal-recognised", location=subtotal.file, file=subtotal.file, unit=unit, why=why,
                           count=len(parts)))
    schema = subtotal.form_schema
    own = _totals(subtotal)
    sums = _parts_sum(parts, own)
    for code, value in own.items():
        if value != sums[code]:
            place = subtotal.locations.get(code)
            location = f"{subtotal.file} {place}" if place else subtotal.file
            label = schema.blanks[code].label if code in schema.blanks else code
            out.issues.append(make("subtotal-mismatch", location=location, field=code, file=subtotal.file,
                                   unit=unit, label=label, value=value, parts=sums[code]))
    return out
