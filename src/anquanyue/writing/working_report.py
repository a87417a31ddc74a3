"""The working report for the clerk (.xlsx): 汇总, 明细, 其他特色活动, 问题清单, 异常, 文件, 图表.

Written with xlsxwriter in constant-memory mode: ten thousand units make a 明细 of 400,000 cells.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from anquanyue.formdata import WORKING_REPORT, OtherActivity
from anquanyue.issues import SEVERITY_NAMES
from anquanyue.chasing.status import STATE_NAMES
from anquanyue.merging.classify import STATUS_NAMES
from anquanyue.merging.merge import MergeResult
from anquanyue.reading.reader import FileResult
from anquanyue.writing.xlsx_cells import close_workbook, new_workbook, safe_text, set_document_properties, write_row
from anquanyue.schema import Schema

ANOMALY_PREFIX = "anomaly-"


def detail_row(report: FileResult, schema: Schema) -> list:
    """明细's row of one included form: its numbers in the schema's code order (an empty blank as 0, as it is
    summed), then item 7 as the sums of the unit's records."""
    values = report.values
    row = [report.unit, report.file, report.date]
    row += [values.get(code) or 0 for code in schema.codes]
    row.append(sum(r.count or 0 for r in report.other_activities))
    row.append(sum(r.people or 0 for r in report.other_activities))
    return row


def detail_header(schema: Schema) -> list[str]:
    return ["单位", "文件", "填报日期", *schema.total_codes]


def activity_rows(records: list[OtherActivity], unit: str | None = None) -> list[list]:
    """其他特色活动's rows: every item-7 record with its unit (``unit`` for records that do not name one)."""
    return [[r.unit or unit, r.name, r.count, r.people, r.description] for r in records]


TABLES = {  # the report's tables after 汇总 and 明细: header, column widths
    "其他特色活动": (["报送单位", "活动名称", "组织（场/次）", "参与（人次）", "活动简介"], [30, 36, 12, 12, 60]),
    "问题清单": (["文件", "单位", "级别", "代码", "空格", "位置", "说明"], [30, 26, 6, 26, 6, 22, 80]),
    "异常": (["单位", "空格", "说明"], [30, 8, 100]),
    "文件": (["文件", "单位", "填报日期", "处理", "原因"], [40, 30, 12, 16, 80]),
}


class ReportBook:
    """The report as an open workbook (constant memory: rows go to disk as they are written).

    Every sheet is added at once, in the tabs' order; each table's rows are appended in order, so 明细 and
    其他特色活动 can be written while the forms are still being read (``report_draft.py``). ``complete`` writes
    whatever is not written yet, from the merge result, and closes the file.
    """

    def __init__(self, path: Path, schema: Schema, tmpdir: str | None = None) -> None:
        self.schema = schema
        self.wb = new_workbook(path, None, constant_memory=True, tmpdir=tmpdir)
        self.head = self.wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        self.wrap = self.wb.add_format({"text_wrap": True, "valign": "top"})
        self.bold = self.wb.add_format({"bold": True})
        self.sheets: dict[str, object] = {}
        self.written: dict[str, int] = {}  # rows written below each table's header
        self.detail_sums = [0] * len(schema.total_codes)  # 明细's totals row, summed as its rows are written
        self._freeze: dict[str, tuple[int, int]] = {}
        self._table("汇总", ["代码", "统计内容", "单位", "合计"], [8, 46, 8, 14])
        self._table("明细", detail_header(schema), [30, 30, 12] + [9] * len(schema.total_codes), freeze=(1, 3))
        for name, (header, widths) in TABLES.items():
            self._table(name, header, widths)
        self.charts = self.wb.add_worksheet("图表")

    def _table(self, name: str, header: list[str], widths: list[int], freeze: tuple[int, int] = (1, 0)) -> None:
        ws = self.wb.add_worksheet(name)
        for col, width in enumerate(widths):
            ws.set_column(col, col, width, self.wrap if width >= 40 else None)
        for col, text in enumerate(header):
            ws.write_string(0, col, text, self.head)
        self.sheets[name], self.written[name], self._freeze[name] = ws, 0, freeze

    def append(self, name: str, rows) -> None:
        ws, count = self.sheets[name], self.written[name]
        for count, values in enumerate(rows, count + 1):
            write_row(ws, count, values)
        self.written[name] = count

    def append_detail(self, rows: list[list]) -> None:
        """明细's rows, summed as they are written (no row needs to be kept for the totals row)."""
        self.append("明细", rows)
        sums = self.detail_sums
        for row in rows:
            for offset, value in enumerate(row[3:]):
                sums[offset] += value

    def _end_table(self, name: str, columns: int) -> None:
        ws, count = self.sheets[name], self.written[name]
        ws.freeze_panes(*self._freeze[name])
        if count:
            ws.autofilter(0, 0, count, columns - 1)

    def complete(self, result: MergeResult) -> None:
        """Write the rest from ``result`` and close. 明细 and 其他特色活动 go on from the rows already written,
        which must be the first of ``result``'s (``report_draft.py`` checks it)."""
        schema = self.schema
        when = dt.datetime.fromisoformat(result.date) if result.date else dt.datetime(schema.year, 7, 1)
        set_document_properties(self.wb, when, f"{schema.title} 汇总工作报告")
        self.wb.set_custom_property(WORKING_REPORT, schema.id)  # so that a merge finding it in an inbox ignores it
        counts = {status: len(result.entries(status)) for status in STATUS_NAMES}
        self.append("汇总", ([code, schema.blanks[code].label, schema.blanks[code].unit, result.totals.get(code, 0)]
                            for code in schema.total_codes))
        notes = [f"汇总表样：{schema.title}（{schema.id}）", f"填报单位：{result.unit}", f"填报日期：{result.date}",
                 "文件：" + "，".join(f"{STATUS_NAMES[s]} {n} 个" for s, n in counts.items())]
        if result.not_counted is not None:
            notes.append(f"未计入的单位（{len(result.not_counted)} 个）：" + ("无" if not result.not_counted else ""))
            notes += [f"  {u.unit}：{STATE_NAMES[u.state]}" + (f"（{Path(u.file).name}）" if u.file else "")
                      + (f"——{u.errors[0]}" if u.errors else "") for u in result.not_counted]
        for offset, text in enumerate(notes, start=self.written["汇总"] + 2):
            self.sheets["汇总"].write_string(offset, 0, safe_text(text))

        self.append_detail([detail_row(report, schema) for report in result.included_results[self.written["明细"]:]])
        n_units, ws = self.written["明细"], self.sheets["明细"]
        ws.write_string(n_units + 1, 0, "合计", self.bold)
        for offset, total in enumerate(self.detail_sums):
            ws.write_number(n_units + 1, 3 + offset, total, self.bold)

        self.append("其他特色活动", activity_rows(result.other_activities[self.written["其他特色活动"]:]))
        unit_of = {f.file: f.unit for f in result.files}
        self.append("问题清单", ([i.file, unit_of.get(i.file or ""), SEVERITY_NAMES[i.severity], i.code, i.field,
                              i.location, i.message] for i in result.issues))
        self.append("异常", ([unit_of.get(i.file or "") or "", i.field, i.message] for i in result.issues
                           if i.code.startswith(ANOMALY_PREFIX)))
        self.append("文件", ([f.file, f.unit, f.date, STATUS_NAMES[f.status],
                            "；".join(i.text for i in f.reasons) if f.reasons else (f"以 {f.by} 为准" if f.by else "")]
                           for f in result.files))
        self._end_table("汇总", 4)
        self._end_table("明细", len(detail_header(schema)))
        for name, (header, _widths) in TABLES.items():
            self._end_table(name, len(header))
        _charts(self.charts, self.wb, schema, n_units)
        close_workbook(self.wb)


def save_report(result: MergeResult, path: Path) -> None:
    ReportBook(path, result.form_schema).complete(result)


PEOPLE_UNITS = {"人次", "人"}


def chart_groups(schema) -> list[tuple[str, list[str]]]:
    """Per item, one chart of its counts (场, 篇, 个, 次) and one of its people (人次, 人): never on one axis,
    where tens of sessions would vanish beside thousands of participants."""
    groups = []
    for item, codes in [*((i, i.codes) for i in schema.items),
                        (schema.other, [schema.other.count.code, schema.other.people.code])]:
        title = schema.item_row_title(item)
        counts = [c for c in codes if schema.blanks[c].unit not in PEOPLE_UNITS]
        people = [c for c in codes if schema.blanks[c].unit in PEOPLE_UNITS]
        for part, suffix in ((counts, "（场次、篇数、个数）"), (people, "（人次、人数）")):
            if part:
                groups.append((title[:30] + ("…" if len(title) > 30 else "") + (suffix if counts and people else ""), part))
    return groups


def _charts(ws, wb, schema, n_units: int) -> None:
    """Bar charts by unit, read from 明细: per item, its counts and its people apart."""
    ws.write_string(0, 0, "各单位分项情况（数据来自“明细”表）")
    if n_units == 0:
        return
    code_col = {code: 3 + i for i, code in enumerate(schema.total_codes)}
    height = max(300, min(18 * n_units + 120, 4000))
    row = 2
    for title, codes in chart_groups(schema):
        chart = wb.add_chart({"type": "bar"})
        for code in codes:
            col = code_col[code]
            blank = schema.blanks[code]
            name = f"{code} {blank.label}"
            chart.add_series({"name": safe_text(name[:24] + ("…" if len(name) > 24 else "") + f"（{blank.unit}）"),
                              "categories": ["明细", 1, 0, n_units, 0], "values": ["明细", 1, col, n_units, col]})
        chart.set_title({"name": safe_text(title), "name_font": {"size": 11}})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 640, "height": height})  # fits an A4 page's width
        ws.insert_chart(row, 0, chart)
        row += height // 20 + 2
