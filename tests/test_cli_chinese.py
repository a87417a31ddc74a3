"""The command line speaks Chinese: click's own words never reach the clerk, and a mistyped path gets a hint."""
from __future__ import annotations

import gettext
import re

import click
import pytest
from click.testing import CliRunner

from anquanyue.cli import main
from anquanyue.cli_chinese import display_width, speaking_chinese, wrap_display

from .conftest import SAMPLES

ENGLISH = ["Usage", "Options", "Commands", "Error", "Missing", "does not exist", "Aborted", "No such", "Try ",
           "for help", "Show this", "Show the", ", version", "Invalid value", "is not", "required", "default:",
           "Did you mean", "[OPTIONS]", "COMMAND", "ARGS", "INTEGER", "TEXT", "PATH...", "FILE", "extra argument"]


def run(args, **kwargs):
    return CliRunner().invoke(main, args, env={"COLUMNS": "100"}, prog_name="anquanyue", **kwargs)


def english_in(text: str) -> list[str]:
    # ID|PATH is the project's own metavar for a schema (an id or a file path), not click's
    plain = text.replace("ID|PATH", "")
    return [word for word in ENGLISH if word in plain]


@pytest.mark.parametrize("args", [
    ["--help"], ["merge", "--help"], ["status", "--help"], ["validate", "--help"], ["desk", "--help"],
    ["schemas", "--help"], ["schemas", "show", "--help"], ["template", "--help"],
])
def test_help_is_chinese(args):
    result = run(args)
    assert result.exit_code == 0
    assert result.output.startswith("用法：anquanyue")
    assert "选项：" in result.output and "显示本帮助并退出。" in result.output
    assert english_in(result.output) == []


def test_the_top_help_lines_up_by_display_width():
    lines = run(["--help"]).output.splitlines()
    assert lines[0] == "用法：anquanyue [选项] 命令 [参数]..."
    commands = lines[lines.index("命令：") + 1:]
    assert "  merge     汇总各单位的统计表，写出上报表和工作报告。" in commands
    assert "  template  写出空白统计表（下发给各单位填报）。" in commands
    merge = run(["merge", "--help"]).output.splitlines()
    assert "  -o, --output 文件  上报表：.xlsx、.docx 或 .json  [必填]" in merge
    assert "  --unit 文字        上报表的填报单位（默认为本表样的下发单位）" in merge


@pytest.mark.parametrize("args, message", [
    (["merge"], "错误：缺少参数 '路径...'."),
    (["status", str(SAMPLES / "weihai-2023")], "错误：缺少选项 '--roster'."),
    (["mrege"], "错误：没有命令“mrege”。 您是不是要找 'merge'？"),
    (["merge", "--quite"], "错误：没有选项“--quite”。 （您是不是要找其中之一：'--date', '--quiet', '--unit'？）"),
    (["template", "weihai-2023", "-o", "x.xlsx", "--style", "nope"],
     "错误：'--style' 的值无效：“nope”不在可选值 'official', 'structured' 之中。"),
    (["desk", "--port", "0"], "错误：'--port' 的值无效：0 不在范围 1<=x<=65535 内。"),
    (["desk", "--port", "八"], "错误：'--port' 的值无效：“八”不是有效的整数。"),
    (["schemas", "show"], "错误：缺少参数 'ID|PATH'."),
    (["schemas", "show", "a", "b"], "错误：多余的参数：b"),
    (["merge", "-o"], "错误：选项“-o”后面要写一个值。"),
])
def test_click_errors_are_chinese(args, message):
    result = run(args)
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert lines[-1] == message
    if len(lines) > 1:  # with the command's usage line and where to find its help
        assert lines[0].startswith("用法：anquanyue ") and lines[1].startswith("输入“anquanyue ")
        assert lines[1].endswith(" --help”查看帮助。")
    assert english_in(result.output) == []


def test_a_mistyped_path_gets_the_closest_name_in_its_folder(tmp_path):
    (tmp_path / "收件箱").mkdir()
    result = run(["merge", str(tmp_path / "收件相"), "-o", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == (
        f"错误：'路径...' 的值无效：路径“{tmp_path / '收件相'}”不存在。您是不是要找“{tmp_path / '收件箱'}”？")
    far = run(["merge", str(tmp_path / "完全不同的名字"), "-o", str(tmp_path / "t.xlsx")])
    assert far.output.splitlines()[-1] == f"错误：'路径...' 的值无效：路径“{tmp_path / '完全不同的名字'}”不存在。"


def test_a_folder_where_a_file_is_wanted(tmp_path):
    result = run(["merge", str(SAMPLES / "weihai-2023"), "-o", str(tmp_path)])
    assert result.output.splitlines()[-1] == f"错误：'-o' / '--output' 的值无效：“{tmp_path}”是一个文件夹，这里要的是文件。"


def test_aborted_is_chinese(monkeypatch):
    @click.command(cls=type(main).command_class)
    def stop():
        raise click.Abort()

    main.add_command(stop, "stop-for-test")
    try:
        result = run(["stop-for-test"])
    finally:
        main.commands.pop("stop-for-test")
    assert result.exit_code == 1 and result.output == "已中止。\n"


def test_version():
    assert run(["--version"]).output == "anquanyue 版本 0.1.0\n"


def test_no_process_wide_state_is_left_changed():
    import click.core
    import click.exceptions
    import click.formatting
    import click.types

    run(["merge"])
    run(["--help"])
    assert click.formatting._ is gettext.gettext and click.core._ is gettext.gettext
    assert click.types.ngettext is gettext.ngettext and click.exceptions._ is gettext.gettext
    with speaking_chinese():
        assert click.formatting._("Usage:") == "用法："
    assert click.formatting._("Usage:") == "Usage:"
    # a plain click command outside the project's group is untouched
    result = CliRunner().invoke(click.Command("plain", params=[click.Option(["--n"], type=int)]), ["--n", "x"])
    assert "Error: Invalid value for '--n'" in result.output


def test_wrapping_by_display_width():
    assert display_width("汇总a") == 5
    assert wrap_display("一二三四五六", 5) == ["一二", "三四", "五六"]
    assert wrap_display("one two three", 8) == ["one two", "three"]
    assert re.fullmatch(r"[一-龥]+", "".join(wrap_display("汉" * 30, 11)))


def test_wrapping_never_cuts_a_latin_word():
    from anquanyue.cli_chinese import wrap_display

    assert wrap_display("列出表样及其来源；子命令 show、infer、add、remove。", 40) == [
        "列出表样及其来源；子命令 show、infer、", "add、remove。"]
    assert wrap_display("用 --schema 指定", 6) == ["用", "--schema", "指定"]
