"""The neutral representation of a filled form: its text cells with positions, whatever the file format."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from anquanyue.issues import Issue


class Cell(NamedTuple):  # a tuple: every form has dozens, tens of thousands of forms are read
    text: str
    location: str  # what a clerk can find: "统计表!B5", "表1 第3行第2列", "第2段"
    row: int
    col: int
    block: int  # cells of one block belong together: one sheet, one Word table, one paragraph


@dataclass
class Grid:
    """One place a form can be: a worksheet, or a Word document's body."""

    name: str
    cells: list[Cell]
    hidden: bool = False
    index: Any = field(default=None, repr=False, compare=False)  # its TextIndex, once built (textindex.py)
    margins: list[Cell] = field(default_factory=list)  # a worksheet's page header and footer (page_margins.py)


@dataclass
class Document:
    path: Path
    fmt: str  # "xlsx", "xls", "docx", "doc", "xlsb", "ods", "odt", "html" (the real format, whatever the name)
    grids: list[Grid]
    issues: list[Issue] = field(default_factory=list)  # what the loader noticed (formula cells, wrong suffix)
    properties: dict[str, str] = field(default_factory=dict)  # custom document properties (a deliverable's provenance)
    margins: list[Cell] = field(default_factory=list)  # a Word file's page headers and footers (the header line
    # may be there)
    images: int = 0  # pictures in an .xlsx/.docx (a form pasted as a picture cannot be read)
    digest: str = ""  # sha256 of the file's bytes (first 16 hex digits), of the bytes read once to load it


class LoadError(Exception):
    """A file that cannot be read; ``code`` is a catalogue code, ``params`` fill its message."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def number_text(value: float | int) -> str:
    """A spreadsheet number as the text a clerk sees: 12.0 → "12", 12.5 → "12.5"."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if value != value or value in (float("inf"), float("-inf")):  # NaN, inf
        return str(value)
    if float(value).is_integer():
        return str(int(value))
    return repr(float(value))
