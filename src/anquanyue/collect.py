"""Finding input files: folders searched recursively, in a stable order; what is clearly not a form is ignored."""
from __future__ import annotations

from pathlib import Path

from .loaders import SUFFIXES

SKIP_NAMES = {"thumbs.db", "desktop.ini", ".ds_store"}


def collect(paths: list[str | Path]) -> list[Path]:
    """Every file under ``paths`` (files as given, folders recursively), sorted, without duplicates."""
    seen: set[Path] = set()
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        found = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in found:
            key = file.resolve()
            if key not in seen:
                seen.add(key)
                out.append(file)
    return out


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
