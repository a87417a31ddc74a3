from click.testing import CliRunner
from docx import Document
from openpyxl import load_workbook

from anquanyue.cli import main


def test_template_xlsx_and_docx(tmp_path):
    runner = CliRunner()
    for name in ("blank.xlsx", "blank.docx"):
        out = tmp_path / name
        result = runner.invoke(main, ["template", "weihai-2023", "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert result.output == f"已写出空白表：{out}（威海市“安全生产月”活动进展情况统计表，正式版）\n"
    assert load_workbook(tmp_path / "blank.xlsx").active["A1"].value == "威海市“安全生产月”活动进展情况统计表"
    assert Document(str(tmp_path / "blank.docx")).paragraphs[0].text == "威海市“安全生产月”活动进展情况统计表"


def test_template_structured_and_user_schema(tmp_path):
    from .conftest import builtin_yaml

    own = tmp_path / "mine.yaml"
    own.write_text(builtin_yaml("national-2023"), encoding="utf-8")
    result = CliRunner().invoke(main, ["template", str(own), "--style", "structured", "-o", str(tmp_path / "s.xlsx")])
    assert result.exit_code == 0, result.output
    assert "填报版" in result.output
    assert load_workbook(tmp_path / "s.xlsx")["_anquanyue"]["B2"].value == "national-2023"


def test_template_usage_mistakes(tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["template", "weihai-2023", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2 and "只能写成 .xlsx 或 .docx 文件" in result.output
    result = runner.invoke(main, ["template", "weihai-2023", "-o", str(tmp_path / "no" / "x.xlsx")])
    assert result.exit_code == 2 and "输出目录不存在" in result.output
    result = runner.invoke(main, ["template", "weihai-2023"])
    assert result.exit_code == 2
