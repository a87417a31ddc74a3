"""What calamine does not tell of an .xlsb: which cells hold an error value (#DIV/0!, #REF!, …).

calamine returns an error cell as an empty string, and an empty blank reads as 未填写 (counted 0). The sheet
parts are streams of BIFF12 records ([MS-XLSB] 2.1.4): a type and a size, each a little-endian run of 7-bit
groups. Only four are looked at: BrtBundleSh (0x9C: a sheet's name and part, in workbook.bin), BrtRowHdr (0x00:
the row of the cells that follow), BrtCellError (0x03) and BrtFmlaError (0x0B): an error value, typed or a
formula's result. (calamine reads the other formula results, BrtFmlaString/Num/Bool, 0x08-0x0A, itself.)
"""
from __future__ import annotations

import posixpath
import struct
import zipfile
from collections.abc import Iterator

from anquanyue.reading.loaders.ooxml import parse_part, read_part

_BUNDLE_SHEET, _ROW, _CELL_ERROR, _FORMULA_ERROR = 0x9C, 0x00, 0x03, 0x0B
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


def error_cells(archive: zipfile.ZipFile, path) -> dict[str, dict[tuple[int, int], str]]:
    """For each sheet that has any: (row, column) counted from 1 → the error value as Excel shows it."""
    found: dict[str, dict[tuple[int, int], str]] = {}
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
                found.setdefault(name, {})[(row + 1, col + 1)] = ERRORS.get(body[8], "#错误")
    return found
