"""numpy's BLAS with one thread in this program's processes.

numpy's OpenBLAS starts a thread for every core when numpy is imported, and those threads spin for a while: about
0.13 s of CPU on a 2-core machine, taken from the processes reading forms (a merge of 1,000 forms used 2.35 s of
CPU, 2.22 s with one thread). Nothing here multiplies matrices. The variables are read when numpy is imported, so
they are set as a process of this program starts (the ``anquanyue`` command, each spawned worker), never by a
library call in a caller's process; a value already set is kept.
"""
from __future__ import annotations

from collections.abc import MutableMapping

BLAS_THREADS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def one_blas_thread(environ: MutableMapping[str, str]) -> None:
    """Ask numpy's BLAS for one thread in ``environ`` (``os.environ`` of a process about to import numpy)."""
    for name in BLAS_THREADS:
        environ.setdefault(name, "1")
