"""``validate``: read many files, one report each; one bad file never stops the others."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from anquanyue.reading.inbox import collect, ignore_reason
from anquanyue.reading.pool import bulk_gc, read_many
from anquanyue.reading.reader import FileResult
from anquanyue.schema import Schema


def validate_files(paths: Iterable[str | Path], schema: Schema | str | None = None,
                   on_file: Callable[[int, int, str], None] | None = None) -> list[FileResult]:
    """One report per file, in order; folders are searched recursively for .xlsx/.xls/.docx files."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(p for p in collect([path]) if not ignore_reason(p))
        else:
            files.append(path)
    with bulk_gc():
        return list(read_many(files, schema, on_file=on_file))


def exit_code(reports: list[FileResult]) -> int:
    return 0 if all(r.ok for r in reports) else 1
