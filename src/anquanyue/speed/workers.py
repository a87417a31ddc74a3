"""Worker processes kept for one job, from reading to writing.

``reading.pool.read_many`` starts its worker processes in a ``WorkerPool`` when it is given one, and leaves them
running when it is done: the job can then hand them other work (``submit``) while this process does its own. A
merge writes its deliverable in a worker while this process writes the working report (the two are independent,
and each took a third to a half of the time after reading: at 10,000 forms 0.7 s and 1.1 s one after the other).
No process is started for that: a job that read few files (or on one core) has none, and does it all itself.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # concurrent.futures (and the logging it imports) only where workers are started
    from concurrent.futures import Future


class WorkerPool:
    """The job's worker processes, once reading has started them; ``with WorkerPool() as pool:`` lets them exit
    at the end of the block (without waiting: a task still running finishes first)."""

    def __init__(self) -> None:
        self._executor = None
        # whether the workers stay running when reading is done; a job that will hand them nothing more says so
        # (then they exit as reading ends, their memory with them)
        self.keep = True

    def start(self, context, workers: int, initializer: Callable[[], None] | None):
        """The running workers (a ``ProcessPoolExecutor``), started now if none are: ``workers`` processes, started
        by ``context`` (a multiprocessing context), each first running ``initializer``."""
        if self._executor is None:
            from concurrent.futures import ProcessPoolExecutor

            self._executor = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=initializer)
        return self._executor

    @property
    def running(self) -> bool:
        return self._executor is not None

    def submit(self, fn: Callable, /, *args, **kwargs) -> Future | None:
        """``fn(*args, **kwargs)`` in a worker (``fn`` importable by name, the arguments picklable): its future, or
        None when no worker is running (then the caller does it itself)."""
        if self._executor is None:
            return None
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self._executor.submit(fn, *args, **kwargs)
        except (RuntimeError, BrokenProcessPool):  # shut down, or a worker died: the caller does it itself
            return None

    def stop(self, wait: bool, finish: bool = False) -> None:
        """Let the workers exit; ``wait``: until they have. Tasks not started yet are dropped, or with ``finish``
        still done first (their futures give their results as ever)."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=wait, cancel_futures=not finish)

    def __enter__(self) -> "WorkerPool":
        return self

    def __exit__(self, *exc) -> None:
        self.stop(wait=False)
