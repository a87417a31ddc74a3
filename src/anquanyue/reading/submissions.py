"""What a file's forms are as submissions: named ``file#sheet`` when there are several, blank copies skipped.

Also what to say when a file holds no form: what was found there, and the template only when the wording
really differs from it.
"""
from __future__ import annotations

from anquanyue.issues import Issue, make
from anquanyue.reading.detection import MIN_SHARE, names_title, rank
from anquanyue.reading.document import Document, Grid

# issues a blank copy of the form has (its header may be filled in, its blanks are not)
_BLANK_CODES = frozenset({"blank-empty", "form-empty", "unit-missing", "unit-instruction", "date-missing",
                          "date-invalid", "date-no-year", "date-late", "date-other-year", "schema-mismatch"})


def is_blank(report) -> bool:
    """A form whose blanks are all empty and that has no item-7 record: the blank template, perhaps with its
    header filled in."""
    return (report.is_form and all(v is None for v in report.values.values()) and not report.other_activities
            and all(i.code in _BLANK_CODES for i in report.issues))


def name_forms(file: str, reports: list, document: Document) -> list:
    """The file's forms as submissions: blank copies dropped (with a note) when a filled one is there; with
    several left, each named ``file#sheet``. The loader's issues go to the form of the sheet they name."""
    filled = [r for r in reports if not is_blank(r)]
    current = [r for r in filled if not _other_year(r)]
    if current and len(current) < len(filled):  # last year's filled sheet kept next to this year's
        old = [r for r in filled if _other_year(r)]
        current[0].issues.append(make("sheet-other-year-skipped", location=file,
                                      sheets="、".join(r.sheet or "" for r in old)))
        filled = current
    kept = filled or reports[:1]
    dropped = [r for r in reports if all(r is not k for k in kept)]
    skipped = [r for r in dropped if is_blank(r)] if filled else []
    for report in kept:  # a loader's note on a sheet left out (a formula in the blank copy) goes with that sheet
        report.issues[:0] = [i for i in document.issues if _belongs(i, report.sheet, kept)
                             and not any(_names_sheet(i, r.sheet) for r in dropped)]
    if skipped:
        kept[0].issues.append(make("sheet-blank-skipped", location=file, sheets="、".join(r.sheet or "" for r in skipped),
                                   read="、".join(r.sheet or "" for r in kept)))
    if len(kept) > 1:
        for report in kept:
            report.source = file
            report.file = f"{file}#{report.sheet}"
    return kept


def _other_year(report) -> bool:
    """A form of another year (its title says so, or its items are another version's)."""
    return any(i.code in ("other-year", "other-version", "other-version-known") for i in report.issues)


def _names_sheet(issue: Issue, sheet: str | None) -> bool:
    return bool(sheet) and (issue.location or "").startswith(f"{sheet}!")


def _belongs(issue: Issue, sheet: str | None, kept: list) -> bool:
    """Whether a loader issue goes with the form read from ``sheet``: one naming a sheet goes with that sheet's
    form; one naming none (or a sheet with no form) with the first form."""
    for report in kept:
        if _names_sheet(issue, report.sheet):
            return report.sheet == sheet
    return sheet == kept[0].sheet


def not_a_form_issue(document: Document, file: str, schemas: list) -> Issue:
    """Why no form was found: a form in a hidden sheet, a file with no text at all, a form's title over a picture
    (the table pasted as an image), or wording that differs from every form's."""
    hidden = [g for g in document.grids if g.hidden]
    if hidden:
        shown = [Grid(g.name, g.cells) for g in hidden]
        ranking = rank(Document(document.path, document.fmt, shown), schemas)
        if ranking and ranking[0].share >= MIN_SHARE:
            return make("form-in-hidden-sheet", location=file, sheet=ranking[0].grid.name)
    if not any(cell.text.strip() for grid in document.grids for cell in grid.cells):
        return make("file-no-text", location=file)
    if document.images and any(names_title(s, g) for s in schemas for g in document.grids if not g.hidden):
        return make("form-as-image", location=file, count=document.images)
    return make("not-a-form", location=file)
