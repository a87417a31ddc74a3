"""A file's forms as submissions, and what is said when a file holds no form."""
from dataclasses import replace
import openpyxl

from anquanyue.reading.reader import read_form, read_forms
from anquanyue.schema import load_schema

from .forms import unit_form, write_xlsx, write_xlsx_sheets

WEIHAI = load_schema("weihai-2023")


def test_a_form_only_in_a_hidden_sheet_says_so(tmp_path):
    path = write_xlsx(unit_form("荣成市工信局", 3), tmp_path / "f.xlsx", before=("说明",))
    wb = openpyxl.load_workbook(path)
    wb["Sheet1"].sheet_state = "hidden"
    wb.save(path)
    report = read_form(path)
    assert not report.is_form
    assert [(i.code, i.message) for i in report.issues] == [(
        "form-in-hidden-sheet", f"{path}：统计表在隐藏的工作表“Sheet1”中，其他工作表中没有统计表；"
                                "请在 Excel/WPS 中取消隐藏该工作表后保存，再报送。")]


def test_a_file_without_any_text_is_not_blamed_on_the_template(tmp_path):
    path = tmp_path / "scan.xlsx"
    openpyxl.Workbook().save(path)
    assert [i.code for i in read_form(path).issues] == ["file-no-text"]


def test_wording_that_differs_still_asks_for_the_template(tmp_path):
    path = tmp_path / "other.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "2023年安全生产月工作总结"
    wb.save(path)
    assert [i.code for i in read_form(path).issues] == ["not-a-form"]


def test_a_loader_note_goes_to_the_form_of_the_sheet_it_names(tmp_path):
    path = write_xlsx_sheets([("甲", unit_form("甲公司", 1)), ("乙", unit_form("乙公司", 2))], tmp_path / "w.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["乙"]["C1"] = "=1+1"
    wb.save(path)
    first, second = read_forms(path)
    assert [i.code for i in first.issues] == []
    assert [(i.code, i.location) for i in second.issues] == [("formula-no-cached-value", "乙!C1")]


def test_last_years_filled_sheet_next_to_this_years_is_skipped_with_a_note(tmp_path):
    this_year = unit_form("荣成市工信局", 5)
    last_year = unit_form("荣成市工信局", 4)
    last_year.schema = replace(WEIHAI, title=WEIHAI.title.replace("威海市", "威海市2022年"))
    path = write_xlsx_sheets([("2022", last_year), ("2023", this_year)], tmp_path / "f.xlsx")
    [report] = read_forms(path)
    assert (report.file, report.sheet, report.values["1.1"]) == (str(path), "2023", 5)
    assert [(i.code, i.message) for i in report.issues] == [
        ("sheet-other-year-skipped", f"{path}：2022 是往年的统计表，已跳过，不计入汇总。")]


def test_a_formula_in_the_skipped_blank_copy_does_not_hold_back_the_filled_form(tmp_path):
    from .forms import blank_form

    path = write_xlsx_sheets([("空表", blank_form()), ("填报", unit_form("荣成市工信局", 2))], tmp_path / "f.xlsx")
    wb = openpyxl.load_workbook(path)
    wb["空表"]["C1"] = "=SUM(B4:B10)"
    wb["填报"]["D1"] = "=1+1"
    wb.save(path)
    [report] = read_forms(path)
    assert [(i.code, i.location) for i in report.issues] == [("formula-no-cached-value", "填报!D1"),
                                                             ("sheet-blank-skipped", str(path))]


def test_a_form_pasted_as_a_picture_under_its_title_says_so(tmp_path):
    import io
    import struct
    import zlib

    import docx

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    png = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 2, 1, 8, 0, 0, 0, 0))
           + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff")) + chunk(b"IEND", b""))  # a 2×1 white picture
    picture = io.BytesIO(png)
    d = docx.Document()
    d.add_paragraph(WEIHAI.title)
    d.add_paragraph("填报单位（盖章）：荣成市工信局")
    picture.seek(0)
    d.add_picture(picture)
    d.save(str(tmp_path / "f.docx"))
    report = read_form(tmp_path / "f.docx")
    assert [(i.code, i.text) for i in report.issues] == [(
        "form-as-image", "文件里有统计表的标题，但表格是图片（文件中有 1 张图片），无法读取其中的数字；"
                         "请向单位索要可编辑的 Word/Excel 统计表。")]
