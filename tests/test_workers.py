"""The job's worker processes: kept from reading to writing, the deliverable written in one beside the report."""
from __future__ import annotations

import os
import pickle
from concurrent.futures.process import BrokenProcessPool

import pytest

from anquanyue.merging.merge import merge
from anquanyue.reading import pool as parallel
from anquanyue.reading.pool import POOL_MIN_FILES
from anquanyue.schema import load_schema
from anquanyue.speed.workers import WorkerPool
from anquanyue.writing import outputs
from anquanyue.writing.atomic import OutputError
from anquanyue.writing.outputs import write_outputs

from .forms import unit_form, write_docx, write_xlsx

WEIHAI = load_schema("weihai-2023")


def _inbox(tmp_path, count: int = POOL_MIN_FILES + 4):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for k in range(count):
        form = unit_form(f"第{k}单位", k + 1)
        (write_xlsx if k % 2 else write_docx)(form, inbox / f"{k:03d}.{'xlsx' if k % 2 else 'docx'}")
    return inbox


def _pid() -> int:
    return os.getpid()


def _environment(name: str) -> str | None:
    return os.environ.get(name)


def _refuse(path: str) -> None:
    raise OutputError("output-is-input", location=path)


def test_without_workers_nothing_is_handed_over():
    with WorkerPool() as pool:
        assert not pool.running and pool.submit(_pid) is None


def test_reading_leaves_its_workers_to_the_pool_and_they_take_more_work(tmp_path, monkeypatch):
    monkeypatch.setenv(parallel.START_METHOD_ENV, "fork")
    inbox = _inbox(tmp_path)
    with WorkerPool() as pool:
        result = merge([inbox], date="2023-06-30", pool=pool)
        assert len(result.included_results) == POOL_MIN_FILES + 4
        assert pool.running
        assert pool.submit(_pid).result() != os.getpid()
    assert not pool.running and pool.submit(_pid) is None


def test_a_problem_raised_in_a_worker_is_raised_here_as_it_was(tmp_path, monkeypatch):
    monkeypatch.setenv(parallel.START_METHOD_ENV, "fork")
    with WorkerPool() as pool:
        list(parallel.read_many([str(p) for p in sorted(_inbox(tmp_path).iterdir())], workers=2, pool=pool))
        with pytest.raises(OutputError) as raised:
            pool.submit(_refuse, "甲.xlsx").result()
    here = OutputError("output-is-input", location="甲.xlsx")
    assert raised.value.issue == here.issue and str(raised.value) == str(here)
    again = pickle.loads(pickle.dumps(here))
    assert type(again) is OutputError and again.issue == here.issue and str(again) == str(here)


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_the_deliverable_written_in_a_worker_is_the_one_written_here(tmp_path, monkeypatch, suffix, method):
    monkeypatch.setenv(parallel.START_METHOD_ENV, method)
    monkeypatch.setattr(parallel, "SPAWN_MIN_FILES", POOL_MIN_FILES)
    inbox = _inbox(tmp_path)
    alone, beside = tmp_path / f"alone{suffix}", tmp_path / f"beside{suffix}"
    write_outputs(merge([inbox], date="2023-06-30"), alone)
    handed: list = []
    with WorkerPool() as pool:
        result = merge([inbox], date="2023-06-30", pool=pool)
        assert pool.running
        real = pool.submit
        monkeypatch.setattr(pool, "submit", lambda fn, *a, **k: handed.append(fn.__name__) or real(fn, *a, **k))
        assert write_outputs(result, beside, pool=pool) == (beside, tmp_path / "beside.report.xlsx")
        assert not pool.running  # told to exit once the form was written: not left for the end
    assert handed == ["write_form"]
    assert beside.read_bytes() == alone.read_bytes()
    assert (tmp_path / "beside.report.xlsx").read_bytes() == (tmp_path / "alone.report.xlsx").read_bytes()


def test_with_its_worker_gone_the_deliverable_is_written_here(tmp_path, monkeypatch):
    monkeypatch.setenv(parallel.START_METHOD_ENV, "fork")
    inbox = _inbox(tmp_path)
    with WorkerPool() as pool:
        result = merge([inbox], date="2023-06-30", pool=pool)
        lost = pool.submit(os._exit, 1)  # the worker dies: the pool is broken
        with pytest.raises(BrokenProcessPool):
            lost.result()
        write_outputs(result, tmp_path / "total.xlsx", pool=pool)
    write_outputs(result, tmp_path / "alone.xlsx")
    assert (tmp_path / "total.xlsx").read_bytes() == (tmp_path / "alone.xlsx").read_bytes()


def test_above_the_limit_the_deliverable_is_written_here_after_the_report(tmp_path, monkeypatch):
    monkeypatch.setenv(parallel.START_METHOD_ENV, "fork")
    monkeypatch.setattr(outputs, "BESIDE_MAX_FILES", POOL_MIN_FILES)
    inbox = _inbox(tmp_path)
    handed: list = []
    with WorkerPool() as pool:
        result = merge([inbox], date="2023-06-30", pool=pool)
        monkeypatch.setattr(pool, "submit", lambda *args, **kwargs: handed.append(args))
        write_outputs(result, tmp_path / "total.xlsx", pool=pool)
        assert not pool.running  # its workers were let go before the report (their memory with them)
    assert handed == [] and (tmp_path / "total.xlsx").exists()


def test_a_pool_not_kept_lets_its_workers_go_when_reading_ends(tmp_path, monkeypatch):
    monkeypatch.setenv(parallel.START_METHOD_ENV, "fork")
    inbox = _inbox(tmp_path)
    with WorkerPool() as pool:
        pool.keep = False  # (merge: a .json deliverable, or more files than BESIDE_MAX_FILES)
        reading = parallel.read_many([str(p) for p in sorted(inbox.iterdir())], workers=2, pool=pool)
        next(reading)
        assert pool.running
        assert len(list(reading)) == POOL_MIN_FILES + 3
        assert not pool.running


@pytest.mark.parametrize(("name", "files", "beside"), [("总表.xlsx", 20_000, True), ("总表.docx", 3, True),
                                                       ("总表.xlsx", 20_001, False), ("总表.json", 3, False)])
def test_which_deliverables_are_written_beside_the_report(name, files, beside):
    assert outputs.writes_beside(name, files) is beside


def test_a_spawned_worker_runs_numpys_blas_with_one_thread_and_leaves_this_process_as_it_was(tmp_path, monkeypatch):
    monkeypatch.setenv(parallel.START_METHOD_ENV, "spawn")
    monkeypatch.setattr(parallel, "SPAWN_MIN_FILES", POOL_MIN_FILES)
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        monkeypatch.delenv(name, raising=False)
    with WorkerPool() as pool:
        list(parallel.read_many([str(p) for p in sorted(_inbox(tmp_path).iterdir())], workers=2, pool=pool))
        assert pool.submit(_environment, "OPENBLAS_NUM_THREADS").result() == "1"
    assert "OPENBLAS_NUM_THREADS" not in os.environ


@pytest.mark.parametrize(("method", "files", "workers", "started"), [
    ("spawn", parallel.SPAWN_MIN_FILES, 2, True),
    ("spawn", parallel.SPAWN_MIN_FILES - 1, 2, False),  # read_many would read them all here
    ("spawn", parallel.SPAWN_MIN_FILES, 1, False),  # one core: no worker at all
    ("fork", parallel.SPAWN_MIN_FILES, 2, False),  # forked by read_many after the warm-up, to inherit it
])
def test_spawned_workers_are_started_early_only_where_read_many_would_start_them(monkeypatch, method, files,
                                                                                    workers, started):
    monkeypatch.setenv(parallel.START_METHOD_ENV, method)
    with WorkerPool() as pool:
        parallel.start_early(pool, files, workers=workers)
        assert pool.running is started
        if started:
            assert pool.submit(_pid).result() != os.getpid()


def test_a_merge_starts_its_spawned_workers_before_it_reads(tmp_path, monkeypatch):
    """Before reading begins (and with it this process's warm-up): the workers start meanwhile."""
    from anquanyue.reading import validate

    monkeypatch.setenv(parallel.START_METHOD_ENV, "spawn")
    monkeypatch.setattr(parallel, "SPAWN_MIN_FILES", POOL_MIN_FILES)
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    inbox = _inbox(tmp_path)
    running_when_reading_began = []

    def reading(*args, **kwargs):
        running_when_reading_began.append(pool.running)
        return parallel.read_many(*args, **kwargs)

    monkeypatch.setattr(validate, "read_many", reading)
    with WorkerPool() as pool:
        result = merge([inbox], date="2023-06-30", pool=pool)
    assert running_when_reading_began == [True]
    assert len(result.included_results) == POOL_MIN_FILES + 4


def test_the_merge_command_s_module_comes_without_numpy():
    """numpy comes with the anomaly checks, when they run: before that, a merge's spawned workers are started."""
    import subprocess
    import sys

    code = "import sys, anquanyue.merging.run\nprint('numpy' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.stdout.split() == ["False"], done.stderr
