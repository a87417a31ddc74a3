"""Next year's form, end to end: infer its schema from the blank, register it, then validate, merge and status
work without --schema; ``merge --to`` between years maps by declared meaning or stops and names what it cannot
map — and no number ever lands on a blank of another meaning."""
from __future__ import annotations

import json

import pytest
import yaml
from click.testing import CliRunner

from anquanyue.schema.model import schema_from_data
from anquanyue.chasing.roster import load_roster
from anquanyue.chasing.status import status
from anquanyue.cli import main
from anquanyue.merging.merge import merge
from anquanyue.reading.reader import read_form
from anquanyue.reading.validate import validate_files
from anquanyue.schema import Schema, load_schema
from anquanyue.writing import write_form
from anquanyue.writing.outputs import write_outputs

from .conftest import builtin_yaml
from .forms import Filled, write_docx, write_xlsx

NATIONAL = load_schema("national-2023")


def _blank_2024() -> Schema:
    """The 2024 national form as the paper shows it: two activities renamed, item 4 gone, item 6's two clauses
    swapped, a new item on 畅通生命通道 before 其他特色活动."""
    data = yaml.safe_load(builtin_yaml("national-2023"))
    data.update(id="printed-2024", year=2024, title="2024年全国“安全生产月”活动进展情况统计表", maps_to={})
    items = data["items"]
    items[0]["prose"] = items[0]["prose"].replace("以案说法", "以案普法")
    items[1]["prose"] = items[1]["prose"].replace("逃生演练训练营", "避险逃生训练营")
    del items[3]
    items[4]["prose"] = "网络直播({6.3})场、({6.4})人观看，组织开展“安全宣传咨询日”现场活动({6.1})场、参与({6.2})人次。"
    items.append({"number": 0, "title": "开展“畅通生命通道”宣传活动", "blanks": {
        "8.1": {"label": "x", "unit": "场"}, "8.2": {"label": "y", "unit": "人次"}, "8.3": {"label": "z", "unit": "处"}},
        "prose": "开展“畅通生命通道”宣传活动({8.1})场，参与({8.2})人次；清理占用堵塞消防通道({8.3})处。"})
    for number, item in enumerate(items, 1):
        item["number"] = number
    data["other"]["number"] = len(items) + 1
    return schema_from_data(data)


@pytest.fixture
def year2024(tmp_path):
    """The inferred and registered 2024 schema, and an inbox of three units' 2024 forms."""
    write_form(_blank_2024(), tmp_path / "2024年全国统计表（空白）.docx")
    runner = CliRunner()
    result = runner.invoke(main, ["schemas", "infer", str(tmp_path / "2024年全国统计表（空白）.docx"),
                                  "-o", str(tmp_path / "national-2024.yaml"), "--issuer", "全国“安全生产月”活动组委会办公室"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == (f"已写出表样：{tmp_path / 'national-2024.yaml'}（national-2024，"
                                             "2024年全国“安全生产月”活动进展情况统计表，2024 年，6 项，33 个空格，12 对场次/人次）")
    added = runner.invoke(main, ["schemas", "add", str(tmp_path / "national-2024.yaml")])
    assert added.exit_code == 0, added.output
    schema = load_schema("national-2024")
    inbox = tmp_path / "in"
    inbox.mkdir()
    for k, unit in enumerate(["上海市应急管理局", "江苏省应急管理厅", "浙江省应急管理厅"]):
        values = {code: str(_value(code) * (k + 1)) for code in schema.codes}
        filled = Filled(schema, raw=values, unit=unit, date="2024年6月28日", records=[(f"{unit}活动", "1", "10", "")])
        (write_xlsx if k % 2 else write_docx)(filled, inbox / f"{unit}{'.xlsx' if k % 2 else '.docx'}")
    return schema, inbox


def _value(code: str) -> int:
    """A distinct value for every blank, so a number in the wrong place shows."""
    item, position = code.split(".")
    return int(item) * 100 + int(position)


def test_the_inferred_schema_reads_the_changed_form(year2024):
    schema, _ = year2024
    assert [item.title for item in schema.items][-1] == "开展“畅通生命通道”宣传活动"
    assert {c: (b.label, b.unit) for c, b in schema.blanks.items() if c.startswith("5.")} == {
        "5.1": ("网络直播", "场"), "5.2": ("网络直播观看", "人"),
        "5.3": ("组织开展“安全宣传咨询日”现场活动", "场"), "5.4": ("组织开展“安全宣传咨询日”现场活动参与", "人次")}
    assert schema.blanks["1.4"].label == "组织开展“安全生产大家谈”“班前会”“以案普法”等活动"


def test_validate_merge_and_status_work_without_schema_once_registered(year2024, tmp_path):
    schema, inbox = year2024
    reports = validate_files([inbox])
    assert [(r.schema_id, r.ok, r.issues) for r in reports] == [("national-2024", True, [])] * 3
    factor = {"上海市应急管理局": 1, "江苏省应急管理厅": 2, "浙江省应急管理厅": 3}
    assert all(r.values == {c: _value(c) * factor[r.unit] for c in schema.codes} for r in reports)
    result = merge([inbox], date="2024-06-30")
    assert result.schema_id == "national-2024" and result.exit_code == 0 and not result.not_mapped
    assert result.totals == {**{c: _value(c) * 6 for c in schema.codes}, "7.1": 3, "7.2": 30}
    (tmp_path / "roster.csv").write_text("单位,别名,上级,类别\n上海市应急管理局,,,\n江苏省应急管理厅,,,\n"
                                         "浙江省应急管理厅,,,\n安徽省应急管理厅,,,\n", encoding="utf-8")
    state = status([inbox], load_roster(tmp_path / "roster.csv"), as_of="2024-06-30")
    assert state.schema_id == "national-2024"
    assert [(u.unit, u.state) for u in state.units] == [
        ("上海市应急管理局", "received"), ("江苏省应急管理厅", "received"), ("浙江省应急管理厅", "received"),
        ("安徽省应急管理厅", "missing")]


def test_a_2024_form_read_with_the_2023_schema_is_named_another_years(year2024):
    _, inbox = year2024
    [report] = [r for r in validate_files([inbox]) if "上海" in r.file]
    forced = read_form(report.file, "national-2023")
    [error] = forced.errors
    assert error.code == "other-version-known"
    assert error.message == (f"{report.file} 正文：这是另一年度/另一版本的统计表（与“national-2023”的第 4 项不同），"
                             "它与已登记的表样“national-2024”（2024年全国“安全生产月”活动进展情况统计表）相符；"
                             "请改用 --schema national-2024，或不指定 --schema。")
    assert forced.unit == "上海市应急管理局" and not forced.ok


def test_to_last_years_form_without_a_mapping_stops_and_names_every_blank(year2024, tmp_path):
    schema, inbox = year2024
    out = tmp_path / "national.xlsx"
    cli = CliRunner().invoke(main, ["merge", str(inbox), "-o", str(out), "--to", "national-2023", "--quiet"])
    assert cli.exit_code == 1 and not out.exists()
    result = merge([inbox], to="national-2023")
    assert result.blocked
    # 2024's 4.1 is 企业组织事故应急演练; 2023's 4.1 is 曝光重大事故隐患: never fed by code
    assert "4.1" in result.not_mapped and "1.4" in result.not_mapped  # 以案普法 is not 以案说法 by label alone
    [issue] = [i for i in result.issues if i.code == "blank-unmapped" and i.field == "4.1"]
    assert issue.message == ("national-2023：上报表的 4.1（曝光重大事故隐患和突出问题，单位：个）未能对应：“national-2024”"
                             "（按空格内容和单位对应） 中没有同一含义的空格，上报表未生成；请在表样的 maps_to 中写明对应关系，"
                             "或确认后加 --allow-partial 留空写出。")
    partial = merge([inbox], to="national-2023", allow_partial=True)
    written, _ = write_outputs(partial, tmp_path / "partial.xlsx")
    back = read_form(written, "national-2023")
    for code in NATIONAL.codes:
        if code in partial.not_mapped:
            assert back.values[code] is None
        else:  # fed by the one 2024 blank of the same label and unit, with that blank's total
            [source] = [c for c in schema.codes if (schema.blanks[c].label, schema.blanks[c].unit)
                        == (NATIONAL.blanks[code].label, NATIONAL.blanks[code].unit)]
            assert back.values[code] == _value(source) * 6
    assert back.values["1.3"] == 6 * 103 and back.values["5.1"] == 6 * 401  # 发表评论文章, 企业组织事故应急演练


def _with_mapping(path, mapping: dict) -> None:
    text = path.read_text(encoding="utf-8") + yaml.safe_dump({"maps_to": {"national-2023": mapping}}, allow_unicode=True)
    path.write_text(text, encoding="utf-8")


MAPPING_2024_TO_2023 = {
    **{f"1.{k}": [f"1.{k}"] for k in range(1, 6)}, **{f"2.{k}": [f"2.{k}"] for k in range(1, 4)},
    **{f"3.{k}": [f"3.{k}"] for k in range(1, 13)}, "4.1": "none", "4.2": "none", "4.3": "none",
    **{f"5.{k}": [f"4.{k}"] for k in range(1, 7)},
    "6.1": ["5.3"], "6.2": ["5.4"], "6.3": ["5.1"], "6.4": ["5.2"],
}


def test_to_last_years_form_with_a_declared_mapping(year2024, tmp_path):
    schema, inbox = year2024
    _with_mapping(tmp_path / "national-2024.yaml", MAPPING_2024_TO_2023)
    assert CliRunner().invoke(main, ["schemas", "remove", "national-2024"]).exit_code == 0
    assert CliRunner().invoke(main, ["schemas", "add", str(tmp_path / "national-2024.yaml")]).exit_code == 0
    result = merge([inbox], to="national-2023", allow_partial=True)
    assert result.not_mapped == ["4.1", "4.2", "4.3"]  # declared none: left empty, named
    expected = {target: sum(_value(c) for c in sources) * 6 for target, sources in MAPPING_2024_TO_2023.items()
                if sources != "none"}
    assert {c: result.totals[c] for c in expected} == expected
    assert result.totals["6.1"] == 6 * 503 and result.totals["5.1"] == 6 * 401  # swapped clauses, shifted items
    # the new item's blanks fed nothing in 2023's form: reported with their totals, never dropped
    assert sorted(i.field for i in result.issues if i.code == "code-not-in-target") == ["6.1", "6.2", "6.3"]
    assert merge([inbox], to="national-2023").blocked


def test_this_years_form_from_last_years_forms(year2024, tmp_path):
    schema, _ = year2024
    old = tmp_path / "old"
    old.mkdir()
    values = {code: str(_value(code)) for code in NATIONAL.codes}
    write_xlsx(Filled(NATIONAL, raw=values, unit="上海市应急管理局", date="2023年7月3日"), old / "上海.xlsx")
    # without a mapping: only blanks of the same label and unit; the rest named, and no deliverable
    plain = merge([old], to="national-2024")
    assert plain.blocked and "6.1" in plain.not_mapped and "1.4" in plain.not_mapped
    assert plain.totals["5.1"] == _value("6.3")  # 网络直播 (场) is 2023's 6.3
    assert plain.totals["4.1"] == _value("5.1")  # 企业组织事故应急演练: 2023's 5.1, never its 4.1 (曝光…)
    # with 2024's declared mapping read backwards: every one-to-one pair, the new item still named
    _with_mapping(tmp_path / "national-2024.yaml", MAPPING_2024_TO_2023)
    CliRunner().invoke(main, ["schemas", "remove", "national-2024"])
    CliRunner().invoke(main, ["schemas", "add", str(tmp_path / "national-2024.yaml")])
    result = merge([old], to="national-2024", allow_partial=True)
    assert result.not_mapped == ["6.1", "6.2", "6.3"]
    assert {c: result.totals[c] for c in ("1.4", "4.1", "5.1", "5.3")} == {
        "1.4": 104, "4.1": 501, "5.1": 603, "5.3": 601}
    out = tmp_path / "2024.json"
    write_outputs(result, out)
    assert json.loads(out.read_text(encoding="utf-8"))["not_mapped"] == ["6.1", "6.2", "6.3"]


def test_infer_like_last_year_writes_the_mapping_of_unchanged_blanks(tmp_path):
    write_form(_blank_2024(), tmp_path / "blank.docx")
    result = CliRunner().invoke(main, ["schemas", "infer", str(tmp_path / "blank.docx"), "-o", str(tmp_path / "n.yaml"),
                                       "--year", "2024", "--like", "national-2023"])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "n.yaml").read_text(encoding="utf-8")
    schema = load_schema(str(tmp_path / "n.yaml"))
    assert schema.maps_to["national-2023"] == {
        **{k: v for k, v in MAPPING_2024_TO_2023.items() if v != "none"},
        "1.4": None, "1.5": None, "2.3": None, "4.1": None, "4.2": None, "4.3": None}
    assert ('    "2.3": none  # 未找到文字相同的空格：参加线上“逃生演练训练营”活动发布视频（个）；可能是本表的 2.3'
            '（参加线上“避险逃生训练营”活动发布视频），核对后改为 ["2.3"]') in text
    assert '    "4.1": none  # 未找到文字相同的空格：曝光重大事故隐患和突出问题（个）\n' in text


def test_a_2024_form_before_its_schema_is_registered_is_named_another_years(tmp_path):
    printed = _blank_2024()
    filled = Filled(printed, raw={c: "5" for c in printed.codes}, unit="上海市应急管理局", date="2024年6月28日")
    report = read_form(write_xlsx(filled, tmp_path / "a.xlsx"))
    assert [i.code for i in report.errors] == ["other-version"]
    assert report.errors[0].text == ("这是另一年度/另一版本的统计表（与“national-2023”的第 4 项不同：表中为“坚持全民参与，"
                                     "组织开展常态化应急演练活动”，表样为“发挥媒体监督和社会监督作用，开展全员查找身边隐患宣传活动”），"
                                     "不能按“national-2023”读取；单位用错了表的，请其改用下发的模板重新填报；是新一年的表样的，请先用 schemas infer 生成、schemas add 登记。")
    assert report.unit == "上海市应急管理局" and all(v is None for v in report.values.values())
