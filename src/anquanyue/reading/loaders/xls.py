""".xls (Excel 97-2003) via xlrd."""
from __future__ import annotations

from pathlib import Path

import xlrd

from anquanyue.reading.textnorm import clean_text
from anquanyue.reading.document import Cell, Document, Grid, LoadError, column_letter, number_text


class _Quiet:
    """Where xlrd's warnings go: not to standard output, where they would break `validate --json`."""

    def write(self, text: str) -> int:
        return len(text)


_EMPTY = (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)


def _fmt(path) -> str:
    return ".et" if path.suffix.lower() == ".et" else ".xls"


def load_xls(path: Path, data: bytes | None = None) -> Document:
    try:
        book = xlrd.open_workbook(str(path), on_demand=True, file_contents=data, logfile=_Quiet())
    except xlrd.biffh.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise LoadError("file-encrypted", location=str(path)) from None
        raise LoadError("file-corrupt", location=str(path), fmt=_fmt(path), detail="工作簿数据损坏") from None
    except Exception:  # xlrd raises assorted errors on damaged files (its English text never reaches a clerk)
        raise LoadError("file-corrupt", location=str(path), fmt=_fmt(path), detail="工作簿数据损坏") from None
    grids: list[Grid] = []
    try:
        for block in range(book.nsheets):
            sheet = book.sheet_by_index(block)
            cells: list[Cell] = []
            for r in range(sheet.nrows):
                # a row's types and values as xlrd holds them: no Cell object made for each cell, empty ones too
                for c, (ctype, value) in enumerate(zip(sheet.row_types(r), sheet.row_values(r))):
                    if ctype in _EMPTY:
                        continue
                    if ctype == xlrd.XL_CELL_NUMBER:
                        text = number_text(value)
                    elif ctype == xlrd.XL_CELL_DATE:
                        try:
                            text = xlrd.xldate.xldate_as_datetime(value, book.datemode).date().isoformat()
                        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
                            text = number_text(value)
                    elif ctype == xlrd.XL_CELL_ERROR:
                        text = "#错误"
                    else:
                        text = str(value)
                    if not text.isprintable():  # a printable text holds no control character: nothing to clean
                        text = clean_text(text)
                    if text.strip():
                        cells.append(Cell(text, f"{sheet.name}!{column_letter(c + 1)}{r + 1}", r + 1, c + 1, block))
            grids.append(Grid(sheet.name, cells, hidden=getattr(sheet, "visibility", 0) != 0))
    except Exception:
        raise LoadError("file-corrupt", location=str(path), fmt=_fmt(path), detail="工作表数据损坏") from None
    finally:
        book.release_resources()
    return Document(path, "xls", grids)
