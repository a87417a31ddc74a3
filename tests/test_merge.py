import datetime as dt
import json
import os
import shutil

import openpyxl
import pytest

from anquanyue.merging.merge import merge
from anquanyue.writing.outputs import write_outputs
from anquanyue.reading.reader import read_form
from anquanyue.schema import load_schema

from .conftest import SAMPLES
from .forms import unit_form, write_docx, write_xlsx

WEIHAI = load_schema("weihai-2023")


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    write_xlsx(unit_form("环翠区工业和信息化局", 10), root / "环翠.xlsx")
    write_docx(unit_form("文登区工业和信息化局", 20), root / "sub" / "文登.docx")
    write_xlsx(unit_form("荣成市工业和信息化局", 30, **{"1_3": "若干"}), root / "荣成.xlsx")  # an error: excluded
    write_xlsx(unit_form("乳山市工信局", 5, date="2023-06-20"), root / "乳山-初报.xlsx")
    write_xlsx(unit_form("乳山市工业和信息化局（盖章）", 7, date="2023-06-29"), root / "乳山-更正.xlsx")
    (root / "说明.txt").write_text("见附件", encoding="utf-8")
    (root / "~$环翠.xlsx").write_bytes(b"lock")
    (root / ".hidden.xlsx").write_bytes(b"")
    (root / "broken.xlsx").write_bytes(b"PK\x03\x04garbage")
    wb = openpyxl.Workbook()
    wb.active["A1"] = "工业增加值月报"
    wb.save(root / "月报.xlsx")
    return root


def test_every_file_ends_in_exactly_one_list(folder):
    result = merge([folder], date="2023-06-30")
    status = {os.path.relpath(f.file, folder): f.status for f in result.files}
    assert status == {
        "broken.xlsx": "excluded", "~$环翠.xlsx": "ignored", ".hidden.xlsx": "ignored", "乳山-初报.xlsx": "superseded",
        "乳山-更正.xlsx": "included", "月报.xlsx": "excluded", "环翠.xlsx": "included", "荣成.xlsx": "excluded",
        "sub/文登.docx": "included", "说明.txt": "ignored"}
    superseded = result.entries("superseded")[0]
    assert superseded.by == str(folder / "乳山-更正.xlsx")
    excluded = {os.path.relpath(f.file, folder): [i.message for i in f.reasons] for f in result.entries("excluded")}
    assert excluded["荣成.xlsx"] == ["Sheet1!B4：1.3（发表评论文章或心得体会）填写的“若干”不是数字，请填写一个不小于 0 的整数（单位：篇）。"]
    assert excluded["月报.xlsx"] == [f"{folder / '月报.xlsx'}：未找到“安全生产月”活动进展情况统计表，请使用下发的统计表模板填报。"]
    assert result.exit_code == 1


def test_totals_are_sums_over_included_forms_only(folder):
    result = merge([folder], date="2023-06-30")
    assert result.totals == {**{code: 10 + 20 + 7 for code in WEIHAI.codes}, "7.1": 3, "7.2": 37}
    assert [(a.unit, a.name, a.people) for a in result.other_activities] == [  # in the order of the sorted paths
        ("文登区工业和信息化局", "文登区工业和信息化局特色活动", 20),
        ("乳山市工业和信息化局", "乳山市工业和信息化局（盖章）特色活动", 7), ("环翠区工业和信息化局", "环翠区工业和信息化局特色活动", 10)]
    assert result.unit == "威海市工业和信息化局" and result.date == "2023-06-30"


def test_an_empty_blank_counts_zero_in_the_sum(tmp_path):
    write_xlsx(unit_form("甲单位", 4, **{"2_1": ""}), tmp_path / "a.xlsx")
    write_xlsx(unit_form("乙单位", 6), tmp_path / "b.xlsx")
    result = merge([tmp_path])
    assert result.totals["2.1"] == 6 and result.totals["1.1"] == 10 and result.exit_code == 0


def test_same_date_resubmission_uses_the_later_file(tmp_path):
    write_xlsx(unit_form("甲单位", 1), tmp_path / "first.xlsx")
    write_xlsx(unit_form("甲单位", 2), tmp_path / "second.xlsx")
    os.utime(tmp_path / "first.xlsx", (2_000_000_000, 2_000_000_000))  # first.xlsx saved last
    result = merge([tmp_path])
    assert [os.path.basename(f.file) for f in result.entries("included")] == ["first.xlsx"]
    assert result.totals["1.1"] == 1


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_deliverable_round_trips(folder, tmp_path, suffix):
    result = merge([folder], date="2023-06-30", unit="威海市工业和信息化局", contact="李华", phone="0631-5287000")
    out, report = write_outputs(result, tmp_path / f"city_total{suffix}")
    assert report == tmp_path / "city_total.report.xlsx"
    back = read_form(out)
    assert back.ok and back.schema_id == "weihai-2023"
    assert (back.unit, back.contact, back.phone, back.date) == ("威海市工业和信息化局", "李华", "0631-5287000", "2023-06-30")
    assert back.values == {code: result.totals[code] for code in WEIHAI.codes}
    assert sum(a.count for a in back.other_activities) == result.totals["7.1"]
    assert sum(a.people for a in back.other_activities) == result.totals["7.2"]
    assert [a.description for a in back.other_activities] == [
        "报送单位：文登区工业和信息化局。", "报送单位：乳山市工业和信息化局。", "报送单位：环翠区工业和信息化局。"]


def test_deliverable_has_nothing_internal(folder, tmp_path):
    out, _ = write_outputs(merge([folder], date="2023-06-30"), tmp_path / "total.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["统计表"]
    texts = " ".join(str(c.value) for row in wb.active.iter_rows() for c in row if c.value)
    assert "荣成" not in texts and "anquanyue" not in texts and "excluded" not in texts


def test_province_merges_two_cities(tmp_path):
    city_a, city_b = tmp_path / "a", tmp_path / "b"
    for folder, units in ((city_a, ("甲区", "乙区")), (city_b, ("丙区",))):
        folder.mkdir()
        for n, unit in enumerate(units, 1):
            write_xlsx(unit_form(unit, n * 100), folder / f"{unit}.xlsx")
    province = tmp_path / "province"
    province.mkdir()
    a = merge([city_a], to="shandong-minbao-2023", unit="威海市工业和信息化局", date="2023-06-30")
    b = merge([city_b], to="shandong-minbao-2023", unit="烟台市工业和信息化局", date="2023-06-30")
    write_outputs(a, province / "威海.xlsx", tmp_path / "a.report.xlsx")
    write_outputs(b, province / "烟台.docx", tmp_path / "b.report.xlsx")
    total = merge([province], unit="山东省工业和信息化厅", date="2023-07-02")
    assert total.schema_id == "shandong-minbao-2023" and total.exit_code == 0
    assert total.totals["1.1"] == 300 + 100 and total.totals["7.2"] == 300 + 100
    assert total.totals == {code: a.totals[code] + b.totals[code] for code in a.totals}


@pytest.mark.parametrize("target", ["weihai-2023", "shandong-minbao-2023", "national-2023"])
def test_conversion_between_the_three_forms(tmp_path, target):
    write_docx(unit_form("甲区", 3), tmp_path / "a.docx")
    result = merge([tmp_path], to=target)
    out, _ = write_outputs(result, tmp_path / "t.xlsx")
    back = read_form(out)
    assert back.schema_id == target and back.values == {c: 3 for c in WEIHAI.codes}
    assert [i for i in result.issues if i.code == "code-not-in-target"] == []


def test_codes_missing_from_the_target_are_reported(tmp_path):
    from .conftest import builtin_yaml

    text = builtin_yaml("weihai-2023").replace("id: weihai-2023", "id: slim-2023")
    text = text[: text.index("# 汇总到另外两张")]  # no declared mapping: blanks map by label and unit
    text = text.replace("；对外包外租项目开展大排查（{3.12}）次。", "。").replace(
        '      "3.12": {label: 对外包外租项目开展大排查, unit: 次}\n', "")
    (tmp_path / "slim.yaml").write_text(text, encoding="utf-8")
    (tmp_path / "in").mkdir()
    write_xlsx(unit_form("甲区", 3), tmp_path / "in" / "a.xlsx")
    result = merge([tmp_path / "in"], to=str(tmp_path / "slim.yaml"))
    [issue] = [i for i in result.issues if i.code == "code-not-in-target"]
    assert issue.field == "3.12"
    assert issue.message == "slim-2023：3.12（对外包外租项目开展大排查）在目标表样“slim-2023”中没有对应空格，合计 3 未写入上报表，请另行说明。"
    assert result.totals["3.12"] == 3


def test_json_output_shape(folder, tmp_path):
    out, _ = write_outputs(merge([folder], date="2023-06-30"), tmp_path / "total.json")
    data = json.loads(out.read_text(encoding="utf-8"))
    assert set(data) >= {"schema", "unit", "date", "totals", "other_activities", "included", "excluded",
                         "superseded", "ignored", "issues"}
    assert data["totals"]["1.1"] == 37 and data["date"] == "2023-06-30"
    assert {os.path.basename(i["file"]) for i in data["included"]} == {"环翠.xlsx", "文登.docx", "乳山-更正.xlsx"}
    assert data["superseded"] == [{"file": str(folder / "乳山-初报.xlsx"), "unit": "乳山市工信局",
                                   "by": str(folder / "乳山-更正.xlsx")}]
    assert {os.path.basename(i["file"]): i["reason"] for i in data["ignored"]}["说明.txt"] == "文字说明（.txt），单位不会用纯文本报送统计表"
    assert all(set(i) >= {"file", "severity", "code", "field", "location", "message"} for i in data["issues"])
    assert data["issues"][0]["severity"] == "error"


def test_report_sheets_and_totals_row(folder, tmp_path):
    result = merge([folder], date="2023-06-30")
    _, report = write_outputs(result, tmp_path / "total.xlsx")
    wb = openpyxl.load_workbook(report)
    assert wb.sheetnames == ["汇总", "明细", "其他特色活动", "问题清单", "异常", "文件", "图表"]
    detail = wb["明细"]
    labels, codes = [c.value for c in detail[1]], [c.value for c in detail[2]]
    assert labels[:5] == ["单位", "文件", "填报日期", "宣讲活动（场）", "宣讲活动参与（人次）"]
    assert codes[3:5] == ["1.1", "1.2"] and codes[-2:] == ["7.1", "7.2"]
    rows = list(detail.iter_rows(min_row=3, values_only=True))
    assert [r[0] for r in rows] == ["文登区工业和信息化局", "乳山市工业和信息化局", "环翠区工业和信息化局", "合计"]
    assert [r[1] for r in rows[:-1]] == [os.path.join("sub", "文登.docx"), "乳山-更正.xlsx", "环翠.xlsx"]  # in the inbox
    assert isinstance(rows[0][2], dt.datetime) and detail["C3"].number_format == "yyyy-mm-dd"
    assert rows[-1][3:] == tuple(result.totals[c] for c in WEIHAI.total_codes)
    assert all(isinstance(v, int) for r in rows for v in r[3:])
    assert detail["D3"].number_format == "#,##0"
    assert detail.freeze_panes == "B3" and detail.auto_filter.ref == "A2:AL5"
    assert detail.print_title_rows == "$1:$2" and detail.print_title_cols == "$A:$A"
    assert detail.page_setup.orientation == "landscape" and detail.page_setup.paperSize == 9
    summary = {r[0]: r[3] for r in wb["汇总"].iter_rows(min_row=2, max_row=36, values_only=True)}
    assert summary == result.totals
    files = {os.path.basename(r[0]): r[3] for r in wb["文件"].iter_rows(min_row=2, values_only=True)}
    assert files["乳山-初报.xlsx"] == "被更正版替代" and files["说明.txt"] == "已忽略" and files["荣成.xlsx"] == "未计入（有错误）"
    problems = list(wb["问题清单"].iter_rows(min_row=2, values_only=True))
    assert problems[0][2] == "错误" and {p[2] for p in problems} == {"错误", "提醒"}
    assert ("不是数字", "blank-not-a-number") in {(p[3], p[7]) for p in problems}
    assert len(wb["图表"]._charts) == 16  # per item counts and people apart, at most 3 bars a unit
    records = list(wb["其他特色活动"].iter_rows(min_row=2, values_only=True))
    assert [r[:4] for r in records][1] == ("乳山市工业和信息化局", "乳山市工业和信息化局（盖章）特色活动", 1, 7)


def test_same_inputs_same_totals_and_deliverable_text(folder, tmp_path):
    texts = []
    for n in range(2):
        out, _ = write_outputs(merge([folder], date="2023-06-30"), tmp_path / f"t{n}.xlsx", tmp_path / f"r{n}.xlsx")
        texts.append([c.value for row in openpyxl.load_workbook(out).active.iter_rows() for c in row])
    assert texts[0] == texts[1]


def test_samples_merge(tmp_path):
    shutil.copytree(SAMPLES / "weihai-2023", tmp_path / "weihai")
    result = merge([tmp_path / "weihai"], date="2023-06-30")
    assert len(result.entries("included")) == 10 and result.exit_code == 0
    assert [os.path.basename(f.file) for f in result.entries("superseded")] == ["乳山市工信局.docx"]


def test_charts_never_mix_counts_and_people():
    from anquanyue.writing.working_report import PEOPLE_UNITS, chart_groups

    groups = chart_groups(WEIHAI)
    assert len(groups) == 16 and max(len(codes) for _, codes in groups) == 3
    for _, codes in groups:
        units = {WEIHAI.blanks[c].unit in PEOPLE_UNITS for c in codes}
        assert len(units) == 1
    assert [c for _, codes in groups for c in codes] == [c for item in WEIHAI.items for c in
                                                          [x for x in item.codes if WEIHAI.blanks[x].unit not in PEOPLE_UNITS]
                                                          + [x for x in item.codes if WEIHAI.blanks[x].unit in PEOPLE_UNITS]] + ["7.1", "7.2"]


def test_a_full_disk_when_the_report_is_saved_is_told_in_chinese(folder, tmp_path, monkeypatch):
    """xlsxwriter wraps the OSError of a failed save in its own exception; the clerk gets the Chinese reason."""
    import xlsxwriter.workbook

    from anquanyue.writing.atomic import OutputError

    def full(self):
        raise OSError(28, "No space left on device")

    result = merge([folder], date="2023-06-30")
    monkeypatch.setattr(xlsxwriter.workbook.Workbook, "_store_workbook", full)
    with pytest.raises(OutputError) as caught:
        write_outputs(result, tmp_path / "total.json")
    assert str(caught.value) == f"{tmp_path / 'total.report.xlsx'}：写入失败（磁盘空间不足），请检查磁盘空间和文件权限后重试。"
    with pytest.raises(OutputError) as caught:
        write_outputs(result, tmp_path / "total.xlsx")
    assert str(caught.value) == f"{tmp_path / 'total.xlsx'}：写入失败（磁盘空间不足），请检查磁盘空间和文件权限后重试。"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "total.json"]


def test_merging_holds_the_collector_back_over_the_forms_and_restores_it(monkeypatch):
    """Every form read is held while merging: the cyclic collector is held back (``speed/gc.py``), as while
    reading and writing, and left as it was."""
    import gc

    from anquanyue.merging import merge as merge_module
    from anquanyue.reading.validate import read_inbox
    from anquanyue.speed.gc import BULK_GC_THRESHOLD

    results = read_inbox([SAMPLES / "weihai-2023"])
    seen = []
    classify = merge_module.classify

    def watched(*args, **kwargs):
        seen.append((gc.get_threshold()[0] >= BULK_GC_THRESHOLD, gc.get_freeze_count() > 0))
        return classify(*args, **kwargs)

    monkeypatch.setattr(merge_module, "classify", watched)
    before = gc.get_threshold()
    merge_module.merge_results(results, date="2023-06-30")
    assert seen == [(True, True)]
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0
