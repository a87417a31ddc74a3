"""Tell a file's real format from its bytes, and refuse what is unsafe before any parser sees it."""
from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from anquanyue.reading.archives import Member, archive_error, archive_kind, read_member
from anquanyue.reading.document import LoadError
from anquanyue.reading.loaders.memzip import MemoryZip
from anquanyue.issues import os_error_text

if TYPE_CHECKING:
    import olefile

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_FILE_MB = 50  # a form is a few dozen KB; anything near this is not a form
MAX_UNPACKED_MB = 100  # total uncompressed size of an .xlsx/.docx's parts
MAX_RATIO = 200  # uncompressed/compressed for one part: zip bombs go far beyond, real XML stays under ~30
NAMES = {"xlsx": "Excel 工作簿（.xlsx）", "xls": "Excel 97-2003 工作簿（.xls）", "docx": "Word 文档（.docx）",
         "html": "网页表格（HTML）", "doc": "Word 97-2003 文档（.doc）", "xlsb": "Excel 二进制工作簿（.xlsb）",
         "ods": "OpenDocument 电子表格（.ods）", "odt": "OpenDocument 文本文档（.odt）",
         "xml2003": "Excel 2003 XML 表格"}
_ODF = {"application/vnd.oasis.opendocument.spreadsheet": "ods", "application/vnd.oasis.opendocument.text": "odt"}
# what is not a form at all, told by its first bytes: (magic, what it is)
_IMAGES = ((b"\xff\xd8\xff", "JPEG"), (b"\x89PNG\r\n\x1a\n", "PNG"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF"),
           (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"))
_HEIF_BRANDS = (b"heic", b"heix", b"heif", b"mif1", b"msf1", b"avif", b"hevc")


_WORD = "WordDocument".encode("utf-16-le")  # stream names, as the OLE directory holds them
_BOOKS = ("Workbook".encode("utf-16-le"), "Book\x00".encode("utf-16-le"))
_ZIP_ERRORS = {zipfile.BadZipFile: "找不到压缩包目录", zlib.error: "压缩数据损坏"}


class Sniffed(NamedTuple):
    kind: str  # a key of NAMES
    container: zipfile.ZipFile | olefile.OleFileIO | None  # open, for the zip and OLE kinds: the caller closes it
    data: bytes  # the whole file, read once


def _read(source: Path | Member) -> bytes:
    location = str(source)
    if isinstance(source, Member):
        return read_member(source)
    try:
        size = source.stat().st_size
        if size > MAX_FILE_MB * 1024 * 1024:
            if (kind := archive_kind(source)) is not None:  # a large archive is not read whole: say what it holds
                raise archive_error(source, kind, source)
            raise LoadError("file-too-large", location=location, limit=MAX_FILE_MB, detail=f"文件 {size // 1048576} MB")
        return source.read_bytes()  # a form is tens of KB: one read, and the zip is read from memory
    except OSError as exc:
        raise LoadError("file-corrupt", location=location, fmt=source.suffix, detail=os_error_text(exc)) from None


def sniff(path: Path | Member) -> Sniffed:
    """What the file really is, from its bytes, and those bytes.

    Raises LoadError for empty, encrypted, corrupt or oversized files, and for what is not a form at all
    (a PDF, an image, an archive given as one file), saying what was found.
    """
    location = str(path)
    data = _read(path)
    head = data[:4096]
    if not data or not head.strip(b"\x00 \t\r\n"):
        raise LoadError("file-empty", location=location)
    if head.startswith(OLE_MAGIC):
        kind, ole = _ole_kind(data, path, location)
        return Sniffed(kind, ole, data)
    if head.startswith(b"PK"):
        kind, archive = _zip_kind(data, path, location)
        return Sniffed(kind, archive, data)
    _refuse_other(path, head, data)
    lowered = head.lower().lstrip()
    if lowered.startswith(b"\xef\xbb\xbf"):
        lowered = lowered[3:].lstrip()
    if lowered.startswith(b"<?xml") and b"urn:schemas-microsoft-com:office:spreadsheet" in head:
        return Sniffed("xml2003", None, data)  # Excel 2003 XML, another "xls" web systems export
    if lowered.startswith((b"<!doctype html", b"<html", b"<table", b"<?xml", b"<meta")) or b"<table" in lowered:
        return Sniffed("html", None, data)
    raise LoadError("file-corrupt", location=location, fmt=path.suffix or "表格", detail="无法识别的文件内容")


def _refuse_other(path: Path | Member, head: bytes, data: bytes) -> None:
    """Raise the precise error for a PDF, an image, an RTF document or an archive; return for anything else."""
    location = str(path)
    if head.startswith(b"%PDF"):
        raise LoadError("file-pdf", location=location)
    image = next((name for magic, name in _IMAGES if head.startswith(magic)), None)
    if image is None and head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        image = "HEIC"
    if image is None and head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        image = "WebP"
    if image is None and head.startswith(b"BM") and path.suffix.lower() == ".bmp":
        image = "BMP"
    if image is not None:
        raise LoadError("file-image", location=location, kind=image)
    if head.startswith(b"{\\rtf"):
        raise LoadError("file-rtf", location=location)
    kind = archive_kind(head)  # 7z, rar (a zip was told apart above)
    if kind is not None:
        raise archive_error(path, kind, data)


def _ole_kind(data: bytes, path, location: str) -> tuple[str, olefile.OleFileIO | None]:
    """"doc" or "xls" by the streams an OLE compound file holds (a .doc, .wps, .xls, .et all start alike)."""
    if "EncryptedPackage".encode("utf-16-le") in data:  # an encrypted .xlsx/.docx, even with a damaged directory
        raise LoadError("file-encrypted", location=location)
    if _WORD not in data and any(name in data for name in _BOOKS):
        return "xls", None  # plainly a workbook: xlrd reads the container itself (an olefile pass costs 12%)
    import olefile  # here: only a Word file in the old format needs it (its import pulls in logging, ~5 ms)

    try:
        ole = olefile.OleFileIO(data)
    except Exception:  # olefile raises OSError and assorted others on a damaged header or sector chain
        raise LoadError("file-corrupt", location=location, fmt=_ole_fmt(path), detail="复合文档结构损坏") from None
    streams = {"/".join(entry) for entry in ole.listdir()}
    if "EncryptedPackage" in streams or "EncryptionInfo" in streams:
        ole.close()
        raise LoadError("file-encrypted", location=location)
    if "WordDocument" in streams:
        return "doc", ole
    if "Workbook" in streams or "Book" in streams:
        return "xls", ole
    ole.close()
    found = "PowerPoint 演示文稿" if "PowerPoint Document" in streams else "其中既没有 Word 正文也没有 Excel 工作簿"
    raise LoadError("file-corrupt", location=location, fmt=_ole_fmt(path), detail=found)


def _ole_fmt(path) -> str:
    suffix = path.suffix.lower()
    return suffix if suffix in (".doc", ".wps", ".xls", ".et") else "Word/Excel"


def _zip_kind(data: bytes, path, location: str) -> tuple[str, zipfile.ZipFile | MemoryZip]:
    plain = MemoryZip.of(data)  # an .xlsx/.docx as Office writes it: its directory read in one pass
    if plain is not None and ("xl/workbook.xml" in plain or "word/document.xml" in plain):
        _check_sizes(plain, location)
        return ("xlsx" if "xl/workbook.xml" in plain else "docx"), plain
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:  # ValueError: a name
        raise LoadError("file-corrupt", location=location, fmt=path.suffix or "zip", detail=f"压缩包损坏：{_ZIP_ERRORS.get(type(exc), '数据不完整')}") from None
    names = set(archive.namelist())
    try:
        kind = _office_kind(archive, names, path, location)
    except LoadError:
        archive.close()
        raise
    if kind is None:
        archive.close()
        raise archive_error(path, "zip", data)
    try:
        _check_sizes(archive, location)
    except LoadError:
        archive.close()
        raise
    return kind, archive


def _office_kind(archive: zipfile.ZipFile, names: set[str], path, location: str) -> str | None:
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.bin" in names:
        return "xlsb"
    if "mimetype" in names and "content.xml" in names:
        info = archive.getinfo("mimetype")
        if info.file_size < 100:
            try:
                return _ODF.get(archive.read(info).decode("ascii", "replace").strip())
            except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError, RuntimeError):
                raise LoadError("file-corrupt", location=location, fmt=path.suffix or "zip",
                                detail="压缩包损坏：数据不完整") from None
    return None


def _check_sizes(archive: zipfile.ZipFile | MemoryZip, location: str) -> None:
    """Refuse zip bombs by the sizes the archive declares; ``ooxml.read_part`` never inflates past them."""
    total = 0
    sizes = archive.sizes() if isinstance(archive, MemoryZip) else (
        (info.filename, info.file_size, info.compress_size) for info in archive.infolist())
    for name, size, compressed in sizes:
        total += size
        if total > MAX_UNPACKED_MB * 1024 * 1024 or (size > 1024 * 1024 and size / max(compressed, 1) > MAX_RATIO):
            raise LoadError("file-too-large", location=location, limit=MAX_UNPACKED_MB,
                            detail=f"{name} 解压后 {size // 1048576} MB")
