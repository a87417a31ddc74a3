import zipfile

import openpyxl
import pytest

from anquanyue.reading.reader import read_form
from anquanyue.schema import load_schema

from .forms import Filled, write_docx, write_xls, write_xlsx

WEIHAI = load_schema("weihai-2023")


def filled(**raw) -> Filled:
    values = {code: str(10 * i) for i, code in enumerate(WEIHAI.codes, 1)}
    values.update({k.replace("_", "."): v for k, v in raw.items()})
    return Filled(WEIHAI, raw=values, records=[("安全知识进企业", "2", "150", "走进3家企业。")])


EXPECTED = {code: 10 * i for i, code in enumerate(WEIHAI.codes, 1)}


def codes(report):
    return [(i.code, i.field) for i in report.issues]


@pytest.mark.parametrize("writer,kwargs", [
    (write_xlsx, {}), (write_xlsx, {"before": ("填报说明",), "row0": 4, "col0": 3, "sheet": "威海"}),
    (write_xlsx, {"split": True}), (write_xlsx, {"header_cells": True}),
    (write_docx, {}), (write_docx, {"intro": ("附件1", "（请于6月30日前报送）"), "header_in_table": True}),
    (write_docx, {"split": True}), (write_xls, {}),
])
def test_every_layout_reads_exactly(tmp_path, writer, kwargs):
    suffix = {write_xlsx: "xlsx", write_docx: "docx", write_xls: "xls"}[writer]
    report = read_form(writer(filled(), tmp_path / f"f.{suffix}", **kwargs))
    assert report.schema_id == "weihai-2023"
    assert report.values == EXPECTED
    assert (report.unit, report.contact, report.phone, report.date) == ("环翠区工业和信息化局", "王敏", "0631-5201234", "2023-06-28")
    assert [(a.name, a.count, a.people, a.description) for a in report.other_activities] == [
        ("安全知识进企业", 2, 150, "走进3家企业。")]
    assert report.issues == [] and report.ok


def test_number_styles_in_one_form(tmp_path):
    form = filled(**{"1_1": "十二", "1_2": "１２００", "1_3": "（ 7 ）", "1_4": "3场", "1_5": "1.2万", "2_1": "无",
                     "2_2": "—", "2_3": "约30", "3_2": "1,234"})
    form.bare = frozenset({"4.1", "6.4"})
    report = read_form(write_xlsx(form, tmp_path / "f.xlsx"))
    expected = dict(EXPECTED, **{"1.1": 12, "1.2": 1200, "1.3": 7, "1.4": 3, "1.5": 12000, "2.1": 0, "2.2": 0,
                                 "2.3": 30, "3.2": 1234})
    assert report.values == expected
    assert [(i.code, i.field, i.location) for i in report.issues] == [("blank-approximate", "2.3", "Sheet1!B5")]
    assert report.issues[0].message == "Sheet1!B5：2.3（线上“逃生演练训练营”发布视频）填写的“约30”是约数，已按 30 计，请核实后填写准确数字。"


def test_a_broken_blank_is_an_error_naming_blank_and_cell(tmp_path):
    report = read_form(write_xlsx(filled(**{"1_3": "若干"}), tmp_path / "f.xlsx"))
    assert report.values["1.3"] is None and not report.ok
    issue = report.errors[0]
    assert (issue.code, issue.field, issue.location) == ("blank-not-a-number", "1.3", "Sheet1!B4")
    assert issue.message == "Sheet1!B4：1.3（发表评论文章或心得体会）填写的“若干”不是数字，请填写一个不小于 0 的整数（单位：篇）。"
    report = read_form(write_docx(filled(**{"5_2": "300人"}), tmp_path / "f.docx"))
    assert [(i.code, i.field, i.location) for i in report.errors] == [("blank-wrong-unit", "5.2", "表1 第6行第2列")]


def test_empty_blank_is_null_and_warned(tmp_path):
    report = read_form(write_xls(filled(**{"4_2": ""}), tmp_path / "f.xls"))
    assert report.values["4.2"] is None and report.ok
    assert [(i.code, i.field, i.location) for i in report.issues] == [("blank-empty", "4.2", "统计表!B7")]


def test_changed_wording_falls_back_to_the_words_around_each_blank(tmp_path):
    form = filled()
    path = write_xlsx(form, tmp_path / "f.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws["B4"] = ws["B4"].value.replace("发表评论文章或心得体会", "发表心得体会文章")  # the unit rewrote a phrase
    wb.save(path)
    report = read_form(path)
    assert {k: v for k, v in report.values.items() if k != "1.3"} == {k: v for k, v in EXPECTED.items() if k != "1.3"}
    assert report.values["1.3"] is None
    assert [(i.code, i.field, i.location) for i in report.errors] == [("blank-not-found", "1.3", "Sheet1!A4")]


def test_item7_records_empty_rows_and_incomplete(tmp_path):
    form = filled()
    form.records = [("消防演练观摩（六月）", "1", "80", ""), ("", "", "", ""), ("安全讲座", "", "40", ""),
                    ("", "3", "90", "")]
    report = read_form(write_xlsx(form, tmp_path / "f.xlsx"))
    assert [(a.name, a.count, a.people) for a in report.other_activities] == [
        ("消防演练观摩（六月）", 1, 80), ("安全讲座", None, 40), ("", 3, 90)]
    assert [(i.code, i.field, i.location) for i in report.issues] == [
        ("record-incomplete", "7.1", "Sheet1!B12"), ("record-no-name", "7.1", "Sheet1!B13")]
    assert report.issues[0].message == "Sheet1!B12：其他特色活动“安全讲座”组织场次未填写，汇总时按 0 计。"


def test_header_variants(tmp_path):
    form = filled()
    form.unit, form.date = "文登区工业和信息化局（盖章）", "2023.6.9"
    report = read_form(write_docx(form, tmp_path / "a.docx"))
    assert (report.unit, report.date) == ("文登区工业和信息化局", "2023-06-09")
    for text, iso in (("2023-06-28", "2023-06-28"), ("2023/6/28", "2023-06-28"), ("2023年6月28日", "2023-06-28")):
        form.date = text
        assert read_form(write_xlsx(form, tmp_path / "b.xlsx", header_cells=True)).date == iso
    form.unit, form.date = "", "六月底"
    report = read_form(write_xlsx(form, tmp_path / "c.xlsx"))
    assert [(i.code, i.location) for i in report.issues] == [("unit-missing", f"{tmp_path / 'c.xlsx'} Sheet1!A2"),
                                                              ("date-invalid", f"{tmp_path / 'c.xlsx'} Sheet1!A2")]
    assert report.issues[0].message.endswith("未填写填报单位，无法汇总，请在“填报单位（盖章）”后填写单位全称。")


def test_schema_detection_and_forced_schema(tmp_path):
    national = load_schema("national-2023")
    form = Filled(national, raw={c: "1" for c in national.codes}, unit="上海市应急管理局")
    path = write_docx(form, tmp_path / "n.docx")
    assert read_form(path).schema_id == "national-2023"
    forced = read_form(path, "shandong-minbao-2023")
    assert forced.schema_id == "shandong-minbao-2023"
    assert forced.issues[0].code == "schema-mismatch"
    assert forced.issues[0].message == (f"{path}：指定表样为“shandong-minbao-2023”，但内容更像“national-2023”"
                                        "（全国“安全生产月”活动进展情况统计表），请确认是否用错了表样。")
    sd = load_schema("shandong-minbao-2023")
    assert read_form(write_xlsx(Filled(sd, raw={c: "2" for c in sd.codes}), tmp_path / "s.xlsx")).schema_id == sd.id


def test_not_a_form(tmp_path):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "2023年第二季度工业增加值"
    wb.save(tmp_path / "other.xlsx")
    report = read_form(tmp_path / "other.xlsx")
    assert not report.is_form and codes(report) == [("not-a-form", None)]
    assert report.issues[0].message == f"{tmp_path / 'other.xlsx'}：未找到“安全生产月”活动进展情况统计表，请使用下发的统计表模板填报。"


def test_form_of_another_year(tmp_path):
    form = filled()
    path = write_xlsx(form, tmp_path / "old.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active["A1"] = "2022年" + wb.active["A1"].value
    wb.save(path)
    report = read_form(path)
    assert ("other-year", None) in codes(report) and not report.ok
    assert report.errors[0].message == (f"{path} Sheet1：统计表为 2022 年的表样，本次应使用 2023 年的"
                                        "“威海市“安全生产月”活动进展情况统计表”，请改用本年度模板重新填报。")


def test_within_form_rules(tmp_path):
    report = read_form(write_xlsx(filled(**{"1_1": "0", "1_2": "50", "1_4": "30", "1_5": "5", "2_1": "100",
                                            "2_2": "60", "6_3": "0", "6_4": "900"}), tmp_path / "f.xlsx"))
    assert [(i.code, i.field) for i in report.issues] == [
        ("participants-without-sessions", "1.2"), ("participants-below-sessions", "1.5"), ("at-least", "2.2"),
        ("requires", "6.4")]
    assert report.ok
    assert report.issues[1].message == ("Sheet1!B4：1.5（“安全生产大家谈”等活动参与）5 人次少于 1.4"
                                        "（“安全生产大家谈”“班前会”“以案说法”等活动）30 场，可能把场次和人次填反了，请核实。")


def test_an_unreadable_blank_is_in_no_rule_but_an_empty_one_counts_as_0(tmp_path):
    """"若干" sessions is not 0 sessions: the rule would say "1.1 为 0", which nobody wrote. An empty blank is 0."""
    unreadable = read_form(write_xlsx(filled(**{"1_1": "若干", "1_2": "50", "6_3": "若干", "6_4": "900"}),
                                      tmp_path / "a.xlsx"))
    assert [(i.code, i.field) for i in unreadable.issues] == [("blank-not-a-number", "1.1"),
                                                              ("blank-not-a-number", "6.3")]
    empty = read_form(write_xlsx(filled(**{"1_1": "", "1_2": "50"}), tmp_path / "b.xlsx"))
    assert [(i.code, i.field) for i in empty.issues] == [("blank-empty", "1.1"), ("participants-without-sessions", "1.2")]


def test_nothing_filled_is_warned(tmp_path):
    form = Filled(WEIHAI, raw={})
    report = read_form(write_xlsx(form, tmp_path / "f.xlsx"))
    assert report.values == {c: None for c in WEIHAI.codes}
    assert codes(report)[-1] == ("form-empty", None)


def test_formulas(tmp_path):
    path = write_xlsx(filled(), tmp_path / "f.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active["B4"] = "=CONCATENATE(\"开展宣讲活动（\",10,\"）场\")"
    wb.save(path)
    report = read_form(path)
    assert ("formula-no-cached-value", None) in codes(report)
    assert report.errors[0].message == ("Sheet1!B4：单元格是公式 =CONCATENATE(\"开展宣讲活动（\",10,\"）场\")，但文件中没有保存"
                                        "计算结果，请在 Excel/WPS 中打开并保存后再报送，或直接填写数字。")
    assert not report.ok
    # with a cached value, as Excel saves it: the value is read, with a warning
    cached = tmp_path / "cached.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(cached, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                start = text.index("<f>")
                end = text.index("</c>", start)
                cell = text[start:end]
                cached_text = filled().rows()[0][1]
                text = text[:start] + cell.replace("<v></v>", "").replace("<v />", "") + \
                    f"<v>{cached_text}</v>" + text[end:]
                text = text.replace('<c r="B4" t="', '<c r="B4" tt="').replace('<c r="B4"', '<c r="B4" t="str"', 1)
                data = text.encode()
            dst.writestr(info, data)
    report = read_form(cached)
    assert report.values == EXPECTED
    assert codes(report) == [("formula-cached-value", None)]


def test_unreadable_files(tmp_path):
    (tmp_path / "empty.xlsx").write_bytes(b"")
    (tmp_path / "broken.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    (tmp_path / "locked.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
                                           + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 600)
    (tmp_path / "text.docx").write_text("这不是 Word 文档", encoding="utf-8")
    results = {p: read_form(tmp_path / p) for p in ("empty.xlsx", "broken.xlsx", "locked.xlsx", "text.docx")}
    assert {p: codes(r) for p, r in results.items()} == {
        "empty.xlsx": [("file-empty", None)], "broken.xlsx": [("file-corrupt", None)],
        "locked.xlsx": [("file-encrypted", None)], "text.docx": [("file-corrupt", None)]}
    assert results["locked.xlsx"].issues[0].message == f"{tmp_path / 'locked.xlsx'}：文件已加密，请去掉密码后重新报送。"
    assert not any(r.is_form for r in results.values())


def test_wrong_suffix_is_read_by_content(tmp_path):
    path = write_docx(filled(), tmp_path / "f.docx")
    renamed = path.rename(tmp_path / "f.xlsx")
    report = read_form(renamed)
    assert report.values == EXPECTED and report.format == "docx"
    assert codes(report) == [("file-wrong-format", None)]
    assert report.issues[0].message == f"{renamed}：文件扩展名为 .xlsx，内容却是 Word 文档（.docx），已按实际格式读取；请以正确的扩展名报送。"


def test_html_exported_as_xls(tmp_path):
    rows = "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in filled().rows())
    html = (f"<html><body><p>{WEIHAI.title}</p><p>{filled().header()}</p>"
            f"<table><tr><td>活动项目</td><td>活动进展情况</td></tr>{rows}</table></body></html>")
    (tmp_path / "export.xls").write_text(html, encoding="utf-8")
    report = read_form(tmp_path / "export.xls")
    assert report.format == "html" and report.values == EXPECTED and report.ok and report.unit == "环翠区工业和信息化局"


@pytest.mark.parametrize("style,suffix", [("official", "xlsx"), ("official", "docx"), ("structured", "xlsx")])
def test_blank_templates_read_back_as_blank_forms(any_schema, tmp_path, style, suffix):
    from anquanyue.writing import write_form

    report = read_form(write_form(any_schema, tmp_path / f"blank.{suffix}", style=style))
    assert report.is_form and report.schema_id == any_schema.id
    assert report.values == {code: None for code in any_schema.codes}
    assert report.other_activities == []
    assert [i.code for i in report.issues if i.code != "blank-empty"] == ["unit-missing", "date-missing", "form-empty"]
    assert len([i for i in report.issues if i.code == "blank-empty"]) == 33


def test_an_item_pasted_twice_is_an_error_not_a_silent_drop(tmp_path):
    path = write_xlsx(filled(), tmp_path / "f.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.insert_rows(7)
    ws["B7"] = ws["B6"].value.replace("（90）", "（95）")  # item 3 again, one number changed
    wb.save(path)
    report = read_form(path)
    assert [(i.code, i.location) for i in report.errors] == [("item-repeated", "Sheet1!B7")]
    assert report.errors[0].message == ("Sheet1!B7：第 3 项“聚焦专项排查整治行动，开展企业主要负责人“五带头”宣传活动”的文字在表中"
                                        "出现了两次，无法确定以哪一处为准，请合并为一处后重新报送。")
    assert not report.ok


def test_header_date_typed_as_an_excel_date(tmp_path):
    import datetime as dt

    form = filled()
    path = write_xlsx(form, tmp_path / "f.xlsx", header_cells=True)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws["H2"] = dt.datetime(2023, 6, 27)  # Excel stores a serial number with a date format
    ws["H2"].number_format = "yyyy\"年\"m\"月\"d\"日\""
    wb.save(path)
    with zipfile.ZipFile(path) as z:
        assert b"<v>45104</v>" in z.read("xl/worksheets/sheet1.xml")
    report = read_form(path)
    assert report.date == "2023-06-27" and report.ok
    ws["H2"].number_format = "General"  # the same serial without a date format is just a number
    wb.save(path)
    assert [i.code for i in read_form(path).issues] == ["date-invalid"]


def test_a_form_of_zeros_is_filled_not_empty(tmp_path):
    report = read_form(write_xlsx(Filled(WEIHAI, raw={c: "0" for c in WEIHAI.codes}), tmp_path / "z.xlsx"))
    assert report.values == {c: 0 for c in WEIHAI.codes}
    assert "form-empty" not in codes(report) and report.ok


def test_digest_is_of_the_files_bytes_on_disk_and_in_an_archive(tmp_path):
    import hashlib

    from anquanyue.reading.archives import Member

    path = write_xlsx(filled(), tmp_path / "f.xlsx")
    data = path.read_bytes()
    assert read_form(path).digest == hashlib.sha256(data).hexdigest()[:16]
    with zipfile.ZipFile(tmp_path / "inbox.zip", "w") as archive:
        archive.writestr("威海/f.xlsx", data)
    inside = read_form(Member(str(tmp_path / "inbox.zip"), ("威海/f.xlsx",)))
    assert inside.digest == hashlib.sha256(data).hexdigest()[:16] and inside.values == EXPECTED
