"""The anquanyue command's process runs numpy's BLAS with one thread; a value the user set is kept."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from anquanyue.speed.blas import BLAS_THREADS, one_blas_thread

SAMPLE = Path(__file__).parent.parent / "samples" / "national" / "上海市应急管理局.xlsx"
# the command run as the console script runs it, then what numpy's import started: this process's OS threads
_RUN = ("import os, sys\nfrom anquanyue.__main__ import run\nsys.argv = ['anquanyue', 'validate', sys.argv[1]]\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\nimport numpy\n"
        "threads = len(os.listdir('/proc/self/task')) if os.path.isdir('/proc/self/task') else 1\n"
        "sys.stderr.write(repr([os.environ.get(n) for n in %r] + [threads]))\n" % (BLAS_THREADS,))


def _environment_without_blas_settings() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in BLAS_THREADS}


def test_one_thread_is_asked_for_and_a_value_already_set_is_kept():
    environ = {"OMP_NUM_THREADS": "4"}
    one_blas_thread(environ)
    assert environ == {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "4", "MKL_NUM_THREADS": "1"}


def test_the_command_imports_numpy_with_one_blas_thread():
    done = subprocess.run([sys.executable, "-c", _RUN, str(SAMPLE)], capture_output=True, text=True, timeout=60,
                          env=_environment_without_blas_settings())
    assert done.stderr.strip().splitlines()[-1] == "['1', '1', '1', 1]"


@pytest.mark.skipif((os.cpu_count() or 1) < 2 or not os.path.isdir("/proc/self/task"),
                    reason="OpenBLAS starts no thread of its own on one core; threads are counted in /proc")
def test_without_the_command_numpy_would_start_blas_threads():
    """What the setting prevents (the test above would pass for nothing if numpy started no thread anyway)."""
    code = ("import os, sys, numpy\n"
            "sys.stderr.write(str(len(os.listdir('/proc/self/task'))))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          env=_environment_without_blas_settings())
    assert int(done.stderr.strip().splitlines()[-1]) > 1
