from click.testing import CliRunner

from anquanyue.cli import main


def test_schemas_lists_the_three_forms():
    result = CliRunner().invoke(main, ["schemas"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    lines = [line for line in result.output.splitlines() if "2023" in line]
    assert len(lines) == 3
    assert "weihai-2023" in lines[2] and "威海市“安全生产月”活动进展情况统计表" in lines[2]
    assert "2023-06-30" in lines[2] and "│ 33 " in lines[2]
    assert "2023-07-02" in lines[1] and "│ —  " in lines[0]


def test_schemas_show_prints_blanks():
    result = CliRunner().invoke(main, ["schemas", "show", "weihai-2023"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert result.output.splitlines()[0] == "威海市“安全生产月”活动进展情况统计表（weihai-2023，威海市工业和信息化局，截止 2023-06-30）"
    row = next(line for line in result.output.splitlines() if "│ 3.12 " in line)
    assert "对外包外租项目开展大排查" in row and "│ 次 " in row
    assert any("│ 7.2 " in line and "人次" in line for line in result.output.splitlines())


def test_schemas_show_unknown_is_a_usage_error():
    result = CliRunner().invoke(main, ["schemas", "show", "nope"])
    assert result.exit_code == 2
    assert "nope: 没有这个表样" in result.output
