import pytest

from anquanyue.reading.numbers import read_blank


@pytest.mark.parametrize("raw,unit,value", [
    ("12", "场", 12), ("（12）", "场", 12), ("(12)", "场", 12), ("（ 12 ）", "场", 12), ("１２", "场", 12),
    ("1,234", "人次", 1234), ("1，234", "人次", 1234), ("（12场）", "场", 12), ("12人次", "人次", 12),
    ("3场次", "场", 3), ("2场", "场/次", 2), ("十二", "场", 12), ("一百二十", "场", 120), ("两千三百", "人次", 2300),
    ("零", "场", 0), ("1.2万", "人次", 12000), ("3万", "人次", 30000), ("无", "场", 0), ("/", "场", 0),
    ("—", "场", 0), ("-", "场", 0), ("0", "个", 0), ("007", "个", 7),
])
def test_numbers_read_exactly(raw, unit, value):
    reading = read_blank(raw, unit)
    assert (reading.value, reading.code) == (value, None)


@pytest.mark.parametrize("raw", ["约300", "300余", "300多", "近300", "（约300）"])
def test_approximations_read_with_a_warning(raw):
    reading = read_blank(raw, "人次")
    assert (reading.value, reading.code) == (300, "blank-approximate")


@pytest.mark.parametrize("raw", ["", "（ ）", "( )", "  "])
def test_empty_blank_is_null_with_warning(raw):
    assert (read_blank(raw, "场").value, read_blank(raw, "场").code) == (None, "blank-empty")


@pytest.mark.parametrize("raw,code", [
    ("若干", "blank-not-a-number"), ("很多", "blank-not-a-number"), ("12或13", "blank-several-numbers"),
    ("12 13", "blank-several-numbers"), ("12、13", "blank-several-numbers"), ("12.5", "blank-not-whole"),
    ("1.23456万", "blank-not-whole"), ("-5", "blank-negative"), ("300人次", "blank-wrong-unit"),
    ("3次", "blank-wrong-unit"), ("12345678901234567", "blank-too-large"), ("20000000000", "blank-too-large"),
    ("1e5", "blank-not-a-number"),
])
def test_anything_else_is_an_error_with_no_value(raw, code):
    reading = read_blank(raw, "场")
    assert (reading.value, reading.code) == (None, code)


@pytest.mark.parametrize("raw,unit,value,mark", [
    ("12¹", "场", 12, "¹"), ("12*", "人次", 12, "*"), ("（12※）", "场", 12, "※"), ("1,234²⁾", "人次", 1234, "²⁾"),
    ("12¹场", "场", 12, "¹"), ("十二*", "场", 12, "*"), ("1.2万†", "人次", 12000, "†"), ("３０＊", "篇", 30, "＊"),
])
def test_marks_after_a_number_are_no_digits(raw, unit, value, mark):
    assert read_blank(raw, unit) == (value, "blank-mark", raw.strip("（）"), mark)


@pytest.mark.parametrize("raw,code", [
    ("3*4", "blank-several-numbers"),  # an asterisk between digits is no mark
    ("1²3", "blank-not-a-number"),  # a superscript between digits: no telling what was meant
    ("约30*", "blank-approximate"),  # the approximation is what the clerk must hear of
    ("若干*", "blank-not-a-number"),
])
def test_marks_never_hide_another_problem(raw, code):
    assert read_blank(raw, "场").code == code


def test_a_superscript_rich_text_run_in_a_workbook_is_a_mark(tmp_path):
    import openpyxl
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    from anquanyue.reading.reader import read_form
    from anquanyue.schema import load_schema

    from .forms import Filled, write_xlsx

    weihai = load_schema("weihai-2023")
    path = write_xlsx(Filled(weihai, raw={c: "5" for c in weihai.codes} | {"1.3": "@"}), tmp_path / "f.xlsx")
    wb = openpyxl.load_workbook(path, rich_text=True)
    ws = wb.active
    cell = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "（@）" in c.value)
    before, after = cell.value.split("@")
    cell.value = CellRichText(before + "7", TextBlock(InlineFont(vertAlign="superscript"), "2"), after)
    wb.save(path)
    report = read_form(path)
    assert report.values["1.3"] == 7
    assert [(i.code, i.field, i.location) for i in report.issues] == [("blank-mark", "1.3", "Sheet1!B4")]


def test_a_superscript_in_a_web_export_is_a_mark(tmp_path):
    from anquanyue.reading.reader import read_form
    from anquanyue.schema import load_schema

    from .forms import Filled

    weihai = load_schema("weihai-2023")
    form = Filled(weihai, raw={c: "5" for c in weihai.codes} | {"1.1": "4@"})
    rows = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in form.rows()).replace("4@", "4<sup>1</sup>")
    path = tmp_path / "export.xls"
    path.write_text(f"<html><body><p>{weihai.title}</p><p>{form.header()}</p><table>{rows}</table></body></html>",
                    encoding="utf-8")
    report = read_form(path)
    assert report.values["1.1"] == 4  # never 41
    assert [(i.code, i.field) for i in report.issues] == [("blank-mark", "1.1")]
