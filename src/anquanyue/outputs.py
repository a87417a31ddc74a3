"""Writing merge's outputs: the deliverable (.xlsx/.docx/.json) and the report, atomically, never over an input."""
from __future__ import annotations

from pathlib import Path

from .atomic import InputFiles, OutputError, write_atomic
from .jsonout import dumps
from .formdata import FormData
from .merge import MergeResult
from .parallel import Workers, bulk_gc
from .render import write_form
from .schema import load_schema

DELIVERABLE_SUFFIXES = (".xlsx", ".docx", ".json")


def default_report_path(out: Path) -> Path:
    return out.with_name(f"{out.stem}.report.xlsx")


def write_outputs(result: MergeResult, out: Path, report: Path | None = None, *,
                  workers: Workers | None = None) -> tuple[Path, Path]:
    """The deliverable and the report, each written atomically. With ``workers`` that read the forms, a worker
    writes the deliverable while this process writes the report (two files, two cores)."""
    out = Path(out)
    if out.suffix.lower() not in DELIVERABLE_SUFFIXES:
        raise OutputError(f"{out}：上报表只能写成 .xlsx、.docx 或 .json 文件。")
    if not result.schema_id:
        raise OutputError("没有读到任何可识别的统计表，无法生成上报表；请看上面各文件的问题。")
    report = Path(report) if report else default_report_path(out)
    if report.resolve() == out.resolve():
        raise OutputError(f"{report}：报告文件不能与上报表同名。")
    inputs = InputFiles(f.file for f in result.files)
    pending = None
    if out.suffix.lower() == ".json":
        text = dumps(result.to_json())
        write_atomic(out, lambda tmp: tmp.write_text(text + "\n", encoding="utf-8"), inputs)
    elif workers is not None and workers.started:
        pending = workers.submit(write_deliverable, load_schema(result.schema_id).ref, out, result.deliverable(),
                                 inputs)
    else:
        write_deliverable(result.schema_id, out, result.deliverable(), inputs)
    from .report import save_report

    try:
        with bulk_gc():
            write_atomic(report, lambda tmp: save_report(result, tmp), inputs)
    finally:
        if pending is not None:
            pending.result()  # the deliverable's own error, if any, is raised here
    return out, report


def write_deliverable(schema_ref: str, out: Path, data: FormData, inputs: InputFiles) -> Path:
    """The consolidated official form (.xlsx/.docx); a top-level function, so that a worker can run it."""
    return write_form(load_schema(schema_ref), out, data, inputs=inputs)
