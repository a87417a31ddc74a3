"""The cyclic garbage collector tuned for a bulk job, restored after it (no process-wide state left changed)."""
from __future__ import annotations

import gc
from contextlib import contextmanager

BULK_GC_THRESHOLD = 50_000  # allocations between young collections while a bulk job holds its reports


@contextmanager
def bulk_gc():
    """For a job that keeps one report per file (tens of thousands of long-lived objects).

    The cyclic collector would walk them all again and again (0.6 s of a 10,000-form merge) and, in forked
    workers, touch and so copy every inherited page. What exists is frozen and young collections come rarely;
    all is restored on the way out. Reference counting still frees everything that is not a cycle.
    """
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], BULK_GC_THRESHOLD), *threshold[1:])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()
