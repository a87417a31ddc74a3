"""Finding input files: folders searched recursively, in a stable order, archives opened into their files.

Only what the clerk's own tools made is ignored: Office lock files, hidden and system files, and her own notes,
rosters and schema files (.txt/.md/.csv/.yaml). Everything else is read, and what cannot be read (a PDF, a photo, a damaged file) is reported.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from anquanyue.reading.archives import ARCHIVE_SUFFIXES, Member, archive_kind, expand
from anquanyue.reading.document import LoadError
from anquanyue.reading.loaders import SUFFIXES

SKIP_NAMES = {"thumbs.db", "desktop.ini", ".ds_store", "ehthumbs.db"}
# the clerk's own files beside the forms, never a unit's form (a form is prose in a table, never plain text)
CLERK_SUFFIXES = {".txt": "文字说明", ".md": "文字说明", ".csv": "名单或表样文件", ".yaml": "名单或表样文件",
                  ".yml": "名单或表样文件"}


def collect(paths: list[str | Path]) -> list[Path | Member]:
    """Every file under ``paths`` (files as given, folders recursively), sorted, without duplicates.

    One ``stat`` a file: it tells a regular file (through a link) and which file it is, so the same file reached
    twice (a folder given twice, a link) is read once. Links to folders are not followed, as ``Path.rglob``.
    An archive (.zip, .7z; or any file whose bytes are one) gives its files instead, as ``Member``s; one that
    cannot be opened is listed itself, and reading it says why.
    """
    seen: set[tuple[int, int] | str] = set()
    out: list[Path | Member] = []
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
                if os.path.splitext(name)[1].lower() in SUFFIXES:  # the common case: a form by its name
                    out.append(Path(name))
                else:
                    out.extend(_members_or_file(Path(name)))
    return out


def _members_or_file(path: Path) -> list[Path | Member]:
    if not _looks_like_archive(path) or ignore_reason(path):
        return [path]
    try:
        return list(expand(path)) or [path]
    except LoadError:
        return [path]


def _looks_like_archive(path: Path) -> bool:
    """Named an archive, or an unknown kind of name whose first bytes are an archive's (forms keep their names)."""
    suffix = path.suffix.lower()
    if suffix in ARCHIVE_SUFFIXES:
        return True
    return suffix not in SUFFIXES and archive_kind(path) is not None  # its first bytes (a zip: its directory too)


def _walk(folder: Path) -> list[str]:
    names = [os.path.join(top, name) for top, _dirs, files in os.walk(folder) for name in files]
    return sorted(names, key=lambda name: name.split(os.sep))


def ignore_reason(path: Path | Member) -> str | None:
    """Why a file is the clerk's own and not a unit's (Office lock files, hidden files, notes, rosters), or None.

    Every other file is read; what cannot be read is excluded with a message, never ignored."""
    name = path.name
    if name.startswith("~$"):
        return "Office 打开文件时生成的临时锁定文件"
    if name.startswith(".") or name.lower() in SKIP_NAMES or (isinstance(path, Member) and _macos_extra(path)):
        return "隐藏文件或系统文件"
    kind = CLERK_SUFFIXES.get(path.suffix.lower())
    if kind and not _holds_form(path):
        return f"{kind}（{path.suffix}），单位不会用纯文本报送统计表"
    return None


def _macos_extra(member: Member) -> bool:
    return any(part.startswith("__MACOSX/") or "/__MACOSX/" in part for part in member.chain)


def _holds_form(path: Path | Member) -> bool:
    """Whether a note's bytes are really an office file or a web table (a form sent under a wrong name)."""
    try:
        head = path.read_bytes()[:512] if isinstance(path, Member) else _head(path)
    except LoadError:
        return False
    lowered = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"PK", b"\xd0\xcf\x11\xe0")) or lowered.startswith((b"<html", b"<!doctype html", b"<table"))


def _head(path: Path) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read(512)
    except OSError:
        return b""
