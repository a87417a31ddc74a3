import json

import pytest
from click.testing import CliRunner

from anquanyue.cli import main
from anquanyue.chasing.roster import load_roster
from anquanyue.schema import load_schema
from anquanyue.chasing.status import notice_text, status, status_of
from anquanyue.reading.validate import read_inbox

from .forms import Filled, write_docx, write_xlsx

WEIHAI = load_schema("weihai-2023")


def form(unit, date, **raw):
    values = {c: "5" for c in WEIHAI.codes}
    values.update({k.replace("_", "."): v for k, v in raw.items()})
    return Filled(WEIHAI, raw=values, unit=unit, date=date)


@pytest.fixture
def setup(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "roster.csv").write_text(
        "单位,别名,上级,类别\n甲区工业和信息化局,甲区工信局,市局,区市\n乙区工业和信息化局,,市局,区市\n"
        "丙区工业和信息化局,,市局,区市\n丁区工业和信息化局,,市局,区市\n", encoding="utf-8")
    write_xlsx(form("甲区工信局", "2023年6月28日"), tmp_path / "in" / "甲.xlsx")
    write_docx(form("乙区工业和信息化局", "2023年7月3日"), tmp_path / "in" / "乙.docx")  # late
    write_xlsx(form("丙区工业和信息化局", "2023年6月29日", **{"1_1": "若干"}), tmp_path / "in" / "丙.xlsx")  # broken
    write_xlsx(form("戊区工业和信息化局", "2023年6月29日"), tmp_path / "in" / "戊.xlsx")  # not on the roster
    (tmp_path / "in" / "坏.docx").write_bytes(b"")
    return tmp_path


def test_status_names_every_missing_late_broken_and_unknown_unit(setup):
    result = status([setup / "in"], load_roster(setup / "roster.csv"), as_of="2023-06-29")
    assert [(u.unit, u.state, u.on_time) for u in result.units] == [
        ("甲区工业和信息化局", "received", True), ("乙区工业和信息化局", "received", False),
        ("丙区工业和信息化局", "invalid", True), ("丁区工业和信息化局", "missing", None)]
    assert result.units[2].errors == ["Sheet1!B4：1.1（宣讲活动）填写的“若干”不是数字，请填写一个不小于 0 的整数（单位：场）。"]
    assert result.unknown == [{"unit": "戊区工业和信息化局", "file": str(setup / "in" / "戊.xlsx"), "date": "2023-06-29"}]
    assert [u["file"] for u in result.unreadable] == [str(setup / "in" / "坏.docx")]
    assert (result.deadline, result.days_left, result.exit_code) == ("2023-06-30", 1, 1)


def test_status_of_forms_already_read_is_status(setup):
    roster = load_roster(setup / "roster.csv")
    read = read_inbox([setup / "in"])
    assert status_of(read, roster, as_of="2023-06-29") == status([setup / "in"], roster, as_of="2023-06-29")
    forced = status_of(read, roster, schema="weihai-2023", as_of="2023-06-29")
    assert forced == status([setup / "in"], roster, schema="weihai-2023", as_of="2023-06-29")
    assert [(u.unit, u.state) for u in forced.units] == [
        ("甲区工业和信息化局", "received"), ("乙区工业和信息化局", "received"),
        ("丙区工业和信息化局", "invalid"), ("丁区工业和信息化局", "missing")]


def test_notice_text(setup):
    result = status([setup / "in"], load_roster(setup / "roster.csv"), as_of="2023-06-29")
    assert notice_text(result) == (
        "关于报送“安全生产月”活动进展情况统计表的催报通知\n\n各有关单位：\n"
        "《威海市“安全生产月”活动进展情况统计表》报送截止时间为2023年6月30日（还剩 1 天）。截至2023年6月29日，情况如下：\n"
        "一、尚未报送的单位（1 个）：丁区工业和信息化局。请尽快报送。\n"
        "二、已报送但表中有错误、需修改后重新报送的单位（1 个）：\n"
        "  1. 丙区工业和信息化局（文件 丙.xlsx）：\n"
        "     - Sheet1!B4：1.1（宣讲活动）填写的“若干”不是数字，请填写一个不小于 0 的整数（单位：场）。\n"
        "三、逾期报送的单位：乙区工业和信息化局。\n\n威海市工业和信息化局\n2023年6月29日\n")


def test_cli_status_json_and_exit_codes(setup):
    runner = CliRunner()
    args = ["status", str(setup / "in"), "--roster", str(setup / "roster.csv"), "--as-of", "2023-06-29"]
    result = runner.invoke(main, args + ["--json"])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert (data["as_of"], data["deadline"], data["days_left"]) == ("2023-06-29", "2023-06-30", 1)
    assert [u["unit"] for u in data["received"]] == ["甲区工业和信息化局", "乙区工业和信息化局"]
    assert data["received"][0]["file"] == str(setup / "in" / "甲.xlsx")
    assert [u["unit"] for u in data["invalid"]] == ["丙区工业和信息化局"]
    assert data["missing"] == [{"unit": "丁区工业和信息化局"}]
    assert [u["unit"] for u in data["unknown"]] == ["戊区工业和信息化局"]
    result = runner.invoke(main, args + ["--notice"])
    assert result.exit_code == 1 and result.output.startswith("关于报送“安全生产月”活动进展情况统计表的催报通知\n")
    result = runner.invoke(main, args, env={"COLUMNS": "200"})
    assert "截止日期 2023-06-30（还剩 1 天）：已报 2，有错误 1，未报 1，名单外 1。" in result.output
    assert "逾期报送" in result.output and "名单外" in result.output


def test_cli_status_all_received_exits_0(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "r.csv").write_text("单位\n甲区工业和信息化局\n", encoding="utf-8")
    write_xlsx(form("甲区工信局", "2023年6月28日"), tmp_path / "in" / "甲.xlsx")
    result = CliRunner().invoke(main, ["status", str(tmp_path / "in"), "--roster", str(tmp_path / "r.csv"),
                                       "--as-of", "2023-07-01", "--notice"])
    assert result.exit_code == 0
    assert "截止时间为2023年6月30日（已逾期 1 天）" in result.output and "名单上的单位均已报送且无错误" in result.output


def test_cli_status_usage_mistakes(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["status", str(tmp_path), "--roster", str(tmp_path / "none.csv")])
    assert result.exit_code == 2 and "名单文件不存在" in result.output
    (tmp_path / "r.csv").write_text("单位\n甲\n", encoding="utf-8")
    result = runner.invoke(main, ["status", str(tmp_path), "--roster", str(tmp_path / "r.csv"), "--as-of", "明天"])
    assert result.exit_code == 2


def test_a_form_without_its_unit_or_an_unreadable_file_is_attributed_by_its_file_name(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "roster.csv").write_text("单位,别名\n甲区工业和信息化局,甲区工信局\n乙区工业和信息化局,\n丙区工业和信息化局,\n",
                                         encoding="utf-8")
    write_xlsx(form("甲区工信局", "2023年6月28日"), tmp_path / "in" / "甲.xlsx")
    write_xlsx(form("", "2023年6月28日"), tmp_path / "in" / "乙区工信局（更正）.xlsx")  # 填报单位 left empty
    (tmp_path / "in" / "丙区.docx").write_bytes(b"")  # received, but nothing can be read from it
    result = status([tmp_path / "in"], load_roster(tmp_path / "roster.csv"), as_of="2023-06-29")
    assert [(u.unit, u.state, u.match) for u in result.units] == [
        ("甲区工业和信息化局", "received", "exact"), ("乙区工业和信息化局", "invalid", "file-name"),
        ("丙区工业和信息化局", "unreadable", "file-name")]
    yi, bing = result.units[1], result.units[2]
    assert yi.errors[0] == (f"{tmp_path / 'in' / '乙区工信局（更正）.xlsx'}：文件名看是 乙区工业和信息化局 的表，但表内未填写"
                            "填报单位，请在“填报单位（盖章）”后填写单位全称后重新报送。")
    assert len(yi.errors) == 1  # the note says what 未填写填报单位 said, with the unit's name
    assert bing.errors == [f"{tmp_path / 'in' / '丙区.docx'}：文件是空的，没有任何内容，请重新导出后报送。"]
    assert result.unreadable == [] and result.exit_code == 1
    notice = notice_text(result)
    assert "一、已报送但表中有错误、需修改后重新报送的单位（1 个）：\n  1. 乙区工业和信息化局（文件 乙区工信局（更正）.xlsx）：" in notice
    assert "二、已收到文件但无法读取、需重新报送的单位（1 个）：\n  1. 丙区工业和信息化局（文件 丙区.docx）：" in notice
    assert "尚未报送" not in notice


def test_a_district_that_sent_its_enterprises_and_its_subtotal_in_one_workbook_has_reported(tmp_path):
    from .forms import unit_form, write_xlsx_sheets

    (tmp_path / "in").mkdir()
    (tmp_path / "roster.csv").write_text("单位\n文登区工业和信息化局\n荣成市工业和信息化局\n", encoding="utf-8")
    write_xlsx_sheets([("甲公司", unit_form("甲公司", 1)), ("乙公司", unit_form("乙公司", 2)),
                       ("汇总", unit_form("文登区工业和信息化局", 3))], tmp_path / "in" / "文登区.xlsx")
    result = status([tmp_path / "in"], load_roster(tmp_path / "roster.csv"), as_of="2023-06-29")
    assert [(u.unit, u.state) for u in result.units] == [("文登区工业和信息化局", "received"),
                                                         ("荣成市工业和信息化局", "missing")]
