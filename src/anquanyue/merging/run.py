"""One call for the ``merge`` command: check the outputs can be written, read and merge, write the outputs."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from anquanyue.chasing.roster import Roster
from anquanyue.merging.merge import MergeResult, merge
from anquanyue.reading.archives import on_disk
from anquanyue.schema import Schema
from anquanyue.speed.workers import WorkerPool
from anquanyue.writing.atomic import InputFiles
from anquanyue.writing.outputs import check_outputs, write_outputs, writes_beside


def merge_to_files(paths: list[str | Path], output: Path, *, schema: Schema | str | None = None,
                   to: Schema | str | None = None, unit: str | None = None, contact: str | None = None,
                   phone: str | None = None, date: str | None = None, report: Path | None = None,
                   previous: list[str | Path] | None = None, roster: Roster | None = None,
                   on_file: Callable[[int, int, str], None] | None = None, allow_partial: bool = False
                   ) -> tuple[MergeResult, tuple[Path, Path] | None]:
    """Merge and write the deliverable and the report; the outputs are checked before anything is read.
    Returns the result and the paths written (None when no form could be read, or when blanks of the target form
    could not be mapped and ``allow_partial`` is not given: nothing is written)."""
    # checked against the files the inbox is found to hold, before any is read (a file inside an archive: the
    # archive is the input); the list is not kept while reading: worker processes forked then would each hold a
    # copy of it (30,000 paths: about 17 MB in every process)
    def check(found: list) -> None:
        check_outputs(Path(output), report, InputFiles(on_disk(p) for p in found))
        pool.keep = writes_beside(Path(output), len(found))  # else the workers exit as soon as reading ends

    with WorkerPool() as pool:  # the processes that read the forms then write the deliverable beside the report
        result = merge(paths, schema=schema, to=to, unit=unit, contact=contact, phone=phone, date=date,
                       previous=previous, roster=roster, on_file=on_file, allow_partial=allow_partial,
                       on_found=check, pool=pool)
        if result.form_schema is None or result.blocked:
            return result, None
        return result, write_outputs(result, output, report, pool)
