"""Item 7 as units write it: prose without the template's parentheses, several records to a cell."""
import docx
import pytest

from anquanyue.reading.reader import read_form
from anquanyue.schema import load_schema

from .forms import Filled, write_docx, write_xlsx

WEIHAI = load_schema("weihai-2023")


def with_item7(tmp_path, text: str, fmt: str = "docx"):
    form = Filled(WEIHAI, raw={c: "5" for c in WEIHAI.codes}, records=[("@@", "", "", "")])
    path = (write_docx if fmt == "docx" else write_xlsx)(form, tmp_path / f"f.{fmt}")
    if fmt == "docx":
        d = docx.Document(str(path))
        cell = next(c for row in d.tables[0].rows for c in row.cells if "@@" in c.text)
        cell.text = text
        d.save(str(path))
    else:
        import openpyxl

        wb = openpyxl.load_workbook(path)
        cell = next(c for row in wb.active.iter_rows() for c in row if isinstance(c.value, str) and "@@" in c.value)
        cell.value = text
        wb.save(path)
    return read_form(path)


def records(report):
    return [(a.name, a.count, a.people) for a in report.other_activities]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_several_prose_records_in_one_cell_are_read(tmp_path, fmt):
    report = with_item7(tmp_path, "开展消防演练进社区活动2场，参与300人次；举办安全知识讲座共3次，参与约200人。", fmt)
    assert records(report) == [("开展消防演练进社区活动", 2, 300), ("举办安全知识讲座", 3, 200)]
    assert [(i.code, i.field) for i in report.issues] == [("record-prose", "7.1"), ("blank-approximate", "7.2"),
                                                          ("record-prose", "7.1")]
    assert report.issues[0].message.endswith("：其他特色活动“开展消防演练进社区活动2场，参与300人次”没有按模板格式填写，"
                                             "已读作：活动名称“开展消防演练进社区活动”，组织 2 场/次，参与 300 人次，请核实。")
    assert report.ok


def test_label_words_without_parentheses_are_the_template_itself(tmp_path):
    report = with_item7(tmp_path, "活动名称：安全生产宣传咨询，组织2场/次，参与120人次。")
    assert records(report) == [("安全生产宣传咨询", 2, 120)] and report.issues == []


def test_chinese_numerals_and_wan_hold_in_prose(tmp_path):
    report = with_item7(tmp_path, "应急科普进校园十二场，参与1.2万人次")
    assert records(report) == [("应急科普进校园", 12, 12000)]


def test_a_sentence_with_two_counts_is_an_error_never_a_guess(tmp_path):
    report = with_item7(tmp_path, "开展讲座2场、演练3场，参与500人次")
    assert report.other_activities == [] and not report.ok
    [issue] = report.errors
    assert (issue.code, issue.field) == ("record-unreadable", "7.1")
    assert issue.message.endswith("：其他特色活动中的“开展讲座2场、演练3场，参与500人次”读不出活动名称、组织场次和参与人次，未计入；"
                                  "请按“活动名称（ ），组织（ ）场/次，参与（ ）人次”每项一条填写。")


def test_prose_with_no_count_or_people_is_no_record(tmp_path):
    report = with_item7(tmp_path, "无。")
    assert report.other_activities == [] and report.ok


def test_a_prose_record_without_people_says_so(tmp_path):
    report = with_item7(tmp_path, "安全生产知识竞赛4场")
    assert records(report) == [("安全生产知识竞赛", 4, None)]
    assert [(i.code, i.field) for i in report.issues] == [("record-incomplete", "7.2"), ("record-prose", "7.1")]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_several_template_records_in_one_cell_are_all_read(tmp_path, fmt):
    report = with_item7(tmp_path, "活动名称（安全讲座），组织（1）场/次，参与（20）人次。\n"
                                  "活动名称（应急演练），组织（3）场/次，参与（400）人次。", fmt)
    assert records(report) == [("安全讲座", 1, 20), ("应急演练", 3, 400)] and report.issues == []


def test_prose_after_the_template_row_left_empty_is_read(tmp_path):
    report = with_item7(tmp_path, "活动名称（ ），组织（ ）场/次，参与（ ）人次。\n开展消防演练2场，参与300人次。")
    assert records(report) == [("开展消防演练", 2, 300)]
    assert [i.code for i in report.issues] == ["record-prose"]


def test_records_in_a_table_nested_in_the_item_7_cell_are_read(tmp_path):
    form = Filled(WEIHAI, raw={c: "5" for c in WEIHAI.codes}, records=[("@@", "", "", "")])
    path = write_docx(form, tmp_path / "f.docx")
    d = docx.Document(str(path))
    cell = next(c for row in d.tables[0].rows for c in row.cells if "@@" in c.text)
    cell.text = "见下表："
    inner = cell.add_table(rows=0, cols=3)
    for row in (("活动名称", "组织场次", "参与人次"), ("安全知识竞赛", "2", "300"), ("应急演练观摩", "1", "约80")):
        cells = inner.add_row().cells
        for c, text in zip(cells, row):
            c.text = text
    d.save(str(path))
    report = read_form(path)
    assert records(report) == [("安全知识竞赛", 2, 300), ("应急演练观摩", 1, 80)]
    assert [(i.code, i.field, i.location) for i in report.issues] == [("blank-approximate", "7.2", "表1-1 第3行第3列")]


def test_records_in_a_table_under_the_form_in_a_workbook(tmp_path):
    import openpyxl

    form = Filled(WEIHAI, raw={c: "5" for c in WEIHAI.codes}, records=[("@@", "", "", "")])
    path = write_xlsx(form, tmp_path / "f.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    cell = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "@@" in c.value)
    cell.value = "（见下表）"
    for row in (("活动名称", "场次", "人次"), ("安全宣传进社区", 4, 500), ("", 2, 30)):
        ws.append(row)
    wb.save(path)
    report = read_form(path)
    assert records(report) == [("安全宣传进社区", 4, 500), ("", 2, 30)]
    assert [(i.code, i.field) for i in report.issues] == [("record-no-name", "7.1")]
    assert not report.ok
