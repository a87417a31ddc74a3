"""The report's long sheets (明细, 其他特色活动) written while the forms are still being read.

After reading, a large merge had one core idle while the report was written (1.5-2 s at 6,000 forms, most of it
明细's cells). Written during reading instead, that work shares both cores with the workers.

Which forms end up in 明细 is only known at the end: a unit may send its form again (the later one counts), and
the target form is the most common one. So this is a draft. Rows wait in a window of ``WINDOW`` forms before they
are written, which is where a resubmission usually is: next to the first form (乳山市工信局.docx,
乳山市工信局（更正）.docx); the two are settled there, as merge settles them. If a unit whose row is already
written sends again later, the draft is abandoned at once. At the end, the rows written are compared with the
merge result's own rows; the draft is only used if they are exactly its first rows, and the rest of the report
is written from the result. Otherwise the report is written from the result as before: a draft can cost time,
never a wrong or missing row.
"""
from __future__ import annotations

import shutil
import tempfile
from collections import Counter, deque
from pathlib import Path

from anquanyue.writing.atomic import InputFiles, write_atomic
from anquanyue.merging.merge import MergeResult, maps_onto, most_common_schema, supersedes
from anquanyue.reading.reader import FileResult
from anquanyue.writing.xlsx_cells import discard_workbook
from anquanyue.writing.working_report import ReportBook, activity_rows, detail_row
from anquanyue.schema import Schema
from anquanyue.reading.textnorm import unit_key

WINDOW = 256  # forms a row waits before it is written: a resubmission this close is settled in the window
DRAFT_MIN_FILES = 1000  # files to read from which the draft is made (below it, the report takes < 0.3 s)


class ReportDraft:
    """Feed ``add`` every report in file order while reading; then ``finish`` writes the report, or says no."""

    def __init__(self, schema: Schema | None = None, window: int | None = None) -> None:
        self._schema = schema  # --to or --schema: the target is known; otherwise the most common form so far
        self._window = WINDOW if window is None else window
        self._pending: deque[FileResult] = deque()
        self._dropped: set[str] = set()  # files in the window superseded by a later form of their unit
        self._latest: dict[str, FileResult] = {}  # unit → its form that counts so far, in the window
        self._settled: dict[str, tuple[FileResult, bool]] = {}  # unit → its form out of the window, and if it
        # has a row in 明细
        self._seen: Counter[str] = Counter()  # forms read so far by schema (as merge picks the target)
        self._rows: list[FileResult] = []  # the forms with a row written, in order
        self._dir: tempfile.TemporaryDirectory | None = None
        self._book: ReportBook | None = None
        self._path: Path | None = None
        self.abandoned: str | None = None  # why the draft was given up, if it was

    def add(self, report: FileResult) -> None:
        """The next report in file order. Nothing here may stop a merge: whatever goes wrong gives the draft up,
        and the report is written at the end as without one."""
        if self.abandoned:
            return
        try:
            self._add(report)
        except Exception as exc:  # noqa: BLE001 - a fault in the draft costs time, never the clerk's merge
            self._abandon(f"草稿出错：{type(exc).__name__}: {exc}")

    def _add(self, report: FileResult) -> None:
        if report.is_form and report.schema_id and report.ok:
            self._seen[report.schema_id] += 1
        key = unit_key(report.unit) if report.is_form and report.unit else None
        if key is not None:
            settled = self._settled.get(key)
            rival = self._latest.get(key) if settled is None else None
            if settled is not None and supersedes(report, settled[0]):
                if settled[1]:
                    self._abandon(f"{report.file} 更正了已写入明细的 {settled[0].file}")
                    return
                del self._settled[key]  # it had no row: this form counts instead
                self._latest[key] = report
            elif settled is not None or (rival is not None and not supersedes(report, rival)):
                self._dropped.add(report.file)  # an older form of a unit: superseded
            else:
                if rival is not None:
                    self._dropped.add(rival.file)
                self._latest[key] = report
        self._pending.append(report)
        while len(self._pending) > self._window and not self.abandoned:
            self._write(self._pending.popleft())

    def _write(self, report: FileResult) -> None:
        if report.file in self._dropped:
            self._dropped.discard(report.file)
            return
        schema = self._target(report) if report.is_form and not report.errors else None
        is_row = schema is not None and maps_onto(report, schema)
        if report.is_form and report.unit:
            key = unit_key(report.unit)
            self._latest.pop(key, None)
            self._settled[key] = (report, is_row)
        if not is_row:
            return
        try:
            if self._book is None:
                self._dir = tempfile.TemporaryDirectory(prefix="anquanyue-report-", ignore_cleanup_errors=True)
                self._path = Path(self._dir.name) / "report.xlsx"
                self._book = ReportBook(self._path, schema, tmpdir=self._dir.name)
            self._book.append_detail([detail_row(report, schema)])
            self._book.append("其他特色活动", activity_rows(report.other_activities, report.unit))
        except OSError as exc:  # the temporary folder is full or gone: the report is written at the end
            self._abandon(f"临时文件写入失败：{exc}")
            return
        self._rows.append(report)

    def _target(self, report: FileResult) -> Schema | None:
        """The target form, as merge will pick it: chosen at the first row, from the forms read by then."""
        if self._schema is None:
            self._schema = most_common_schema(self._seen or Counter([report.schema_id] if report.schema_id else []))
        return self._schema

    def _abandon(self, why: str) -> None:
        self.abandoned = why
        self._pending.clear()
        self._discard()

    def _discard(self) -> None:
        if self._book is not None:
            book, self._book = self._book, None
            discard_workbook(book.wb)  # not saved: its row files go with the folder
        if self._dir is not None:
            self._dir.cleanup()
            self._dir = None

    def finish(self, result: MergeResult, target: Path, inputs: InputFiles) -> bool:
        """Write the report from this draft if its rows are the first rows of ``result``'s; False (and nothing
        written) if they are not, and the caller writes the report from ``result``."""
        if self._book is None or self.abandoned:
            self._abandon(self.abandoned or "没有写入任何行")
            return False
        try:
            if self._book.schema.id != result.schema_id:
                self._abandon(f"汇总表样是 {result.schema_id}，不是 {self._book.schema.id}")
                return False
            # a row is made from its form and the schema alone: the same forms give the same rows
            included, written = result.included_reports, len(self._rows)
            records = [row for report in self._rows for row in activity_rows(report.other_activities, report.unit)]
            if (len(included) < written or any(a is not b for a, b in zip(self._rows, included))
                    or activity_rows(result.other_activities[: len(records)]) != records):
                self._abandon("已写入的行与汇总结果不一致")
                return False
            try:
                self._book.complete(result)
            except OSError as exc:
                self._abandon(f"临时文件写入失败：{exc}")
                return False
            self._book = None
            write_atomic(target, lambda tmp: shutil.copyfile(self._path, tmp), inputs)
            return True
        finally:
            self._discard()

    def close(self) -> None:
        """Remove what an unfinished draft left (an error during reading)."""
        self._discard()
