""".xlsb (Excel binary workbook) via python-calamine: cell values as a clerk sees them, dates as ISO dates.

calamine gives a cell's saved value; an error value (#DIV/0!) comes back empty, so biff12.py finds those cells
in the sheet parts and they read as shown, never as a blank left empty; so does a rich string held in a cell,
which calamine does not read. A string's superscript and subscript runs, which calamine leaves out, are marked
from the same records (never 121 for "12" and a raised "1"). calamine does not say which values came
from a formula (the .xlsx reader warns of those); the README says so.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from anquanyue.reading.loaders.biff12 import what_calamine_misses
from anquanyue.reading.loaders.page_margins import cells as margin_cells
from anquanyue.reading.document import Cell, Document, Grid, LoadError, column_letter, number_text
from anquanyue.reading.textnorm import clean_text

FMT = ".xlsb"
MAX_CELLS = 1_000_000  # a sheet's used range, rows × columns: a form has a few hundred (calamine fills it densely)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return str(value)
    return str(value)


def load_xlsb(path: Path, data: bytes) -> Document:
    from python_calamine import CalamineWorkbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:  # its sizes were checked by sniff
            missed = what_calamine_misses(archive, path)
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        document = Document(path, "xlsb", [])
        for block, meta in enumerate(book.sheets_metadata):
            if str(meta.typ).rsplit(".", 1)[-1] != "WorkSheet":
                continue
            sheet = book.get_sheet_by_name(meta.name)
            if sheet.height * sheet.width > MAX_CELLS:
                raise LoadError("sheet-too-large", location=str(path), sheet=meta.name, rows=sheet.height,
                                cols=sheet.width)
            cells: list[Cell] = []
            shown = missed.empty.get(meta.name, {})
            raised = missed.raised.get(meta.name, {})
            for r, row in enumerate(sheet.to_python(skip_empty_area=False), 1):
                for c, value in enumerate(row, 1):
                    if value == "" or value is None:
                        value = shown.pop((r, c), "")
                        if not value:
                            continue
                    elif raised and isinstance(value, str) and raised.get((r, c), ("",))[0] == value:
                        value = raised[(r, c)][1]  # the same string, its raised or lowered runs marked
                    text = clean_text(_text(value))
                    if text.strip():
                        cells.append(Cell(text, f"{meta.name}!{column_letter(c)}{r}", r, c, block))
            for (r, c), value in sorted(shown.items()):  # outside calamine's range: all the row or column held
                cells.append(Cell(value, f"{meta.name}!{column_letter(c)}{r}", r, c, block))
            cells.sort(key=lambda cell: (cell.row, cell.col))
            hidden = str(meta.visible).rsplit(".", 1)[-1] != "Visible"
            document.grids.append(Grid(meta.name, cells, hidden=hidden,
                                       margins=margin_cells(missed.margins.get(meta.name, []), meta.name, block)))
    except LoadError:
        raise
    except Exception as exc:  # calamine raises its own error types (and ValueError) on damaged files
        if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
            raise LoadError("file-encrypted", location=str(path)) from None
        raise LoadError("file-corrupt", location=str(path), fmt=FMT, detail="工作簿数据损坏") from None
    except BaseException as exc:  # a panic inside calamine (Rust) reaches Python as a BaseException
        if type(exc).__name__ != "PanicException":
            raise  # Ctrl-C, the pool's time limit
        raise LoadError("file-corrupt", location=str(path), fmt=FMT, detail="工作簿数据损坏") from None
    return document
