"""One call for the ``merge`` command: read with a progress bar, check, write the outputs."""
from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from anquanyue.speed.deliverable_process import APART_MIN_FILES, DeliverableWriter
from anquanyue.writing.atomic import InputFiles, OutputError, check_output
from anquanyue.reading.inbox import collect, ignore_reason
from anquanyue.merging.merge import MergeResult, merge_files
from anquanyue.writing.outputs import DELIVERABLE_SUFFIXES, default_report_path, write_outputs
from anquanyue.speed.report_draft import DRAFT_MIN_FILES, ReportDraft
from anquanyue.schema import Schema


def run_merge(paths: list[Path], output: Path, *, schema: Schema | None = None, to: Schema | None = None,
              unit: str | None = None, contact: str | None = None, phone: str | None = None,
              date: str | None = None, report: Path | None = None, previous: list[Path] | None = None,
              console: Console | None = None) -> tuple[MergeResult, tuple[Path, Path] | None]:
    """Check the outputs can be written before reading anything, then merge and write."""
    output = Path(output)
    if output.suffix.lower() not in DELIVERABLE_SUFFIXES:
        raise OutputError("output-bad-suffix", location=str(output))
    inputs = collect(paths)
    sources = InputFiles(inputs)
    for target in (output, Path(report) if report else default_report_path(output)):
        check_output(target, sources)
    to_read = sum(1 for p in inputs if not ignore_reason(p))
    large = output.suffix.lower() != ".json" and to_read >= APART_MIN_FILES
    draft = ReportDraft(to or schema) if to_read >= DRAFT_MIN_FILES else None
    try:
        with DeliverableWriter() if large else nullcontext() as apart:
            return _merge_and_write(inputs, to_read, output, schema=schema, to=to, unit=unit, contact=contact,
                                    phone=phone, date=date, report=report, previous=previous, console=console,
                                    apart=apart, draft=draft)
    finally:
        if draft is not None:
            draft.close()


def _merge_and_write(inputs: list[Path], to_read: int, output: Path, *, schema, to, unit, contact, phone, date, report,
                     previous, console, apart, draft) -> tuple[MergeResult, tuple[Path, Path] | None]:
    on_report = draft.add if draft is not None else None
    if console is None:
        result = merge_files(inputs, schema=schema, to=to, unit=unit, date=date, contact=contact, phone=phone,
                             previous=previous, on_report=on_report)
    else:
        columns = (TextColumn("读取统计表"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   TextColumn("{task.description}"))
        with Progress(*columns, console=console, transient=True) as progress:
            task = progress.add_task("", total=to_read)

            def step(done: int, total: int, name: str) -> None:
                progress.update(task, completed=done, total=total, description=Path(name).name)

            result = merge_files(inputs, schema=schema, to=to, unit=unit, date=date, contact=contact,
                                 phone=phone, on_file=step, previous=previous, on_report=on_report)
    if not result.schema_id:
        return result, None
    return result, write_outputs(result, output, report, apart=apart, draft=draft)
