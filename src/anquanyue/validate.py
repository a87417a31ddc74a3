"""``validate``: read many files, one report each; one bad file never stops the others."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from .reader import FormReport, read_form
from .schema import Schema


def validate_files(paths: Iterable[str | Path], schema: Schema | str | None = None,
                   on_file: Callable[[FormReport], None] | None = None) -> list[FormReport]:
    reports = []
    for path in paths:
        report = read_form(path, schema, label=str(path))
        reports.append(report)
        if on_file:
            on_file(report)
    return reports


def exit_code(reports: list[FormReport]) -> int:
    return 0 if all(r.ok for r in reports) else 1
