"""Long tables' rows written as SpreadsheetML text in one pass: the very bytes xlsxwriter writes, without its
per-cell work (about 12 µs a cell: 2 s for the working report of 6,000 forms).

xlsxwriter writes the workbook as ever (styles, the sheets' columns, header rows, page set-up, charts, document
properties), to memory; ``save_with_rows`` then puts each long table's rows into its sheet's XML and packs the
parts, in xlsxwriter's order and with its entries' dates and attributes, into the file. The result is byte for
byte the file xlsxwriter writes when the same rows are written cell by cell with ``xlsx_cells.write_row`` and
``set_row`` in constant-memory mode (``tests/test_sheet_rows.py`` compares the two on random rows).

What it relies on is what xlsxwriter writes, not how: a sheet part found through ``xl/workbook.xml`` and its
relationships; a cell without a format of its own takes its column's style (``<col … style="n">``); in
constant-memory mode text is an inline string (``t="inlineStr"``), with xlsxwriter's escapes (``_xHHHH_`` for
control characters, ``&amp;`` ``&lt;`` ``&gt;``, ``xml:space="preserve"`` for text with space at either end, a
text that is ``<r>…</r>`` as it is); numbers have 16 significant digits (``%.16G``); dates are serial numbers of
the 1900 system; every row has its height (``ht``, in whole pixels) unless it is the default of 15 points; a row
given a height but holding no cell is left out (it still counts in ``<dimension>``); the zip's entries are
deflated at zlib's default level. No private method of xlsxwriter is called.
"""
from __future__ import annotations

import datetime as dt
import io
import math
import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

from xlsxwriter.utility import xl_cell_to_rowcol, xl_col_to_name, xl_rowcol_to_cell

from anquanyue.writing.xlsx_cells import safe_text
from anquanyue.speed.compiled_regex import ModulePatterns

DEFAULT_PX = 20  # Excel's default row: 15 pt
UTF16_LIMIT = 32767  # Excel's longest text, in UTF-16 units
CHUNK_ROWS = 500  # rows joined and encoded at a time
SPOOL_BYTES = 4 << 20  # a sheet's rows beyond this go to a temporary file (constant memory)
COPY_BYTES = 8 << 20  # rows deflated at a time: the zip thread takes the interpreter back (up to 5 ms) after each

_patterns = ModulePatterns(__name__)
_ESCAPED_ESCAPE = _patterns.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = _patterns.compile(r"([\x00-\x08\x0b-\x1f])")
_SPECIAL = _patterns.compile("[_\x00-\x08\x0b-\x1f\ufffe\uffff&<>]")  # text that needs more than plain copying
# text that neither ``safe_text`` nor xlsxwriter's escapes change: copied as it is
_ODD = _patterns.compile("[\x00-\x1f\x7f\ufffe\uffff_&<>]")
_PLAIN = ' t="inlineStr"><is><t>%s</t></is></c>'
_PLAIN_PRESERVE = ' t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>'
_LEADING_SPACE = _patterns.compile(r"^\s")
_TRAILING_SPACE = _patterns.compile(r"\s$")
_COL = _patterns.compile(r'<col min="(\d+)" max="(\d+)"([^>]*)/>')
_STYLE = _patterns.compile(r' style="(\d+)"')
_DIMENSION = _patterns.compile(r'<dimension ref="([A-Z0-9:]+)"/>')
_ROW = _patterns.compile(r'<row r="(\d+)"')
_EPOCH = dt.datetime(1899, 12, 31)
_EXACT_INT = 1 << 53  # ints below this print as %.16G prints them
_PRESERVE = ' xml:space="preserve"'
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@dataclass
class SheetRows:
    """Rows of one sheet from 0-based row ``first`` on, each ``(values, height in points or None)``; values as
    ``xlsx_cells.write_row`` writes them (numbers, text, dates; None and "" leave the cell empty)."""

    first: int
    rows: Iterable[tuple[Sequence, float | None]]
    default_row_pt: float | None = None  # the sheet's ``set_default_row`` height

    def _render(self, styles: dict[int, str], cols_known: bool, out) -> tuple[int, list]:
        """The rows' XML into ``out`` (binary); returns how many rows there are and the range the written ones
        take (row min/max, column min/max; None where nothing). ``cols_known``: the sheet has a column range
        already (a row's height given alone counts at its first column, else at column A)."""
        default = int(self.default_row_pt * 4.0 / 3.0 + 0.5) if self.default_row_pt is not None else DEFAULT_PX
        if default == DEFAULT_PX:
            default_open = '<row r="{}">'
        else:
            default_open = '<row r="{}" ht="' + f"{default * 0.75:.16g}" + '" customHeight="1">'
        prefixes: list[str] = []  # '<c r="' and the column's letters; the row number goes after
        suffixes: list[str] = []  # the end of the reference and the column's style
        row_min = row_max = col_min = col_max = None
        parts: list[str] = []
        dates: dict = {}  # a date's cell, once for every row of the same date
        count = 0
        for count, (values, height) in enumerate(self.rows, 1):
            index = self.first + count - 1
            number = index + 1
            while len(values) > len(prefixes):  # each column's reference and style, made once
                style = styles.get(len(prefixes))
                prefixes.append('<c r="' + xl_col_to_name(len(prefixes)))
                suffixes.append(f'" s="{style}"' if style is not None else '"')
            cells: list[str] = []
            append = cells.append
            low = high = -1
            for col, value in enumerate(values):
                kind = type(value)
                if kind is int and -_EXACT_INT < value < _EXACT_INT:  # the common cell, in one step
                    append(f"{prefixes[col]}{number}{suffixes[col]}><v>{value}</v></c>")
                else:
                    if kind is str:
                        if not value:
                            continue
                        if len(value) <= UTF16_LIMIT // 2 and _ODD.search(value) is None:  # as it is, but spaces
                            body = (_PLAIN_PRESERVE if value[0].isspace() or value[-1].isspace() else _PLAIN) % value
                        else:
                            body = _text(safe_text(value))
                    elif value is None:
                        continue
                    elif kind is dt.datetime:
                        body = dates.get(value)
                        if body is None:
                            body = dates[value] = _cell_body(value)
                    else:
                        body = _cell_body(value)
                    append(f"{prefixes[col]}{number}{suffixes[col]}{body}")
                if low < 0:
                    low = col
                high = col
            if height is not None:  # set_row: the row counts in the sheet's range
                if col_min is None and not cols_known:
                    col_min = col_max = 0
                row_min = index if row_min is None else row_min
                row_max = index
                px = int(height * 4.0 / 3.0 + 0.5)
                if px != DEFAULT_PX or px != default:
                    opening = f'<row r="{number}" ht="{px * 0.75:.16g}" customHeight="1">'
                else:
                    opening = f'<row r="{number}">'
                if not cells:  # constant-memory mode writes a row of no cell only while it is the sheet's first
                    if index == 0:
                        parts.append(opening[:-1] + "/>")
                    continue
            elif not cells:
                continue
            else:
                opening = default_open.format(number)
                row_min = index if row_min is None else row_min
                row_max = index
            col_min = low if col_min is None else min(col_min, low)
            col_max = high if col_max is None else max(col_max, high)
            parts.append(opening + "".join(cells) + "</row>")
            if len(parts) >= CHUNK_ROWS:
                out.write("".join(parts).encode("utf-8"))
                parts.clear()
        out.write("".join(parts).encode("utf-8"))
        return count, [row_min, row_max, col_min, col_max]


def _cell_body(value) -> str:
    """A cell's type attribute and value, after its reference and style: as ``write_value`` writes ``value``."""
    if isinstance(value, bool):
        return _text(str(value))
    if isinstance(value, (int, float)):
        if isinstance(value, float) and not math.isfinite(value):
            raise TypeError("NAN/INF not supported in write_number() without 'nan_inf_to_errors' Workbook() option")
        return f"><v>{value:.16G}</v></c>"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"><v>{_serial(value):.16G}</v></c>"
    return _text(safe_text(value))


def _text(text: str) -> str:
    if len(text) > UTF16_LIMIT // 2 and len(text.encode("utf-16-le", "surrogatepass")) // 2 > UTF16_LIMIT:
        text = _utf16_cut(text)
    if _SPECIAL.search(text) is None:
        preserve = text[:1].isspace() or text[-1:].isspace()
        return f' t="inlineStr"><is><t{_PRESERVE if preserve else ""}>{text}</t></is></c>'
    text = _ESCAPED_ESCAPE.sub(r"_x005F\1", text)
    text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
    text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    if text.startswith("<r>") and text.endswith("</r>"):  # xlsxwriter takes such text for rich text's runs
        return f' t="inlineStr"><is>{text}</is></c>'
    preserve = _LEADING_SPACE.search(text) or _TRAILING_SPACE.search(text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f' t="inlineStr"><is><t{_PRESERVE if preserve else ""}>{text}</t></is></c>'


def _utf16_cut(text: str) -> str:
    """The longest front of ``text`` of at most 32,767 UTF-16 units, no character split."""
    length = 0
    for index, char in enumerate(text):
        length += 2 if ord(char) > 0xFFFF else 1
        if length > UTF16_LIMIT:
            return text[:index]
    return text


def _serial(value: dt.date) -> float:
    """A date as Excel's serial number (1900 system, with its 29 February 1900)."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            raise TypeError("Excel doesn't support timezones in datetimes.")
        moment = value
    else:
        moment = dt.datetime.fromordinal(value.toordinal())
    delta = moment - _EPOCH
    serial = delta.days + (float(delta.seconds) + float(delta.microseconds) / 1e6) / (60 * 60 * 24)
    if isinstance(value, dt.datetime) and moment.isocalendar() == (1900, 1, 1):
        serial -= 1
    return serial + 1 if serial > 59 else serial


def _column_styles(xml: str) -> dict[int, str]:
    """Each column's style index from the sheet's ``<cols>`` (0-based column → index)."""
    cols = xml[xml.find("<cols>"): xml.find("</cols>")] if "<cols>" in xml else ""
    styles = {}
    for low, high, rest in _COL.findall(cols):
        style = _STYLE.search(rest)
        if style:
            for col in range(int(low) - 1, int(high)):
                styles[col] = style.group(1)
    return styles


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its part's name in the zip, as the workbook and its relationships say."""
    rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{_PKG_REL}Relationship")}
    book = ElementTree.fromstring(archive.read("xl/workbook.xml"))
    parts = {}
    for sheet in book.iter(f"{_MAIN}sheet"):
        target = targets[sheet.get(f"{_REL}id")]
        parts[sheet.get("name")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return parts


def _dimension(row_min, row_max, col_min, col_max) -> str:
    """``<dimension>``'s range, as xlsxwriter states it."""
    if row_min is None and col_min is None:
        return "A1"
    if row_min is None:
        return xl_rowcol_to_cell(0, col_min) + ("" if col_min == col_max else ":" + xl_rowcol_to_cell(0, col_max))
    if row_min == row_max and col_min == col_max:
        return xl_rowcol_to_cell(row_min, col_min)
    return xl_rowcol_to_cell(row_min, col_min) + ":" + xl_rowcol_to_cell(row_max, col_max)


def _existing_dims(xml: str) -> list:
    """What xlsxwriter counted in the sheet's range: row min/max, column min/max (None where nothing)."""
    empty = "<sheetData/>" in xml
    ref = _DIMENSION.search(xml).group(1)
    if empty and ref == "A1":  # nothing counted, or column A alone: a column counts when it has a format
        return [None, None, 0, 0] if 0 in _column_styles(xml) else [None, None, None, None]
    (r1, c1), (r2, c2) = (xl_cell_to_rowcol(p) for p in (ref.split(":") * 2)[:2])
    return [None, None, c1, c2] if empty else [r1, r2, c1, c2]


def _merged(xml: str, dims: list, first: int, count: int, mine: list) -> tuple[str, str]:
    """The sheet's XML before and after the ``count`` rows from ``first`` (taking range ``mine``), its dimension
    covering them."""
    for k, value in enumerate(mine):
        if value is not None:
            dims[k] = value if dims[k] is None else (min if k % 2 == 0 else max)(dims[k], value)
    xml = _DIMENSION.sub(f'<dimension ref="{_dimension(*dims)}"/>', xml, count=1)
    if "<sheetData/>" in xml:
        if dims[0] is None:
            return xml, ""
        at = xml.index("<sheetData/>")
        return xml[:at] + "<sheetData>", "</sheetData>" + xml[at + len("<sheetData/>"):]
    at = xml.index("</sheetData>")
    for match in _ROW.finditer(xml):
        if int(match.group(1)) > first:  # (1-based) the first row xlsxwriter wrote after the header
            if int(match.group(1)) <= first + count:
                raise ValueError(f"row {match.group(1)} was written where the direct rows go")
            at = match.start()
            break
    return xml[:at], xml[at:]


def save_with_rows(workbook_bytes: bytes, path: Path, sheets: dict[str, SheetRows], tmpdir: str | None = None
                   ) -> None:
    """Write to ``path`` the .xlsx xlsxwriter made (``workbook_bytes``), each sheet named in ``sheets`` with its
    rows put in: the file xlsxwriter writes when given the rows itself.

    The zip is written by a thread of its own, in the parts' order: while it deflates a sheet's rows (zlib lets go
    of the interpreter), the next sheets' rows are made, each in a spool of its own (``SPOOL_BYTES`` in memory at
    most)."""
    with zipfile.ZipFile(io.BytesIO(workbook_bytes)) as source, \
            zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=False) as out, \
            ThreadPoolExecutor(1, thread_name_prefix="anquanyue-zip") as writer:
        parts = _sheet_parts(source)
        by_part = {parts[name]: rows for name, rows in sheets.items()}
        written = []
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, info.date_time)
            entry.compress_type, entry.external_attr = info.compress_type, info.external_attr
            entry.create_system = info.create_system
            rows = by_part.get(info.filename)
            if rows is None:
                written.append(writer.submit(out.writestr, entry, source.read(info)))
                continue
            xml = source.read(info).decode("utf-8")
            dims = _existing_dims(xml)
            spool = tempfile.SpooledTemporaryFile(SPOOL_BYTES, dir=tmpdir)
            try:
                count, mine = rows._render(_column_styles(xml), dims[2] is not None, spool)
                head, tail = _merged(xml, dims, rows.first, count, mine)
            except BaseException:
                spool.close()
                raise
            spool.seek(0)
            written.append(writer.submit(_write_part, out, entry, head.encode("utf-8"), spool, tail.encode("utf-8")))
        for future in written:
            future.result()


def _write_part(out: zipfile.ZipFile, entry: zipfile.ZipInfo, head: bytes, spool, tail: bytes) -> None:
    with spool, out.open(entry, "w") as part:
        part.write(head)
        shutil.copyfileobj(spool, part, COPY_BYTES)
        part.write(tail)
