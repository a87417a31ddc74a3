"""Per-format loaders: each turns a file into the neutral Document (text with positions)."""
from __future__ import annotations

from pathlib import Path

from anquanyue.reading.document import Document, LoadError
from anquanyue.issues import make
from anquanyue.reading.loaders.ooxml import custom_properties
from anquanyue.reading.loaders.sniff import NAMES, sniff

SUFFIXES = {".xlsx": "xlsx", ".xlsm": "xlsx", ".xls": "xls", ".docx": "docx", ".et": "xls", ".wps": "docx"}


def load_document(path: str | Path) -> Document:
    """Read any supported file into the neutral Document; raises LoadError with a catalogue code."""
    path = Path(path)
    try:
        kind, archive, data = sniff(path)
    except LoadError as exc:
        if path.suffix.lower() not in SUFFIXES and exc.code in ("file-corrupt", "file-empty"):
            raise LoadError("file-unsupported", location=str(path), ext=path.suffix or "（无扩展名）") from None
        raise
    if archive is not None:
        with archive:
            if kind == "xlsx":
                from anquanyue.reading.loaders.xlsx import load_xlsx

                document = load_xlsx(path, archive)
            else:
                from anquanyue.reading.loaders.docx import load_docx

                document = load_docx(path, archive)
            document.properties = custom_properties(archive, path, f".{kind}")
    elif kind == "xls":
        from anquanyue.reading.loaders.xls import load_xls

        document = load_xls(path, data)
    else:
        from anquanyue.reading.loaders.html import load_html

        document = load_html(path, data)
    expected = SUFFIXES.get(path.suffix.lower())
    if expected and expected != kind and not (kind == "html" and expected == "xls"):
        document.issues.append(make("file-wrong-format", location=str(path), ext=path.suffix, actual=NAMES[kind]))
    return document


__all__ = ["Document", "LoadError", "SUFFIXES", "load_document"]
