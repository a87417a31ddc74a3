"""The working report for the clerk (.xlsx): 汇总, 明细, 其他特色活动, 问题清单, 异常, 文件, 图表.

Written with xlsxwriter in constant-memory mode: ten thousand units make a 明细 of 400,000 cells.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from .issues import SEVERITY_NAMES
from .merge import STATUS_NAMES, MergeResult
from .render.xlsx_cells import new_workbook, safe_text, write_row
from .schema import load_schema

ANOMALY_PREFIX = "anomaly-"


def detail_rows(result: MergeResult) -> tuple[list[str], list[list]]:
    """明细: one row per included unit, one column per code; item 7 as the sums of each unit's records."""
    schema = load_schema(result.schema_id)
    rows = []
    for report in result.included_reports:
        values = report.values
        row = [report.unit, report.file, report.date]
        row += [values.get(code) or 0 for code in schema.codes]
        row.append(sum(r.count or 0 for r in report.other_activities))
        row.append(sum(r.people or 0 for r in report.other_activities))
        rows.append(row)
    return ["单位", "文件", "填报日期", *schema.total_codes], rows


class _Sheets:
    def __init__(self, wb) -> None:
        self.wb = wb
        self.head = wb.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        self.wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        self.bold = wb.add_format({"bold": True})

    def table(self, name: str, header: list[str], rows, widths: list[int], freeze: tuple[int, int] = (1, 0)):
        ws = self.wb.add_worksheet(name)
        for col, width in enumerate(widths):
            ws.set_column(col, col, width, self.wrap if width >= 40 else None)
        for col, text in enumerate(header):
            ws.write_string(0, col, text, self.head)
        count = 0
        for count, values in enumerate(rows, 1):
            write_row(ws, count, values)
        ws.freeze_panes(*freeze)
        if count:
            ws.autofilter(0, 0, count, len(header) - 1)
        return ws, count


def save_report(result: MergeResult, path: Path) -> None:
    schema = load_schema(result.schema_id)
    when = dt.datetime.fromisoformat(result.date) if result.date else dt.datetime(schema.year, 7, 1)
    wb = new_workbook(path, when, f"{schema.title} 汇总工作报告", constant_memory=True)
    sheets = _Sheets(wb)
    counts = {status: len(result.entries(status)) for status in STATUS_NAMES}
    notes = [f"汇总表样：{schema.title}（{schema.id}）", f"填报单位：{result.unit}", f"填报日期：{result.date}",
             "文件：" + "，".join(f"{STATUS_NAMES[s]} {n} 个" for s, n in counts.items())]
    summary_rows = [[code, schema.blanks[code].label, schema.blanks[code].unit, result.totals.get(code, 0)]
                    for code in schema.total_codes]
    summary, n = sheets.table("汇总", ["代码", "统计内容", "单位", "合计"], summary_rows, [8, 46, 8, 14])
    for offset, text in enumerate(notes, start=n + 2):
        summary.write_string(offset, 0, safe_text(text))

    header, rows = detail_rows(result)
    detail, n_units = sheets.table("明细", header, rows, [30, 30, 12] + [9] * len(schema.total_codes), freeze=(1, 3))
    detail.write_string(n_units + 1, 0, "合计", sheets.bold)
    for offset in range(len(schema.total_codes)):
        detail.write_number(n_units + 1, 3 + offset, sum(row[3 + offset] for row in rows), sheets.bold)

    sheets.table("其他特色活动", ["报送单位", "活动名称", "组织（场/次）", "参与（人次）", "活动简介"],
                 ([r.unit, r.name, r.count, r.people, r.description] for r in result.other_activities),
                 [30, 36, 12, 12, 60])
    unit_of = {f.file: f.unit for f in result.files}
    sheets.table("问题清单", ["文件", "单位", "级别", "代码", "空格", "位置", "说明"],
                 ([i.file, unit_of.get(i.file or ""), SEVERITY_NAMES[i.severity], i.code, i.field, i.location, i.message]
                  for i in result.issues), [30, 26, 6, 26, 6, 22, 80])
    sheets.table("异常", ["单位", "空格", "说明"],
                 ([unit_of.get(i.file or "") or "", i.field, i.message] for i in result.issues
                  if i.code.startswith(ANOMALY_PREFIX)), [30, 8, 100])
    sheets.table("文件", ["文件", "单位", "填报日期", "处理", "原因"],
                 ([f.file, f.unit, f.date, STATUS_NAMES[f.status],
                   "；".join(f.reasons) if f.reasons else (f"以 {f.by} 为准" if f.by else "")] for f in result.files),
                 [40, 30, 12, 16, 80])
    _charts(wb, schema, n_units)
    wb.close()


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


def _charts(wb, schema, n_units: int) -> None:
    """Bar charts by unit, read from 明细: per item, its counts and its people apart."""
    ws = wb.add_worksheet("图表")
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
