"""Finding input files: folders searched recursively, in a stable order; what is clearly not a form is ignored."""
from __future__ import annotations

import os
import stat
from pathlib import Path

from anquanyue.reading.loaders import SUFFIXES

SKIP_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}


def collect(paths: list[str | Path]) -> list[Path]:
    """Every file under ``paths`` (files as given, folders recursively), sorted, without duplicates.

    One ``stat`` a file: it tells a regular file (through a link) and which file it is, so the same file reached
    twice (a folder given twice, a link) is read once. Links to folders are not followed, as ``Path.rglob``.
    """
    seen: set[tuple[int, int] | str] = set()
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        folder = path.is_dir()
        for name in _walk(path) if folder else [str(path)]:
            try:
                info = os.stat(name)
            except OSError:
                if folder:
                    continue  # a broken link inside a folder
                key: tuple[int, int] | str = name  # a missing file given by name: reading it says so
            else:
                if folder and not stat.S_ISREG(info.st_mode):
                    continue  # sockets, pipes, devices in a folder; one given by name is read and reported
                key = (info.st_dev, info.st_ino)
            if key not in seen:
                seen.add(key)
                out.append(Path(name))
    return out


def _walk(folder: Path) -> list[str]:
    names = [os.path.join(top, name) for top, _dirs, files in os.walk(folder) for name in files]
    return sorted(names, key=lambda name: name.split(os.sep))


def ignore_reason(path: Path) -> str | None:
    """Why a file is not a form at all (Office lock files, hidden files, other types), or None."""
    name = path.name
    if name.startswith("~$"):
        return "Office 打开文件时生成的临时锁定文件"
    if name.startswith(".") or name.lower() in SKIP_NAMES:
        return "隐藏文件或系统文件"
    if path.suffix.lower() not in SUFFIXES:
        return f"不是统计表文件（{path.suffix or '无扩展名'}）"
    return None
