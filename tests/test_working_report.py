"""The working report as a clerk prints and reads it (the office-suite checks are in test_office.py)."""
import openpyxl
from hypothesis import given
from hypothesis import strategies as st

from anquanyue.merging.merge import merge
from anquanyue.schema import load_schema
from anquanyue.writing.outputs import write_outputs
from anquanyue.writing.report_charts import TOP_N, chart_height, split_lines, top_units

from .forms import unit_form, write_xlsx

WEIHAI = load_schema("weihai-2023")


def report_of(tmp_path, units: int):
    inbox = tmp_path / "in"
    inbox.mkdir()
    for k in range(units):  # 1.2 apart, so that no form holds one number in every blank
        write_xlsx(unit_form(f"第{k:02d}区工业和信息化局", k + 1, **{"1_2": str(k + 2)}), inbox / f"{k:02d}.xlsx")
    _, report = write_outputs(merge([inbox], date="2023-06-30"), tmp_path / "total.xlsx")
    return openpyxl.load_workbook(report)


def test_every_sheet_is_set_up_for_a4_with_headings_repeated_and_pages_numbered(tmp_path):
    wb = report_of(tmp_path, 2)
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize == 9, ws.title
        assert "第 &P 页" in ws.oddFooter.center.text, ws.title
    for name in ("其他特色活动", "问题清单", "异常", "文件"):
        ws = wb[name]
        assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    assert wb["汇总"]["D2"].number_format == "#,##0"


def test_an_empty_anomaly_sheet_says_so(tmp_path):
    wb = report_of(tmp_path, 2)
    assert [r for r in wb["异常"].iter_rows(min_row=2, values_only=True)] == [("未发现异常", None, None)]


def test_issue_names_in_chinese_with_the_code_last(tmp_path):
    inbox = tmp_path / "in"
    inbox.mkdir()
    write_xlsx(unit_form("荣成市工业和信息化局", 30, **{"1_3": "若干"}), inbox / "荣成.xlsx")
    write_xlsx(unit_form("环翠区工业和信息化局", 3), inbox / "环翠.xlsx")
    _, report = write_outputs(merge([inbox], date="2023-06-30"), tmp_path / "total.xlsx")
    ws = openpyxl.load_workbook(report)["问题清单"]
    assert [c.value for c in ws[1]] == ["文件", "单位", "级别", "问题", "空格", "位置", "说明", "代码"]
    rows = {(r[0], r[3], r[7]) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert ("荣成.xlsx", "不是数字", "blank-not-a-number") in rows
    assert ("荣成.xlsx", "未计入汇总", "form-excluded") in rows
    places = {(r[3], r[5]) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert ("未计入汇总", "荣成.xlsx") in places  # the location under the inbox, as the file column
    assert ws.column_dimensions["H"].width < ws.column_dimensions["G"].width / 4


def test_many_units_chart_the_largest_and_the_rest_as_other(tmp_path):
    wb = report_of(tmp_path, TOP_N + 5)
    ws = wb["图表"]
    names = [ws.cell(row=r, column=13).value for r in range(4, 4 + TOP_N)]
    assert names[0] == f"第{TOP_N + 4}区工业和信息化局" and names[-1] == "其他（6 个单位）"
    assert ws.cell(row=4 + TOP_N - 1, column=14).value == sum(range(1, 7))  # 1.1 of units 0..5: 1..6
    assert ws.cell(row=4 + TOP_N, column=13).value is None


def test_top_units_keeps_every_unit_up_to_top_n():
    units = [f"u{k}" for k in range(TOP_N)]
    columns = [list(range(TOP_N)), [1] * TOP_N]
    assert top_units(units, columns) == (units, [(k, 1) for k in range(TOP_N)])
    more_units, more_columns = units + ["x"], [columns[0] + [0], columns[1] + [0]]
    names, values = top_units(more_units, more_columns)
    assert len(names) == TOP_N and names[-1] == "其他（2 个单位）" and values[-1] == [0 + 0, 1 + 0]  # u0 and x


@given(st.lists(st.tuples(st.sampled_from(["甲", "乙", "丙", "丁"]), st.tuples(*[st.integers(0, 5)] * 3)),
                max_size=3 * TOP_N), st.integers(0, 2))
def test_top_units_are_the_largest_by_sum_then_name_then_place(units_rows, width):
    units, rows = [u for u, _ in units_rows], [r[:width + 1] for _, r in units_rows]
    columns = [[row[c] for row in rows] for c in range(width + 1)]
    names, values = top_units(units, columns)
    if len(units) <= TOP_N:
        assert (names, values) == (units, rows)
        return
    order = sorted(range(len(units)), key=lambda k: (-sum(rows[k]), units[k]))  # ties: the earlier unit first
    keep, rest = order[: TOP_N - 1], order[TOP_N - 1:]
    assert names == [units[k] for k in keep] + [f"其他（{len(rest)} 个单位）"]
    assert values == [rows[k] for k in keep] + [[sum(rows[k][c] for k in rest) for c in range(width + 1)]]


def test_charts_fit_a_page_and_long_titles_are_split():
    assert chart_height(TOP_N, 3) <= 40 * 24 / 2  # two on a printed page
    assert split_lines("一" * 30, 26) == "一" * 26 + "\n" + "一" * 4
