"""A second process that writes the deliverable while this one writes the report, for large merges.

On two cores the report (1.5-2 s at 6,000 forms) leaves one core idle; the deliverable (0.25 s) can use it.
The process is started before the forms are read, while this process is still small: a process started later,
from a main process holding ten thousand reports, counts that memory twice for a moment (a summed peak of
290 MB was measured). Until the deliverable is handed to it, it waits (about 15 MB).
"""
from __future__ import annotations

import multiprocessing
import os
import signal
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from anquanyue.writing.atomic import InputFiles
from anquanyue.formdata import FormData
from anquanyue.writing import write_form
from anquanyue.schema import Schema

APART_MIN_FILES = 2000  # files to read from which the deliverable is written apart. The process needs about
# 0.3 s of CPU to start and import; the report takes ~0.27 ms a form, the deliverable ~0.04 ms: from about
# 1,100 included forms it is done before the report, and from 2,000 the saving (0.07 s; 0.2 s at 6,000) is
# more than noise


def _leave_interrupts_to_the_main_process() -> None:
    """Ctrl-C reaches every process of the terminal's group. The main process stops the merge ("Aborted!") and
    ends this one; this one, interrupted itself, printed a traceback at the clerk."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class DeliverableWriter:
    """Writes the deliverable in a second process (spawned: nothing of this process is copied into it).
    One deliverable a writer: the process ends once it is written."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        try:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=_leave_interrupts_to_the_main_process)
            self._pool.submit(os.getpid)  # starts the process now, not when the deliverable is ready
        except (OSError, BrokenProcessPool):
            self.close()

    def start(self, schema: Schema, out: Path, data: FormData, inputs: InputFiles) -> Future | None:
        """The deliverable, handed to the second process; None if there is none (the caller writes it)."""
        if self._pool is None:
            return None
        try:
            pending = self._pool.submit(write_form, schema, out, data, inputs=inputs)
        except (OSError, BrokenProcessPool, RuntimeError):
            return None
        self._pool.shutdown(wait=False)  # the one task it takes: the process ends as soon as it is written,
        return pending                    # while this one still writes the report (``close`` has no wait then)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def __enter__(self) -> "DeliverableWriter":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def finish(pending: Future, schema: Schema, out: Path, data: FormData, inputs: InputFiles) -> None:
    """Wait for a deliverable handed over; its errors (OutputError, RenderError) are raised here as they were
    there. If the second process died without an answer, the deliverable is written here instead."""
    try:
        pending.result()
    except BrokenProcessPool:
        write_form(schema, out, data, inputs=inputs)
