"""The anquanyue command's process: once a command is done, what it made is left out of the collector's passes at
shutdown (``gc.freeze``), whether the command succeeded or failed."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SAMPLE = Path(__file__).parent.parent / "samples" / "national" / "上海市应急管理局.xlsx"
# the command run as the console script runs it; then its exit code and how many objects are frozen
_RUN = ("import gc, sys\nfrom anquanyue.__main__ import run\nsys.argv = ['anquanyue'] + sys.argv[1:]\n"
        "assert gc.get_freeze_count() == 0\ncode = None\n"
        "try:\n    run()\nexcept SystemExit as e:\n    code = e.code\n"
        "sys.stderr.write('\\n%r %d' % (code, gc.get_freeze_count()))\n")


@pytest.mark.parametrize(("arguments", "code"), [
    (["validate", str(SAMPLE)], 0),
    (["validate", "没有这个文件.xlsx"], 2),
])
def test_the_command_freezes_what_it_made_when_it_is_done(arguments, code):
    done = subprocess.run([sys.executable, "-c", _RUN, *arguments], capture_output=True, text=True, timeout=60)
    found_code, frozen = done.stderr.strip().splitlines()[-1].split()
    assert int(found_code) == code
    assert int(frozen) > 10_000  # the imported libraries' objects at least
