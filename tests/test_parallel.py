import time

import pytest

from anquanyue.reading import pool as parallel
from anquanyue.reading.pool import POOL_MIN_FILES, read_many, read_one
from anquanyue.reading.reader import read_form
from anquanyue.schema import load_schema

from .conftest import builtin_yaml
from .forms import Filled, write_docx, write_xlsx

WEIHAI = load_schema("weihai-2023")


def test_pool_gives_the_same_reports_in_the_same_order(tmp_path):
    paths = []
    for k in range(POOL_MIN_FILES + 5):
        form = Filled(WEIHAI, raw={c: str(k + 1) for c in WEIHAI.codes} | ({"1.3": "若干"} if k % 7 == 0 else {}),
                      unit=f"第{k}单位")
        paths.append((write_xlsx if k % 2 else write_docx)(form, tmp_path / f"{k:03d}.{'xlsx' if k % 2 else 'docx'}"))
    progress = []
    pooled = [r for rs in read_many(paths, workers=2, on_file=lambda done, total, name: progress.append((done, total)))
              for r in rs]
    sequential = [read_form(p, label=str(p)) for p in paths]
    assert pooled == sequential
    assert [r.values["1.1"] for r in pooled] == [k + 1 for k in range(len(paths))]
    assert progress[-1] == (len(paths), len(paths)) and [d for d, _ in progress] == list(range(1, len(paths) + 1))


def test_pool_with_a_user_schema_file(tmp_path):
    own = tmp_path / "own.yaml"
    own.write_text(builtin_yaml("weihai-2023").replace("id: weihai-2023", "id: own-2023"), encoding="utf-8")
    schema = load_schema(str(own))
    paths = [write_xlsx(Filled(WEIHAI, raw={c: "2" for c in WEIHAI.codes}, unit=f"单位{k}"), tmp_path / f"{k}.xlsx")
             for k in range(POOL_MIN_FILES)]
    reports = [r for rs in read_many(paths, schema, workers=2) for r in rs]
    assert {r.schema_id for r in reports} == {"own-2023"} and all(r.ok for r in reports)


def test_a_runaway_file_times_out_without_stopping_others(tmp_path, monkeypatch):
    def slow(*args, **kwargs):
        time.sleep(5)

    monkeypatch.setattr(parallel, "read_forms", slow)
    started = time.monotonic()
    [report] = read_one(str(tmp_path / "slow.xlsx"), None, timeout=1)
    assert time.monotonic() - started < 4
    assert [i.code for i in report.issues] == ["file-timeout"]
    assert report.issues[0].message == f"{tmp_path / 'slow.xlsx'}：读取超过 1 秒仍未完成，已跳过，请用 Excel/WPS/Word 另存后重新报送。"


def test_bulk_gc_holds_the_collector_back_and_restores_it():
    import gc

    before = gc.get_threshold()
    from anquanyue.speed import gc as speed_gc

    with pytest.raises(KeyError):
        with speed_gc.bulk_gc():
            assert gc.get_freeze_count() > 0 and gc.get_threshold()[0] >= speed_gc.BULK_GC_THRESHOLD
            raise KeyError("a failure inside")
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


@pytest.mark.parametrize(("total", "workers", "size"), [
    (48, 2, 3),  # few files: every worker still gets eight tasks
    (100, 2, 6),
    (1000, 2, 62),
    (6000, 2, 64),  # many files: capped, so the progress bar moves at least every 64 files
    (6000, 8, 64),
    (5, 8, 1),
])
def test_chunk_size_grows_with_the_files_up_to_a_cap(total, workers, size):
    assert parallel.chunk_size(total, workers) == size


def test_prefetch_asks_for_each_file_up_to_the_size_limit_and_never_blocks(tmp_path, monkeypatch):
    import os

    asked = []
    real = os.posix_fadvise

    def record(fd, offset, length, advice):
        asked.append((os.path.basename(os.readlink(f"/proc/self/fd/{fd}")), offset, length, advice))
        return real(fd, offset, length, advice)

    monkeypatch.setattr(os, "posix_fadvise", record)
    forms = [tmp_path / "1.xlsx", tmp_path / "2.docx"]
    for form in forms:
        form.write_bytes(b"PK")
    os.mkfifo(tmp_path / "pipe.xlsx")  # opening a pipe for reading would wait for a writer: it must not
    import threading

    paths = [str(forms[0]), str(tmp_path / "missing.xlsx"), str(tmp_path / "pipe.xlsx"), str(forms[1])]
    worker = threading.Thread(target=parallel.prefetch, args=(paths,), daemon=True)
    worker.start()
    worker.join(timeout=5)
    assert not worker.is_alive()
    limit = 50 * 1024 * 1024
    assert [a for a in asked if a[0] != "pipe.xlsx"] == [("1.xlsx", 0, limit, os.POSIX_FADV_WILLNEED),
                                                         ("2.docx", 0, limit, os.POSIX_FADV_WILLNEED)]


def test_every_chunk_is_prefetched_before_it_is_read(tmp_path, monkeypatch):
    order = []
    monkeypatch.setattr(parallel, "prefetch", lambda paths: order.append(("prefetch", list(paths))))
    monkeypatch.setattr(parallel, "read_one", lambda path, ref, **kw: order.append(("read", path)) or path)
    assert parallel._read_chunk((["a.xlsx", "b.xlsx"], None)) == ["a.xlsx", "b.xlsx"]
    assert order == [("prefetch", ["a.xlsx", "b.xlsx"]), ("read", "a.xlsx"), ("read", "b.xlsx")]


def test_one_process_prefetches_a_chunk_at_a_time(monkeypatch):
    windows = []
    monkeypatch.setattr(parallel, "prefetch", lambda paths: windows.append((paths[0], len(paths))))
    monkeypatch.setattr(parallel, "read_forms", lambda path, schema, label, **kw: [label])
    paths = [f"{k:03d}.xlsx" for k in range(130)]
    assert list(read_many(paths, workers=1)) == [[p] for p in paths]
    assert windows == [("000.xlsx", 64), ("064.xlsx", 64), ("128.xlsx", 2)]


def _busy(*args, **kwargs):
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:  # Python steps: what the watchdog (like SIGALRM's handler) interrupts
        pass


def test_the_time_limit_works_off_the_main_thread(tmp_path, monkeypatch):
    """Where SIGALRM cannot be used (Windows, the desk's server threads) a watchdog stops the runaway read."""
    import threading

    monkeypatch.setattr(parallel, "read_forms", _busy)
    out = {}

    def run():
        started = time.monotonic()
        [out["report"]] = read_one(str(tmp_path / "slow.xlsx"), None, timeout=1)
        out["seconds"] = time.monotonic() - started

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    assert out["seconds"] < 4
    assert [i.code for i in out["report"].issues] == ["file-timeout"]


def test_the_time_limit_without_sigalrm(tmp_path, monkeypatch):
    import signal

    monkeypatch.setattr(parallel, "read_forms", _busy)
    monkeypatch.delattr(signal, "SIGALRM")
    started = time.monotonic()
    [report] = read_one(str(tmp_path / "slow.xlsx"), None, timeout=1)
    assert time.monotonic() - started < 4
    assert [i.code for i in report.issues] == ["file-timeout"]


def test_a_read_in_time_is_never_cut_short_afterwards(tmp_path):
    """Off the main thread, many quick reads under a short limit: none is stopped, none is stopped later."""
    import threading

    path = write_xlsx(Filled(WEIHAI, raw={c: "3" for c in WEIHAI.codes}, unit="甲单位"), tmp_path / "a.xlsx")
    out = []
    thread = threading.Thread(target=lambda: out.extend(read_one(str(path), None, timeout=1)[0] for _ in range(20)))
    thread.start()
    thread.join(30)
    time.sleep(1.2)  # past every timer
    assert len(out) == 20 and all(r.ok and r.values["1.1"] == 3 for r in out)


def test_the_pool_works_when_workers_are_spawned(tmp_path, monkeypatch):
    """Windows starts workers by spawning (nothing inherited): forced here, the sample forms read as in one process."""
    import shutil
    from pathlib import Path

    samples = sorted(p for p in (Path(__file__).parent.parent / "samples" / "weihai-2023").iterdir()
                     if p.suffix in (".xlsx", ".xls", ".docx"))
    paths = []
    for copy in range(POOL_MIN_FILES // len(samples) + 1):
        for sample in samples:
            target = tmp_path / f"{copy}-{sample.name}"
            shutil.copy(sample, target)
            paths.append(target)
    monkeypatch.setenv(parallel.START_METHOD_ENV, "spawn")
    monkeypatch.setattr(parallel, "SPAWN_MIN_FILES", POOL_MIN_FILES)  # a few files, the pool all the same
    assert parallel.pool_context().get_start_method() == "spawn"
    pooled = [r for rs in read_many(paths, workers=2) for r in rs]
    sequential = [read_form(p, label=str(p)) for p in paths]
    assert len(pooled) >= POOL_MIN_FILES
    assert pooled == sequential
    assert sum(r.ok for r in pooled) == sum(r.ok for r in sequential) > 0


def test_off_the_main_thread_workers_are_spawned(monkeypatch):
    import threading

    monkeypatch.delenv(parallel.START_METHOD_ENV, raising=False)
    found = []
    thread = threading.Thread(target=lambda: found.append(parallel.pool_context().get_start_method()))
    thread.start()
    thread.join()
    assert found == ["spawn"]
    monkeypatch.setenv(parallel.START_METHOD_ENV, "fork")
    assert parallel.pool_context().get_start_method() == "fork"


def test_forms_of_one_template_share_one_dict_of_places(tmp_path):
    paths = [write_xlsx(Filled(WEIHAI, raw={c: str(k) for c in WEIHAI.codes}, unit=f"单位{k}"), tmp_path / f"{k}.xlsx")
             for k in range(POOL_MIN_FILES)]
    paths.append(write_xlsx(Filled(WEIHAI, raw={c: "1" for c in WEIHAI.codes}, unit="另起一行"), tmp_path / "z.xlsx",
                            row0=3))
    pooled = [r for rs in read_many(paths, workers=2) for r in rs]
    assert [r.locations for r in pooled] == [read_form(p, label=str(p)).locations for p in paths]
    assert len({id(r.locations) for r in pooled[:-1]}) == 1 and pooled[-1].locations is not pooled[0].locations
    assert pooled[0].locations["1.1"] != pooled[-1].locations["1.1"]
    assert [r.values["1.1"] for r in pooled] == [*range(POOL_MIN_FILES), 1]


def _pid_of_reader(path, schema, label, **kwargs):
    import os

    from anquanyue.reading.reader import FileResult

    return [FileResult(file=label, format=str(os.getpid()))]


def test_this_process_reads_beside_its_workers_in_order(monkeypatch):
    """The first chunk is read here while the workers start; the workers' chunks and the ones read here come back
    in the order given, with the progress counted file by file."""
    import os

    monkeypatch.setenv(parallel.START_METHOD_ENV, "fork")  # the fake reader reaches the forked worker
    monkeypatch.setattr(parallel, "read_forms", _pid_of_reader)
    paths = [f"{k:03d}.xlsx" for k in range(200)]
    progress = []
    results = list(read_many(paths, workers=2, on_file=lambda done, total, name: progress.append((done, total, name))))
    size = parallel.chunk_size(200, 2)
    assert [r.file for [r] in results] == paths
    assert progress == [(k + 1, 200, path) for k, path in enumerate(paths)]
    readers = [r.format for [r] in results]
    here, chunk_one = str(os.getpid()), readers[size]
    assert set(readers[:size]) == {here}  # nobody else has the first chunk: read here at once
    assert chunk_one != here and set(readers[size : 3 * size]) == {chunk_one}  # the worker is two chunks ahead


def test_spawned_workers_share_the_reading_with_this_process(tmp_path, monkeypatch):
    """Under spawn (nothing inherited) this process reads the first chunk while the worker starts, and the worker
    the two given to it first; every result is the one reading the file alone gives."""
    paths = [write_xlsx(Filled(WEIHAI, raw={c: str(k) for c in WEIHAI.codes}, unit=f"单位{k}"), tmp_path / f"{k:02d}.xlsx")
             for k in range(POOL_MIN_FILES)]
    here = []
    real = parallel.read_forms
    monkeypatch.setattr(parallel, "read_forms", lambda path, *a, **kw: here.append(str(path)) or real(path, *a, **kw))
    monkeypatch.setenv(parallel.START_METHOD_ENV, "spawn")
    monkeypatch.setattr(parallel, "SPAWN_MIN_FILES", POOL_MIN_FILES)
    pooled = [r for rs in read_many(paths, workers=2) for r in rs]
    size = parallel.chunk_size(POOL_MIN_FILES, 2)
    assert pooled == [read_form(p, label=str(p)) for p in paths]
    assert here[:size] == [str(p) for p in paths[:size]]
    assert not {str(p) for p in paths[size : 3 * size]} & set(here)  # read by the worker


def test_a_runaway_file_read_here_times_out_without_stopping_others(monkeypatch):
    import os

    def first_runs_away(path, schema, label, **kwargs):
        if label == "000.xlsx":
            _busy()
        return _pid_of_reader(path, schema, label)

    monkeypatch.setenv(parallel.START_METHOD_ENV, "fork")
    monkeypatch.setattr(parallel, "read_forms", first_runs_away)
    monkeypatch.setattr(parallel, "FILE_TIMEOUT", 1)
    paths = [f"{k:03d}.xlsx" for k in range(POOL_MIN_FILES)]
    results = list(read_many(paths, workers=2))
    assert [i.code for i in results[0][0].issues] == ["file-timeout"]
    assert results[0][0].issues[0].message == "000.xlsx：读取超过 1 秒仍未完成，已跳过，请用 Excel/WPS/Word 另存后重新报送。"
    assert [r.file for [r] in results[1:]] == paths[1:] and all(r.format for [r] in results[1:])
    assert str(os.getpid()) in {r.format for [r] in results[1:]}  # this process went on reading after it


def test_leaving_early_stops_the_workers(monkeypatch):
    import multiprocessing

    monkeypatch.setenv(parallel.START_METHOD_ENV, "fork")
    monkeypatch.setattr(parallel, "read_forms", _pid_of_reader)
    reading = read_many([f"{k:03d}.xlsx" for k in range(500)], workers=2)
    [first] = next(reading)
    assert first.file == "000.xlsx" and multiprocessing.active_children()
    reading.close()
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize(("total", "workers", "sizes"), [
    (1000, 2, [62] * 12 + [15] * 17 + [1]),  # at least the last four tasks' files in quarter-size tasks
    (48, 2, [3] * 12 + [1] * 12),
    (10, 8, [1] * 10),
])
def test_the_last_tasks_are_short(total, workers, sizes):
    chunks = parallel.split_chunks([f"{k}.xlsx" for k in range(total)], workers)
    assert [len(c) for c in chunks] == sizes
    assert [p for c in chunks for p in c] == [f"{k}.xlsx" for k in range(total)]


@pytest.mark.parametrize(("method", "files", "pooled"), [
    ("spawn", parallel.SPAWN_MIN_FILES - 1, False),  # a spawned worker would start after most files are read here
    ("spawn", parallel.SPAWN_MIN_FILES, True),
    ("fork", POOL_MIN_FILES, True),  # a forked worker is ready at once
])
def test_workers_are_spawned_only_for_many_files(monkeypatch, method, files, pooled):
    import os

    monkeypatch.setenv(parallel.START_METHOD_ENV, method)
    monkeypatch.setattr(parallel, "read_forms", _pid_of_reader)  # not in a spawned worker: it reads them for real
    results = list(read_many([f"{k:03d}.xlsx" for k in range(files)], workers=2))
    assert len(results) == files
    assert ({r.format for [r] in results} != {str(os.getpid())}) == pooled


def test_off_the_main_thread_this_process_and_a_spawned_worker_share_the_reading(tmp_path, monkeypatch):
    """As the desk's server calls it: from a thread, so the worker is spawned and the time limit here is the
    watchdog's; every result (here of files that are missing) is the one reading the file alone gives."""
    import threading

    monkeypatch.delenv(parallel.START_METHOD_ENV, raising=False)
    monkeypatch.setattr(parallel, "SPAWN_MIN_FILES", POOL_MIN_FILES)
    paths = [str(tmp_path / f"{k:03d}.xlsx") for k in range(POOL_MIN_FILES)]
    out = []
    thread = threading.Thread(target=lambda: out.extend(r for rs in read_many(paths, workers=2) for r in rs))
    thread.start()
    thread.join(60)
    assert out == [read_form(p, label=p) for p in paths]
    assert [i.code for r in out for i in r.issues] == [out[0].issues[0].code] * len(paths)
