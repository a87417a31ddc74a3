import gc
import os
import warnings

import pytest

from anquanyue.merging import run as merge_run
from anquanyue.speed import report_draft
from anquanyue.reading.reader import FileResult
from anquanyue.speed.report_draft import ReportDraft
from anquanyue.schema import load_schema

from .forms import unit_form, write_docx, write_xlsx

WEIHAI = load_schema("weihai-2023")
NATIONAL = load_schema("national-2023")


@pytest.fixture
def inbox(tmp_path):
    """Units in file order; 乳山 sends again right after its first form; 荣成 has an error."""
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    write_xlsx(unit_form("环翠区工业和信息化局", 10), root / "01环翠.xlsx")
    write_xlsx(unit_form("乳山市工信局", 5, date="2023-06-20"), root / "02乳山-初报.xlsx")
    write_xlsx(unit_form("乳山市工业和信息化局（盖章）", 7, date="2023-06-29"), root / "03乳山-更正.xlsx")
    write_xlsx(unit_form("荣成市工业和信息化局", 30, **{"1_3": "若干"}), root / "04荣成.xlsx")
    (root / "05说明.txt").write_text("见附件", encoding="utf-8")
    write_docx(unit_form("文登区工业和信息化局", 20), root / "06文登.docx")
    write_xlsx(unit_form("高区经济发展局", 3), root / "07高区.xlsx")
    (root / "08broken.xlsx").write_bytes(b"PK\x03\x04garbage")
    write_xlsx(unit_form("经区经济发展局", 4), root / "sub" / "09经区.xlsx")
    return root


def run(folder, out, monkeypatch, *, draft: bool, window: int = 2, **kwargs):
    """merge with or without the draft; the draft's ``finish`` answer and why it was abandoned, if it was."""
    monkeypatch.setattr(merge_run, "DRAFT_MIN_FILES", 1 if draft else 10**9)
    monkeypatch.setattr(report_draft, "WINDOW", window)
    answers = []
    finish = ReportDraft.finish

    def recorded(self, *args):
        answers.append(finish(self, *args))
        answers.append(self.abandoned)
        return answers[0]

    monkeypatch.setattr(ReportDraft, "finish", recorded)
    result, (_out, report) = merge_run.run_merge([folder], out, date="2023-06-30", **kwargs)
    return result, report.read_bytes(), answers


@pytest.mark.parametrize(("window", "used", "why"), [
    (1, True, None),  # 初报 and 更正 meet in the window: settled there
    (5, True, None),
    (100, False, "没有写入任何行"),  # nothing written while reading: the report is written as without a draft
    (0, False, "03乳山-更正.xlsx 更正了已写入明细的 "),  # 初报's row was written before 更正 came
])
def test_the_draft_gives_the_report_written_at_the_end(inbox, tmp_path, monkeypatch, window, used, why):
    _, expected, answers = run(inbox, tmp_path / "plain.xlsx", monkeypatch, draft=False)
    assert answers == []
    result, drafted, answers = run(inbox, tmp_path / "draft.xlsx", monkeypatch, draft=True, window=window)
    assert drafted == expected
    assert answers[0] is used
    assert (answers[1] or "").replace(str(inbox) + os.sep, "").startswith(why or "")
    assert [os.path.basename(r.file) for r in result.included_reports] == [
        "01环翠.xlsx", "03乳山-更正.xlsx", "06文登.docx", "07高区.xlsx", "09经区.xlsx"]


def test_an_older_form_found_later_does_not_spoil_the_draft(inbox, tmp_path, monkeypatch):
    write_xlsx(unit_form("环翠区工信局", 99, date="2023-06-01"), inbox / "sub" / "10环翠-旧.xlsx")
    _, expected, _ = run(inbox, tmp_path / "plain.xlsx", monkeypatch, draft=False)
    result, drafted, answers = run(inbox, tmp_path / "draft.xlsx", monkeypatch, draft=True, window=1)
    assert drafted == expected and answers == [True, None]
    assert result.entries("superseded")[-1].file == str(inbox / "sub" / "10环翠-旧.xlsx")


def test_a_form_corrected_long_after_its_error_keeps_the_draft(inbox, tmp_path, monkeypatch):
    """荣成's form had an error (no row); its correction comes at the end and gets its row there."""
    write_xlsx(unit_form("荣成市工业和信息化局", 31, date="2023-06-30"), inbox / "sub" / "10荣成-更正.xlsx")
    _, expected, _ = run(inbox, tmp_path / "plain.xlsx", monkeypatch, draft=False)
    result, drafted, answers = run(inbox, tmp_path / "draft.xlsx", monkeypatch, draft=True, window=1)
    assert drafted == expected and answers == [True, None]
    assert result.totals["1.1"] == 10 + 7 + 20 + 3 + 4 + 31


def test_a_later_form_of_a_written_unit_abandons_the_draft(inbox, tmp_path, monkeypatch):
    write_xlsx(unit_form("高区经济发展局", 8, date="2023-06-30"), inbox / "sub" / "10高区-更正.xlsx")
    _, expected, _ = run(inbox, tmp_path / "plain.xlsx", monkeypatch, draft=False)
    _, drafted, answers = run(inbox, tmp_path / "draft.xlsx", monkeypatch, draft=True, window=1)
    assert drafted == expected
    assert answers == [False, f"{inbox / 'sub' / '10高区-更正.xlsx'} 更正了已写入明细的 {inbox / '07高区.xlsx'}"]


def test_a_target_form_other_than_the_first_forms_abandons_the_draft(inbox, tmp_path, monkeypatch):
    """The first forms are Weihai's, but most are the national form: merge sums into the national form."""
    for k in range(10, 17):
        write_xlsx(unit_form(f"第{k}号单位", k, schema=NATIONAL), inbox / "sub" / f"{k}.xlsx")
    _, expected, _ = run(inbox, tmp_path / "plain.xlsx", monkeypatch, draft=False)
    result, drafted, answers = run(inbox, tmp_path / "draft.xlsx", monkeypatch, draft=True, window=1)
    assert result.schema_id == "national-2023"
    assert drafted == expected and answers == [False, "汇总表样是 national-2023，不是 weihai-2023"]


def test_to_names_the_target_before_reading(inbox, tmp_path, monkeypatch):
    _, expected, _ = run(inbox, tmp_path / "plain.xlsx", monkeypatch, draft=False, to=NATIONAL)
    result, drafted, answers = run(inbox, tmp_path / "draft.xlsx", monkeypatch, draft=True, window=1, to=NATIONAL)
    assert result.schema_id == "national-2023" and drafted == expected and answers == [True, None]


def _report(name: str, unit: str | None, date: str = "2023-06-28", **kw) -> FileResult:
    return FileResult(file=name, schema_id="weihai-2023", unit=unit, date=date, is_form=True,
                      values={c: 1 for c in WEIHAI.codes}, **kw)


def test_the_draft_leaves_no_temporary_files(tmp_path, monkeypatch):
    monkeypatch.setattr(report_draft.tempfile, "tempdir", str(tmp_path))
    draft = ReportDraft(window=0)
    draft.add(_report("a.xlsx", "甲单位"))
    assert [p.name for p in tmp_path.iterdir()][0].startswith("anquanyue-report-")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        draft.add(_report("b.xlsx", "甲单位", date="2023-06-29"))  # a's row was written: given up at once
        gc.collect()  # the dropped workbook: its files were closed, not left to the collector
    assert draft.abandoned == "b.xlsx 更正了已写入明细的 a.xlsx" and list(tmp_path.iterdir()) == []
    assert [w for w in caught if issubclass(w.category, ResourceWarning)] == []
    draft.add(_report("c.xlsx", "乙单位"))
    assert list(tmp_path.iterdir()) == []

    unfinished = ReportDraft(window=0)  # reading stopped by an error: merge_run closes it
    unfinished.add(_report("a.xlsx", "甲单位"))
    unfinished.close()
    assert list(tmp_path.iterdir()) == []


def test_forms_that_are_not_rows_wait_for_nothing(tmp_path):
    draft = ReportDraft(window=0)
    draft.add(FileResult(file="x.txt"))  # not a form: no target is chosen from it
    draft.add(_report("a.xlsx", None))  # no unit: never superseded, a row
    assert draft.abandoned is None and draft._schema.id == "weihai-2023" and len(draft._rows) == 1
    draft.close()


def test_a_full_temporary_folder_while_reading_leaves_the_report_to_the_end(inbox, tmp_path, monkeypatch):
    class FullDisk(report_draft.ReportBook):
        def append_detail(self, rows):
            raise OSError(28, "No space left on device")

    _, expected, _ = run(inbox, tmp_path / "plain.xlsx", monkeypatch, draft=False)
    monkeypatch.setattr(report_draft, "ReportBook", FullDisk)
    _, drafted, answers = run(inbox, tmp_path / "draft.xlsx", monkeypatch, draft=True, window=1)
    assert drafted == expected and answers == [False, "临时文件写入失败：[Errno 28] No space left on device"]


def test_a_full_disk_when_a_drafted_report_is_saved_is_told_in_chinese(inbox, tmp_path, monkeypatch):
    """The draft gives way to the report written at the end, whose failure is told as test_merge.py's."""
    import xlsxwriter.workbook

    from anquanyue.writing.atomic import OutputError

    def full(self):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsxwriter.workbook.Workbook, "_store_workbook", full)
    with pytest.raises(OutputError) as caught:
        run(inbox, tmp_path / "total.json", monkeypatch, draft=True, window=1)
    assert str(caught.value) == f"{tmp_path / 'total.report.xlsx'}：写入失败（磁盘空间不足），请检查磁盘空间和文件权限后重试。"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "total.json"]


def test_a_fault_in_the_draft_never_stops_the_merge(inbox, tmp_path, monkeypatch):
    def broken(report, schema):
        raise ValueError("坏了")

    _, expected, _ = run(inbox, tmp_path / "plain.xlsx", monkeypatch, draft=False)
    monkeypatch.setattr(report_draft, "detail_row", broken)
    _, drafted, answers = run(inbox, tmp_path / "draft.xlsx", monkeypatch, draft=True, window=1)
    assert drafted == expected and answers == [False, "草稿出错：ValueError: 坏了"]
