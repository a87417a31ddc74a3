"""Reading many files across the cores: results in input order, one slow or hostile file never stops the rest."""
from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from anquanyue.issues import make
from anquanyue.reading.archives import Member
from anquanyue.reading.loaders.sniff import MAX_FILE_MB
from anquanyue.reading.reader import FileResult, read_forms
from anquanyue.schema import Schema, list_schemas, load_schema
from anquanyue.schema.registry import Registry
from anquanyue.speed.blas import one_blas_thread
from anquanyue.speed.strings import share_places, share_strings
from anquanyue.speed.workers import WorkerPool
from anquanyue.reading.textnorm import warm_vectors

POOL_MIN_FILES = 48  # below this, starting worker processes costs more than it saves
# ... and below this when workers are spawned (Windows): each then starts Python, imports the reading modules and
# warms up (~0.3 s, what this process reads ~300 forms in), and its first tasks wait for that
SPAWN_MIN_FILES = 300
CHUNK_MAX = 64  # files a worker reads per task: fewer round trips to the main process (its CPU is the workers' too)
CHUNKS_PER_WORKER = 8  # at least this many tasks per worker, so that the last ones finish together
FILE_TIMEOUT = 60  # seconds one file may take; far beyond any real form (about 2 ms)
START_METHOD_ENV = "ANQUANYUE_START_METHOD"  # fork / spawn / forkserver: how worker processes start (tests force spawn)


class _Timeout(BaseException):  # not an Exception: no ``except Exception`` in a loader may swallow it
    pass


def _alarm(signum, frame):  # pragma: no cover - only fires on a runaway file
    raise _Timeout


@lru_cache(maxsize=8)
def _schema(ref: str | None) -> Schema | None:
    return load_schema(ref) if ref is not None else None


@lru_cache(maxsize=8)
def _candidates(registry: Registry | None) -> tuple[Schema, ...] | None:
    """The schemas a worker recognises forms among: its registry's, loaded once per worker (under spawn too)."""
    return tuple(registry.schemas()) if registry is not None else None


class _Watchdog:
    """The time limit where SIGALRM cannot be used (Windows, or a thread other than the main one, as in the desk's
    server): one thread per process watches every reading thread's deadline and raises ``_Timeout`` inside a
    thread that passed it (``PyThreadState_SetAsyncExc``).

    Like SIGALRM's handler it takes effect between two Python steps, so it stops a runaway loop in Python code.
    A read that finished in time is never cut short afterwards: disarming clears an exception raised in the same
    instant. Arming costs a dictionary entry (no thread started per file)."""

    def __init__(self) -> None:
        self._pid = os.getpid()
        self._cond = threading.Condition()
        self._deadlines: dict[int, float] = {}  # reading thread → when its file's time is up
        self._wake_at: float | None = None  # when the watching thread wakes next (None: only when told)
        self._thread: threading.Thread | None = None

    def arm(self, seconds: float) -> int:
        if self._pid != os.getpid():  # a forked worker: the watching thread stayed in the parent
            self.__init__()
        ident = threading.get_ident()
        deadline = time.monotonic() + seconds
        with self._cond:
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="anquanyue-watchdog", daemon=True)
                self._thread.start()
            self._deadlines[ident] = deadline
            if self._wake_at is None or deadline < self._wake_at:
                self._cond.notify()
        return ident

    def disarm(self, ident: int, timed_out: bool) -> None:
        with self._cond:
            fired = self._deadlines.pop(ident, None) is None
            if fired and not timed_out:  # raised after the read's last step: take the pending exception back
                _set_async_exc(ident, None)

    def _watch(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                for ident, deadline in list(self._deadlines.items()):
                    if deadline <= now:
                        del self._deadlines[ident]
                        _set_async_exc(ident, _Timeout)
                self._wake_at = min(self._deadlines.values(), default=None)
                self._cond.wait(None if self._wake_at is None else self._wake_at - now)


_WATCHDOG = _Watchdog()


@contextmanager
def _time_limit(seconds: int):
    """Raise ``_Timeout`` in this thread after ``seconds``: SIGALRM where it can be used, else a watchdog timer."""
    if not seconds:
        yield
        return
    use_alarm = hasattr(signal, "SIGALRM") and threading.current_thread() is threading.main_thread()
    if use_alarm:
        try:
            previous = signal.signal(signal.SIGALRM, _alarm)
        except ValueError:  # pragma: no cover - an embedding interpreter without signal handling
            use_alarm = False
    if not use_alarm:
        ident = _WATCHDOG.arm(seconds)
        timed_out = False
        try:
            yield
        except _Timeout:
            timed_out = True
            raise
        finally:
            _WATCHDOG.disarm(ident, timed_out)
        return
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


Source = str | Member  # a file by its path, or a file inside an archive: both picklable, both read by read_form


def read_one(path: Source, schema_ref: str | None, timeout: int = FILE_TIMEOUT,
             registry: Registry | None = None, places: dict | None = None) -> list[FileResult]:
    """``read_forms`` under a time limit (SIGALRM in the main thread where there is one, else a watchdog), its
    strings shared for the trip back to the main process (``places``: see ``share_strings``); forms recognised
    among ``registry``'s schemas."""
    return [share_strings(r, places)
            for r in _read_limited(path, _schema(schema_ref), timeout, _candidates(registry))]


def _read_limited(path: Source, schema: Schema | None, timeout: int,
                  schemas: tuple[Schema, ...] | list[Schema] | None = None) -> list[FileResult]:
    """The file's forms (``read_forms``: several when it holds several), or its timeout."""
    label = str(path)
    try:
        with _time_limit(timeout):
            return read_forms(path, schema, label=label, schemas=schemas)
    except _Timeout:
        report = FileResult(file=label)
        report.issues.append(make("file-timeout", location=label, seconds=timeout))
        return [report]


def _warm_up() -> None:
    """What every process reading many files needs, made once (before forking, so that forked workers inherit it;
    spawned ones make it as they start): the built-in schemas and the text folding and noise tables (with numpy)."""
    list_schemas()
    warm_vectors()


def _start_spawned() -> None:
    """A spawned worker's first step (its ``initializer``): one BLAS thread (``speed/blas.py``), then ``_warm_up``.
    Only in a worker process, which is this module's own: the caller's process and its environment are left as
    they are."""
    one_blas_thread(os.environ)
    _warm_up()


def _set_async_exc(ident: int, exception: type[BaseException] | None) -> None:
    """Raise ``exception`` in thread ``ident`` at its next bytecode (None: take back a pending one)."""
    import ctypes  # only where a file runs over its time off the main thread

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(ident), ctypes.py_object(exception) if exception else None)


def pool_context(method: str | None = None):
    """How worker processes start: ``method``, else $ANQUANYUE_START_METHOD, else spawn when called off the main
    thread (forking a process that runs other threads, as the desk's server does, may copy a held lock), else the
    platform's default (fork on Linux, spawn on Windows and macOS). Everything a worker needs is importable, so
    spawn works as fork does."""
    import multiprocessing  # here: reading one file needs no pool

    method = method or os.environ.get(START_METHOD_ENV) or None
    if method is None and threading.current_thread() is not threading.main_thread():
        method = "spawn"
    return multiprocessing.get_context(method)


def default_workers() -> int:
    """How many processes read (this one included) when the caller does not say: one per core, at most 8."""
    return min(os.cpu_count() or 1, 8)


def _pool_for(total: int, workers: int):
    """The multiprocessing context worker processes are started by for ``total`` files read by ``workers``
    processes, or None when this process reads them all itself (one core, few files; spawned workers need more)."""
    if workers < 2 or total < POOL_MIN_FILES:
        return None
    context = pool_context()
    return context if total >= SPAWN_MIN_FILES or context.get_start_method() == "fork" else None


def start_early(pool: WorkerPool, total: int, workers: int | None = None) -> None:
    """Start ``pool``'s spawned workers now, for the ``total`` files that ``read_many`` will be given with this
    pool: each takes ~0.25 s to start (Python, the reading modules, numpy, the warm-up), which then passes while
    this process does its own preparation. Nothing is started when ``read_many`` would start no worker; forked
    workers are left to ``read_many``, which forks them once the warm-up is done here, for them to inherit."""
    workers = workers or default_workers()
    context = _pool_for(total, workers)
    if context is not None and context.get_start_method() != "fork":
        pool.start(context, workers - 1, _start_spawned)


def chunk_size(total: int, workers: int) -> int:
    """Files per task: large enough that passing tasks and results costs little, small enough that every worker
    gets several (an even finish, and a progress bar that moves at least every 64 files, ~0.1 s)."""
    return max(1, min(CHUNK_MAX, total // (workers * CHUNKS_PER_WORKER)))


def split_chunks(labels: list[Source], workers: int) -> list[list[Source]]:
    """The files in tasks of ``chunk_size``, but the last ``2 * workers`` tasks' files in quarter-size ones: when
    no file is left to hand out, the workers' last tasks are short, so no process waits long for another."""
    size = chunk_size(len(labels), workers)
    tail = max(0, len(labels) - 2 * workers * size) // size * size  # where the short tasks start
    small = max(1, size // 4)
    return ([labels[i : i + size] for i in range(0, tail, size)]
            + [labels[i : i + small] for i in range(tail, len(labels), small)])


def prefetch(paths: list[Source]) -> None:
    """Ask the system to start reading these files now, so that the disk works while earlier ones are parsed.

    Received forms are rarely in the page cache (a folder from the mail, a network share): read cold, 6,000 of
    them took 15-25% longer. Only a hint (POSIX systems): no file is read here, a FIFO never blocks, and at most
    the size limit of a form is asked for."""
    if not hasattr(os, "posix_fadvise"):
        return
    for path in dict.fromkeys(p.archive if isinstance(p, Member) else p for p in paths):  # an archive once
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            continue  # read_form will say what is wrong with it
        try:
            os.posix_fadvise(fd, 0, MAX_FILE_MB * 1024 * 1024, os.POSIX_FADV_WILLNEED)
        except OSError:
            pass
        finally:
            os.close(fd)


def _read_chunk(args: tuple) -> list[list[FileResult]]:
    """``(paths, schema_ref[, registry])``: one task of a worker."""
    paths, schema_ref, *rest = args
    registry = rest[0] if rest else None
    prefetch(paths)  # the chunk's later files load while its first ones are parsed
    places: dict = {}  # equal ``locations`` pickled once a chunk
    return [read_one(path, schema_ref, registry=registry, places=places) for path in paths]


def read_many(paths: Iterable[str | Path | Member], schema: Schema | str | None = None, *,
              on_file: Callable[[int, int, str], None] | None = None, workers: int | None = None,
              registry: Registry | None = None, pool: WorkerPool | None = None) -> Iterator[list[FileResult]]:
    """Read every path, yielding each file's forms (``read_forms``: one result, or one a form of a file holding
    several) in the order given; across ``workers`` processes (this one and ``workers - 1`` started for it) when
    there are many files.

    Forms are recognised among ``registry``'s schemas (default: the built-in and the user's registered ones);
    worker processes are handed the registry itself and load its files again, so they need nothing inherited.
    ``pool``: the job's ``WorkerPool``, whose workers are used (or started) and left running for the job's other
    work; without one they exit when reading is done."""
    labels: list[Source] = [p if isinstance(p, Member) else str(p) for p in paths]
    registry = registry if registry is not None else Registry.discover()
    total = len(labels)
    workers = workers or default_workers()
    loaded = load_schema(schema) if schema is not None else None
    context = _pool_for(total, workers)
    if context is None:
        candidates = registry.schemas()
        for number, label in enumerate(labels, 1):
            if number % CHUNK_MAX == 1:  # a chunk at a time, as a worker does: never a whole huge folder at once
                prefetch(labels[number - 1 : number - 1 + CHUNK_MAX])
            reports = _read_limited(label, loaded, FILE_TIMEOUT, candidates)
            if on_file:
                on_file(number, total, str(label))
            yield reports
        return
    chunks = split_chunks(labels, workers)
    done = 0
    places: dict = {}  # one dict for equal ``locations`` across chunks too (each chunk unpickles its own)
    for chunk in _read_chunks(chunks, loaded, registry, context, workers - 1, pool):
        for reports in chunk:
            for report in reports:
                if report.locations:
                    report.locations = share_places(report.locations, places)
            done += 1
            if on_file:
                on_file(done, total, reports[0].source_file)
            yield reports


def _read_chunks(chunks: list[list[Source]], schema: Schema | None, registry: Registry, context,
                 started: int, lent: WorkerPool | None = None) -> Iterator[list[list[FileResult]]]:
    """Every chunk's results, in order: read by ``started`` worker processes and by this process itself.

    This process reads a chunk whenever the next one to give back is not ready yet: while spawned workers start
    (Python, the imports, the warm-up: about 0.3 s each, as nothing is inherited) it reads the first chunks, and
    on a machine with two cores one worker and this process share the work, with no results pickled for its half.
    Each worker is kept two chunks ahead (topped up after every file read here), so it never waits for this
    process, and what is left at the end is read by whichever is free."""
    ref = schema.ref if schema is not None else None
    forked = context.get_start_method() == "fork"
    if forked:  # forked workers inherit what is made here; spawned ones make it themselves (the initializer)
        _warm_up()
    candidates = registry.schemas()
    own: dict[int, list[list[FileResult]]] = {}  # chunks read here, until their turn comes
    futures: dict = {}  # chunk number → its worker's result, until its turn comes
    waiting = deque(range(len(chunks)))  # chunks no one has taken yet
    busy: list = []  # the workers' chunks not known to be finished
    workers = lent if lent is not None else WorkerPool()
    pool = workers.start(context, started, None if forked else _start_spawned)

    def give() -> None:
        busy[:] = [future for future in busy if not future.done()]
        while waiting and len(busy) < 2 * started:
            number = waiting.popleft()
            futures[number] = pool.submit(_read_chunk, (chunks[number], ref, registry))
            busy.append(futures[number])

    def read_here(number: int) -> None:
        paths = chunks[number]
        prefetch(paths)
        reports = []
        for path in paths:
            reports.append(_read_limited(path, schema, FILE_TIMEOUT, candidates))
            give()
        own[number] = reports

    try:
        first = waiting.popleft()  # read here at once, the workers given theirs first (they take a while to start)
        give()
        if not forked:  # this process reads about as many forms as a worker: its tables repay as theirs do
            _warm_up()
        read_here(first)
        for turn in range(len(chunks)):
            if waiting and waiting[0] == turn:  # nobody has it yet: read it here, the workers given theirs first
                waiting.popleft()
                give()
                read_here(turn)
            while turn not in own and waiting and not futures[turn].done():  # not ready: read a later one here
                give()
                if waiting:
                    read_here(waiting.popleft())
            yield own.pop(turn) if turn in own else futures.pop(turn).result()
    finally:
        for future in futures.values():
            future.cancel()
        # every chunk read: the workers are left to the job's pool, or only have to exit, which they do while the
        # caller goes on (a spawned one takes ~50 ms to); left early: stopped and waited for, so that none reads on
        # after this returns
        early = bool(waiting) or not all(future.done() for future in futures.values())
        if early or lent is None or not lent.keep:
            workers.stop(wait=early)
