"""Writing merge's outputs: the deliverable (.xlsx/.docx/.json) and the report, atomically, never over an input."""
from __future__ import annotations

from pathlib import Path

from anquanyue.merging.merge import MergeResult
from anquanyue.speed.gc import bulk_gc
from anquanyue.speed.workers import WorkerPool
from anquanyue.writing import write_form
from anquanyue.writing.atomic import InputFiles, OutputError, check_output, write_atomic
from anquanyue.writing.json_out import dumps

DELIVERABLE_SUFFIXES = (".xlsx", ".docx", ".json")
# Above this many files the deliverable is written after the report, in this process: written at once, the two
# outputs' working memory is held at once (all processes summed, at 30,000 forms: 335 MB against 236 MB; at
# 10,000: 191 against 132). Below it, writing them side by side saves ~0.1 s at 1,000 forms, ~1 s at 10,000.
BESIDE_MAX_FILES = 20_000


def default_report_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}.report.xlsx")


def check_outputs(out: Path, report: Path | None, inputs: InputFiles) -> Path:
    """Refuse, before anything is read, outputs that cannot be written; returns the report's path."""
    out = Path(out)
    if out.suffix.lower() not in DELIVERABLE_SUFFIXES:
        raise OutputError("output-bad-suffix", location=str(out))
    report = Path(report) if report else default_report_path(out)
    if report.resolve() == out.resolve():
        raise OutputError("output-report-same", location=str(report))
    for target in (out, report):
        check_output(target, inputs)
    return report


def writes_beside(out: Path, files: int) -> bool:
    """Whether ``write_outputs`` hands the deliverable to a worker, for ``files`` files (a .json is written here)."""
    return Path(out).suffix.lower() != ".json" and files <= BESIDE_MAX_FILES


def write_outputs(result: MergeResult, out: Path, report: Path | None = None,
                  pool: WorkerPool | None = None) -> tuple[Path, Path]:
    """The deliverable (the target form, or the JSON) and the working report. With ``pool`` (the job's worker
    processes, when reading started some), the form is written in a worker while this process writes the report
    (up to ``BESIDE_MAX_FILES`` files)."""
    out = Path(out)
    inputs = InputFiles(f.file for f in result.files)
    report = check_outputs(out, report, inputs)
    if result.form_schema is None:
        raise OutputError("output-no-forms")
    beside = None
    if pool is not None and not writes_beside(out, len(result.files)):
        pool.stop(wait=True)  # nothing to hand over: the workers exit now, their memory with them
        pool = None
    if out.suffix.lower() == ".json":
        text = dumps(result.to_json())
        write_atomic(out, lambda tmp: tmp.write_text(text + "\n", encoding="utf-8"), inputs)
    else:
        form = (result.form_schema, out, result.deliverable())
        beside = pool.submit(write_form, *form, inputs=inputs) if pool is not None else None
        if pool is not None:  # nothing more to hand over: the workers exit once it is written (not at the end)
            pool.stop(wait=False, finish=True)
        if beside is None:
            write_form(*form, inputs=inputs)
    from anquanyue.writing.working_report import save_report

    with bulk_gc():
        write_atomic(report, lambda tmp: save_report(result, tmp), inputs)
    if beside is not None:
        from concurrent.futures.process import BrokenProcessPool

        try:
            beside.result()  # raises what writing it raised there (the output problem, the system's error)
        except BrokenProcessPool:  # the worker died (killed, out of memory): written here instead
            write_form(*form, inputs=inputs)
    return out, report
