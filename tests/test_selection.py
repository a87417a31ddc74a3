"""One rule decides which of a unit's forms counts: merge, status and --previous give the same answer."""
import os

import pytest

from anquanyue.chasing.roster import load_roster
from anquanyue.chasing.status import status
from anquanyue.merging.merge import merge, merge_results
from anquanyue.merging.selection import counting_forms, counting_key, supersedes
from anquanyue.reading.reader import FileResult
from anquanyue.reading.validate import read_inbox
from anquanyue.schema import load_schema

from .forms import Filled, write_xlsx

WEIHAI = load_schema("weihai-2023")


def form(unit, date, value):
    return Filled(WEIHAI, raw={c: str(value) for c in WEIHAI.codes}, unit=unit, date=date)


@pytest.fixture
def inbox(tmp_path):
    """甲 sent three forms dated the same day: b.xlsx modified last counts, whatever the names say.
    乙 sent two with the same date and the same time: the name that sorts last (乙-2.xlsx) counts.
    丙 sent a corrected form (a later date) that is older on disk: the date counts first."""
    folder = tmp_path / "in"
    folder.mkdir()
    forms = [("a.xlsx", "甲区工业和信息化局", "2023年6月28日", 1, 300), ("b.xlsx", "甲区工信局", "2023年6月28日", 2, 400),
             ("c.xlsx", "甲区工业和信息化局", "2023年6月28日", 3, 200),
             ("乙-1.xlsx", "乙区工业和信息化局", "2023年6月28日", 4, 500), ("乙-2.xlsx", "乙区工业和信息化局", "2023年6月28日", 5, 500),
             ("丙-更正.xlsx", "丙区工业和信息化局", "2023年6月29日", 6, 100), ("丙.xlsx", "丙区工业和信息化局", "2023年6月28日", 7, 600)]
    for name, unit, date, value, mtime in forms:
        path = write_xlsx(form(unit, date, value), folder / name)
        os.utime(path, (1_700_000_000 + mtime, 1_700_000_000 + mtime))
    (tmp_path / "roster.csv").write_text("单位\n甲区工业和信息化局\n乙区工业和信息化局\n丙区工业和信息化局\n", encoding="utf-8")
    return tmp_path


COUNTING = {"b.xlsx", "乙-2.xlsx", "丙-更正.xlsx"}


def test_merge_counts_the_form_the_rule_picks(inbox):
    result = merge([inbox / "in"], date="2023-06-30")
    included = {os.path.basename(f.file) for f in result.entries("included")}
    assert included == COUNTING
    assert result.totals["1.1"] == 2 + 5 + 6
    by = {os.path.basename(f.file): os.path.basename(f.by) for f in result.entries("superseded")}
    assert by == {"a.xlsx": "b.xlsx", "c.xlsx": "b.xlsx", "乙-1.xlsx": "乙-2.xlsx", "丙.xlsx": "丙-更正.xlsx"}


def test_status_reports_the_same_files(inbox):
    result = status([inbox / "in"], load_roster(inbox / "roster.csv"), as_of="2023-06-30")
    assert {os.path.basename(u.file) for u in result.units} == COUNTING


def test_previous_years_forms_are_chosen_by_the_same_rule(inbox):
    last_year = read_inbox([inbox / "in"])
    assert {os.path.basename(r.file) for r in counting_forms(last_year).values()} == COUNTING


def test_merge_results_is_pure_and_repeatable(inbox):
    results = read_inbox([inbox / "in"])
    for path in (inbox / "in").iterdir():
        path.unlink()  # nothing is read again: the files may be gone
    first = merge_results(results, date="2023-06-30")
    second = merge_results(results, date="2023-06-30")
    assert first.totals == second.totals and first.totals["1.1"] == 13
    assert [f.status for f in first.files] == [f.status for f in second.files]


def test_the_tie_breaks_in_order():
    old = FileResult(file="z.xlsx", date="2023-06-28", mtime=9.0)
    new = FileResult(file="a.xlsx", date="2023-06-29", mtime=1.0)
    undated = FileResult(file="zz.xlsx", date=None, mtime=99.0)
    assert supersedes(new, old) and supersedes(old, undated)
    same_day_later_file = FileResult(file="a.xlsx", date="2023-06-28", mtime=10.0)
    assert supersedes(same_day_later_file, old)
    same_time = FileResult(file="y.xlsx", date="2023-06-28", mtime=9.0)
    assert supersedes(old, same_time) and counting_key(old) == ("2023-06-28", 9.0, "z.xlsx")


def test_the_same_district_name_in_two_cities_is_two_units(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_xlsx(form("济南市市中区工业和信息化局", "2023年6月28日", 3), folder / "济南.xlsx")
    write_xlsx(form("枣庄市市中区工业和信息化局", "2023年6月29日", 4), folder / "枣庄.xlsx")
    write_xlsx(form("威海市环翠区工业和信息化局", "2023年6月28日", 1), folder / "环翠-初报.xlsx")
    write_xlsx(form("环翠区工信局", "2023年6月29日", 2), folder / "环翠-更正.xlsx")
    result = merge([folder], date="2023-06-30", unit="某省工业和信息化厅")
    status = {os.path.basename(f.file): f.status for f in result.files}
    assert status == {"济南.xlsx": "included", "枣庄.xlsx": "included", "环翠-初报.xlsx": "superseded",
                      "环翠-更正.xlsx": "included"}
    assert result.totals["1.1"] == 3 + 4 + 2
