"""Clause-level reading (reading/clauses.py through read_form): a reworded clause is read only when its blank is
unambiguous, with a warning naming the changed words; clauses in another order are matched by their words."""
from __future__ import annotations
from dataclasses import replace

from anquanyue.reading.reader import read_form
from anquanyue.schema import load_schema

from .forms import unit_form, write_docx, write_xlsx

WEIHAI = load_schema("weihai-2023")
VALUES = {"1.1": "11", "1.2": "12", "1.3": "13", "1.4": "14", "1.5": "15"}


def _form_with_item1(prose: str):
    """A unit's weihai form whose item 1 reads ``prose`` (blanks as {code}), 11..15 in blanks 1.1..1.5."""
    filled = unit_form("甲区", 5)
    filled.raw.update(VALUES)
    item = replace(WEIHAI.items[0], prose=prose)
    filled.schema = replace(WEIHAI, items=[item, *WEIHAI.items[1:]])
    return filled


def _item1(report):
    return {code: report.values[code] for code in WEIHAI.items[0].codes}


def test_a_renamed_clause_is_read_with_a_warning_naming_the_words(tmp_path):
    form = _form_with_item1(WEIHAI.items[0].prose.replace("以案说法", "以案普法"))
    report = read_form(write_xlsx(form, tmp_path / "a.xlsx"), WEIHAI)
    assert _item1(report) == {"1.1": 11, "1.2": 12, "1.3": 13, "1.4": 14, "1.5": 15}
    assert [(i.code, i.field, i.message) for i in report.issues] == [
        ("clause-changed", "1.4", "Sheet1!B4：1.4（“安全生产大家谈”“班前会”“以案说法”等活动）所在的文字与表样不同"
         "（“以案说法”改为“以案普法”），只有这一处对得上，已读取“14”；请核实它确是这一项的数字，如表样已改版请登记新表样。")]


def test_swapped_clauses_are_matched_by_their_words(tmp_path):
    prose = ("开展“安全生产大家谈”“班前会”“以案说法”等活动（{1.4}）场，参与（{1.5}）人次；发表评论文章或心得体会（{1.3}）篇；"
             "开展宣讲活动（{1.1}）场，参与（{1.2}）人次。")
    for writer, name in ((write_xlsx, "b.xlsx"), (write_docx, "b.docx")):
        report = read_form(writer(_form_with_item1(prose), tmp_path / name), WEIHAI)
        assert _item1(report) == {"1.1": 11, "1.2": 12, "1.3": 13, "1.4": 14, "1.5": 15}
        assert report.issues == []


def test_two_reworded_clauses_that_leave_a_blank_ambiguous_are_errors_not_guesses(tmp_path):
    prose = "开展宣传活动（{1.1}）场，参与（{1.2}）人次；发表评论文章或心得体会（{1.3}）篇；开展交流活动（{1.4}）场，参与（{1.5}）人次。"
    report = read_form(write_xlsx(_form_with_item1(prose), tmp_path / "c.xlsx"), WEIHAI)
    assert _item1(report) == {"1.1": None, "1.2": None, "1.3": 13, "1.4": None, "1.5": None}
    assert [(i.code, i.field) for i in report.errors] == [
        ("blank-not-found", "1.1"), ("clause-ambiguous", "1.2"), ("blank-not-found", "1.4"), ("clause-ambiguous", "1.5")]
    assert report.errors[1].message == ("Sheet1!A4：1.2（宣讲活动参与）所在的文字与表样不同，表中有几处都可能是它，无法确定，"
                                        "请按模板原文填写这一句后重新报送。")
