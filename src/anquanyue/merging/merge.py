"""``merge``: every unit's form in, the consolidated form for the next level up out — every file accounted for.

Pure steps over forms already read: ``classify`` (the four lists, by ``selection``'s one rule) → ``sum_forms``
onto the target form → the anomaly checks. ``merge`` reads the inbox (and last year's forms) through the same
reader first; ``merge_results`` does the rest without touching a file.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from anquanyue.formdata import FormData, Provenance, Source
from anquanyue.issues import Issue
from anquanyue.chasing.roster import Roster
from anquanyue.chasing.status import UnitStatus, unit_states
from anquanyue.merging.classify import STATUS_NAMES, FileEntry, Status, classify, maps_onto, target_schema  # noqa: F401
from anquanyue.merging.mapping import Mapped, map_forms
from anquanyue.merging.selection import counting_forms
from anquanyue.merging.totals import sum_forms, unmapped_issues
from anquanyue.reading.reader import FileResult
from anquanyue.reading.validate import read_inbox
from anquanyue.speed.gc import bulk_gc
from anquanyue.speed.workers import WorkerPool
from anquanyue.schema import Schema, load_schema


@dataclass(slots=True, kw_only=True)
class MergeResult(FormData):
    """The consolidated form (``FormData`` on the target schema: ``values`` are the totals) and where every input
    file went."""

    source_schemas: list[Schema] = field(default_factory=list)
    unmapped: dict[str, int] = field(default_factory=dict)  # totals of codes the target form has no blank for
    files: list[FileEntry]
    results: list[FileResult] = field(default_factory=list)
    issues: list[Issue]
    not_counted: list[UnitStatus] | None = None  # with a roster: its units whose numbers are not in the totals
    not_mapped: list[str] = field(default_factory=list)  # target blanks no input blank means (mapping.py): empty
    blocked: bool = False  # blanks not mapped and no --allow-partial: no deliverable is written

    @property
    def totals(self) -> dict[str, int]:
        return {**self.values, **self.unmapped}

    @property
    def source_schema_ids(self) -> list[str]:
        return [s.id for s in self.source_schemas]

    def entries(self, status: Status) -> list[FileEntry]:
        return [f for f in self.files if f.status == status]

    @property
    def included_results(self) -> list[FileResult]:
        included = {f.file for f in self.entries("included")}
        return [r for r in self.results if r.file in included]

    @property
    def exit_code(self) -> int:
        mismatched = any(i.severity == "error" for f in self.entries("subtotal") for i in f.reasons)  # 汇总 ≠ parts
        return 1 if self.entries("excluded") or self.not_counted or self.blocked or mismatched else 0

    def deliverable(self) -> FormData:
        """The form to stamp and send: the target's blanks only, and what it is (``provenance``)."""
        return FormData(form_schema=self.form_schema, unit=self.unit, contact=self.contact, phone=self.phone,
                        date=self.date, values={c: self.values.get(c) for c in self.form_schema.codes},
                        other_activities=self.other_activities, provenance=self.provenance_record())

    def provenance_record(self) -> Provenance:
        """This consolidated form's schema, unit and date, and every unit it sums (through the consolidated forms
        among its sources too), each with the digest of the file it came in."""
        sources: list[Source] = []
        for result in self.included_results:
            sources.append(Source(unit=result.unit or "", digest=result.digest))
            if result.provenance is not None:
                sources.extend(result.provenance.sources)
        return Provenance(schema_id=self.schema_id or "", unit=self.unit or "", date=self.date, sources=sources)

    def to_json(self) -> dict:
        return {
            "schema": self.schema_id, "unit": self.unit, "date": self.date, "totals": self.totals,
            "other_activities": [a.to_json() for a in self.other_activities],
            "included": [{"file": f.file, "unit": f.unit, "date": f.date} for f in self.entries("included")],
            "excluded": [{"file": f.file, "unit": f.unit, "reasons": [i.message for i in f.reasons]}
                         for f in self.entries("excluded")],
            "superseded": [{"file": f.file, "unit": f.unit, "by": f.by} for f in self.entries("superseded")],
            "ignored": [{"file": f.file, "reason": f.reasons[0].text if f.reasons else ""}
                        for f in self.entries("ignored")],
            "subtotals": [{"file": f.file, "unit": f.unit, "reasons": [i.message for i in f.reasons]}
                          for f in self.entries("subtotal")],
            "issues": [i.to_json() for i in self.issues],
            "source_schemas": self.source_schema_ids, "not_mapped": self.not_mapped,
            "provenance": self.provenance_record().to_json() if self.form_schema is not None else None,
            **({"not_counted": [{"unit": u.unit, "state": u.state, "file": u.file, "reasons": u.errors}
                                for u in self.not_counted]} if self.not_counted is not None else {}),
        }


def merge(paths: list[str | Path], *, schema: Schema | str | None = None, to: Schema | str | None = None,
          unit: str | None = None, date: str | None = None, contact: str | None = None, phone: str | None = None,
          on_file: Callable[[int, int, str], None] | None = None,
          previous: list[str | Path] | None = None, roster: Roster | None = None,
          allow_partial: bool = False, on_found: Callable[[list], None] | None = None,
          pool: WorkerPool | None = None) -> MergeResult:
    """Read every file under ``paths`` and merge; ``previous`` (last year's forms) adds the period checks.
    Forms are recognised among the built-in, registered and inbox-side schemas (``schema/registry.py``).
    ``on_found``, ``pool``: as for ``read_inbox`` (the files under ``paths``, before any is read; the job's
    worker processes)."""
    forced = load_schema(schema) if schema is not None else None
    results = read_inbox(paths, forced, on_file=on_file, on_found=on_found, pool=pool)
    last_year = read_inbox(previous, pool=pool) if previous else None
    return merge_results(results, schema=forced, to=to, unit=unit, date=date, contact=contact, phone=phone,
                         previous=last_year, roster=roster, allow_partial=allow_partial)


@bulk_gc()  # it holds every form read: the collector walked them ~380 times at 10,000 forms (up to 0.35 s of 0.65)
def merge_results(results: list[FileResult], *, schema: Schema | str | None = None, to: Schema | str | None = None,
                  unit: str | None = None, date: str | None = None, contact: str | None = None,
                  phone: str | None = None, previous: list[FileResult] | None = None,
                  roster: Roster | None = None, allow_partial: bool = False) -> MergeResult:
    """Merge forms already read (one result per form of each input file, in input order, as ``read_inbox`` gives
    them): no file is read or written here. Forms of another schema than the target are mapped onto it by meaning (``mapping.py``); a target blank none
    of them means is left empty and stops the deliverable unless ``allow_partial``."""
    forced = load_schema(schema) if schema is not None else None
    target = load_schema(to) if to is not None else forced or target_schema(results)
    sources = sorted({r.form_schema.id: r.form_schema for r in results if r.is_form}.items())
    source = sources[0][1] if len(sources) == 1 else target
    unit = unit or (source.issuer if source else "")
    sorting = classify(results, target, own_unit=unit)
    issues = list(sorting.issues)
    for result in results:
        issues.extend(replace(i, file=result.file) for i in result.issues)
    totals: dict[str, int] = {}
    unmapped: dict[str, int] = {}
    records = []
    mapped = map_forms(sorting.included, target, allow_partial) if target is not None else Mapped([])
    if target is not None:
        totals, unmapped, records = sum_forms(mapped.results, target)
        for code in mapped.not_mapped:  # 未能对应: left empty, never a made-up 0
            totals.pop(code, None)
        issues.extend(mapped.issues)
        issues.extend(unmapped_issues(mapped.results, target, unmapped))
        last_year = counting_forms(r for r in previous or [] if r.ok)
        # imported here, not at the top: numpy comes with it, and a merge's spawned workers start sooner when
        # this module is imported without it (a process reading many forms has numpy by now, for the folding)
        from anquanyue.merging.anomalies import find_anomalies

        issues.extend(find_anomalies(mapped.results, target, last_year or None))
    issues.sort(key=lambda i: (i.severity != "error", i.file or "", i.field or ""))
    not_counted = None
    if roster is not None:
        states = unit_states(results, sorting.entries, roster, target.deadline if target else None)
        not_counted = [u for u in states.units if u.state != "received"]
    return MergeResult(
        not_counted=not_counted, form_schema=target, source_schemas=[s for _, s in sources], unit=unit,
        contact=contact, phone=phone, date=date or dt.date.today().isoformat(), values=totals, unmapped=unmapped,
        other_activities=records, files=sorting.entries, results=results, issues=issues,
        not_mapped=mapped.not_mapped, blocked=bool(mapped.not_mapped) and not allow_partial,
    )
