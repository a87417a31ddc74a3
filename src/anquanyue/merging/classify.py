"""Every file (every form of a file holding several) into exactly one list: included (summed), excluded (with
reasons; a form with any error is never half summed), superseded (another form of the same unit counts, by
``selection``'s rule), ignored, or — a sender's own 汇总 among the forms of its file — subtotal (checked against
the others, never summed: ``subtotals.py``)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from anquanyue.issues import Issue, make
from anquanyue.merging.selection import UnitKeys, by_unit
from anquanyue.merging.subtotals import find_subtotals
from anquanyue.reading.textnorm import unit_key
from anquanyue.reading.reader import FileResult
from anquanyue.schema import Schema

Status = Literal["included", "excluded", "superseded", "ignored", "subtotal"]
STATUS_NAMES = {"included": "计入汇总", "excluded": "未计入（有错误）", "superseded": "被更正版替代", "ignored": "已忽略",
                "subtotal": "发送单位的汇总表（已核对，不重复计入）"}  # the last: merging/subtotals.py


@dataclass(slots=True)
class FileEntry:
    """Where one input file went, and why: ``reasons`` are issues (for an ignored file, the one that says why)."""

    file: str
    status: Status
    unit: str | None = None
    date: str | None = None
    reasons: list[Issue] = field(default_factory=list)
    by: str | None = None  # the file that superseded this one


@dataclass(slots=True)
class Sorted:
    """The four lists, in input order, and the issues the sorting itself raised."""

    entries: list[FileEntry]
    included: list[FileResult]
    issues: list[Issue]


def maps_onto(result: FileResult, target: Schema) -> bool:
    """Whether any of the form's blanks means one of the target's (``mapping.py``)."""
    if result.form_schema is None or result.form_schema.id == target.id:
        return True
    from anquanyue.merging.mapping import mapping

    return bool(mapping(result.form_schema, target).feeds)


def classify(results: list[FileResult], target: Schema | None, own_unit: str | None = None) -> Sorted:
    """Sort read files (``FileResult.ignored`` ones included) into the four lists; no file is read here.

    A form of ``own_unit`` (this merge's own unit: the clerk's own earlier summary, saved into the inbox) is
    ignored, so merging again gives the same totals; two forms that would count the same unit twice (a city's
    consolidated form and one of its units' own forms) are both excluded, each naming the other."""
    keys = UnitKeys()
    own = unit_key(own_unit) if own_unit else None
    mine = {r.file for r in results if r.is_form and own and r.unit and keys[r.unit] == own}
    subtotals = find_subtotals([r for r in results if r.file not in mine])  # a sender's 汇总 sheet: checked, not counted
    issues: list[Issue] = []
    superseded: dict[str, str] = {}
    for group in by_unit((r for r in results if r.is_form and r.file not in mine and r.file not in subtotals),
                         keys).values():
        latest = group[-1]
        for result in group[:-1]:
            superseded[result.file] = latest.file
            issues.append(make("unit-superseded", location=result.file, file=result.file, unit=result.unit,
                               by=latest.file))
    entries: list[FileEntry] = []
    included: list[FileResult] = []
    for result in results:
        entry = FileEntry(file=result.file, status="included", unit=result.unit, date=result.date)
        if result.ignored is not None:
            entry.status, entry.reasons = "ignored", [result.ignored]
        elif result.file in mine:
            entry.status = "ignored"
            entry.reasons = [make("own-summary", location=result.file, unit=result.unit)]
        elif result.file in subtotals:
            entry.status, entry.reasons = "subtotal", subtotals[result.file].issues
            issues.extend(subtotals[result.file].issues)
        elif result.file in superseded:
            entry.status, entry.by = "superseded", superseded[result.file]
            entry.reasons = [i for i in issues if i.file == result.file]
        else:
            reasons = list(result.errors)
            if result.is_form and target is not None and not maps_onto(result, target):
                reasons.append(make("schema-no-common-blanks", location=result.file, schema=result.schema_id,
                                    target=target.id))
            if result.errors and result.is_form:
                issues.append(make("form-excluded", location=result.file, file=result.file, count=len(result.errors)))
            if reasons or not result.is_form:
                entry.status = "excluded"
                entry.reasons = reasons or [make("not-a-form", location=result.file)]
            else:
                included.append(result)
        entries.append(entry)
    twice = _counted_twice(included, keys)
    if twice:
        for entry in entries:
            if entry.file in twice:
                entry.status, entry.reasons = "excluded", twice[entry.file]
                issues.extend(twice[entry.file])
        included = [r for r in included if r.file not in twice]
    return Sorted(entries=entries, included=included, issues=issues)


def _counted_twice(included: list[FileResult], keys: UnitKeys) -> dict[str, list[Issue]]:
    """Included forms that would count one unit twice, with an error each: a unit's own form and a consolidated
    form that sums it (by name, or by the very file: its digest). Two consolidated forms are not compared by the
    units they sum: 市中区 of one city and 市中区 of another are two units."""
    by_name = {keys[r.unit]: r for r in included if r.unit}
    by_digest = {r.digest: r for r in included if r.digest}
    twice: dict[str, list[Issue]] = {}
    for summary in (r for r in included if r.provenance is not None):
        for source in summary.provenance.sources:
            own = by_digest.get(source.digest) or by_name.get(unit_key(source.unit))
            if own is None or own is summary or own.provenance is not None:
                continue
            for result, other in ((summary, own), (own, summary)):
                issue = make("unit-counted-twice", location=result.file, file=result.file, unit=source.unit,
                             other=Path(other.file).name)
                if all(i.params != issue.params for i in twice.get(result.file, [])):
                    twice.setdefault(result.file, []).append(issue)
    return twice


def target_schema(results: list[FileResult]) -> Schema | None:
    """The target form when none is named: the one most readable forms use (ties: the first id); None if none."""
    counts = Counter(r.form_schema.id for r in results if r.is_form and r.ok)
    if not counts:
        counts = Counter(r.form_schema.id for r in results if r.is_form)
    if not counts:
        return None
    chosen = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    return next(r.form_schema for r in results if r.is_form and r.form_schema.id == chosen)
