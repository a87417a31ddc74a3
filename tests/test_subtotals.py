"""A district's workbook: a sheet per enterprise and a 汇总 sheet — counted once, sheet by sheet, 汇总 checked."""
from anquanyue.merging.merge import merge
from anquanyue.reading.reader import read_forms
from anquanyue.reading.validate import validate_files
from anquanyue.schema import load_schema

from .forms import blank_form, unit_form, write_xlsx, write_xlsx_sheets

WEIHAI = load_schema("weihai-2023")


def district(tmp_path, subtotal_value: int = 30, name: str = "汇总", **raw):
    """Two enterprises (10 and 20 in every blank) and the district's 汇总 (``subtotal_value`` in every blank)."""
    sheets = [("甲公司", unit_form("甲公司", 10)), ("乙公司", unit_form("乙公司", 20)),
              (name, unit_form("文登区工信局", subtotal_value, **raw))]
    sheets[2][1].records = [("文登区工信局特色活动", "2", "30", "")]
    return write_xlsx_sheets(sheets, tmp_path / "文登区.xlsx")


def test_every_filled_sheet_is_its_own_form_named_file_sheet(tmp_path):
    path = district(tmp_path)
    reports = read_forms(path)
    assert [(r.file, r.sheet, r.unit, r.values["1.1"]) for r in reports] == [
        (f"{path}#甲公司", "甲公司", "甲公司", 10), (f"{path}#乙公司", "乙公司", "乙公司", 20),
        (f"{path}#汇总", "汇总", "文登区工信局", 30)]
    assert {r.source for r in reports} == {str(path)} and all(r.ok for r in reports)
    assert [r.file for r in validate_files([path])] == [r.file for r in reports]


def test_the_district_workbook_is_counted_once_with_its_subtotal_checked(tmp_path):
    path = district(tmp_path)
    other = write_xlsx(unit_form("环翠区工信局", 5), tmp_path / "环翠区.xlsx")
    result = merge([path, other])
    assert result.totals["1.1"] == 10 + 20 + 5 and result.totals["7.2"] == 10 + 20 + 5
    assert [(f.file, f.status) for f in result.files] == [
        (f"{path}#甲公司", "included"), (f"{path}#乙公司", "included"), (f"{path}#汇总", "subtotal"),
        (str(other), "included")]
    assert [i.message for i in result.files[2].reasons] == [f"{path}#汇总：识别为文登区工信局的汇总表（工作表名为“汇总”），已与本文件 2 张分表核对，不重复计入汇总。"]
    assert not [i for i in result.issues if i.code == "subtotal-mismatch"]
    assert result.exit_code == 0
    assert result.to_json()["subtotals"] == [{"file": f"{path}#汇总", "unit": "文登区工信局",
                                              "reasons": [i.message for i in result.files[2].reasons]}]
    assert result.files[2].reasons[0].severity == "info"


def test_a_subtotal_that_differs_from_its_parts_is_an_error_naming_the_blank_and_both_numbers(tmp_path):
    path = district(tmp_path, **{"1_2": "31"})
    result = merge([path])
    assert result.totals["1.2"] == 30  # the enterprises' sheets count, never the 汇总
    wrong = [i for i in result.issues if i.code == "subtotal-mismatch"]
    assert [(i.field, i.severity, i.file) for i in wrong] == [("1.2", "error", f"{path}#汇总")]
    assert wrong[0].message == (f"{path}#汇总 汇总!B4：文登区工信局的汇总表中 1.2（宣讲活动参与）为 31，各分表合计为 30，"
                                "两者不符；汇总按各分表计，请向该单位核实。")
    assert wrong[0] in result.files[2].reasons
    assert result.exit_code == 1  # the totals are written, and the clerk is told something needs asking


def test_an_unnamed_sheet_equal_to_the_sum_of_the_others_is_the_subtotal(tmp_path):
    path = district(tmp_path, name="文登区")
    result = merge([path])
    assert [f.status for f in result.files] == ["included", "included", "subtotal"]
    assert "各项数字等于其他各表之和" in result.files[2].reasons[0].text
    assert result.totals["3.5"] == 30


def test_two_units_in_one_workbook_without_a_subtotal_are_both_counted(tmp_path):
    path = write_xlsx_sheets([("甲", unit_form("甲公司", 10)), ("乙", unit_form("乙公司", 7))], tmp_path / "两家.xlsx")
    result = merge([path])
    assert [f.status for f in result.files] == ["included", "included"] and result.totals["1.1"] == 17


def test_a_blank_sheet_before_the_filled_one_is_skipped_with_a_note(tmp_path):
    path = write_xlsx_sheets([("空表", blank_form(unit="乳山市工信局")), ("填报", unit_form("乳山市工信局", 4))],
                             tmp_path / "乳山.xlsx")
    [report] = read_forms(path)
    assert (report.file, report.sheet, report.values["1.1"], report.unit) == (str(path), "填报", 4, "乳山市工信局")
    assert [(i.code, i.message) for i in report.issues] == [
        ("sheet-blank-skipped", f"{path}：空表 是未填写的空白表样，已跳过，不计入汇总；读取的是 填报。")]
    assert merge([path]).totals["1.1"] == 4


def test_with_one_enterprise_only_the_senders_name_tells_the_subtotal(tmp_path):
    district_form = unit_form("文登区工业和信息化局", 10)
    sheets = [("甲公司", unit_form("甲公司", 10)), ("全区", district_form)]
    named = merge([write_xlsx_sheets(sheets, tmp_path / "文登区.xlsx")])
    assert [f.status for f in named.files] == ["included", "subtotal"] and named.totals["1.1"] == 10
    (tmp_path / "other").mkdir()
    unnamed = merge([write_xlsx_sheets(sheets, tmp_path / "other" / "报表.xlsx")])
    assert [f.status for f in unnamed.files] == ["included", "included"]  # no telling which is which: both shown
