"""The public API the CLI and the desk call: the README's example, twice in one process and from a thread."""
import gc
import threading

from anquanyue import load_roster, merge_results, notice_text, read_form, read_inbox, status, write_outputs

from .conftest import ROOT

SAMPLES = ROOT / "samples" / "weihai-2023"


def _run(out_dir):
    one = read_form(SAMPLES / "环翠区工信局.xlsx")
    results = read_inbox([SAMPLES])
    result = merge_results(results, date="2023-06-30")
    written = write_outputs(result, out_dir / "city_total.xlsx")
    notice = notice_text(status([SAMPLES], load_roster(ROOT / "samples" / "roster-weihai.csv"), as_of="2023-06-29"))
    return one, result, written, notice


def test_the_readme_example_twice_and_from_a_thread_gives_the_same_answers(tmp_path):
    thresholds, frozen = gc.get_threshold(), gc.get_freeze_count()
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir(), (tmp_path / "c").mkdir()
    first = _run(tmp_path / "a")
    second = _run(tmp_path / "b")
    box = {}
    thread = threading.Thread(target=lambda: box.setdefault("out", _run(tmp_path / "c")))
    thread.start()
    thread.join()
    third = box["out"]
    assert first[0].unit == "环翠区工业和信息化局" and first[0].ok
    for other in (second, third):
        assert other[0].values == first[0].values
        assert other[1].totals == first[1].totals
        assert [(f.file, f.status) for f in other[1].files] == [(f.file, f.status) for f in first[1].files]
        assert other[3] == first[3]
    assert first[2][0].name == "city_total.xlsx" and first[2][1].name == "city_total.report.xlsx"
    assert read_form(first[2][0]).values == {c: v for c, v in first[1].values.items() if c in first[1].form_schema.codes}
    assert (gc.get_threshold(), gc.get_freeze_count()) == (thresholds, frozen)  # no process-wide state left changed
