""".docx read straight from word/document.xml with lxml: body paragraphs and tables in document order.

Content controls (<w:sdt>) are looked into wherever they are: around paragraphs, tables, rows (repeating
sections) and cells. A table nested in a table's cell is read as a table of its own (表1-1), after the text of
the cell that holds it. Text boxes are read where they are anchored, with a warning (``docx_text.py``). The
page headers and footers are kept apart (``Document.margins``): the header line may be written there. A body
made of embedded HTML (altChunk, as some systems export) is read from the embedded part (``docx_parts.py``).
"""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from anquanyue.issues import Issue, make
from anquanyue.reading.document import Cell, Document, Grid, LoadError
from anquanyue.reading.loaders.docx_text import Styles, attr, paragraph_text, place_boxes, placeholder, text_tags
from anquanyue.reading.loaders.ooxml import LOCAL_NAMES, damaged, parse_bytes, read_part
from anquanyue.reading.textnorm import clean_text

_WRAPPERS = ("sdt", "customXml", "smartTag")


def _children(container, *names: str) -> list[tuple[str, object]]:
    """``container``'s children named ``names``, looking through content controls and custom XML wrappers."""
    found = []
    for child in container:  # a handful of children: cheaper than building lxml's matcher for a few tags
        name = LOCAL_NAMES[child.tag]  # (a comment or processing instruction has no name: "")
        if name in names:
            found.append((name, child))
        elif name in _WRAPPERS:
            found.extend(_unwrapped(child, name, names))
    return found


def _unwrapped(wrapper, name: str, names: tuple[str, ...]) -> list[tuple[str, object]]:
    """``_children`` inside a content control (unless it shows its placeholder) or custom XML wrapper."""
    if name != "sdt":
        return _children(wrapper, *names)
    content = None if placeholder(wrapper) else next(wrapper.iterchildren("{*}sdtContent"), None)
    return [] if content is None else _children(content, *names)


def _cell(tc) -> tuple[int, str | None, list, list]:
    """(gridSpan, vMerge, paragraphs, tables) of a table cell, its children looked at once."""
    pr = None
    paragraphs, tables = [], []
    for child in tc:
        name = LOCAL_NAMES[child.tag]
        if name == "p":
            paragraphs.append(child)
        elif name == "tbl":
            tables.append(child)
        elif name == "tcPr":
            pr = child if pr is None else pr  # the first one counts
        elif name in _WRAPPERS:
            for kind, element in _unwrapped(child, name, ("p", "tbl")):
                (paragraphs if kind == "p" else tables).append(element)
    span, merge = 1, None
    if pr is not None:
        for prop in pr:
            name = LOCAL_NAMES[prop.tag]
            if name == "gridSpan":
                value = attr(prop, "val") or "1"
                span = int(value) if value.isdigit() and 0 < int(value) < 1000 else 1  # a broken span is 1 column
            elif name == "vMerge":
                merge = attr(prop, "val") or "continue"
    return span, merge, paragraphs, tables


class BodyReader:
    """Cells of a body (or a page header), in document order, each paragraph and each table a block."""

    def __init__(self, prefix: str = "", objects: bool = False, styles: Styles | None = None) -> None:
        self.prefix = prefix  # "页眉 " for a page header's cells
        self.styles = styles  # the document's raised character styles (``docx_parts.styles_of``)
        self.find_objects = objects  # look for embedded objects (only when the file has embeddings)
        self.objects: list[tuple[int, str, str]] = []  # embedded objects: (where in ``cells``, relationship id,
        # the paragraph or cell holding it)
        self.cells: list[Cell] = []
        self.issues: list[Issue] = []
        self.block = self.paragraphs = self.tables = 0
        self.alt_chunks: list[str] = []  # relationship ids of embedded bodies (altChunk)
        self._tags: tuple[str, ...] | None = None  # docx_text.text_tags of what is read

    def read(self, container) -> None:
        self._tags = text_tags(container, self.styles)
        for kind, element in _children(container, "p", "tbl", "altChunk"):
            if kind == "p":
                self.paragraphs += 1
                self._text(element, f"{self.prefix}第{self.paragraphs}段", self.paragraphs, 1)
                self.block += 1
            elif kind == "tbl":
                self.tables += 1
                self._table(element, f"{self.prefix}表{self.tables}")
            else:
                self.alt_chunks.append(attr(element, "id") or "")

    def _text(self, paragraphs, location: str, row: int, col: int) -> None:
        boxes: list[str] = []
        if not isinstance(paragraphs, list):
            paragraphs = [paragraphs]
        tags = self._tags
        styles = self.styles
        text = (paragraph_text(paragraphs[0], boxes, tags, styles) if len(paragraphs) == 1 else
                "\n".join([paragraph_text(p, boxes, tags, styles) for p in paragraphs]))
        in_blank = False
        if tags is None:  # (with ``tags`` known, the body holds no text box: nothing to place)
            text, in_blank = place_boxes(text)
        if not text.isprintable():  # a printable text holds no control character: nothing to clean
            text = clean_text(text)
        if text.strip():
            self.cells.append(Cell(text, location, row, col, self.block))
        if self.find_objects:  # an Excel table pasted as an object: its cells go here, after this paragraph's text
            self.objects.extend((len(self.cells), attr(ole, "id") or "", location) for p in paragraphs
                                for ole in p.iter("{*}OLEObject"))
        for box in boxes:
            self.issues.append(make("textbox-in-blank" if in_blank else "textbox-read", location=location, text=box))

    def _table(self, tbl, name: str) -> None:
        inner_no = 0
        block = self.block
        self.block += 1
        row_no = 0
        for _, tr in _children(tbl, "tr"):
            row_no += 1
            col = 1
            for _, tc in _children(tr, "tc"):
                span, merge, paragraphs, tables = _cell(tc)
                if merge != "continue":  # a vertically merged cell is read once, in its first row
                    saved, self.block = self.block, block
                    self._text(paragraphs, f"{name} 第{row_no}行第{col}列", row_no, col)
                    self.block = saved
                    for inner in tables:  # a table in the cell: read as a table of its own, after the cell
                        inner_no += 1
                        self._table(inner, f"{name}-{inner_no}")
                col += span


def load_docx(path: Path, archive: zipfile.ZipFile) -> Document:
    from anquanyue.reading.loaders.docx_parts import margins, read_alt_chunks, read_objects, relationships, styles_of

    try:
        try:
            data = read_part(archive, "word/document.xml")
        except KeyError:
            data = None
        root = parse_bytes(data, "word/document.xml", path, ".docx") if data is not None else None
        body = None if root is None else next(root.iterchildren("{*}body"), None)
        if body is None:
            raise LoadError("file-corrupt", location=str(path), fmt=".docx", detail="缺少正文")
        names = archive.namelist()
        reader = BodyReader(objects=any([n.startswith("word/embeddings/") for n in names]),
                            styles=styles_of(archive, path) if b"rStyle" in data else None)  # (bytes: quick)
        reader.read(body)
        document = Document(path, "docx", [Grid("正文", reader.cells)], issues=reader.issues,
                            images=[n.startswith("word/media/") for n in names].count(True))
        referenced = next(root.iter("{*}headerReference", "{*}footerReference"), None) is not None
        rels = relationships(archive, path) if referenced or reader.alt_chunks or reader.objects else {}
        document.margins = margins(archive, path, rels)
        if reader.alt_chunks:
            read_alt_chunks(archive, path, rels, reader, document)
        if reader.objects:
            read_objects(archive, path, rels, reader.objects, document)
    except (zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise damaged(exc, path, ".docx") from None
    return document
