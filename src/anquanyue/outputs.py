"""Writing merge's outputs: the deliverable (.xlsx/.docx/.json) and the report, atomically, never over an input.

For a large merge the deliverable is written by a second process while this one writes the report, which is
the longer job: on two cores that takes the deliverable's time off the end of the run.
"""
from __future__ import annotations

import multiprocessing
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from .atomic import InputFiles, OutputError, write_atomic
from .formdata import FormData
from .jsonout import dumps
from .merge import MergeResult
from .parallel import bulk_gc
from .render import write_form
from .schema import Schema, load_schema

DELIVERABLE_SUFFIXES = (".xlsx", ".docx", ".json")
APART_MIN_FORMS = 2000  # included forms from which the deliverable is written by a second process. That process
# needs about 0.25 s to start; the report takes about 0.27 ms a form, the deliverable 0.04 ms: from about 1,100
# forms the second process is done before the report, and from 2,000 it saves more than noise (0.07 s; 0.2 at 6,000)


def default_report_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}.report.xlsx")


def write_outputs(result: MergeResult, out: Path, report: Path | None = None) -> tuple[Path, Path]:
    out = Path(out)
    if out.suffix.lower() not in DELIVERABLE_SUFFIXES:
        raise OutputError(f"{out}：上报表只能写成 .xlsx、.docx 或 .json 文件。")
    if not result.schema_id:
        raise OutputError("没有读到任何可识别的统计表，无法生成上报表；请看上面各文件的问题。")
    report = Path(report) if report else default_report_path(out)
    if report.resolve() == out.resolve():
        raise OutputError(f"{report}：报告文件不能与上报表同名。")
    inputs = InputFiles(f.file for f in result.files)
    if out.suffix.lower() == ".json":
        text = dumps(result.to_json())
        write_atomic(out, lambda tmp: tmp.write_text(text + "\n", encoding="utf-8"), inputs)
        _write_report(result, report, inputs)
        return out, report
    schema, data = load_schema(result.schema_id), result.deliverable()
    if len(result.entries("included")) < APART_MIN_FORMS:
        write_form(schema, out, data, inputs=inputs)
        _write_report(result, report, inputs)
        return out, report
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        pending = _start(pool, schema, out, data, inputs)
        try:
            _write_report(result, report, inputs)
        finally:
            _finish(pending, schema, out, data, inputs)
    return out, report


def _write_report(result: MergeResult, report: Path, inputs: InputFiles) -> None:
    from .report import save_report

    with bulk_gc():
        write_atomic(report, lambda tmp: save_report(result, tmp), inputs)


def _start(pool: ProcessPoolExecutor, schema: Schema, out: Path, data: FormData, inputs: InputFiles) -> Future | None:
    """The deliverable, written by the pool's process; None if no process could be started (written here then)."""
    try:
        return pool.submit(write_form, schema, out, data, inputs=inputs)
    except (OSError, BrokenProcessPool):
        return None


def _finish(pending: Future | None, schema: Schema, out: Path, data: FormData, inputs: InputFiles) -> None:
    """Wait for the deliverable; its errors (OutputError, RenderError) are raised here as they were there. If the
    second process died without an answer, the deliverable is written here instead: it is never left unwritten."""
    if pending is not None:
        try:
            pending.result()
            return
        except BrokenProcessPool:
            pass
    write_form(schema, out, data, inputs=inputs)
