""".doc (Word 97-2003) and .wps (WPS Writer) into the same Document as .docx: body paragraphs and table cells.

The OLE container is opened with olefile; the text and the table structure come from word97.py. Cells are
numbered as the .docx reader numbers them ("表1 第3行第2列", "第2段"), so detection and extraction see the same
form whichever of the two formats a unit saved.
"""
from __future__ import annotations

import struct
from pathlib import Path

import olefile

from anquanyue.reading.document import Cell, Document, Grid, LoadError
from anquanyue.reading.loaders.word97 import Word97Error, margin_texts, paragraphs, read_fib
from anquanyue.reading.textnorm import clean_text



def _fmt(path) -> str:
    return ".wps" if path.suffix.lower() == ".wps" else ".doc"


def _stream(ole: olefile.OleFileIO, name: str, path) -> bytes:
    try:
        return ole.openstream(name).read()
    except Exception:  # olefile raises assorted errors on a damaged sector chain
        raise LoadError("file-corrupt", location=str(path), fmt=_fmt(path), detail=f"{name} 数据流损坏") from None


def load_doc(path: Path, ole: olefile.OleFileIO) -> Document:
    word = _stream(ole, "WordDocument", path)
    try:
        table_name = read_fib(word).table_stream
        if not ole.exists(table_name):
            raise Word97Error("缺少文字索引数据流")
        table = _stream(ole, table_name, path)
        found = paragraphs(word, table)
    except (struct.error, IndexError, ValueError, OverflowError):  # offsets pointing outside their stream
        raise LoadError("file-corrupt", location=str(path), fmt=_fmt(path), detail="文档数据损坏") from None
    except Word97Error as exc:
        if exc.encrypted:
            raise LoadError("file-encrypted", location=str(path)) from None
        if exc.old:
            raise LoadError("file-old-word", location=str(path)) from None
        raise LoadError("file-corrupt", location=str(path), fmt=_fmt(path), detail=exc.reason) from None
    try:  # the page headers and footers only add header fields: a damaged header story costs only them
        margins = [clean_text(text) for text in margin_texts(word, table)]
    except (struct.error, IndexError, ValueError, OverflowError, Word97Error):
        margins = []
    return Document(path, "doc", [Grid("正文", _cells(found))],
                    margins=[Cell(text, f"页眉页脚 第{n}段", n, 1, 0) for n, text in enumerate(margins, 1) if text.strip()])


def _cells(found) -> list[Cell]:
    cells: list[Cell] = []
    block = paragraph_no = table_no = 0
    rows: list[tuple[list[str], tuple[int, ...]]] = []  # the current table: each row's cell texts and edges
    row: list[str] = []
    lines: list[str] = []
    for paragraph in found:
        if paragraph.in_table:
            if paragraph.row_end:
                rows.append((row, paragraph.edges))
                row, lines = [], []
                continue
            lines.append(paragraph.text)
            if paragraph.end == "\x07":  # the cell's last paragraph
                row.append("\n".join(lines))
                lines = []
            continue
        if rows or row:
            table_no += 1
            cells.extend(_table_cells(rows + ([(row, ())] if row else []), table_no, block))
            rows, row, block = [], [], block + 1
        paragraph_no += 1
        text = clean_text(paragraph.text)
        if text.strip():
            cells.append(Cell(text, f"第{paragraph_no}段", paragraph_no, 1, block))
        block += 1
    if rows or row:
        cells.extend(_table_cells(rows + ([(row, ())] if row else []), table_no + 1, block))
    return cells


def _table_cells(rows: list[tuple[list[str], tuple[int, ...]]], table_no: int, block: int) -> list[Cell]:
    """A table's cells, numbered by column as Word numbers them in a .docx: the table's columns are all the cell
    edges of all its rows, so a cell merged across two columns makes the next cell the third."""
    grid = sorted({edge for _texts, edges in rows for edge in edges})
    index = {edge: k for k, edge in enumerate(grid, 1)}
    out = []
    for r, (texts, edges) in enumerate(rows, 1):
        exact = len(edges) == len(texts) + 1  # else (a row without its edges): columns by position
        for k, raw in enumerate(texts):
            col = index[edges[k]] if exact else k + 1
            text = clean_text(raw)
            if text.strip():
                out.append(Cell(text, f"表{table_no} 第{r}行第{col}列", r, col, block))
    return out
