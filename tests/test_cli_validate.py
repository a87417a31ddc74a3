import json

from click.testing import CliRunner

from anquanyue.cli import main
from anquanyue.schema import load_schema

from .conftest import SAMPLES
from .forms import Filled, write_xlsx

WEIHAI = load_schema("weihai-2023")


def test_validate_json_shape_and_exit_code(tmp_path):
    good = SAMPLES / "weihai-2023" / "环翠区工信局.xlsx"
    bad = write_xlsx(Filled(WEIHAI, raw={c: "3" for c in WEIHAI.codes} | {"1.3": "12或13"}), tmp_path / "bad.xlsx")
    result = CliRunner().invoke(main, ["validate", "--json", str(good), str(bad)])
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert [d["file"] for d in data] == [str(good), str(bad)]
    first = data[0]
    assert set(first) >= {"file", "schema", "unit", "contact", "phone", "date", "values", "other_activities", "issues"}
    assert first["schema"] == "weihai-2023" and first["unit"] == "环翠区工业和信息化局" and first["date"] == "2023-06-28"
    assert list(first["values"]) == WEIHAI.codes and first["issues"] == []
    assert data[1]["values"]["1.3"] is None
    assert data[1]["issues"] == [{"severity": "error", "code": "blank-several-numbers", "field": "1.3",
                                  "location": "Sheet1!B4",
                                  "message": "Sheet1!B4：1.3（发表评论文章或心得体会）填写的“12或13”含有多个数字，请只填写一个合计数。"}]


def test_validate_all_good_exits_0_and_prints_summary():
    path = SAMPLES / "national" / "上海市应急管理局.xlsx"
    result = CliRunner().invoke(main, ["validate", str(path)], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{path} — 全国“安全生产月”活动进展情况统计表（national-2023，附件）"
    assert lines[1] == "  填报单位：上海市应急管理局  联系人：杨靖  电话：021-23305878  填报日期：2023-07-03"
    assert lines[2].startswith("  ✓ 通过：0 处错误，0 条提醒；读出 33/33 个空格，其他特色活动 1 项。1.1=9216，1.2=781937，")


def test_validate_broken_file_is_reported_not_a_traceback(tmp_path):
    (tmp_path / "zero.xlsx").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "zero.xlsx"), str(tmp_path / "notes.txt")],
                                env={"COLUMNS": "300"})
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"{tmp_path / 'zero.xlsx'}：文件是空的，没有任何内容，请重新导出后报送。" not in result.output  # location in its column
    assert "文件是空的，没有任何内容，请重新导出后报送。" in result.output
    assert "不是能读取的统计表文件（扩展名 .txt，内容无法识别），请该单位以 Word 或 Excel 格式（.docx、.doc、.xlsx、.xls）重新报送。" in result.output.replace("\n", "")
    assert "✗ 无法读取" in result.output


def test_validate_usage_mistakes(tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["validate"]).exit_code == 2
    result = runner.invoke(main, ["validate", str(tmp_path / "missing.xlsx")])
    assert result.exit_code == 2 and "文件不存在" in result.output
    result = runner.invoke(main, ["validate", "--schema", "nope", str(SAMPLES / "national" / "上海市应急管理局.xlsx")])
    assert result.exit_code == 2 and "没有这个表样" in result.output


def test_validate_with_schema_warns_on_mismatch():
    path = SAMPLES / "national" / "上海市应急管理局.xlsx"
    result = CliRunner().invoke(main, ["validate", "--json", "--schema", "weihai-2023", str(path)])
    data = json.loads(result.output)[0]
    assert data["schema"] == "weihai-2023"
    assert data["issues"][0]["code"] == "schema-mismatch"


def test_a_users_own_schema_file_works_through_every_command(tmp_path):
    from .conftest import builtin_yaml

    own = tmp_path / "own.yaml"
    own.write_text(builtin_yaml("weihai-2023").replace("id: weihai-2023", "id: own-2023"), encoding="utf-8")
    sample = SAMPLES / "weihai-2023" / "环翠区工信局.xlsx"
    runner = CliRunner()
    result = runner.invoke(main, ["validate", "--schema", str(own), str(sample)], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert "（own-2023，统计表）" in result.output.splitlines()[0]
    out = tmp_path / "total.xlsx"
    result = runner.invoke(main, ["merge", str(SAMPLES / "weihai-2023"), "--to", str(own), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert out.exists() and (tmp_path / "total.report.xlsx").exists()


def test_validate_gives_one_result_per_form_of_a_workbook(tmp_path):
    from .forms import blank_form, unit_form, write_xlsx_sheets

    path = write_xlsx_sheets([("空表", blank_form()), ("甲", unit_form("甲公司", 1)), ("乙", unit_form("乙公司", 2))],
                             tmp_path / "w.xlsx")
    result = CliRunner().invoke(main, ["validate", "--json", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [(d["file"], d["sheet"], d["unit"], d["values"]["1.1"]) for d in data] == [
        (f"{path}#甲", "甲", "甲公司", 1), (f"{path}#乙", "乙", "乙公司", 2)]
    assert data[0]["issues"] == [{"severity": "info", "code": "sheet-blank-skipped", "field": None, "location": str(path),
                                  "message": f"{path}：空表 是未填写的空白表样，已跳过，不计入汇总；读取的是 甲、乙。"}]


def _modules_after(args: list[str]) -> tuple[int, list[str]]:
    """Exit code of ``anquanyue ARGS`` in a fresh interpreter, and which heavy libraries it imported."""
    import subprocess
    import sys

    code = ("import sys\nfrom anquanyue.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit as exc:\n"
            "    status = exc.code\nheavy = [m for m in ('pydantic', 'numpy', 'rich', 'cn2an', 'rich.progress', 'anquanyue.merging', "
            "'anquanyue.chasing', 'anquanyue.writing.json_out') if m in sys.modules]\n"
            "sys.stderr.write(repr((status, heavy)))\n")
    done = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=60)
    return eval(done.stderr.strip().splitlines()[-1])


def test_help_and_one_form_import_only_what_they_need():
    # start-up (issue 19): --help needs click alone; one form needs no numpy (its tables repay only over many
    # forms), no pydantic (it checks a user's schema file only), nor the merge side, the roster and status views,
    # rich's progress bar or the JSON writer: rich's console alone, for the table
    assert _modules_after(["--help"]) == (0, [])
    path = SAMPLES / "national" / "上海市应急管理局.xlsx"
    assert _modules_after(["validate", str(path)]) == (0, ["rich"])


def test_a_spawned_worker_does_not_import_the_command_line():
    # spawn (Windows) imports the main module again in every worker, as __mp_main__: `python -m anquanyue` must not
    # make each of them import click and the commands
    import subprocess
    import sys

    code = ("import runpy, sys\nrunpy.run_module('anquanyue.__main__', run_name='__mp_main__')\n"
            "print('click' in sys.modules, 'anquanyue.cli' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["False", "False"], done.stderr


def test_the_console_script_spawns_workers_without_the_command_line(tmp_path):
    # the `anquanyue` console script (anquanyue.exe on Windows) is what a clerk runs: under spawn each worker runs
    # that script again as __mp_main__, importing what its entry point names
    import subprocess
    import sys
    from importlib.metadata import entry_points

    (point,) = entry_points(group="console_scripts", name="anquanyue")
    assert point.value == "anquanyue.__main__:run"
    script = tmp_path / "anquanyue-script.py"  # what pip writes for it
    script.write_text(f"import re, sys\nfrom {point.module} import {point.attr}\nif __name__ == '__main__':\n"
                      f"    sys.exit({point.attr}())\n", encoding="utf-8")
    code = (f"import runpy, sys\nrunpy.run_path({str(script)!r}, run_name='__mp_main__')\n"
            "print('click' in sys.modules, 'anquanyue.cli' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["False", "False"], done.stderr
    run = subprocess.run([sys.executable, str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stdout.startswith("anquanyue"), run.stderr


def test_one_form_with_the_start_up_cache_filled_imports_no_yaml_olefile_or_email():
    path = SAMPLES / "national" / "上海市应急管理局.xlsx"
    _modules_after(["validate", str(path)])  # fills the test run's start-up cache (conftest) if it is empty
    # logging: what olefile needs; rich before 15 imports it itself (rich.segment), which is not this program's
    code = ("import sys\nfrom anquanyue.cli import main\ntry:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "found = [m for m in ('yaml', 'olefile', 'email', 'logging', 'numpy') if m in sys.modules]\n"
            "import importlib.metadata as m\n"
            "if int(m.version('rich').split('.')[0]) < 15:\n    found = [f for f in found if f != 'logging']\n"
            "sys.stderr.write(repr(found))\n")
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code, "validate", str(path)], capture_output=True, text=True,
                          timeout=60)
    assert done.stderr.strip().splitlines()[-1] == "[]"
