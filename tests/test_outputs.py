from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import pytest

from anquanyue import outputs
from anquanyue.atomic import OutputError
from anquanyue.merge import merge
from anquanyue.outputs import write_outputs
from anquanyue.reader import read_form
from anquanyue.schema import load_schema

from .forms import Filled, write_xlsx

WEIHAI = load_schema("weihai-2023")


@pytest.fixture
def two_units(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for k, unit in enumerate(["环翠区工业和信息化局", "文登区工业和信息化局"], 1):
        write_xlsx(Filled(WEIHAI, raw={c: str(k) for c in WEIHAI.codes}, unit=unit, records=[(f"活动{k}", "1", "9", "")]),
                   folder / f"{k}.xlsx")
    return merge([folder], date="2023-06-30")


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_a_deliverable_written_apart_is_the_one_written_here(two_units, tmp_path, monkeypatch, suffix):
    here, _ = write_outputs(two_units, tmp_path / f"here{suffix}")
    monkeypatch.setattr(outputs, "APART_MIN_FORMS", 1)
    apart, report = write_outputs(two_units, tmp_path / f"apart{suffix}")
    assert apart.read_bytes() == here.read_bytes()
    back = read_form(apart)
    assert back.ok and back.values == {c: 3 for c in WEIHAI.codes} and report.exists()


def test_an_error_in_the_second_process_reaches_the_clerk(two_units, tmp_path, monkeypatch):
    monkeypatch.setattr(outputs, "APART_MIN_FORMS", 1)
    with pytest.raises(OutputError) as caught:
        write_outputs(two_units, tmp_path / "missing" / "total.xlsx", tmp_path / "total.report.xlsx")
    assert str(caught.value) == f"{tmp_path / 'missing'}：输出目录不存在，请先创建。"
    assert (tmp_path / "total.report.xlsx").exists()  # the report was written meanwhile


class _NoProcess(ProcessPoolExecutor):
    def submit(self, *args, **kwargs):
        raise OSError("cannot start a process")


class _DiedProcess(ProcessPoolExecutor):
    def submit(self, *args, **kwargs):
        future = Future()
        future.set_exception(BrokenProcessPool("killed"))
        return future


@pytest.mark.parametrize("pool", [_NoProcess, _DiedProcess])
def test_without_a_second_process_the_deliverable_is_written_here(two_units, tmp_path, monkeypatch, pool):
    monkeypatch.setattr(outputs, "APART_MIN_FORMS", 1)
    monkeypatch.setattr(outputs, "ProcessPoolExecutor", pool)
    out, _ = write_outputs(two_units, tmp_path / "total.xlsx")
    assert read_form(out).values == {c: 3 for c in WEIHAI.codes}
