"""Writing merge's outputs: the deliverable (.xlsx/.docx/.json) and the report, atomically, never over an input."""
from __future__ import annotations

from pathlib import Path

from anquanyue.merging.merge import MergeResult
from anquanyue.speed.gc import bulk_gc
from anquanyue.writing import write_form
from anquanyue.writing.atomic import InputFiles, OutputError, check_output, write_atomic
from anquanyue.writing.json_out import dumps

DELIVERABLE_SUFFIXES = (".xlsx", ".docx", ".json")


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


def write_outputs(result: MergeResult, out: Path, report: Path | None = None) -> tuple[Path, Path]:
    """The deliverable (the target form, or the JSON) and the working report."""
    out = Path(out)
    inputs = InputFiles(f.file for f in result.files)
    report = check_outputs(out, report, inputs)
    if result.form_schema is None:
        raise OutputError("output-no-forms")
    if out.suffix.lower() == ".json":
        text = dumps(result.to_json())
        write_atomic(out, lambda tmp: tmp.write_text(text + "\n", encoding="utf-8"), inputs)
    else:
        write_form(result.form_schema, out, result.deliverable(), inputs=inputs)
    from anquanyue.writing.working_report import save_report

    with bulk_gc():
        write_atomic(report, lambda tmp: save_report(result, tmp), inputs)
    return out, report
