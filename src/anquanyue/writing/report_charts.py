"""The working report's 图表 sheet: bar charts by unit, sized to their data and kept whole on a printed page.

Per item, its counts (场, 篇, 个, 次) and its people (人次, 人) apart — tens of sessions would vanish beside
thousands of participants — and at most ``SERIES_PER_CHART`` bars per unit, so an item of many blanks is split
over several charts instead of 60 hair-thin bars. Every unit is named on the axis; where there are more than
``TOP_N`` units a chart shows the ``TOP_N - 1`` largest and "其他（n 个单位）" for the rest. The charts' figures
are written beside them on the sheet (columns from ``DATA_COL``), outside the printed area.
"""
from __future__ import annotations

import heapq
from collections.abc import Sequence
from functools import partial, reduce
from itertools import compress, repeat
from operator import add, ge

from anquanyue.schema import Schema
from anquanyue.writing.xlsx_cells import safe_text

PEOPLE_UNITS = {"人次", "人"}
SERIES_PER_CHART = 3
TOP_N = 12  # two charts of 12 units on a printed page, every unit's name legible
DATA_COL = 12  # column M: the charts' figures
CHART_WIDTH = 700  # px: A4 portrait's width inside the margins
ROW_PT = 18  # the sheet's rows: room for a line of Chinese text in any font
ROW_PX = 24
PAGE_ROWS = 40  # rows on a printed A4 portrait page inside the margins (756 pt: 42 rows, with room to spare)
TITLE_CHARS = 26  # a chart title's line


def chart_groups(schema: Schema) -> list[tuple[str, list[str]]]:
    """(title, codes) of every chart: per item, counts and people apart, at most ``SERIES_PER_CHART`` codes."""
    groups = []
    for item, codes in [*((i, i.codes) for i in schema.items),
                        (schema.other, [schema.other.count.code, schema.other.people.code])]:
        title = schema.item_row_title(item)
        counts = [c for c in codes if schema.blanks[c].unit not in PEOPLE_UNITS]
        people = [c for c in codes if schema.blanks[c].unit in PEOPLE_UNITS]
        for part, suffix in ((counts, "（场次、篇数、个数）"), (people, "（人次、人数）")):
            chunks = [part[k:k + SERIES_PER_CHART] for k in range(0, len(part), SERIES_PER_CHART)]
            for index, chunk in enumerate(chunks):
                numbered = f"之{index + 1}" if len(chunks) > 1 else ""
                groups.append((title + (suffix if counts and people else "") + numbered, chunk))
    return groups


def split_lines(text: str, width: int) -> str:
    """A long title broken into lines of ``width`` characters."""
    return "\n".join(text[k:k + width] for k in range(0, len(text), width)) or text


def top_units(units: list[str], columns: list[Sequence[int]]) -> tuple[list[str], list]:
    """Units and their rows of values as charted, from each code's ``columns`` (one value per unit): all of them
    up to ``TOP_N``, else the largest ``TOP_N - 1`` (by the sum of their values, then name, then place) and one
    "其他" holding the sum of the rest."""
    if len(units) <= TOP_N:
        return units, list(zip(*columns))
    sums = list(reduce(partial(map, add), columns))  # each unit's sum, column by column
    # the largest are among the units whose sum is at least the (TOP_N - 1)th largest: only those are ordered
    least = heapq.nlargest(TOP_N - 1, sums)[-1]
    near = compress(range(len(sums)), map(ge, sums, repeat(least)))
    keep = [k for _total, _unit, k in sorted((-sums[k], units[k], k) for k in near)[:TOP_N - 1]]
    # (whole numbers: the rest's sum is the total less the kept)
    other = [sum(column) - sum(column[k] for k in keep) for column in columns]
    rest = len(units) - len(keep)
    return ([units[k] for k in keep] + [f"其他（{rest} 个单位）"],
            [tuple(column[k] for column in columns) for k in keep] + [other])


def chart_height(categories: int, series: int) -> int:
    """Pixels for a bar chart whose every category is named and every bar is seen."""
    return 130 + categories * max(20, 4 + 6 * series)  # 20 px: room for the unit's name in 8 pt


def write_charts(wb, ws, schema: Schema, units: list[str], values: dict[str, Sequence[int]], sheet_name: str) -> None:
    """The charts on ``ws`` (a sheet written in constant-memory mode: rows in order), from ``units`` and each
    code's ``values`` (one per unit, in 明细's order)."""
    ws.set_default_row(ROW_PT)
    ws.write_string(0, 0, "各单位分项情况（数据来自“明细”表；图表所用数字在右侧 M 列起）")
    ws.set_paper(9)
    ws.set_portrait()
    ws.fit_to_pages(1, 0)
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.set_footer("&C第 &P 页  共 &N 页")
    if not units:
        ws.write_string(2, 0, "没有计入汇总的单位，无图表。")
        return
    groups = chart_groups(schema)
    tables = []
    for title, codes in groups:
        names, rows = top_units(units, [values[c] for c in codes])
        tables.append((title, codes, names, rows))
    # the figures: one block of columns per chart, header on row 2, units from row 3
    col, blocks = DATA_COL, []
    cells: dict[int, list[tuple[int, object]]] = {2: []}
    for _title, codes, names, rows in tables:
        blocks.append(col)
        cells[2].append((col, "单位"))
        for offset, code in enumerate(codes, 1):
            cells[2].append((col + offset, f"{code} {schema.blanks[code].label}（{schema.blanks[code].unit}）"))
        for k, (name, row) in enumerate(zip(names, rows)):
            cells.setdefault(3 + k, []).append((col, name))
            cells[3 + k].extend((col + offset, v) for offset, v in enumerate(row, 1))
        col += len(codes) + 2
    for r in sorted(cells):
        for c, value in cells[r]:
            if isinstance(value, str):
                ws.write_string(r, c, safe_text(value))
            else:
                ws.write_number(r, c, value)

    row, page_end, breaks = 2, PAGE_ROWS, []
    for (title, codes, names, _rows), first_col in zip(tables, blocks):
        px = chart_height(len(names), len(codes))
        rows_needed = -(-px // ROW_PX) + 1
        if row + rows_needed > page_end and row > page_end - PAGE_ROWS + 2:  # never across a page break
            breaks.append(page_end)
            row, page_end = page_end, page_end + PAGE_ROWS
        chart = wb.add_chart({"type": "bar"})
        for offset, code in enumerate(codes, 1):
            blank = schema.blanks[code]
            chart.add_series({"name": safe_text(f"{code} {blank.label}（{blank.unit}）"),
                              "categories": [sheet_name, 3, first_col, 2 + len(names), first_col],
                              "values": [sheet_name, 3, first_col + offset, 2 + len(names), first_col + offset],
                              "gap": 60})
        chart.set_title({"name": safe_text(split_lines(title, TITLE_CHARS)), "name_font": {"size": 11}})
        chart.set_x_axis({"num_format": "#,##0", "major_gridlines": {"visible": True}})
        chart.set_y_axis({"reverse": True, "interval_unit": 1, "num_font": {"size": 8}})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": CHART_WIDTH, "height": px})
        ws.insert_chart(row, 0, chart, {"object_position": 3})
        row += rows_needed + 1
    if breaks:
        ws.set_h_pagebreaks(breaks)
    ws.print_area(0, 0, max(row, page_end), 10)
