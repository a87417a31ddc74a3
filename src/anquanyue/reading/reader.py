"""Read one filled form: load → find the form and its schema → extract → check. Never raises for bad input."""
from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from dataclasses import dataclass, field, fields, replace

from anquanyue.reading.archives import Member
from anquanyue.reading.detection import (
    MIN_SHARE, first_difference, names_title, other_title, other_year, rank,
)
from anquanyue.reading.document import Document, LoadError
from anquanyue.reading.extraction import Extraction, extract_items, extract_records
from anquanyue.formdata import WORKING_REPORT, FormData, Provenance
from anquanyue.reading.dates import read_date
from anquanyue.reading.header import looks_like_instruction, parse_date, read_header
from anquanyue.issues import Issue, has_errors, make
from anquanyue.reading.loaders import load_document
from anquanyue.reading.rules import check_rules
from anquanyue.schema import Schema, SchemaError, list_schemas, load_schema
from anquanyue.schema.registry import Registry
from anquanyue.reading.several import form_grids
from anquanyue.reading.submissions import name_forms, not_a_form_issue
from anquanyue.reading.structured import extract_structured, main_grid, record_grid, structured_schema_id
from anquanyue.reading.textindex import TextIndex


@dataclass(slots=True, kw_only=True)
class FileResult(FormData):
    """What reading one file gave: the form's data (``FormData``), where each value was found, and the issues —
    or only the reasons it could not be read."""

    file: str
    format: str | None = None
    sheet: str | None = None
    mtime: float = 0.0  # the file's modification time: the last tie-break of which form counts
    digest: str = ""  # sha256 of the file's bytes (first 16 hex digits): a deliverable records its sources' digests
    issues: list[Issue] = field(default_factory=list)
    locations: dict[str, str] = field(default_factory=dict)
    is_form: bool = False  # False when the file could not be opened or holds no recognisable form
    ignored: Issue | None = None  # a file not read at all (an Office lock file, a hidden file, …): why
    source: str | None = None  # the input file, when it holds several forms (``file`` is then ``file#sheet``)

    @property
    def source_file(self) -> str:
        """The input file this form was read from."""
        return self.source or self.file

    @property
    def ok(self) -> bool:
        return self.is_form and not has_errors(self.issues)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == "error"]

    def to_json(self) -> dict:
        return {
            "file": self.file, "schema": self.schema_id, "unit": self.unit, "contact": self.contact,
            "phone": self.phone, "date": self.date, "values": self.values,
            "other_activities": [r.to_json(with_unit=False) for r in self.other_activities],
            "issues": [i.to_json(with_file=False) for i in self.issues],
            "format": self.format, "sheet": self.sheet, "ok": self.ok,
        }

    def __reduce__(self):
        """From a worker process to the main one as a tuple of field values (issues, records and the schema
        pickle compactly themselves): no field names repeated for every one of tens of thousands of forms."""
        return _unpacked, (tuple([getattr(self, name) for name in _NAMES]),)


_NAMES = tuple(f.name for f in fields(FileResult))


def _unpacked(values: tuple) -> FileResult:
    return FileResult(**dict(zip(_NAMES, values)))


def read_form(path: str | Path | Member, schema: Schema | str | None = None, *, label: str | None = None,
              schemas: Sequence[Schema] | None = None) -> FileResult:
    """Read ``path``'s first form (``read_forms`` gives every form of a file that holds several)."""
    return read_forms(path, schema, label=label, schemas=schemas)[0]


def read_forms(path: str | Path | Member, schema: Schema | str | None = None, *, label: str | None = None,
               schemas: Sequence[Schema] | None = None) -> list[FileResult]:
    """Every form in ``path``, in the file's order; never empty (a file without a form gives one result saying
    why). ``schema`` forces one schema (a warning says when a form looks like another one); ``schemas`` are the
    ones a form is recognised among (default: the built-in and the user's registered ones). A file with several
    filled forms gives one result each, named ``file#sheet``; a sheet that is the blank form is skipped with a
    note."""
    file = label or str(path)
    report = FileResult(file=file, mtime=_mtime(path))
    try:
        document = load_document(path)
    except LoadError as exc:
        report.issues.append(make(exc.code, **{"location": file, **{k: v for k, v in exc.params.items() if k != "location"}}))
        return [report]
    report.format = document.fmt
    report.digest = document.digest
    report.provenance = Provenance.from_properties(document.properties) if document.properties else None
    if document.properties.get(WORKING_REPORT):
        report.ignored = make("file-ignored", location=file, reason="anquanyue 写出的工作报告（不是统计表）")
        return [report]
    forced = load_schema(schema) if schema is not None else None
    candidates = list(schemas) if schemas is not None else known_schemas()
    structured_id = structured_schema_id(document)
    if structured_id is not None:
        report.issues.extend(document.issues)
        _read_structured(report, document, forced, structured_id, candidates)
        return [report]
    return _read_official(report, document, forced, candidates)


def _mtime(path: str | Path | Member) -> float:
    if isinstance(path, Member):
        return 0.0  # a file inside an archive has no time of its own (see Member.stat)
    try:
        return os.stat(path).st_mtime
    except (OSError, ValueError):
        return 0.0  # loading says what is wrong with it


def known_schemas() -> list[Schema]:
    """The built-in schemas and the user's registered ones; only the built-in ones if those cannot be read
    (the commands load the registry first and say what is wrong with it)."""
    try:
        return Registry.discover().schemas()
    except SchemaError:
        return list_schemas()


def _read_structured(report: FileResult, document: Document, forced: Schema | None, schema_id: str,
                     candidates: list[Schema]) -> None:
    recorded = next((s for s in candidates if s.id == schema_id), None)
    if recorded is None:
        try:
            recorded = load_schema(schema_id)
        except SchemaError:
            recorded = None
    schema = forced or recorded
    grid = main_grid(document)
    if schema is None or grid is None:
        report.issues.append(make("not-a-form", location=report.file))
        return
    if forced is not None and recorded is not None and recorded.id != forced.id:
        report.issues.append(make("schema-mismatch", location=report.file, schema=forced.id, other=recorded.id,
                                  title=recorded.title))
    _finish(report, schema, grid.cells, grid.name, extract_structured(schema, grid, record_grid(document)))


def _read_official(first: FileResult, document: Document, forced: Schema | None,
                   candidates: list[Schema]) -> list[FileResult]:
    """A result for every sheet (every form table of a Word file) that holds a form; when none does, one saying
    why (a form of another version, a form in a hidden sheet, no text at all, or no form)."""
    candidates = list(candidates)
    if forced is not None and all(s.id != forced.id for s in candidates):
        candidates.append(forced)
    reports = []
    for grid in form_grids(document, candidates):
        if grid.hidden:
            continue
        report = replace(first, issues=[], values={}, locations={}, other_activities=[])
        if _read_grid(report, rank(Document(document.path, document.fmt, [grid]), candidates, always=forced),
                      forced, document):
            reports.append(report)
    if reports:
        return name_forms(first.file, reports, document)
    first.issues.extend(document.issues)
    ranking = rank(document, candidates, always=forced)
    if forced is not None:
        own = next((m for m in ranking if m.schema is forced or m.schema.id == forced.id), None)
        found = _other_version(first, own.grid if own else None, forced, ranking)
    else:
        titled = next((m for m in ranking if names_title(m.schema, m.grid)), None)
        found = titled is not None and _other_version(first, titled.grid, titled.schema, ranking)
    if not found:
        first.issues.append(not_a_form_issue(document, first.file, candidates))
    return [first]


def _read_grid(report: FileResult, ranking, forced: Schema | None, document: Document) -> bool:
    """Read the form of one grid (``ranking``: the schemas scored on it) into ``report``; False when it holds none."""
    best = ranking[0] if ranking else None
    if forced is not None:
        own = next((m for m in ranking if m.schema is forced or m.schema.id == forced.id), None)
        if own is None or own.share < MIN_SHARE:
            return False
        if best is not None and best.schema.id != forced.id and best.share > own.share + 0.02:
            report.issues.append(make("schema-mismatch", location=report.file, schema=forced.id, other=best.schema.id,
                                      title=best.schema.title))
        chosen, grid = forced, own.grid
    else:
        if best is None or best.share < MIN_SHARE:
            return False
        chosen, grid = best.schema, best.grid
        if first_difference(chosen, grid) is not None:  # a registered schema whose items are the form's wins
            same = next((m for m in ranking[1:] if m.share >= MIN_SHARE and m.grid is grid
                         and first_difference(m.schema, grid) is None), None)
            if same is not None:
                chosen = same.schema
        chosen = _of_the_forms_year(chosen, grid, ranking)
    if _other_version(report, grid, chosen, ranking):
        return True
    year = other_year(chosen, grid)
    title = other_title(chosen, grid)
    if year is not None:
        report.issues.append(make("other-year", location=f"{report.file} {grid.name}", found=year, year=chosen.year,
                                  title=chosen.title))
    elif title is not None:
        report.issues.append(make("other-form", location=f"{report.file} {grid.name}", found=title,
                                  title=chosen.title, issuer=chosen.issuer))
    index = TextIndex.of(grid)
    extraction = extract_items(chosen, index)
    extract_records(chosen, index, extraction.end, extraction)
    head_end = extraction.first if extraction.first is not None else len(index.norm)
    header_cells = grid.cells[: index.cell_index(head_end) + 1]
    _finish(report, chosen, header_cells, grid.name, extraction, all_cells=grid.cells,
            margins=[*document.margins, *grid.margins])
    return True


TIE = 0.02  # shares this close are the same wording


def _of_the_forms_year(chosen: Schema, grid, ranking) -> Schema:
    """Among schemas of the same wording (a form unchanged from one year to the next), the one of the year the form
    was filled in (its 填报日期), else the newest one."""
    share = next(m.share for m in ranking if m.schema is chosen and m.grid is grid)
    alike = [m.schema for m in ranking if m.grid is grid and m.share >= share - TIE
             and (m.schema is chosen or first_difference(m.schema, grid) is None)]
    if len(alike) < 2:
        return chosen
    header, _ = read_header(grid.cells[:12])
    date = parse_date(header.get("date") or "")
    if date is not None:
        of_year = [s for s in alike if s.year == int(date[:4])]
        if of_year:
            return of_year[0] if chosen not in of_year else chosen
    return max(alike, key=lambda s: s.year)


def _other_version(report: FileResult, grid, schema: Schema, ranking) -> bool:
    """A form of another year or version of ``schema`` (its numbered items differ): an error naming the first
    differing item and the registered schema it does match, if any; the header is still read (who sent it)."""
    if grid is None:
        return False
    difference = first_difference(schema, grid)
    if difference is None:
        return False
    number, found, expected = difference
    where = f"{report.file} {grid.name}"
    same = next((m.schema for m in ranking if m.grid is grid and m.schema.id != schema.id and m.share >= MIN_SHARE
                 and first_difference(m.schema, grid) is None), None)
    if same is not None:
        issue = make("other-version-known", location=where, schema=schema.id, item=number, other=same.id,
                     title=same.title)
    else:
        issue = make("other-version", location=where, schema=schema.id, item=number, found=found, expected=expected)
    _finish(report, schema, grid.cells[:6], grid.name, Extraction(issues=[issue]), all_cells=grid.cells)
    return True


def _finish(report: FileResult, schema: Schema, header_cells, sheet: str, extraction: Extraction,
            all_cells=None, margins=()) -> None:
    report.is_form = True
    report.form_schema = schema
    report.sheet = sheet
    header, where = read_header(header_cells)
    # what the line above the form does not say: below it (填报日期 under the table), then the page header/footer
    for cells in (all_cells, margins):
        if cells and not all(header.get(k) for k in ("unit", "contact", "phone", "date")):
            more, more_where = read_header(cells)
            for key, value in more.items():
                if value and not header.get(key):
                    header[key], where[key] = value, more_where[key]
    report.unit = header.get("unit") or None
    report.contact = header.get("contact") or None
    report.phone = header.get("phone") or None
    head_loc = where.get("unit") or (header_cells[0].location if header_cells else sheet)
    if report.unit and looks_like_instruction(report.unit):  # a sentence of the instructions, not a name
        report.issues.append(make("unit-instruction", location=f"{report.file} {head_loc}", text=report.unit))
        report.unit = None
    elif not report.unit:
        report.issues.append(make("unit-missing", location=f"{report.file} {head_loc}"))
    raw_date = header.get("date") or ""
    report.date, date_issues = read_date(raw_date, schema, f"{report.file} {where.get('date', head_loc)}")
    report.issues.extend(date_issues)
    report.values = {code: extraction.values.get(code) for code in schema.codes}
    report.locations = dict(extraction.locations)
    report.other_activities = extraction.records
    issues = list(extraction.issues)
    if all(v is None for v in report.values.values()) and not extraction.records:
        if not has_errors(issues):
            issues.append(make("form-empty", location=f"{report.file} {sheet}"))
    else:
        unreadable = {i.field for i in issues if i.field and i.severity == "error"}
        issues.extend(check_rules(schema, report.values, report.locations, unreadable))
    report.issues.extend(issues)
