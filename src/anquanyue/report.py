"""The working report for the clerk (.xlsx): 汇总, 明细, 其他特色活动, 问题清单, 异常, 文件, 图表."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .merge import STATUS_NAMES, MergeResult
from .render.stamp import stamp_zip
from .render.xlsx_cells import set_text
from .schema import load_schema

BOLD = Font(bold=True)
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
SEVERITY = {"error": "错误", "warning": "提醒"}
ANOMALY_CODES = ("anomaly-",)


def detail_frame(result: MergeResult) -> pd.DataFrame:
    """One row per included unit, one column per code; item 7 as the sums of each unit's records."""
    schema = load_schema(result.schema_id)
    rows = []
    for report in result.included_reports:
        row = {"单位": report.unit, "文件": report.file, "填报日期": report.date}
        row.update({code: report.values.get(code) or 0 for code in schema.codes})
        row[schema.other.count.code] = sum(r.count or 0 for r in report.other_activities)
        row[schema.other.people.code] = sum(r.people or 0 for r in report.other_activities)
        rows.append(row)
    columns = ["单位", "文件", "填报日期", *schema.total_codes]
    return pd.DataFrame(rows, columns=columns)


def _table(ws, header: list[str], rows: list[list], widths: list[int] | None = None) -> None:
    for col, text in enumerate(header, 1):
        cell = ws.cell(1, col)
        set_text(cell, text)
        cell.font, cell.fill = BOLD, HEAD_FILL
    for r, values in enumerate(rows, 2):
        for col, value in enumerate(values, 1):
            set_text(ws.cell(r, col), value)
    for col, width in enumerate(widths or [], 1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "A2"
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"


def save_report(result: MergeResult, path: Path) -> None:
    schema = load_schema(result.schema_id)
    wb = Workbook()
    summary = wb.active
    summary.title = "汇总"
    _table(summary, ["代码", "统计内容", "单位", "合计"],
           [[code, schema.blanks[code].label, schema.blanks[code].unit, result.totals.get(code, 0)]
            for code in schema.total_codes], [8, 46, 8, 14])
    row = len(schema.total_codes) + 3
    counts = {status: len(result.entries(status)) for status in STATUS_NAMES}
    for text in (f"汇总表样：{schema.title}（{schema.id}）", f"填报单位：{result.unit}", f"填报日期：{result.date}",
                 "文件：" + "，".join(f"{STATUS_NAMES[s]} {n} 个" for s, n in counts.items())):
        set_text(summary.cell(row, 1), text)
        row += 1

    frame = detail_frame(result)
    detail = wb.create_sheet("明细")
    header = list(frame.columns)
    rows = frame.astype(object).where(frame.notna(), None).values.tolist()
    _table(detail, header, rows, [30, 30, 12] + [9] * len(schema.total_codes))
    total_row = len(rows) + 2
    set_text(detail.cell(total_row, 1), "合计")
    detail.cell(total_row, 1).font = BOLD
    sums = frame[schema.total_codes].sum() if len(frame) else pd.Series(0, index=schema.total_codes)
    for offset, code in enumerate(schema.total_codes):
        cell = detail.cell(total_row, 4 + offset, int(sums[code]))
        cell.font = BOLD
    detail.freeze_panes = "D2"

    records = wb.create_sheet("其他特色活动")
    _table(records, ["报送单位", "活动名称", "组织（场/次）", "参与（人次）", "活动简介"],
           [[r.unit, r.name, r.count, r.people, r.description] for r in result.other_activities], [30, 36, 12, 12, 60])

    problems = wb.create_sheet("问题清单")
    unit_of = {f.file: f.unit for f in result.files}
    _table(problems, ["文件", "单位", "级别", "代码", "空格", "位置", "说明"],
           [[i.file, unit_of.get(i.file or ""), SEVERITY[i.severity], i.code, i.field, i.location, i.message]
            for i in result.issues], [30, 26, 6, 26, 6, 22, 80])

    anomalies = wb.create_sheet("异常")
    _table(anomalies, ["单位", "空格", "说明"],
           [[unit_of.get(i.file or "") or "", i.field, i.message] for i in result.issues
            if i.code.startswith(ANOMALY_CODES)], [30, 8, 100])

    files = wb.create_sheet("文件")
    _table(files, ["文件", "单位", "填报日期", "处理", "原因"],
           [[f.file, f.unit, f.date, STATUS_NAMES[f.status],
             "；".join(f.reasons) if f.reasons else (f"以 {f.by} 为准" if f.by else "")] for f in result.files],
           [40, 30, 12, 16, 80])

    _charts(wb.create_sheet("图表"), detail, schema, len(rows))
    for ws in wb.worksheets:
        for line in ws.iter_rows(min_row=2):
            for cell in line:
                if isinstance(cell.value, str) and len(cell.value) > 30:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    stamp = pd.Timestamp(result.date).to_pydatetime() if result.date else None
    wb.properties.creator = wb.properties.lastModifiedBy = "anquanyue"
    if stamp is not None:
        wb.properties.created = wb.properties.modified = stamp
    wb.save(path)
    if stamp is not None:
        stamp_zip(path, stamp)


def _charts(ws, detail, schema, n_units: int) -> None:
    """One clustered bar chart per item: its blanks' values by unit, read from 明细."""
    set_text(ws["A1"], "各单位分项情况（数据来自“明细”表）")
    if n_units == 0:
        return
    code_col = {code: 4 + i for i, code in enumerate(schema.total_codes)}
    groups = [(schema.item_row_title(item), item.codes) for item in schema.items]
    groups.append((schema.item_row_title(schema.other), [schema.other.count.code, schema.other.people.code]))
    categories = Reference(detail, min_col=1, min_row=2, max_row=n_units + 1)
    for index, (title, codes) in enumerate(groups):
        chart = BarChart()
        chart.type = "bar"
        chart.title = title[:40]
        chart.y_axis.title = "数量"
        for code in codes:
            data = Reference(detail, min_col=code_col[code], min_row=1, max_row=n_units + 1)
            chart.add_data(data, titles_from_data=True)
        chart.set_categories(categories)
        chart.height = max(7.5, 0.6 * n_units + 3)
        chart.width = 24
        ws.add_chart(chart, f"A{3 + index * int(chart.height * 2 + 2)}")
