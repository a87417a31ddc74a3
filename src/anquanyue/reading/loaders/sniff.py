"""Tell a file's real format from its bytes, and refuse what is unsafe before any parser sees it."""
from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import NamedTuple

from anquanyue.reading.document import LoadError
from anquanyue.issues import os_error_text

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_FILE_MB = 50  # a form is a few dozen KB; anything near this is not a form
MAX_UNPACKED_MB = 100  # total uncompressed size of an .xlsx/.docx's parts
MAX_RATIO = 200  # uncompressed/compressed for one part: zip bombs go far beyond, real XML stays under ~30
NAMES = {"xlsx": "Excel 工作簿（.xlsx）", "xls": "Excel 97-2003 工作簿（.xls）", "docx": "Word 文档（.docx）",
         "html": "网页表格（HTML）"}


class Sniffed(NamedTuple):
    kind: str  # "xlsx" | "docx" | "xls" | "html"
    archive: zipfile.ZipFile | None  # open, for the zip kinds: the caller closes it
    data: bytes  # the whole file, read once


def sniff(path: Path) -> Sniffed:
    """What the file really is, from its bytes, and those bytes.

    Raises LoadError for empty, encrypted, corrupt or oversized files.
    """
    location = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_MB * 1024 * 1024:
            raise LoadError("file-too-large", location=location, limit=MAX_FILE_MB, detail=f"文件 {size // 1048576} MB")
        data = path.read_bytes()  # a form is tens of KB: one read, and the zip is read from memory
    except OSError as exc:
        raise LoadError("file-corrupt", location=location, fmt=path.suffix, detail=os_error_text(exc)) from None
    head = data[:4096]
    if not data or not head.strip(b"\x00 \t\r\n"):
        raise LoadError("file-empty", location=location)
    if head.startswith(OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise LoadError("file-encrypted", location=location)
        return Sniffed("xls", None, data)
    if head.startswith(b"PK"):
        kind, archive = _zip_kind(io.BytesIO(data), path, location)
        return Sniffed(kind, archive, data)
    lowered = head.lower().lstrip()
    if lowered.startswith(b"\xef\xbb\xbf"):
        lowered = lowered[3:].lstrip()
    if lowered.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<meta")) or b"<table" in lowered:
        return Sniffed("html", None, data)
    raise LoadError("file-corrupt", location=location, fmt=path.suffix or "表格", detail="无法识别的文件内容")


def _zip_kind(data: io.BytesIO, path: Path, location: str) -> tuple[str, zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(data)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError) as exc:
        raise LoadError("file-corrupt", location=location, fmt=path.suffix or "zip", detail=f"压缩包损坏：{exc}") from None
    try:
        names = _check_sizes(archive, location)
    except LoadError:
        archive.close()
        raise
    if "xl/workbook.xml" in names:
        return "xlsx", archive
    if "word/document.xml" in names:
        return "docx", archive
    archive.close()
    raise LoadError("file-corrupt", location=location, fmt=path.suffix or "zip", detail="压缩包中没有 Excel 或 Word 的内容")


def _check_sizes(archive: zipfile.ZipFile, location: str) -> set[str]:
    """Refuse zip bombs by the sizes the archive declares; ``ooxml.read_part`` never inflates past them."""
    total = 0
    for info in archive.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_UNPACKED_MB * 1024 * 1024 or (info.file_size > 1024 * 1024 and ratio > MAX_RATIO):
            raise LoadError("file-too-large", location=location, limit=MAX_UNPACKED_MB,
                            detail=f"{info.filename} 解压后 {info.file_size // 1048576} MB")
    return set(archive.namelist())
