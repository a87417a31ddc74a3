""".xls (Excel 97-2003) via xlrd."""
from __future__ import annotations

import struct
from pathlib import Path

import xlrd

from anquanyue.reading.textnorm import clean_text
from anquanyue.reading.document import Cell, Document, Grid, LoadError, column_letter, number_text
from anquanyue.reading.loaders.page_margins import cells as margin_cells
from anquanyue.reading.loaders.script_runs import raise_runs


class _Quiet:
    """Where xlrd's warnings go: not to standard output, where they would break `validate --json`."""

    def write(self, text: str) -> int:
        return len(text)


_EMPTY = (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK)


def _fmt(path) -> str:
    return ".et" if path.suffix.lower() == ".et" else ".xls"


_FONT, _EOF, _HEADER, _FOOTER = 0x0031, 0x000A, 0x0014, 0x0015  # BIFF record types


def _records(book, pos: int):
    """(type, where its data starts, its size) of each BIFF record in the stream xlrd holds (``book.mem``), from
    ``pos`` to the record before the next EOF (the end of the globals, or of a sheet); struct.error when the
    stream ends first."""
    mem = book.mem
    end = min(len(mem), book.base + book.stream_len)
    while pos + 4 <= end:
        kind, size = struct.unpack_from("<HH", mem, pos)
        if kind == _EOF:
            return
        yield kind, pos + 4, size
        pos += 4 + size
    raise struct.error("no EOF record")


def _script_fonts(book) -> bool:
    """Whether any font of the workbook is set in superscript or subscript (its FONT records, in the globals):
    only then are the cells' rich-text runs worth reading (xlrd's formatting_info, ~40 % more time). True where
    the records cannot be walked: the runs are then read, never skipped."""
    try:
        for kind, data, size in _records(book, book.base):
            if kind == _FONT and (size < 10 or struct.unpack_from("<H", book.mem, data + 8)[0] != 0):
                return True  # escapement (sss), after the height, flags, colour and weight
        return False
    except (AttributeError, TypeError, struct.error):  # not as this xlrd holds it: read the runs
        return True


def _margins(book, index: int) -> list[tuple[str, str]]:
    """A sheet's page header and footer strings (HEADER, FOOTER: an XLUnicodeString each), from its records
    (walked to the sheet's EOF: xlwt writes them after the cells, Excel before); [] where they cannot be walked
    (xlrd does not read them itself)."""
    found = []
    try:
        for kind, data, size in _records(book, book._sh_abs_posn[index]):
            if kind in (_HEADER, _FOOTER) and size >= 3:
                count, high = struct.unpack_from("<HB", book.mem, data)
                raw = bytes(book.mem[data + 3 : data + size])
                text = raw[: 2 * count].decode("utf-16-le", "replace") if high & 1 else raw[:count].decode("latin-1")
                found.append(("oddHeader" if kind == _HEADER else "oddFooter", text))
    except (AttributeError, IndexError, TypeError, struct.error):
        return []
    return found


def _open(path: Path, data: bytes | None, runs: bool):
    return xlrd.open_workbook(str(path), on_demand=True, file_contents=data, logfile=_Quiet(), formatting_info=runs)


def load_xls(path: Path, data: bytes | None = None) -> Document:
    try:
        book = _open(path, data, False)
        if _script_fonts(book):  # rare: read again with the fonts and the cells' rich-text runs
            book.release_resources()
            book = _open(path, data, True)
    except xlrd.biffh.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise LoadError("file-encrypted", location=str(path)) from None
        raise LoadError("file-corrupt", location=str(path), fmt=_fmt(path), detail="工作簿数据损坏") from None
    except Exception:  # xlrd raises assorted errors on damaged files (its English text never reaches a clerk)
        raise LoadError("file-corrupt", location=str(path), fmt=_fmt(path), detail="工作簿数据损坏") from None
    grids: list[Grid] = []
    escapements = [getattr(font, "escapement", 0) for font in book.font_list] if book.formatting_info else []
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
                        if book.formatting_info and (runs := sheet.rich_text_runlist_map.get((r, c))):
                            text = raise_runs(text, runs, escapements)
                    if not text.isprintable():  # a printable text holds no control character: nothing to clean
                        text = clean_text(text)
                    if text.strip():
                        cells.append(Cell(text, f"{sheet.name}!{column_letter(c + 1)}{r + 1}", r + 1, c + 1, block))
            grids.append(Grid(sheet.name, cells, hidden=getattr(sheet, "visibility", 0) != 0,
                              margins=margin_cells(_margins(book, block), sheet.name, block)))
    except Exception:
        raise LoadError("file-corrupt", location=str(path), fmt=_fmt(path), detail="工作表数据损坏") from None
    finally:
        book.release_resources()
    return Document(path, "xls", grids)
