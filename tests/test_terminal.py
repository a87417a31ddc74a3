"""The terminal views: the reading progress bar."""
from __future__ import annotations

import io
import threading

from rich.console import Console

from anquanyue.terminal import reading_progress


def test_the_progress_bar_runs_no_thread_and_is_drawn_from_the_callback():
    """The reading forks its workers while the bar is shown: no thread of the bar's may run then (it could hold a
    lock the workers would inherit held)."""
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=100, color_system=None)
    before = threading.active_count()
    with reading_progress(console, show=True) as step:
        assert threading.active_count() == before
        step(1, 3, "/收件/甲.xlsx")
        step(2, 3, "/收件/乙.xlsx")
        step(3, 3, "/收件/丙.xlsx")  # the last file: drawn
        assert threading.active_count() == before
    drawn = out.getvalue()
    assert "读取统计表" in drawn and "1/3" in drawn and "3/3" in drawn and "丙.xlsx" in drawn  # first and last drawn


def test_no_progress_bar_when_not_shown():
    with reading_progress(Console(file=io.StringIO()), show=False) as step:
        assert step is None
