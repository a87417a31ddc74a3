"""``validate``: read many files, one report each; one bad file never stops the others."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from .collect import collect, ignore_reason
from .parallel import bulk_gc, read_many
from .reader import FormReport
from .schema import Schema


def validate_files(paths: Iterable[str | Path], schema: Schema | str | None = None,
                   on_file: Callable[[int, int, str], None] | None = None) -> list[FormReport]:
    """One report per file, in order; folders are searched recursively for .xlsx/.xls/.docx files."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(p for p in collect([path]) if not ignore_reason(p))
        else:
            files.append(path)
    with bulk_gc():
        return list(read_many(files, schema, on_file=on_file))


def exit_code(reports: list[FormReport]) -> int:
    return 0 if all(r.ok for r in reports) else 1
