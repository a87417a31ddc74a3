"""What calamine does not tell of an .xlsb: which cells hold an error value (#DIV/0!, #REF!, …), and which
strings have runs set in superscript or subscript.

calamine returns an error cell as an empty string, and an empty blank reads as 未填写 (counted 0). The sheet
parts are streams of BIFF12 records ([MS-XLSB] 2.1.4): a type and a size, each a little-endian run of 7-bit
groups. Only four are looked at: BrtBundleSh (0x9C: a sheet's name and part, in workbook.bin), BrtRowHdr (0x00:
the row of the cells that follow), BrtCellError (0x03) and BrtFmlaError (0x0B): an error value, typed or a
formula's result. (calamine reads the other formula results, BrtFmlaString/Num/Bool, 0x08-0x0A, itself.)

calamine gives a string without its rich-text runs, so a footnote "1" raised after "12" would read as 121. When
a font of styles.bin (BrtFont, 0x2B) is raised or lowered, the shared strings (BrtSSTItem, 0x13) and the cells'
own rich strings (BrtCellRString, 0x3E) are read here with their runs, and the cells holding them
(BrtCellIsst, 0x07) are given their text with the marks (``script_runs.py``). A rich string held in the cell
(BrtCellRString) calamine gives empty: it is read here, whether or not it has such runs.
"""
from __future__ import annotations

import posixpath
import struct
import zipfile
from collections.abc import Iterator
from typing import NamedTuple

from anquanyue.reading.loaders.ooxml import parse_part, read_part
from anquanyue.reading.loaders.script_runs import raise_runs

_BUNDLE_SHEET, _ROW, _CELL_ERROR, _FORMULA_ERROR = 0x9C, 0x00, 0x03, 0x0B
_FONT, _SST_ITEM, _CELL_ISST, _CELL_RICH, _HEADER_FOOTER = 0x2B, 0x13, 0x07, 0x3E, 0x1DF
_MARGINS = ("oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter")  # BrtBeginHeaderFooter
ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!",
          0x2A: "#N/A", 0x2B: "#GETTING_DATA"}


def records(data: bytes) -> Iterator[tuple[int, bytes]]:
    """(type, data) of each record; a truncated stream ends the iteration."""
    pos, end = 0, len(data)
    while pos < end:
        kind = data[pos] & 0x7F
        if data[pos] & 0x80:
            if pos + 1 >= end:
                return
            kind |= (data[pos + 1] & 0x7F) << 7
            pos += 1
        pos += 1
        size = shift = 0
        for _ in range(4):
            if pos >= end:
                return
            byte = data[pos]
            pos += 1
            size |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                break
        yield kind, data[pos : pos + size]
        pos += size


def _wide(data: bytes, pos: int) -> tuple[str, int]:
    """An XLWideString (a 4-byte count of UTF-16 units, then the units) and where it ends."""
    count = struct.unpack_from("<I", data, pos)[0]
    if count == 0xFFFFFFFF:  # XLNullableWideString: null
        return "", pos + 4
    text = data[pos + 4 : pos + 4 + 2 * count].decode("utf-16-le", errors="replace")
    return text, pos + 4 + 2 * count


def _sheet_parts(archive: zipfile.ZipFile, path) -> dict[str, str]:
    """Sheet name → its part, from workbook.bin's BrtBundleSh records and the workbook's relationships."""
    rels = parse_part(archive, "xl/_rels/workbook.bin.rels", path, ".xlsb")
    targets = {}
    for rel in rels if rels is not None else []:
        target = rel.get("Target", "")
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
            posixpath.join("xl", target))
    parts = {}
    for kind, data in records(read_part(archive, "xl/workbook.bin")):
        if kind == _BUNDLE_SHEET and len(data) >= 12:
            rel_id, end = _wide(data, 8)
            name, _ = _wide(data, end)
            if rel_id in targets:
                parts[name] = targets[rel_id]
    return parts


def _escapements(archive: zipfile.ZipFile) -> list[int]:
    """Each font's sss (0 none, 1 superscript, 2 subscript), in the order the runs number them."""
    try:
        data = read_part(archive, "xl/styles.bin")
    except KeyError:
        return []
    return [struct.unpack_from("<H", body, 6)[0] if len(body) >= 8 else 0 for kind, body in records(data)
            if kind == _FONT]


def _rich_string(data: bytes, pos: int, escapements: list[int]) -> tuple[str, str] | None:
    """A RichStr at ``pos``: its text as stored, and with its raised or lowered runs marked (None: damaged)."""
    if pos + 5 > len(data):
        return None
    flags = data[pos]
    text, end = _wide(data, pos + 1)
    if end > len(data):
        return None
    if not flags & 0x01 or end + 4 > len(data):  # fRichStr: runs follow
        return text, text
    count = struct.unpack_from("<I", data, end)[0]
    if end + 4 + 4 * count > len(data):
        return None
    runs = [struct.unpack_from("<HH", data, end + 4 + 4 * i) for i in range(count)]
    return text, raise_runs(text, runs, escapements)


def _header_footer(body: bytes) -> list[tuple[str, str]]:
    """BrtBeginHeaderFooter: two bytes of flags, then the six header and footer strings (XLNullableWideString)."""
    found, pos = [], 2
    for kind in _MARGINS:
        if pos + 4 > len(body):
            break
        text, pos = _wide(body, pos)
        if text:
            found.append((kind, text))
    return found


def _shared(archive: zipfile.ZipFile, escapements: list[int]) -> list[tuple[str, str] | None]:
    """Each shared string as stored and with its raised or lowered runs marked (None: no such run, or damaged)."""
    try:
        data = read_part(archive, "xl/sharedStrings.bin")
    except KeyError:
        return []
    out: list[tuple[str, str] | None] = []
    for kind, body in records(data):
        if kind == _SST_ITEM:
            found = _rich_string(body, 0, escapements)
            out.append(found if found is not None and found[1] != found[0] else None)
    return out


class Missed(NamedTuple):
    """For each sheet that has any, cells by (row, column) counted from 1."""

    empty: dict[str, dict[tuple[int, int], str]]  # given empty by calamine → the text Excel shows
    raised: dict[str, dict[tuple[int, int], tuple[str, str]]]  # → a string as stored, and with its marks
    margins: dict[str, list[tuple[str, str]]]  # sheet → its page headers and footers (kind as .xlsx's, text)


def what_calamine_misses(archive: zipfile.ZipFile, path) -> Missed:
    """One pass over each sheet's records: the cells calamine gives empty (an error value; a rich string held in
    the cell itself, BrtCellRString, which calamine does not read) with the text Excel shows, (only where a font
    is raised or lowered) the shared strings with runs set in superscript or subscript, and the sheet's page
    headers and footers, which calamine does not read either."""
    missed = Missed({}, {}, {})
    escapements = _escapements(archive)
    shared = _shared(archive, escapements) if any(escapements) else []
    for name, part in _sheet_parts(archive, path).items():
        try:
            data = read_part(archive, part)
        except KeyError:
            continue
        row = 0
        for kind, body in records(data):
            if kind == _ROW and len(body) >= 4:
                row = struct.unpack_from("<I", body, 0)[0]
            elif kind in (_CELL_ERROR, _FORMULA_ERROR) and len(body) >= 9:
                col = struct.unpack_from("<I", body, 0)[0]
                missed.empty.setdefault(name, {})[(row + 1, col + 1)] = ERRORS.get(body[8], "#错误")
            elif shared and kind == _CELL_ISST and len(body) >= 12:
                col, index = struct.unpack_from("<I", body, 0)[0], struct.unpack_from("<I", body, 8)[0]
                if index < len(shared) and shared[index] is not None:
                    missed.raised.setdefault(name, {})[(row + 1, col + 1)] = shared[index]
            elif kind == _HEADER_FOOTER and len(body) >= 2:
                missed.margins[name] = _header_footer(body)
            elif kind == _CELL_RICH and len(body) >= 13:
                rich = _rich_string(body, 8, escapements)
                if rich is not None and rich[1]:
                    col = struct.unpack_from("<I", body, 0)[0]
                    missed.empty.setdefault(name, {})[(row + 1, col + 1)] = rich[1]
    return missed
