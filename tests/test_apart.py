from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

import pytest

from anquanyue.merging import run as merge_run
from anquanyue.speed import deliverable_process as apart
from anquanyue.speed.deliverable_process import DeliverableWriter
from anquanyue.writing.atomic import OutputError
from anquanyue.merging.merge import merge
from anquanyue.writing.outputs import write_outputs
from anquanyue.reading.reader import read_form
from anquanyue.schema import load_schema

from .forms import Filled, write_xlsx

WEIHAI = load_schema("weihai-2023")


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    for k, unit in enumerate(["环翠区工业和信息化局", "文登区工业和信息化局"], 1):
        write_xlsx(Filled(WEIHAI, raw={c: str(k) for c in WEIHAI.codes}, unit=unit, records=[(f"活动{k}", "1", "9", "")]),
                   root / f"{k}.xlsx")
    return root


@pytest.fixture
def two_units(folder):
    return merge([folder], date="2023-06-30")


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_a_deliverable_written_apart_is_the_one_written_here(two_units, tmp_path, suffix):
    here, _ = write_outputs(two_units, tmp_path / f"here{suffix}")
    with DeliverableWriter() as writer:
        there, report = write_outputs(two_units, tmp_path / f"there{suffix}", apart=writer)
    assert there.read_bytes() == here.read_bytes()
    assert read_form(there).values == {c: 3 for c in WEIHAI.codes} and report.exists()


def test_an_error_in_the_second_process_reaches_the_clerk(two_units, tmp_path):
    with DeliverableWriter() as writer, pytest.raises(OutputError) as caught:
        write_outputs(two_units, tmp_path / "missing" / "total.xlsx", tmp_path / "total.report.xlsx", apart=writer)
    assert str(caught.value) == f"{tmp_path / 'missing'}：输出目录不存在，请先创建。"
    assert (tmp_path / "total.report.xlsx").exists()  # the report was written meanwhile


class _NoProcess(ProcessPoolExecutor):
    def __init__(self, *args, **kwargs):
        raise OSError("cannot start a process")


class _DiedProcess(ProcessPoolExecutor):
    def submit(self, *args, **kwargs):
        future = Future()
        future.set_exception(BrokenProcessPool("killed"))
        return future


@pytest.mark.parametrize("pool", [_NoProcess, _DiedProcess])
def test_without_a_second_process_the_deliverable_is_written_here(two_units, tmp_path, monkeypatch, pool):
    monkeypatch.setattr(apart, "ProcessPoolExecutor", pool)
    with DeliverableWriter() as writer:
        out, _ = write_outputs(two_units, tmp_path / "total.xlsx", apart=writer)
    assert read_form(out).values == {c: 3 for c in WEIHAI.codes}


@pytest.mark.parametrize(("files_from", "used"), [(1, True), (3, False)])
def test_merge_writes_apart_from_a_number_of_files(folder, tmp_path, monkeypatch, files_from, used):
    handed = []
    real = DeliverableWriter.start
    monkeypatch.setattr(merge_run, "APART_MIN_FILES", files_from)
    monkeypatch.setattr(DeliverableWriter, "start", lambda self, *a, **k: handed.append(a[1]) or real(self, *a, **k))
    result, (out, report) = merge_run.run_merge([folder], tmp_path / "total.xlsx", date="2023-06-30")
    assert handed == ([tmp_path / "total.xlsx"] if used else [])
    assert read_form(out).values == {c: 3 for c in WEIHAI.codes} and report.exists()


def test_ctrl_c_is_left_to_the_main_process():
    """Ctrl-C goes to every process of the terminal's group; the second one must not print a traceback."""
    import signal

    with DeliverableWriter() as writer:
        assert writer._pool.submit(signal.getsignal, signal.SIGINT).result() == signal.SIG_IGN
