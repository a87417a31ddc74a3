""".docx read straight from word/document.xml with lxml: body paragraphs and tables in document order.

Accepted tracked insertions are read, deletions are not; text boxes are left out (as Word's own body text
does), content controls are looked into. A table may sit anywhere in the document.
"""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from anquanyue.reading.document import Cell, Document, Grid, LoadError
from anquanyue.reading.textnorm import clean_text
from anquanyue.reading.loaders.ooxml import local, parse_part

_SKIP = {"txbxContent", "Fallback", "del", "moveFrom", "delText", "instrText"}


_SKIP_TAGS = tuple("{*}" + name for name in sorted(_SKIP))
_BREAKS = {"tab": "\t", "br": "\n", "cr": "\n"}
_TEXT_TAGS = ("{*}t", *("{*}" + name for name in _BREAKS))


def _paragraph_text(p) -> str:
    if next(p.iter(*_SKIP_TAGS), None) is None:  # the common case: lxml finds the text nodes itself
        return "".join(_BREAKS.get(local(node.tag), node.text or "") for node in p.iter(*_TEXT_TAGS))
    parts: list[str] = []
    stack = list(reversed(p))
    while stack:
        node = stack.pop()
        name = local(node.tag)
        if name in _SKIP:
            continue
        if name == "t":
            parts.append(node.text or "")
        elif name in _BREAKS:
            parts.append(_BREAKS[name])
        elif len(node):
            stack.extend(reversed(node))
    return "".join(parts)


def _blocks(container):
    """Paragraphs and tables of a body or cell, looking through content controls (<w:sdt>)."""
    for child in container.iterchildren("{*}p", "{*}tbl", "{*}sdt"):
        name = local(child.tag)
        if name != "sdt":
            yield name, child
        else:
            content = next(child.iterchildren("{*}sdtContent"), None)
            if content is not None:
                yield from _blocks(content)


def _attr(node, name: str) -> str | None:
    return next((v for k, v in node.attrib.items() if local(k) == name), None)


def _properties(tc):
    """(gridSpan, vMerge) of a table cell."""
    span, merge = 1, None
    pr = next(tc.iterchildren("{*}tcPr"), None)
    if pr is not None:
        for prop in pr.iterchildren("{*}gridSpan", "{*}vMerge"):
            if local(prop.tag) == "gridSpan":
                value = _attr(prop, "val") or "1"
                span = int(value) if value.isdigit() and 0 < int(value) < 1000 else 1  # a broken span is 1 column
            else:
                merge = _attr(prop, "val") or "continue"
    return span, merge


def load_docx(path: Path, archive: zipfile.ZipFile) -> Document:
    try:
        root = parse_part(archive, "word/document.xml", path, ".docx")
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise LoadError("file-corrupt", location=str(path), fmt=".docx", detail=type(exc).__name__) from None
    body = None if root is None else next(root.iterchildren("{*}body"), None)
    if body is None:
        raise LoadError("file-corrupt", location=str(path), fmt=".docx", detail="缺少正文")
    cells: list[Cell] = []
    block = paragraph_no = table_no = 0
    for kind, element in _blocks(body):
        if kind == "p":
            paragraph_no += 1
            text = clean_text(_paragraph_text(element))
            if text.strip():
                cells.append(Cell(text, f"第{paragraph_no}段", paragraph_no, 1, block))
        else:
            table_no += 1
            for r, row in enumerate(element.iterchildren("{*}tr"), 1):
                col = 1
                for tc in row.iterchildren("{*}tc"):
                    span, merge = _properties(tc)
                    if merge != "continue":  # a vertically merged cell is read once, in its first row
                        text = clean_text("\n".join(_paragraph_text(p) for kind_, p in _blocks(tc) if kind_ == "p"))
                        if text.strip():
                            cells.append(Cell(text, f"表{table_no} 第{r}行第{col}列", r, col, block))
                    col += span
        block += 1
    return Document(path, "docx", [Grid("正文", cells)])
