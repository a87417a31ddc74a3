import json
import shutil

from click.testing import CliRunner

from anquanyue.cli import main
from anquanyue.reading.reader import read_form

from .conftest import SAMPLES


def test_merge_samples_writes_deliverable_and_report(tmp_path):
    shutil.copytree(SAMPLES / "weihai-2023", tmp_path / "in")
    out = tmp_path / "city_total.xlsx"
    result = CliRunner().invoke(main, ["merge", str(tmp_path / "in"), "-o", str(out), "--date", "2023年6月30日"],
                                env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "共 12 个文件：计入汇总 10 个，未计入（有错误） 0 个，被更正版替代 1 个，已忽略 1 个。"
    assert lines[1] == f"  被替代 {tmp_path / 'in' / '乳山市工信局.docx'} → 以 {tmp_path / 'in' / '乳山市工信局（更正）.docx'} 为准"
    assert lines[-2] == f"上报表：{out}（威海市工业和信息化局，2023-06-30）"
    assert lines[-1] == f"工作报告：{tmp_path / 'city_total.report.xlsx'}"
    assert "读取统计表" not in result.output  # no progress bar when stdout is not a terminal
    back = read_form(out)
    assert back.ok and back.date == "2023-06-30" and back.unit == "威海市工业和信息化局"


def test_merge_json_and_quiet_and_exit_1_when_excluded(tmp_path):
    (tmp_path / "in").mkdir()
    shutil.copy(SAMPLES / "weihai-2023" / "环翠区工信局.xlsx", tmp_path / "in")
    (tmp_path / "in" / "坏.xlsx").write_bytes(b"")
    out = tmp_path / "total.json"
    result = CliRunner().invoke(main, ["merge", str(tmp_path / "in"), "-o", str(out), "--quiet", "--unit", "某市工信局"])
    assert result.exit_code == 1 and result.output == ""
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["unit"] == "某市工信局"
    assert data["excluded"] == [{"file": str(tmp_path / "in" / "坏.xlsx"), "unit": None,
                                 "reasons": [f"{tmp_path / 'in' / '坏.xlsx'}：文件是空的，没有任何内容，请重新导出后报送。"]}]
    assert (tmp_path / "total.report.xlsx").exists()


def test_merge_usage_mistakes(tmp_path):
    runner = CliRunner()
    sample = SAMPLES / "weihai-2023"
    result = runner.invoke(main, ["merge", str(sample), "-o", str(sample / "环翠区工信局.xlsx")])
    assert result.exit_code == 2 and "不能覆盖报送的原件" in result.output
    result = runner.invoke(main, ["merge", str(sample), "-o", str(tmp_path / "t.pdf")])
    assert result.exit_code == 2 and "上报表只能写成 .xlsx、.docx 或 .json 文件" in result.output
    result = runner.invoke(main, ["merge", str(sample), "-o", str(tmp_path / "t.xlsx"), "--date", "下周"])
    assert result.exit_code == 2 and "日期“下周”无法识别" in result.output
    result = runner.invoke(main, ["merge", str(tmp_path / "nothing"), "-o", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 2
    assert not (tmp_path / "t.xlsx").exists()


def test_merge_of_nothing_readable_writes_nothing(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["merge", str(tmp_path / "in"), "-o", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 1
    assert "没有读到任何可识别的统计表，未生成上报表。" in result.output
    assert not (tmp_path / "t.xlsx").exists()


def test_merge_with_a_roster_names_who_is_not_counted_and_exits_1(tmp_path):
    import openpyxl

    (tmp_path / "in").mkdir()
    for name in ("环翠区工信局.xlsx", "文登区工信局.docx"):
        shutil.copy(SAMPLES / "weihai-2023" / name, tmp_path / "in")
    (tmp_path / "in" / "荣成市工信局.xlsx").write_bytes(b"")  # received, cannot be read
    (tmp_path / "名单.csv").write_text("单位,别名\n环翠区工业和信息化局,\n文登区工业和信息化局,\n荣成市工业和信息化局,\n"
                                       "乳山市工业和信息化局,\n", encoding="utf-8")
    out = tmp_path / "total.json"
    result = CliRunner().invoke(main, ["merge", str(tmp_path / "in"), "-o", str(out), "--roster",
                                       str(tmp_path / "名单.csv"), "--date", "2023-06-30"], env={"COLUMNS": "300"})
    assert result.exit_code == 1, result.output
    assert "名单上未计入汇总的单位 2 个：" in result.output
    assert "  荣成市工业和信息化局：收到但无法读取（荣成市工信局.xlsx）——" in result.output
    assert "  乳山市工业和信息化局：未报" in result.output.splitlines()
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["not_counted"] == [
        {"unit": "荣成市工业和信息化局", "state": "unreadable", "file": str(tmp_path / "in" / "荣成市工信局.xlsx"),
         "reasons": [f"{tmp_path / 'in' / '荣成市工信局.xlsx'}：文件是空的，没有任何内容，请重新导出后报送。"]},
        {"unit": "乳山市工业和信息化局", "state": "missing", "file": None, "reasons": []}]
    book = openpyxl.load_workbook(tmp_path / "total.report.xlsx", read_only=True)
    texts = [row[0] for row in book["汇总"].iter_rows(values_only=True) if row and isinstance(row[0], str)]
    assert "未计入的单位（2 个）：" in texts
    assert "  乳山市工业和信息化局：未报" in texts


def test_merge_with_a_roster_exits_0_when_every_unit_is_counted(tmp_path):
    (tmp_path / "in").mkdir()
    shutil.copy(SAMPLES / "weihai-2023" / "环翠区工信局.xlsx", tmp_path / "in")
    (tmp_path / "名单.csv").write_text("单位\n环翠区工业和信息化局\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["merge", str(tmp_path / "in"), "-o", str(tmp_path / "t.xlsx"), "--roster",
                                       str(tmp_path / "名单.csv")])
    assert result.exit_code == 0, result.output
    assert "名单上的单位均已计入汇总。" in result.output


def test_merge_warns_about_missing_contact_and_phone_then_remembers_them(tmp_path, monkeypatch):
    monkeypatch.setenv("ANQUANYUE_CONFIG_DIR", str(tmp_path / "config"))
    (tmp_path / "in").mkdir()
    shutil.copy(SAMPLES / "weihai-2023" / "环翠区工信局.xlsx", tmp_path / "in")
    out = tmp_path / "total.xlsx"
    args = ["merge", str(tmp_path / "in"), "-o", str(out), "--quiet"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0 and first.stdout == ""
    assert first.stderr.splitlines() == [
        "提醒：未给出联系人，上报表中“联系人”将为空；请用 --contact 填写（填写一次即记住，以后不必再填）。",
        "提醒：未给出电话，上报表中“电话”将为空；请用 --phone 填写（填写一次即记住，以后不必再填）。"]
    assert not (tmp_path / "config").exists()  # nothing given, nothing saved

    given = CliRunner().invoke(main, [*args, "--contact", "王敏", "--phone", "0631-5201234"])
    assert given.exit_code == 0 and given.stderr == ""
    assert read_form(out).contact == "王敏"
    assert json.loads((tmp_path / "config" / "settings.json").read_text(encoding="utf-8")) == {
        "contact": "王敏", "phone": "0631-5201234"}

    later = CliRunner().invoke(main, [*args, "--phone", "0631-5209999"])
    assert later.stderr.splitlines() == ["提醒：未给出联系人（--contact），上报表沿用上次的“王敏”。"]
    back = read_form(out)
    assert (back.contact, back.phone) == ("王敏", "0631-5209999")
    assert json.loads((tmp_path / "config" / "settings.json").read_text(encoding="utf-8"))["phone"] == "0631-5209999"


def test_merge_goes_on_when_the_settings_cannot_be_saved(tmp_path, monkeypatch):
    (tmp_path / "config").write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setenv("ANQUANYUE_CONFIG_DIR", str(tmp_path / "config"))
    (tmp_path / "in").mkdir()
    shutil.copy(SAMPLES / "weihai-2023" / "环翠区工信局.xlsx", tmp_path / "in")
    result = CliRunner().invoke(main, ["merge", str(tmp_path / "in"), "-o", str(tmp_path / "t.xlsx"), "--quiet",
                                       "--contact", "王敏", "--phone", "1"])
    assert result.exit_code == 0
    assert result.stderr == (f"提醒：{tmp_path / 'config' / 'settings.json'}：无法保存联系人和电话（{tmp_path / 'config'} 是一个文件，不是文件夹），"
                             "下次仍需给出。\n")


def test_merge_states_a_districts_subtotal_in_its_summary_and_report(tmp_path, monkeypatch):
    import openpyxl

    monkeypatch.setenv("ANQUANYUE_CONFIG_DIR", str(tmp_path / "config"))

    from .forms import unit_form, write_xlsx_sheets

    (tmp_path / "in").mkdir()
    sheets = [("甲公司", unit_form("甲公司", 1)), ("乙公司", unit_form("乙公司", 2)), ("汇总", unit_form("文登区工信局", 3))]
    sheets[2][1].records = [("文登区特色活动", "2", "3", "")]
    workbook = write_xlsx_sheets(sheets, tmp_path / "in" / "文登区.xlsx")
    out = tmp_path / "total.xlsx"
    result = CliRunner().invoke(main, ["merge", str(tmp_path / "in"), "-o", str(out), "--contact", "王敏", "--phone", "1"],
                                env={"COLUMNS": "400"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == ("共 1 个文件（3 张表）：计入汇总 2 个，未计入（有错误） 0 个，被更正版替代 0 个，已忽略 0 个，"
                        "发送单位的汇总表（已核对，不重复计入） 1 个。")
    assert lines[1] == (f"  汇总表 {workbook}#汇总：识别为文登区工信局的汇总表（工作表名为“汇总”），"
                        "已与本文件 2 张分表核对，不重复计入汇总。")
    files = openpyxl.load_workbook(tmp_path / "total.report.xlsx")["文件"]
    rows = [[c.value for c in row] for row in files.iter_rows(min_row=2)]
    assert [(r[0], r[3]) for r in rows] == [("文登区.xlsx#甲公司", "计入汇总"), ("文登区.xlsx#乙公司", "计入汇总"),
                                            ("文登区.xlsx#汇总", "发送单位的汇总表（已核对，不重复计入）")]
    assert read_form(out).values["1.1"] == 3


def test_a_quiet_merge_does_not_import_rich(tmp_path):
    """Nothing is shown: rich's console (~35 ms before any file is read) is not imported."""
    import os
    import subprocess
    import sys

    code = ("import sys\nfrom anquanyue.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit as exc:\n"
            "    status = exc.code\nsys.stderr.write(repr((status, 'rich' in sys.modules)))\n")
    out = tmp_path / "总表.xlsx"
    args = ["merge", str(SAMPLES / "weihai-2023"), "-o", str(out), "--quiet", "--contact", "王", "--phone", "1"]
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "ANQUANYUE_CONFIG_DIR": str(tmp_path / "config")})
    assert done.stderr.strip().splitlines()[-1] == "(0, False)", done.stderr
    assert out.exists()
