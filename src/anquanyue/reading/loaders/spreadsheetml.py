"""Excel 2003 XML spreadsheets (SpreadsheetML): what many web systems export under the name .xls, like the HTML
"fake xls". Read with the hardened parser: <Worksheet ss:Name> → <Table> → <Row ss:Index> → <Cell ss:Index
ss:MergeAcross> → <Data ss:Type>. Numbers and dates as the .xlsx reader gives them; an error value as shown.
"""
from __future__ import annotations

from pathlib import Path

from anquanyue.reading.document import Cell, Document, Grid, LoadError, column_letter, number_text
from anquanyue.reading.textnorm import SUBSCRIPT, SUPERSCRIPT
from anquanyue.reading.loaders.ooxml import local, parse_bytes
from anquanyue.reading.loaders.script_runs import raise_element
from anquanyue.reading.textnorm import clean_text

MARK = b"urn:schemas-microsoft-com:office:spreadsheet"
MAX_INDEX = 1_048_576  # Excel's last row; an index beyond it is a damaged file


def _ss(node, name: str) -> str | None:
    """An ss:/x: attribute by its local name (the namespace prefix varies)."""
    return next((v for k, v in node.attrib.items() if local(k) == name), None)


def _index(node, current: int) -> int:
    value = _ss(node, "Index")
    if value is None:
        return current
    if not value.isdigit() or not 0 < int(value) <= MAX_INDEX:
        raise ValueError(value)
    return int(value)


def _raise_runs(data) -> None:
    """A string's rich-text runs (HTML 4 elements inside <Data>) set in superscript (<Sup>, or a <Font>/<Span>
    with html:VerticalAlign) or subscript written as Unicode superscripts/subscripts, as the .xlsx reader writes
    them, so that a footnote mark after a number ("12" and a raised "1") is never one of its digits."""
    for child in data.iterdescendants():
        if not isinstance(child.tag, str):  # a comment or processing instruction
            continue
        name = local(child.tag)
        align = (next((v for k, v in child.attrib.items() if local(k) == "VerticalAlign"), "") or "").lower()
        table = SUPERSCRIPT if name == "Sup" or align == "superscript" else \
            SUBSCRIPT if name == "Sub" or align == "subscript" else None
        if table is not None:
            raise_element(child, table)


def _text(data) -> str:
    kind = _ss(data, "Type") or "String"
    if kind not in ("Number", "DateTime", "Boolean"):  # String, Error (#DIV/0! as shown)
        _raise_runs(data)
    raw = "".join(data.itertext())
    if kind == "Number":
        try:
            return number_text(float(raw))
        except ValueError:
            return raw
    if kind == "DateTime":
        return raw[:10] if raw[11:19] in ("", "00:00:00") else raw.replace("T", " ")
    if kind == "Boolean":
        return "TRUE" if raw.strip() == "1" else "FALSE"
    return raw


def load_spreadsheetml(path: Path, data: bytes) -> Document:
    root = parse_bytes(data, "表格内容", path, "Excel 2003 XML")
    if root is None or local(root.tag) != "Workbook":
        raise LoadError("file-corrupt", location=str(path), fmt="Excel 2003 XML", detail="缺少工作簿")
    document = Document(path, "xml2003", [])
    try:
        for block, sheet in enumerate(n for n in root if local(n.tag) == "Worksheet"):
            name = _ss(sheet, "Name") or f"Sheet{block + 1}"
            cells: list[Cell] = []
            for table in (n for n in sheet if local(n.tag) == "Table"):
                r = 0
                for row in (n for n in table if local(n.tag) == "Row"):
                    r = _index(row, r + 1)
                    c = 0
                    for cell in (n for n in row if local(n.tag) == "Cell"):
                        c = _index(cell, c + 1)
                        data_node = next((n for n in cell if local(n.tag) == "Data"), None)
                        if data_node is not None:
                            text = clean_text(_text(data_node))
                            if text.strip():
                                cells.append(Cell(text, f"{name}!{column_letter(c)}{r}", r, c, block))
                        across = _ss(cell, "MergeAcross")
                        c += int(across) if across and across.isdigit() and int(across) < 16384 else 0
            options = next((n for n in sheet if local(n.tag) == "WorksheetOptions"), None)
            hidden = options is not None and any(local(n.tag) == "Visible" and (n.text or "").strip() != "SheetVisible"
                                                 for n in options)
            document.grids.append(Grid(name, cells, hidden=hidden))
    except ValueError:
        raise LoadError("file-corrupt", location=str(path), fmt="Excel 2003 XML", detail="行号或列号超出范围") from None
    return document
