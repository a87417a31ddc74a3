"""The working report for the clerk (.xlsx): 汇总, 明细, 其他特色活动, 问题清单, 异常, 文件, 图表.

Written with xlsxwriter in constant-memory mode; the long tables' rows (明细, 其他特色活动, 问题清单, 异常, 文件: ten
thousand units make a 明细 of 400,000 cells) are put in as sheet XML directly (``sheet_rows.py``: the same bytes). Every sheet is
set up for printing: A4, landscape where wide, one page wide (明细: its heading rows and the unit column on every
page), heading rows repeated, pages numbered. Numbers carry thousands separators, dates are dates, file names are
relative to the inbox, issue codes have their Chinese names.
"""
from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterable
from pathlib import Path

from anquanyue.chasing.status import STATE_NAMES
from anquanyue.formdata import WORKING_REPORT, OtherActivity
from anquanyue.issues import CODE_NAMES, SEVERITY_NAMES
from anquanyue.merging.classify import STATUS_NAMES
from anquanyue.merging.merge import MergeResult
from anquanyue.reading.reader import FileResult
from anquanyue.schema import Schema
from anquanyue.writing.report_charts import PEOPLE_UNITS, chart_groups, write_charts
from anquanyue.writing.sheet_rows import SheetRows, save_with_rows
from anquanyue.writing.text_width import excel_width_pt, row_height, usable_em
from anquanyue.writing.xlsx_cells import close_workbook, new_workbook, safe_text, set_document_properties, write_row

__all__ = ["PEOPLE_UNITS", "ReportBook", "activity_rows", "chart_groups", "detail_row", "inbox_base", "save_report"]

ANOMALY_PREFIX = "anomaly-"
NO_ANOMALY = "未发现异常"
FOOTER = "&C&A  第 &P 页  共 &N 页"
NUMBER = "#,##0"
DATE = "yyyy-mm-dd"


def detail_row(report: FileResult, schema: Schema) -> list:
    """明细's row of one included form: its numbers in the schema's code order (an empty blank as 0, as it is
    summed), then item 7 as the sums of the unit's records."""
    values = report.values
    row = [report.unit, report.file, report.date]
    row += [values.get(code) or 0 for code in schema.codes]
    row.append(sum(r.count or 0 for r in report.other_activities))
    row.append(sum(r.people or 0 for r in report.other_activities))
    return row


def activity_rows(records: list[OtherActivity], unit: str | None = None) -> list[list]:
    """其他特色活动's rows: every item-7 record with its unit (``unit`` for records that do not name one)."""
    return [[r.unit or unit, r.name, r.count, r.people, r.description] for r in records]


def inbox_base(files: Iterable[str | os.PathLike]) -> str | None:
    """The folder all input files are in (the inbox): file names in the report are written relative to it."""
    folders = {os.path.dirname(os.path.abspath(f)) for f in files}
    if not folders:
        return None
    try:
        return os.path.commonpath(sorted(folders))
    except ValueError:  # different drives on Windows: names stay as they are
        return None


# the report's tables after 汇总 and 明细: header, column widths, the columns of numbers and of dates
TABLES = {
    "其他特色活动": (["报送单位", "活动名称", "组织（场/次）", "参与（人次）", "活动简介"], [24, 30, 10, 10, 60], {2, 3}, set()),
    "问题清单": (["文件", "单位", "级别", "问题", "空格", "位置", "说明", "代码"], [24, 20, 5, 14, 6, 18, 60, 10],
             set(), set()),
    "异常": (["单位", "空格", "说明"], [24, 7, 90], set(), set()),
    "文件": (["文件", "单位", "填报日期", "处理", "原因"], [30, 22, 11, 14, 60], set(), {2}),
}
WRAP_FROM = 14  # columns at least this wide wrap their text
ROW_PT = 18.0  # a one-line row: 11 pt Chinese text in any font Excel, WPS or LibreOffice may use for it
FONT_PT = 11
LAID_OUT = {"汇总"}  # short tables whose rows are laid out exactly; the long ones are measured by a fast bound


class ReportBook:
    """The report as an open workbook (constant memory: rows go to disk as they are written).

    Every sheet is added at once, in the tabs' order. ``complete`` writes the tables from the merge result and
    saves the file: 汇总 through xlsxwriter, the long tables' rows as sheet XML directly (``DIRECT``). ``base`` is
    the inbox folder: file names are written relative to it.
    """

    def __init__(self, path: Path, schema: Schema, tmpdir: str | None = None, base: str | None = None) -> None:
        self.schema = schema
        self.base = base
        self.path, self.tmpdir = path, tmpdir
        self._prefix = os.path.join(base, "") if base else "\0"
        self._buffer = io.BytesIO()  # xlsxwriter's file, before the long tables' rows are put in
        self.wb = new_workbook(self._buffer, None, constant_memory=True, tmpdir=tmpdir)
        self._direct: dict[str, SheetRows] = {}
        wb = self.wb
        self.head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True,
                                   "valign": "vcenter", "align": "center"})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.top = wb.add_format({"valign": "top"})
        self.number = wb.add_format({"num_format": NUMBER, "valign": "top"})
        self.date = wb.add_format({"num_format": DATE, "valign": "top"})
        self.bold_number = wb.add_format({"bold": True, "num_format": NUMBER})
        self.bold = wb.add_format({"bold": True})
        for fmt in (self.head, self.wrap, self.top, self.number, self.date, self.bold_number, self.bold):
            # formats are numbered in order of first use; numbered here, the file's bytes do not depend on which
            # sheet is written first
            getattr(fmt, "_get_xf_index", lambda: None)()
        self.sheets: dict[str, object] = {}
        self.written: dict[str, int] = {}  # rows written below each table's heading
        self._top: dict[str, int] = {}  # heading rows of each table
        self._wrapped: dict[str, list[tuple[int, float, float]]] = {}  # each table's wrapping columns: width
        # in points and in em
        self._table("汇总", [["代码", "统计内容", "单位", "合计"]], [8, 46, 8, 14], numbers={3}, landscape=False)
        codes = schema.total_codes
        labels = ["单位", "文件", "填报日期"] + [f"{schema.blanks[c].label}（{schema.blanks[c].unit}）" for c in codes]
        self._table("明细", [labels, ["", "", "", *codes]], [30, 24, 11] + [10] * len(codes),
                    numbers=set(range(3, 3 + len(codes))), dates={2}, landscape=True, unit_column=True)
        for name, (header, widths, numbers, dates) in TABLES.items():
            self._table(name, [header], widths, numbers=numbers, dates=dates, landscape=True)
        self.charts = wb.add_worksheet("图表")

    def _table(self, name: str, header: list[list[str]], widths: list[int], *, numbers: set[int] = frozenset(),
               dates: set[int] = frozenset(), landscape: bool, unit_column: bool = False) -> None:
        ws = self.wb.add_worksheet(name)
        ws.set_default_row(ROW_PT)
        for col, width in enumerate(widths):
            fmt = self.number if col in numbers else self.date if col in dates else \
                self.wrap if width >= WRAP_FROM else self.top
            ws.set_column(col, col, width, fmt)
        for row, texts in enumerate(header):
            cells = [(t, excel_width_pt(widths[c])) for c, t in enumerate(texts)]
            lines = row_height(cells, FONT_PT) + (FONT_PT * 1.5 if row == 0 and len(header) > 1 else 0)
            ws.set_row(row, lines)  # (明细's labels in narrow columns: a line to spare for another line break)
            for col, text in enumerate(texts):
                ws.write_string(row, col, text, self.head)
        top = len(header)
        ws.freeze_panes(top, 1 if unit_column else 0)
        ws.set_paper(9)
        ws.set_landscape() if landscape else ws.set_portrait()
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.repeat_rows(0, top - 1)
        ws.set_footer(FOOTER)
        if unit_column:  # too wide for one page: the unit column and the headings on every page
            ws.repeat_columns(0)
            ws.fit_to_pages(0, 0)
        else:
            ws.fit_to_pages(1, 0)
        self.sheets[name], self.written[name], self._top[name] = ws, 0, top
        self._wrapped[name] = [(c, excel_width_pt(w), usable_em(excel_width_pt(w), FONT_PT))
                               for c, w in enumerate(widths) if w >= WRAP_FROM and c not in numbers and c not in dates]

    def _height(self, name: str, values) -> float | None:
        """The height of a row whose text wraps, as high as the text needs; None for a one-line row."""
        texts = [(values[c], width) for c, width, room in self._wrapped[name]
                 if c < len(values) and type(values[c]) is str and (len(values[c]) > room or "\n" in values[c])]
        if texts:  # (text of fewer characters than a line holds em fits one line: no need to measure it)
            height = row_height(texts, FONT_PT, exact=name in LAID_OUT)
            if height > ROW_PT:
                return height
        return None

    def append(self, name: str, rows) -> None:
        """Rows after the ones written, through xlsxwriter (the short tables)."""
        ws, count, top = self.sheets[name], self.written[name], self._top[name]
        for count, values in enumerate(rows, count + 1):
            height = self._height(name, values)
            if height is not None:
                ws.set_row(top + count - 1, height)
            write_row(ws, top + count - 1, values)
        self.written[name] = count

    def put(self, name: str, rows, count: int) -> None:
        """A long table's ``count`` rows (an iterable, read when the file is saved), written as sheet XML."""
        self._direct[name] = SheetRows(self._top[name], ((values, self._height(name, values)) for values in rows),
                                       ROW_PT)
        self.written[name] = count

    def _name(self, file: str | None) -> str | None:
        """A file's name relative to the inbox."""
        if not file or self.base is None:
            return file
        if file.startswith(self._prefix):  # the usual case, without relpath's work
            return file[len(self._prefix):]
        try:
            return os.path.relpath(os.path.abspath(file), self.base)
        except ValueError:
            return file

    def _under_inbox(self, location: str | None) -> str | None:
        """A location (a file, or a place in one) with the inbox folder left off its front."""
        if location and location.startswith(self._prefix):
            return location[len(self._prefix):]
        return location

    def put_detail(self, rows: list[list]) -> None:
        """明细's rows (from ``detail_row``): the file relative to the inbox, the date a real date."""
        self.put("明细", ([row[0], self._name(row[1]), _date(row[2]), *row[3:]] for row in rows), len(rows))

    def _end_table(self, name: str, columns: int) -> None:
        ws, count, top = self.sheets[name], self.written[name], self._top[name]
        if count:
            ws.autofilter(top - 1, 0, top - 1 + count, columns - 1)

    def complete(self, result: MergeResult) -> None:
        """Write the rest from ``result`` and close. 明细 and 其他特色活动 go on from the rows already written,
        which must be the first of ``result``'s."""
        schema = self.schema
        when = dt.datetime.fromisoformat(result.date) if result.date else dt.datetime(schema.year, 7, 1)
        set_document_properties(self.wb, when, f"{schema.title} 汇总工作报告")
        self.wb.set_custom_property(WORKING_REPORT, schema.id)  # so that a merge finding it in an inbox ignores it
        counts = {status: len(result.entries(status)) for status in STATUS_NAMES
                  if status != "subtotal" or result.entries(status)}
        self.append("汇总", ([code, schema.blanks[code].label, schema.blanks[code].unit, result.totals.get(code, "未能对应")]
                            for code in schema.total_codes))
        notes = [f"汇总表样：{schema.title}（{schema.id}）", f"填报单位：{result.unit}", f"填报日期：{result.date}",
                 "文件：" + "，".join(f"{STATUS_NAMES[s]} {n} 个" for s, n in counts.items())]
        if result.not_counted is not None:
            notes.append(f"未计入的单位（{len(result.not_counted)} 个）：" + ("无" if not result.not_counted else ""))
            notes += [f"  {u.unit}：{STATE_NAMES[u.state]}" + (f"（{Path(u.file).name}）" if u.file else "")
                      + (f"——{u.errors[0]}" if u.errors else "") for u in result.not_counted]
        if self.base:
            notes.append(f"文件夹：{self.base}")
        for offset, text in enumerate(notes, start=self.written["汇总"] + 2):
            self.sheets["汇总"].write_string(offset, 0, safe_text(text))

        included = result.included_results
        detail = [detail_row(report, schema) for report in included]
        self.put_detail(detail)
        columns = list(zip(*(row[3:] for row in detail))) or [()] * len(schema.total_codes)
        n_units, ws = self.written["明细"], self.sheets["明细"]
        ws.write_string(self._top["明细"] + n_units, 0, "合计", self.bold)
        for offset, column in enumerate(columns):
            ws.write_number(self._top["明细"] + n_units, 3 + offset, sum(column), self.bold_number)

        self.put("其他特色活动", activity_rows(result.other_activities), len(result.other_activities))
        unit_of = {f.file: f.unit for f in result.files}
        self.put("问题清单", ([self._name(i.file), unit_of.get(i.file or ""), SEVERITY_NAMES[i.severity],
                           CODE_NAMES.get(i.code, i.code), i.field, self._under_inbox(i.location), i.text, i.code]
                          for i in result.issues), len(result.issues))
        anomalies = [[unit_of.get(i.file or "") or "", i.field, i.text] for i in result.issues
                     if i.code.startswith(ANOMALY_PREFIX)]
        self.put("异常", anomalies or [[NO_ANOMALY]], len(anomalies) or 1)
        self.put("文件", ([self._name(f.file), f.unit, _date(f.date), STATUS_NAMES[f.status],
                         "；".join(i.text for i in f.reasons) if f.reasons else
                         (f"以 {self._name(f.by)} 为准" if f.by else "")]
                        for f in result.files), len(result.files))
        self._end_table("汇总", 4)
        self._end_table("明细", 3 + len(schema.total_codes))
        for name, (header, *_rest) in TABLES.items():
            if name != "异常" or anomalies:
                self._end_table(name, len(header))
        units = [r.unit or "" for r in included]
        values = dict(zip(schema.total_codes, columns))  # each code's column of 明细
        write_charts(self.wb, self.charts, schema, units, values, "图表")
        close_workbook(self.wb)
        save_with_rows(self._buffer.getvalue(), self.path, self._direct, self.tmpdir)


def _date(text: str | None):
    """An ISO date as a real date (Excel sorts and filters it); anything else as it is."""
    if not text:
        return text
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError:
        return text


def save_report(result: MergeResult, path: Path) -> None:
    ReportBook(path, result.form_schema, base=inbox_base(f.file for f in result.files)).complete(result)
