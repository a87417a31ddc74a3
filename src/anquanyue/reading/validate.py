"""Reading an inbox: every file found, one result per form (a file holding several gives several, named
``file#sheet``), in a stable order; one bad file never stops the others."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from anquanyue.issues import make
from anquanyue.reading.archives import Member
from anquanyue.reading.inbox import collect, ignore_reason
from anquanyue.reading.pool import read_many, start_early
from anquanyue.reading.reader import FileResult
from anquanyue.schema import Schema
from anquanyue.schema.registry import Registry
from anquanyue.speed.gc import bulk_gc
from anquanyue.speed.workers import WorkerPool


def read_inbox(paths: Iterable[str | Path], schema: Schema | str | None = None, *,
               on_file: Callable[[int, int, str], None] | None = None,
               registry: Registry | None = None,
               on_found: Callable[[list[Path | Member]], None] | None = None,
               pool: WorkerPool | None = None) -> list[FileResult]:
    """One result for every form of every file under ``paths`` (folders searched recursively; a file holding
    several forms gives one each, named ``file#sheet``), in order. A file that is not read at all (an Office lock
    file, a hidden file, …) gets a result whose ``ignored`` says why.

    Forms are recognised among ``registry``'s schemas (default: the built-in ones, the user's registered ones and
    those in a ``schemas`` folder in or beside the paths given); a broken user schema raises ``SchemaError``.
    ``on_found`` is given the files found before any is read (merge checks its outputs against them: the folders
    are searched once). ``pool``: as for ``read_many`` (the job's worker processes, left running)."""
    paths = list(paths)
    registry = registry if registry is not None else Registry.discover(paths)
    registry.entries()  # a broken or clashing user schema is said before any file is read
    files = collect(paths)
    if on_found is not None:
        on_found(files)
    reasons = {index: reason for index, path in enumerate(files) if (reason := ignore_reason(path))}
    if pool is not None:  # spawned workers start now, while this process imports and warms up
        start_early(pool, len(files) - len(reasons))
    # names, not Path objects, from here on: worker processes forked while reading each hold a copy of what this
    # process holds then (30,000 Paths: about 17 MB in every process, their names a fifth of that)
    files = [path if isinstance(path, Member) else str(path) for path in files]
    with bulk_gc():
        read = iter(read_many([p for i, p in enumerate(files) if i not in reasons], schema, on_file=on_file,
                              registry=registry, pool=pool))
        return [result for index, path in enumerate(files)
                for result in ([_ignored(path, reasons[index])] if index in reasons else next(read))]


def _ignored(path: str | Member, reason: str) -> FileResult:
    return FileResult(file=str(path), ignored=make("file-ignored", location=str(path), reason=reason))


def validate_files(paths: Iterable[str | Path], schema: Schema | str | None = None,
                   on_file: Callable[[int, int, str], None] | None = None,
                   registry: Registry | None = None) -> list[FileResult]:
    """One result per form (a file holding several gives several), in file order; files named directly are always
    read (an archive named gives its files), files in folders unless ignored (only the clerk's own: lock files,
    hidden files, notes). ``registry``: as for ``read_inbox``."""
    paths = list(paths)
    registry = registry if registry is not None else Registry.discover(paths)
    registry.entries()
    files: list[Path | Member] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(p for p in collect([path]) if not ignore_reason(p))
        else:  # a file named is read whatever its name; an archive named gives its files
            files.extend(p for p in collect([path]) if isinstance(p, Path) or not ignore_reason(p))
    with bulk_gc():
        return [result for results in read_many(files, schema, on_file=on_file, registry=registry)
                for result in results]


def exit_code(results: list[FileResult]) -> int:
    return 0 if all(r.ok or r.ignored is not None for r in results) else 1
