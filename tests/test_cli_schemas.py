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


def test_schemas_infer_writes_a_commented_schema_that_registers(tmp_path):
    from anquanyue.schema import load_schema
    from .forms import Filled, write_xls

    blank = write_xls(Filled(load_schema("weihai-2023"), unit="", contact="", phone="", date=""), tmp_path / "威海2025.xls")
    runner = CliRunner()
    out = tmp_path / "weihai-2025.yaml"
    result = runner.invoke(main, ["schemas", "infer", str(blank), "-o", str(out), "--issuer", "威海市工业和信息化局",
                                  "--deadline", "2025年6月30日"])
    assert result.exit_code == 0, result.output
    assert result.output == (f"已写出表样：{out}（weihai-2025，威海市“安全生产月”活动进展情况统计表，2025 年，6 项，33 个空格，"
                             f"11 对场次/人次）\n  请核对年度（year）：从文件名推断\n"
                             f"请对照纸质表核对后登记：anquanyue schemas show {out}；anquanyue schemas add {out}\n")
    text = out.read_text(encoding="utf-8")
    assert "deadline: 2025-06-30" in text
    assert '      "1.1": {label: "开展宣讲活动", unit: "场"}  # 开展宣讲活动（ ）场，参与（ ）人…' in text
    assert runner.invoke(main, ["schemas", "add", str(out)]).exit_code == 0
    shown = runner.invoke(main, ["schemas", "show", "weihai-2025"], env={"COLUMNS": "200"})
    assert shown.output.splitlines()[0] == "威海市“安全生产月”活动进展情况统计表（weihai-2025，威海市工业和信息化局，截止 2025-06-30）"
    made = runner.invoke(main, ["template", "weihai-2025", "-o", str(tmp_path / "blank.docx")])
    assert made.exit_code == 0 and (tmp_path / "blank.docx").exists()


def test_schemas_infer_mistakes_are_usage_errors_in_chinese(tmp_path):
    (tmp_path / "坏.docx").write_bytes(b"not a zip")
    runner = CliRunner()
    bad = runner.invoke(main, ["schemas", "infer", str(tmp_path / "坏.docx"), "-o", str(tmp_path / "x.yaml"), "--year", "2024"])
    assert bad.exit_code == 2 and f"{tmp_path / '坏.docx'}：文件已损坏或不是有效的" in bad.output
    suffix = runner.invoke(main, ["schemas", "infer", str(tmp_path / "坏.docx"), "-o", str(tmp_path / "x.txt")])
    assert suffix.exit_code == 2 and f"{tmp_path / 'x.txt'}：表样文件应以 .yaml 结尾。" in suffix.output
    assert not (tmp_path / "x.yaml").exists()
