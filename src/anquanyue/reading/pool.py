"""Reading many files across the cores: results in input order, one slow or hostile file never stops the rest."""
from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from pathlib import Path

from anquanyue.issues import make
from anquanyue.reading.loaders.sniff import MAX_FILE_MB
from anquanyue.reading.reader import FileResult, read_form
from anquanyue.schema import Schema, list_schemas, load_schema
from anquanyue.speed.strings import share_strings
from anquanyue.reading.textnorm import fold, significant_of_folded

POOL_MIN_FILES = 48  # below this, starting worker processes costs more than it saves
CHUNK_MAX = 64  # files a worker reads per task: fewer round trips to the main process (its CPU is the workers' too)
CHUNKS_PER_WORKER = 8  # at least this many tasks per worker, so that the last ones finish together
FILE_TIMEOUT = 60  # seconds one file may take; far beyond any real form (about 2 ms)


class _Timeout(Exception):
    pass


def _alarm(signum, frame):  # pragma: no cover - only fires on a runaway file
    raise _Timeout


@lru_cache(maxsize=8)
def _schema(ref: str | None) -> Schema | None:
    return load_schema(ref) if ref is not None else None


def read_one(path: str, schema_ref: str | None, timeout: int = FILE_TIMEOUT) -> FileResult:
    """``read_form`` under a time limit (where the platform has SIGALRM and this is the main thread)."""
    use_alarm = timeout and hasattr(signal, "SIGALRM")
    if use_alarm:
        try:
            previous = signal.signal(signal.SIGALRM, _alarm)
        except ValueError:  # not the main thread
            use_alarm = False
    if use_alarm:
        signal.alarm(timeout)
    try:
        return share_strings(read_form(path, _schema(schema_ref), label=path))
    except _Timeout:
        report = FileResult(file=path)
        report.issues.append(make("file-timeout", location=path, seconds=timeout))
        return report
    finally:
        if use_alarm:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)


def _warm_up() -> None:
    """What every worker needs, made once here so that forked workers inherit it: the built-in schemas and the
    text folding and noise tables (with numpy)."""
    list_schemas()
    significant_of_folded(fold("（" * 256)[0])


def chunk_size(total: int, workers: int) -> int:
    """Files per task: large enough that passing tasks and results costs little, small enough that every worker
    gets several (an even finish, and a progress bar that moves at least every 64 files, ~0.1 s)."""
    return max(1, min(CHUNK_MAX, total // (workers * CHUNKS_PER_WORKER)))


def prefetch(paths: list[str]) -> None:
    """Ask the system to start reading these files now, so that the disk works while earlier ones are parsed.

    Received forms are rarely in the page cache (a folder from the mail, a network share): read cold, 6,000 of
    them took 15-25% longer. Only a hint (POSIX systems): no file is read here, a FIFO never blocks, and at most
    the size limit of a form is asked for."""
    if not hasattr(os, "posix_fadvise"):
        return
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            continue  # read_form will say what is wrong with it
        try:
            os.posix_fadvise(fd, 0, MAX_FILE_MB * 1024 * 1024, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass
        finally:
            os.close(fd)


def _read_chunk(args: tuple[list[str], str | None]) -> list[FileResult]:
    paths, schema_ref = args
    prefetch(paths)  # the chunk's later files load while its first ones are parsed
    return [read_one(path, schema_ref) for path in paths]


def read_many(paths: Iterable[str | Path], schema: Schema | str | None = None, *,
              on_file: Callable[[int, int, str], None] | None = None, workers: int | None = None) -> Iterator[FileResult]:
    """Read every path, yielding reports in the order given; across processes when there are many files."""
    labels = [str(p) for p in paths]
    total = len(labels)
    workers = workers or min(os.cpu_count() or 1, 8)
    loaded = load_schema(schema) if schema is not None else None
    if workers < 2 or total < POOL_MIN_FILES:
        for number, label in enumerate(labels, 1):
            if number % CHUNK_MAX == 1:  # a chunk at a time, as a worker does: never a whole huge folder at once
                prefetch(labels[number - 1 : number - 1 + CHUNK_MAX])
            report = read_form(label, loaded, label=label)
            if on_file:
                on_file(number, total, label)
            yield report
        return
    ref = loaded.ref if loaded is not None else None
    size = chunk_size(total, workers)
    chunks = [(labels[i : i + size], ref) for i in range(0, total, size)]
    _warm_up()
    done = 0
    with ProcessPoolExecutor(max_workers=workers) as pool:
        for reports in pool.map(_read_chunk, chunks):
            for report in reports:
                done += 1
                if on_file:
                    on_file(done, total, report.file)
                yield report
