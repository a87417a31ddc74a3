"""What every .xlsx writer shares: text stays text (never a formula), and the workbook options that ensure it."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import BinaryIO

import xlsxwriter

from anquanyue.reading.textnorm import clean_text

EXCEL_CELL_LIMIT = 32767
TRUNCATED = "…（内容超过 Excel 单元格上限，已截断）"
# Strings are written as strings: "=HYPERLINK(…)", "+1", "-2", "@x" from a unit's form never become formulas,
# links or numbers in anything we write.
OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def safe_text(value: object) -> str:
    """Text for a cell: no control characters; beyond Excel's 32,767 characters it is cut visibly, not silently."""
    text = clean_text("" if value is None else str(value))
    if len(text) > EXCEL_CELL_LIMIT:
        text = text[: EXCEL_CELL_LIMIT - len(TRUNCATED)] + TRUNCATED
    return text


def new_workbook(path: Path | BinaryIO, when: dt.datetime | None, title: str | None = None, constant_memory: bool = False,
                 tmpdir: str | None = None):
    """A workbook (to a file, or to a binary stream) with the safe options and fixed document properties (reproducible bytes for the same input);
    with ``when`` None, ``set_document_properties`` must be called before it is closed."""
    options = {**OPTIONS, "constant_memory": constant_memory}
    if tmpdir is not None:
        options["tmpdir"] = tmpdir
    workbook = xlsxwriter.Workbook(path if hasattr(path, "write") else str(path), options)
    if when is not None:
        set_document_properties(workbook, when, title)
    return workbook


def set_document_properties(workbook, when: dt.datetime, title: str | None = None) -> None:
    properties = {"created": when, "author": "anquanyue"}
    if title:
        properties["title"] = title
    workbook.set_properties(properties)


def close_workbook(workbook) -> None:
    """Write the workbook out. A failed write raises the OSError it is (disk full, no permission), not
    xlsxwriter's wrapper of it, so that ``write_atomic`` tells the clerk why in Chinese."""
    try:
        workbook.close()
    except xlsxwriter.exceptions.FileCreateError as exc:
        discard_workbook(workbook)
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else OSError(str(exc))
        raise cause from None


def discard_workbook(workbook) -> None:
    """Let go of a workbook that is not saved: the row files of its constant-memory sheets are closed.

    Saving a workbook only to delete it cost 0.3 s at 6,000 rows (putting the sheets together and compressing).
    xlsxwriter has no public way to drop one; ``_opt_close`` is what it calls itself to close a sheet's row file.
    Without it (another version), the files are closed when the workbook is collected."""
    for sheet in workbook.worksheets():
        close = getattr(sheet, "_opt_close", None)
        if close is not None and getattr(sheet, "row_data_fh", None) is not None:
            close()


def write_value(ws, row: int, col: int, value: object, fmt=None) -> None:
    """Numbers as numbers, dates as dates, nothing and empty text as an empty cell, everything else as a string
    (never a formula)."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, bool):
        ws.write_string(row, col, str(value), fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt)
    elif isinstance(value, (dt.date, dt.datetime)):  # shown by ``fmt`` or its column's date format
        ws.write_datetime(row, col, value, fmt)
    else:
        ws.write_string(row, col, safe_text(value), fmt)


def write_row(ws, row: int, values) -> None:
    """``write_value`` along a row without a format, its two common cases first: the report's long tables."""
    number, string = ws.write_number, ws.write_string
    for col, value in enumerate(values):
        kind = type(value)
        if kind is int or kind is float:
            number(row, col, value)
        elif kind is str and value:
            string(row, col, safe_text(value))
        else:
            write_value(ws, row, col, value)
