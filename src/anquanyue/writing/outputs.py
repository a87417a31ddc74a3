"""Writing merge's outputs: the deliverable (.xlsx/.docx/.json) and the report, atomically, never over an input."""
from __future__ import annotations

from pathlib import Path

from anquanyue.speed.deliverable_process import DeliverableWriter, finish
from anquanyue.writing.atomic import InputFiles, OutputError, write_atomic
from anquanyue.writing.json_out import dumps
from anquanyue.merging.merge import MergeResult
from anquanyue.reading.pool import bulk_gc
from anquanyue.writing import write_form
from anquanyue.speed.report_draft import ReportDraft
from anquanyue.schema import load_schema

DELIVERABLE_SUFFIXES = (".xlsx", ".docx", ".json")


def default_report_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}.report.xlsx")


def write_outputs(result: MergeResult, out: Path, report: Path | None = None, *,
                  apart: DeliverableWriter | None = None, draft: ReportDraft | None = None) -> tuple[Path, Path]:
    """The deliverable and the report; with ``apart`` (see ``apart.py``) the deliverable is written by a second
    process while this one writes the report; with ``draft`` (see ``report_draft.py``) the report is finished
    from the rows written while reading, if they are the result's."""
    out = Path(out)
    if out.suffix.lower() not in DELIVERABLE_SUFFIXES:
        raise OutputError("output-bad-suffix", location=str(out))
    if not result.schema_id:
        raise OutputError("output-no-forms")
    report = Path(report) if report else default_report_path(out)
    if report.resolve() == out.resolve():
        raise OutputError("output-report-same", location=str(report))
    inputs = InputFiles(f.file for f in result.files)
    pending = None
    if out.suffix.lower() == ".json":
        text = dumps(result.to_json())
        write_atomic(out, lambda tmp: tmp.write_text(text + "\n", encoding="utf-8"), inputs)
    else:
        schema, data = load_schema(result.schema_id), result.deliverable()
        pending = apart.start(schema, out, data, inputs) if apart is not None else None
        if pending is None:
            write_form(schema, out, data, inputs=inputs)
    try:
        _write_report(result, report, inputs, draft)
    finally:
        if pending is not None:
            finish(pending, schema, out, data, inputs)
    return out, report


def _write_report(result: MergeResult, report: Path, inputs: InputFiles, draft: ReportDraft | None) -> None:
    from anquanyue.writing.working_report import save_report

    with bulk_gc():
        if draft is None or not draft.finish(result, report, inputs):
            write_atomic(report, lambda tmp: save_report(result, tmp), inputs)
