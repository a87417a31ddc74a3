"""What the desk may save and where: file names made safe, a second file of a name kept beside the first,
uploads streamed with a size limit, and folders she chose as the only places read or written."""
from __future__ import annotations

import os
import re
import secrets
import unicodedata
from collections.abc import AsyncIterator
from pathlib import Path

from anquanyue.reading.loaders.sniff import MAX_FILE_MB

MAX_UPLOAD_BYTES = MAX_FILE_MB * 1024 * 1024  # one file: the reader's own limit for a form
MAX_UPLOADS = 2000  # files one launch of the desk accepts
MAX_NAME = 120  # characters of a saved name (Windows paths stay short)
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{k}" for k in range(1, 10)), *(f"LPT{k}" for k in range(1, 10))}
_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


class DeskError(Exception):
    """Something the clerk asked for that cannot be done; the message says why, in Chinese."""


def safe_name(name: str) -> str:
    """A file name that stays inside its folder on Windows and Linux alike: the last part of what the browser
    sent, no control or reserved characters, no leading dots, no reserved device names (CON, AUX, COM1…)."""
    name = unicodedata.normalize("NFC", name or "")
    name = re.split(r"[/\\]", name)[-1]
    name = _FORBIDDEN.sub("_", name).strip().strip(".").strip()
    if not name:
        raise DeskError("文件名为空或只含不允许的字符，请改名后再上传。")
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    if stem.split(".")[0].strip().upper() in _RESERVED:
        stem = f"_{stem}"
    if len(stem) + len(suffix) + 1 > MAX_NAME:
        stem = stem[: MAX_NAME - len(suffix) - 1]
    return f"{stem}.{suffix}" if suffix else stem


def beside(folder: Path, name: str) -> Path:
    """Where a file called ``name`` goes in ``folder`` without replacing one: 名.docx, then 名（2）.docx, …"""
    target = folder / name
    stem, suffix = target.stem, target.suffix
    number = 1
    while target.exists():
        number += 1
        target = folder / f"{stem}（{number}）{suffix}"
    return target


def inside(folder: Path, relative: str) -> Path:
    """``folder / relative``, refused unless it stays inside ``folder`` (no .., no absolute path, no link out)."""
    target = (folder / relative).resolve()
    if not target.is_relative_to(folder.resolve()):
        raise DeskError("只能打开收件文件夹中的文件。")
    return target


async def save_stream(chunks: AsyncIterator[bytes], folder: Path, name: str, *, replace: bool = False) -> Path:
    """Write an upload into ``folder`` under a safe name: beside a file of the same name (or over it when
    ``replace``, for the desk's own copies), through a temporary file in the same folder, within the size limit."""
    folder.mkdir(parents=True, exist_ok=True)
    clean = safe_name(name)
    temporary = folder / f".{clean}.{secrets.token_hex(4)}.part"  # hidden: never read as a form meanwhile
    size = 0
    try:
        with open(temporary, "wb") as out:
            async for chunk in chunks:
                size += len(chunk)
                if size > MAX_UPLOAD_BYTES:
                    raise DeskError(f"{clean}：文件超过 {MAX_FILE_MB} MB，不像是一张统计表，未保存。")
                out.write(chunk)
        if size == 0:
            raise DeskError(f"{clean}：文件是空的，未保存。")
        if replace:
            target = folder / clean
            os.replace(temporary, target)
            return target
        while True:  # a name taken between the check and the link is tried again, never overwritten
            target = beside(folder, clean)
            try:
                os.link(temporary, target)
            except FileExistsError:
                continue
            except OSError:  # a file system without hard links: rename (checked just now, so rarely a race)
                if target.exists():
                    continue
                os.replace(temporary, target)
            return target
    finally:
        temporary.unlink(missing_ok=True)
