""".xlsx via openpyxl: cell values, not formulas; a formula without a cached value is an error naming the cell."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

from ..textnorm import clean_text
from ..document import Cell, Document, Grid, LoadError, number_text
from ..issues import make


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.datetime, dt.date)):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, (int, float)):
        return number_text(value)
    return str(value)


def _load_error(path: Path, exc: Exception) -> LoadError:
    if type(exc).__module__.startswith("defusedxml"):  # openpyxl parses with defusedxml when it is installed
        return LoadError("file-unsafe-xml", location=str(path), detail=type(exc).__name__)
    return LoadError("file-corrupt", location=str(path), fmt=".xlsx", detail=type(exc).__name__)


def _open(handle, path: Path, data_only: bool):
    """A file object, not the path: openpyxl would refuse a workbook whose name ends in .docx or .xls."""
    try:
        return openpyxl.load_workbook(handle, read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl fails in many ways on broken files; each is "corrupt" to the clerk
        raise _load_error(path, exc) from None


def load_xlsx(path: Path) -> Document:
    with path.open("rb") as handle:
        return _load(handle, path)


def _load(handle, path: Path) -> Document:
    wb = _open(handle, path, data_only=False)
    grids: list[Grid] = []
    formulas: list[tuple[int, int, int, str, str]] = []  # (grid, cell index, ..)
    try:
        for block, ws in enumerate(wb.worksheets):
            cells: list[Cell] = []
            for row in ws.iter_rows():
                for c in row:
                    value = getattr(c, "value", None)
                    if value is None:
                        continue
                    location = f"{ws.title}!{c.coordinate}"
                    if c.data_type == "f":
                        formulas.append((block, len(cells), ws.title, c.coordinate, str(value)))
                        cells.append(Cell("", location, c.row, c.column, block))
                        continue
                    text = clean_text(cell_text(value))
                    if text.strip():
                        cells.append(Cell(text, location, c.row, c.column, block))
            grids.append(Grid(ws.title, cells, hidden=getattr(ws, "sheet_state", "visible") != "visible"))
    except LoadError:
        raise
    except Exception as exc:
        raise _load_error(path, exc) from None
    finally:
        wb.close()
    doc = Document(path, "xlsx", grids)
    if formulas:
        handle.seek(0)
        _cached_values(handle, path, doc, formulas)
    return doc


def _cached_values(handle, path: Path, doc: Document, formulas) -> None:
    """Replace each formula cell by its cached value (with a warning), or report it as an error."""
    wb = _open(handle, path, data_only=True)
    try:
        for block, index, sheet, coordinate, formula in formulas:
            cached = wb[sheet][coordinate].value
            old = doc.grids[block].cells[index]
            location = old.location
            if cached is None or (isinstance(cached, str) and not cached.strip()):
                doc.issues.append(make("formula-no-cached-value", location=location, formula=formula))
                # keep the cell in place so the blank it belongs to is reported unreadable, never read as 0
                doc.grids[block].cells[index] = Cell("（公式无结果）", location, old.row, old.col, old.block)
                continue
            text = cell_text(cached)
            doc.issues.append(make("formula-cached-value", location=location, formula=formula, value=text))
            doc.grids[block].cells[index] = Cell(text, location, old.row, old.col, old.block)
    finally:
        wb.close()
