"""Per-format loaders: each turns a file into the neutral Document (text with positions)."""
from __future__ import annotations

import hashlib
import struct
import zipfile
import zlib
from pathlib import Path

from anquanyue.reading.archives import ARCHIVE_SUFFIXES, Member
from anquanyue.reading.document import Document, LoadError
from anquanyue.issues import make
from anquanyue.reading.loaders.ooxml import custom_properties
from anquanyue.reading.loaders.sniff import NAMES, sniff

# the extensions forms come with, and which real formats each may hold without a warning
SUFFIXES: dict[str, tuple[str, ...]] = {
    ".xlsx": ("xlsx",), ".xlsm": ("xlsx",), ".xls": ("xls", "html", "xml2003"), ".et": ("xls", "xlsx"), ".xlsb": ("xlsb",),
    ".ods": ("ods",), ".docx": ("docx",), ".docm": ("docx",), ".doc": ("doc",), ".wps": ("doc", "docx"),
    ".odt": ("odt",), ".htm": ("html",), ".html": ("html",), ".xml": ("xml2003",),
}


def load_document(path: str | Path | Member) -> Document:
    """Read any supported file into the neutral Document; raises LoadError with a catalogue code."""
    path = path if isinstance(path, Member) else Path(path)
    try:
        kind, container, data = sniff(path)
    except LoadError as exc:
        known = path.suffix.lower() in SUFFIXES or path.suffix.lower() in ARCHIVE_SUFFIXES
        if not known and exc.code in ("file-corrupt", "file-empty"):
            raise LoadError("file-unsupported", location=str(path), ext=path.suffix or "（无扩展名）") from None
        raise
    try:
        document = _load(kind, container, data, path)
    except LoadError:
        raise
    except _LIBRARY_ERRORS:  # what zipfile, lxml, olefile, xlrd raise on a hostile file no loader foresaw
        raise LoadError("file-corrupt", location=str(path), fmt=path.suffix or NAMES[kind], detail="文件结构损坏") from None
    document.digest = hashlib.sha256(data).hexdigest()[:16]  # of the bytes just read: the file is not read again
    if kind not in SUFFIXES.get(path.suffix.lower(), ()):  # a form under another name (.doc, .zip, none) is read
        document.issues.append(make("file-wrong-format", location=str(path), ext=path.suffix or "（无）",
                                    actual=NAMES[kind]))
    return document


# RuntimeError: an encrypted zip member; NotImplementedError: an unknown compression; UnicodeDecodeError: a name
_LIBRARY_ERRORS = (RuntimeError, NotImplementedError, ValueError, KeyError, IndexError, EOFError, OSError,
                   zipfile.BadZipFile, zlib.error, struct.error)


def _load(kind: str, container, data: bytes, path) -> Document:
    if container is not None:
        with container:
            if kind in ("xlsx", "docx"):
                if kind == "xlsx":
                    from anquanyue.reading.loaders.xlsx import load_xlsx as load
                else:
                    from anquanyue.reading.loaders.docx import load_docx as load
                document = load(path, container)
                document.properties = custom_properties(container, path, f".{kind}")
                return document
            if kind in ("ods", "odt"):
                from anquanyue.reading.loaders.odf import load_odf

                return load_odf(path, container, kind)
            if kind == "doc":
                from anquanyue.reading.loaders.doc import load_doc

                return load_doc(path, container)
    if kind == "xls":
        from anquanyue.reading.loaders.xls import load_xls

        return load_xls(path, data)
    if kind == "xlsb":
        from anquanyue.reading.loaders.xlsb import load_xlsb

        return load_xlsb(path, data)
    if kind == "xml2003":
        from anquanyue.reading.loaders.spreadsheetml import load_spreadsheetml

        return load_spreadsheetml(path, data)
    from anquanyue.reading.loaders.html import load_html

    return load_html(path, data)


__all__ = ["Document", "LoadError", "SUFFIXES", "load_document"]
