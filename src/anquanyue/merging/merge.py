"""``merge``: every unit's form in, the consolidated form for the next level up out — every file accounted for.

Each input file ends in exactly one list: included (summed), excluded (with reasons; a form with any error is
never half summed), superseded (the same unit sent again; the later 填报日期 counts, then the later file), or
ignored (not a form at all).
"""
from __future__ import annotations

import datetime as dt
import operator
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from anquanyue.reading.inbox import collect, ignore_reason
from anquanyue.formdata import FormData, OtherActivity
from anquanyue.issues import Issue, make
from anquanyue.reading.pool import bulk_gc, read_many
from anquanyue.reading.reader import FileResult
from anquanyue.schema import Schema, load_schema
from anquanyue.reading.textnorm import unit_key

Status = Literal["included", "excluded", "superseded", "ignored"]
STATUS_NAMES = {"included": "计入汇总", "excluded": "未计入（有错误）", "superseded": "被更正版替代", "ignored": "已忽略"}


class FileEntry(BaseModel):
    file: str
    status: Status
    unit: str | None = None
    date: str | None = None
    reasons: list[str] = Field(default_factory=list)
    by: str | None = None  # the file that superseded this one


class MergeResult(BaseModel):
    schema_id: str  # the target form
    source_schema_ids: list[str]
    unit: str
    contact: str | None = None
    phone: str | None = None
    date: str
    totals: dict[str, int]
    other_activities: list[OtherActivity]
    files: list[FileEntry]
    reports: list[FileResult] = Field(default_factory=list, exclude=True)
    issues: list[Issue]

    def entries(self, status: Status) -> list[FileEntry]:
        return [f for f in self.files if f.status == status]

    @property
    def included_reports(self) -> list[FileResult]:
        included = {f.file for f in self.entries("included")}
        return [r for r in self.reports if r.file in included]

    @property
    def exit_code(self) -> int:
        return 1 if self.entries("excluded") else 0

    def deliverable(self) -> FormData:
        schema = load_schema(self.schema_id)
        return FormData(schema_id=self.schema_id, unit=self.unit, contact=self.contact, phone=self.phone,
                        date=self.date, values={c: self.totals.get(c, 0) for c in schema.codes},
                        other_activities=self.other_activities)

    def to_json(self) -> dict:
        return {
            "schema": self.schema_id, "unit": self.unit, "date": self.date, "totals": self.totals,
            "other_activities": [a.model_dump() for a in self.other_activities],
            "included": [{"file": f.file, "unit": f.unit, "date": f.date} for f in self.entries("included")],
            "excluded": [{"file": f.file, "unit": f.unit, "reasons": f.reasons} for f in self.entries("excluded")],
            "superseded": [{"file": f.file, "unit": f.unit, "by": f.by} for f in self.entries("superseded")],
            "ignored": [{"file": f.file, "reason": f.reasons[0] if f.reasons else ""} for f in self.entries("ignored")],
            "issues": [i.model_dump() for i in self.issues],
            "source_schemas": self.source_schema_ids,
        }


def _sort_key(report: FileResult, path: Path) -> tuple:
    """Later 填报日期 wins; a missing date counts as oldest; same date: later modification time, then name."""
    try:
        mtime = path.stat().st_mtime
    except OSError:
        mtime = 0.0
    return (report.date or "", mtime, str(path))


def supersedes(report: FileResult, other: FileResult) -> bool:
    """Whether ``report`` counts instead of ``other``, an earlier form of the same unit (merge's rule)."""
    return _sort_key(report, Path(report.file)) > _sort_key(other, Path(other.file))


def merge(paths: list[str | Path], *, schema: Schema | str | None = None, to: Schema | str | None = None,
          unit: str | None = None, date: str | None = None, contact: str | None = None, phone: str | None = None,
          on_file: Callable[[int, int, str], None] | None = None,
          previous: list[str | Path] | None = None) -> MergeResult:
    """Read, sort into the four lists, sum; ``previous`` (last year's forms) adds the period checks."""
    return merge_files(collect(paths), schema=schema, to=to, unit=unit, date=date, contact=contact, phone=phone,
                       on_file=on_file, previous=previous)


def merge_files(files: list[Path], *, schema: Schema | str | None = None, to: Schema | str | None = None,
                unit: str | None = None, date: str | None = None, contact: str | None = None,
                phone: str | None = None, on_file: Callable[[int, int, str], None] | None = None,
                previous: list[str | Path] | None = None,
                on_report: Callable[[FileResult], None] | None = None) -> MergeResult:
    """``merge`` of files already found by ``collect`` (one walk of the folders, not two); ``on_report`` is
    given each form's report as soon as it is read, in file order."""
    with bulk_gc():
        return _merge_files(files, schema=schema, to=to, unit=unit, date=date, contact=contact, phone=phone,
                            on_file=on_file, previous=previous, on_report=on_report)


def _merge_files(files: list[Path], *, schema, to, unit, date, contact, phone, on_file, previous,
                 on_report) -> MergeResult:
    forced = load_schema(schema) if schema is not None else None
    entries: dict[str, FileEntry] = {}
    to_read: list[Path] = []
    for path in files:
        reason = ignore_reason(path)
        if reason:
            entries[str(path)] = FileEntry(file=str(path), status="ignored", reasons=[reason])
        else:
            to_read.append(path)
    reports = []
    for report, path in zip(read_many(to_read, forced, on_file=on_file), to_read):
        reports.append((report, path))
        if on_report is not None:
            on_report(report)

    readable = [(r, p) for r, p in reports if r.is_form]
    source_ids = sorted({r.schema_id for r, _ in readable if r.schema_id})
    target = load_schema(to) if to is not None else forced or _most_common_schema(readable)
    issues: list[Issue] = []

    # superseded: the same unit sent more than once
    by_unit: dict[str, list[tuple[FileResult, Path]]] = {}
    for report, path in readable:
        if report.unit:
            by_unit.setdefault(unit_key(report.unit), []).append((report, path))
    superseded: dict[str, str] = {}
    for group in by_unit.values():
        if len(group) < 2:
            continue
        group.sort(key=lambda rp: _sort_key(*rp))
        latest = group[-1][0]
        for report, _ in group[:-1]:
            superseded[report.file] = latest.file
            issues.append(make("unit-superseded", location=report.file, file=report.file, unit=report.unit,
                               by=latest.file))

    included: list[FileResult] = []
    for report, _path in reports:
        if report.file in superseded:
            entries[report.file] = FileEntry(file=report.file, status="superseded", unit=report.unit,
                                             date=report.date, by=superseded[report.file])
            continue
        reasons = [i.message for i in report.errors]
        if report.is_form and target is not None and not maps_onto(report, target):
            reasons.append(f"{report.file}：表样“{report.schema_id}”与目标表样“{target.id}”没有共同的空格，无法汇总。")
        if reasons or not report.is_form:
            entries[report.file] = FileEntry(file=report.file, status="excluded", unit=report.unit, date=report.date,
                                             reasons=reasons or [f"{report.file}：不是统计表"])
            if report.errors and report.is_form:
                issues.append(make("form-excluded", location=report.file, file=report.file, count=len(report.errors)))
        else:
            entries[report.file] = FileEntry(file=report.file, status="included", unit=report.unit, date=report.date)
            included.append(report)
    for report, _ in reports:
        issues.extend(i.model_copy(update={"file": report.file}) for i in report.issues)

    totals, records = _sum(included, target) if target is not None else ({}, [])
    if target is not None:
        issues.extend(_unmapped(included, target, totals))
        from anquanyue.merging.anomalies import find_anomalies, read_previous

        issues.extend(find_anomalies(included, target, read_previous(previous) if previous else None))
    issues.sort(key=lambda i: (i.severity != "error", i.file or "", i.field or ""))
    source_schema = load_schema(source_ids[0]) if len(source_ids) == 1 else target
    return MergeResult(
        schema_id=target.id if target else "", source_schema_ids=source_ids,
        unit=unit or (source_schema.issuer if source_schema else ""), contact=contact, phone=phone,
        date=date or dt.date.today().isoformat(), totals=totals, other_activities=records,
        files=[entries[str(p)] for p in files], reports=[r for r, _ in reports], issues=issues,
    )


def _most_common_schema(readable: list[tuple[FileResult, Path]]) -> Schema | None:
    counts = Counter(r.schema_id for r, _ in readable if r.schema_id and r.ok)
    if not counts:
        counts = Counter(r.schema_id for r, _ in readable if r.schema_id)
    return most_common_schema(counts)


def most_common_schema(counts: Counter[str]) -> Schema | None:
    """The target form when none is named: the one most forms use (ties: the first id); None if no form."""
    if not counts:
        return None
    return load_schema(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0])


def maps_onto(report: FileResult, target: Schema) -> bool:
    return not target.blanks.keys().isdisjoint(report.values)


def value_rows(reports: list[FileResult], codes: list[str]) -> list[tuple[int, ...]]:
    """Each report's values for ``codes``, in order; a blank left empty (or absent) as 0, as it is summed."""
    getter = operator.itemgetter(*codes) if len(codes) > 1 else (lambda values: (values[codes[0]],))
    rows = []
    for report in reports:
        try:
            row = getter(report.values)  # the common case, in C: every code there, none empty
        except KeyError:
            row = tuple(report.values.get(c) or 0 for c in codes)
        else:
            if None in row:
                row = tuple(v or 0 for v in row)
        rows.append(row)
    return rows


def _sum(included: list[FileResult], target: Schema) -> tuple[dict[str, int], list[OtherActivity]]:
    codes = list(target.codes)
    extra = sorted(set().union(*(r.values.keys() for r in included)) - set(codes))
    columns = codes + extra  # an empty blank counts 0 here, and only here
    totals = {code: sum(values) for code, values in zip(columns, zip(*value_rows(included, columns)))}
    totals.update((code, 0) for code in columns if code not in totals)  # nothing included
    records: list[OtherActivity] = []
    for report in included:
        for record in report.other_activities:  # a copy naming its unit: already validated, not again
            records.append(OtherActivity.model_construct(
                record.model_fields_set | {"unit"}, **{**record.__dict__, "unit": record.unit or report.unit}))
    totals[target.other.count.code] = sum(r.count or 0 for r in records)
    totals[target.other.people.code] = sum(r.people or 0 for r in records)
    return totals, records


def _unmapped(included: list[FileResult], target: Schema, totals: dict[str, int]) -> list[Issue]:
    """Codes the inputs carry but the target form has no blank for: reported with their totals, never dropped."""
    out = []
    for code in sorted(set().union(*(r.values.keys() for r in included)) - target.blanks.keys()):
        label = next((load_schema(r.schema_id).blanks[code].label for r in included
                      if r.schema_id and code in load_schema(r.schema_id).blanks), code)
        out.append(make("code-not-in-target", location=target.id, field=code, label=label, target=target.id,
                        value=totals.get(code, 0)))
    return out
