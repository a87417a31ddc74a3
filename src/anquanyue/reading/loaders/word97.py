"""The text of a Word 97-2003 binary document (.doc, and .wps as WPS Writer saves it), read natively.

[MS-DOC] in brief: the WordDocument stream starts with the FIB, which says which table stream holds the piece
table (the CLX) and where the paragraph properties are (PlcBtePapx → PapxFkp pages). The piece table maps the
document's character positions (CPs) to bytes of the WordDocument stream: cp1252 bytes for "compressed" pieces,
UTF-16LE for the others. The main text is CPs [0, ccpText).

Special characters of the text stream: 0x0D ends a paragraph, 0x07 ends a table cell or (as a paragraph of its
own, marked TTP in its properties) a table row, 0x0B is a line break, 0x13/0x14/0x15 begin a field, separate its
code from its result, and end it (only the result is text), 0x01/0x08 stand for pictures and drawn objects,
0x02 for an auto-numbered footnote or endnote reference (written as the number Word shows, raised). Properties,
styles and note references: ``word97_props.py``.

Why not a library: antiword-based packages need its C program; legacy-doc gives flat text (no cells, no rows)
from a CLX it finds by scanning; msdoc2docx (a 0.x, 880 KB converter to .docx) gives the same cells through
our .docx reader but takes ~140 ms a file where this takes ~1 ms, and parses far more of a hostile file.
"""
from __future__ import annotations

import bisect
import struct
from typing import NamedTuple

from anquanyue.reading.loaders.script_runs import SCRIPTS
from anquanyue.reading.loaders.word97_props import (DEF_TABLE, DELETED, IN_TABLE, INNER_CELL, INNER_TTP, ITAP, SCRIPT,
                                                     STYLE, TTP, grpprl_flags, note_marks, raised_styles, u16, u32)

WORD_MAGIC = 0xA5EC
WORD97_NFIB = 0x00C1  # Word 97 and later write nFib >= 193; Word 6.0/95 wrote 101-105 (another layout)
_FIELD_BEGIN, _FIELD_SEPARATE, _FIELD_END = "\x13", "\x14", "\x15"
_CELL = "\x07"
# one character each: what the text stream's control characters become (None: dropped)
_CONTROL = {"\x0b": "\n", "\x0c": "\n", "\x0e": "\n", "\x1e": "-", "\x1f": None, "\xa0": " ",
            **{chr(c): None for c in (0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x08)}}
_WANTED_CHP = frozenset({DELETED, SCRIPT, STYLE})
_PAGE = 512
MAX_PIECES = 100_000  # a real document has a handful; a damaged table must not make us loop for long


class Word97Error(Exception):
    """A .doc that cannot be read; ``reason`` is Chinese text for the clerk, ``encrypted`` a password,
    ``old`` a Word 6.0/95 document."""

    def __init__(self, reason: str, *, encrypted: bool = False, old: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.encrypted = encrypted
        self.old = old  # Word 6.0/95: another layout, not damaged


class Paragraph(NamedTuple):
    text: str  # without its end mark; fields reduced to their results
    end: str  # "\r" paragraph, "\x07" table cell or row end
    in_table: bool
    row_end: bool  # the paragraph that ends a table row (TTP)
    inner: bool  # a cell or row end of a table nested in a cell (read as a line of the outer cell)
    edges: tuple[int, ...] = ()  # on a row end: the row's cell edges (twips from the left), from sprmTDefTable


class _Fib(NamedTuple):
    table_stream: str
    ccp_text: int
    clx: tuple[int, int]  # (fc, lcb) in the table stream
    bte_papx: tuple[int, int]  # paragraph properties
    bte_chpx: tuple[int, int]  # character properties
    ccp_ftn: int = 0  # the footnotes' characters, after the main text's
    ccp_hdd: int = 0  # the page headers' and footers' characters, after the footnotes'
    styles: tuple[int, int] = (0, 0)  # the style sheet (STSH)
    footnotes: tuple[int, int] = (0, 0)  # where the main text refers to its footnotes (PlcffndRef)
    endnotes: tuple[int, int] = (0, 0)  # … and to its endnotes (PlcfendRef)


def read_fib(word: bytes) -> _Fib:
    try:
        if u16(word, 0) != WORD_MAGIC:
            raise Word97Error("文档头标识不对")
        if u16(word, 2) < WORD97_NFIB:
            raise Word97Error("Word 6.0/95 或更早版本", old=True)
        flags = u16(word, 0x0A)
        if flags & 0x0100 or flags & 0x8000:  # fEncrypted, fObfuscated
            raise Word97Error("文档已加密", encrypted=True)
        table = "1Table" if flags & 0x0200 else "0Table"
        pos = 32
        csw = u16(word, pos)
        pos += 2 + csw * 2
        cslw = u16(word, pos)
        lw = pos + 2
        ccp_text = u32(word, lw + 3 * 4) if cslw > 3 else 0
        ccp_ftn, ccp_hdd = (u32(word, lw + 4 * 4), u32(word, lw + 5 * 4)) if cslw > 5 else (0, 0)
        pos = lw + cslw * 4
        count = u16(word, pos)
        blob = pos + 2
        if count < 34:
            raise Word97Error("文档头不完整")

        def pair(index: int) -> tuple[int, int]:
            return u32(word, blob + index * 8), u32(word, blob + index * 8 + 4)

        endnotes = pair(46) if count > 46 else (0, 0)
        return _Fib(table, ccp_text, pair(33), pair(13), pair(12), ccp_ftn, ccp_hdd, pair(1), pair(2), endnotes)
    except struct.error:
        raise Word97Error("文档头不完整") from None


class Piece(NamedTuple):
    cp_start: int
    cp_end: int
    offset: int  # byte offset in the WordDocument stream
    compressed: bool  # one byte a character (cp1252) instead of two (UTF-16LE)


def read_pieces(table: bytes, fc: int, lcb: int) -> list[Piece]:
    """The piece table from the CLX: skip the Prc records (0x01), read the Pcdt (0x02)."""
    if lcb == 0 or fc + lcb > len(table):
        raise Word97Error("缺少文字索引")
    clx = table[fc : fc + lcb]
    pos = 0
    try:
        while pos < len(clx) and clx[pos] == 0x01:
            pos += 3 + struct.unpack_from("<h", clx, pos + 1)[0]
        if pos >= len(clx) or clx[pos] != 0x02:
            raise Word97Error("文字索引损坏")
        size = u32(clx, pos + 1)
        plc = clx[pos + 5 : pos + 5 + size]
        count = (len(plc) - 4) // 12
        if count <= 0 or count > MAX_PIECES or len(plc) < count * 12 + 4:
            raise Word97Error("文字索引损坏")
        cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
        pieces = []
        for i in range(count):
            fc_raw = u32(plc, (count + 1) * 4 + i * 8 + 2)
            compressed = bool(fc_raw & 0x40000000)
            offset = (fc_raw & 0x3FFFFFFF) // 2 if compressed else fc_raw & 0x3FFFFFFF
            if cps[i + 1] < cps[i]:
                raise Word97Error("文字索引损坏")
            pieces.append(Piece(cps[i], cps[i + 1], offset, compressed))
    except struct.error:
        raise Word97Error("文字索引损坏") from None
    return pieces


def main_text(word: bytes, pieces: list[Piece], ccp_text: int, start: int = 0) -> tuple[str, list[int]]:
    """The main document's characters (CPs [``start``, ``ccp_text``): another story's with ``start``) and, for
    each, its byte offset in the WordDocument stream."""
    chars: list[str] = []
    offsets: list[int] = []
    for piece in pieces:
        if piece.cp_start >= ccp_text:
            break
        if piece.cp_end <= start:
            continue
        if piece.cp_start < start:  # the story begins inside this piece
            width = 1 if piece.compressed else 2
            piece = Piece(start, piece.cp_end, piece.offset + (start - piece.cp_start) * width, piece.compressed)
        length = min(piece.cp_end, ccp_text) - piece.cp_start
        width = 1 if piece.compressed else 2
        raw = word[piece.offset : piece.offset + length * width]
        if len(raw) < length * width:
            raise Word97Error("正文数据不完整")
        text = raw.decode("cp1252", errors="replace") if piece.compressed else raw.decode("utf-16-le", errors="replace")
        if len(text) != length:  # a surrogate pair counts two CPs: keep the positions aligned
            text = text.encode("utf-16-le", errors="surrogatepass").decode("utf-16-le", errors="replace")
            text = text[:length].ljust(length, "\ufffd")
        chars.append(text)
        offsets.extend(range(piece.offset, piece.offset + length * width, width))
    return "".join(chars), offsets


class ParagraphProperties:
    """The table flags of the paragraph that ends at a byte offset, from the PapxFkp pages."""

    def __init__(self, word: bytes, table: bytes, fc: int, lcb: int) -> None:
        self.word = word
        self.bounds: list[int] = []
        self.pages: list[int] = []
        self._cache: dict[int, tuple[list[int], list[dict[int, int]]]] = {}
        self.pages = _pages(table, fc, lcb)
        if self.pages:
            self.bounds = list(struct.unpack_from(f"<{len(self.pages) + 1}I", table, fc))

    def _page(self, number: int) -> tuple[list[int], list[dict[int, int]]]:
        if number not in self._cache:
            page = self.word[number * _PAGE : (number + 1) * _PAGE]
            if len(page) < _PAGE:
                raise Word97Error("段落格式数据不完整")
            crun = page[-1]
            fcs = list(struct.unpack_from(f"<{crun + 1}I", page, 0))
            props = []
            for i in range(crun):
                offset = page[(crun + 1) * 4 + i * 13] * 2
                flags: dict[int, int] = {}
                if offset:
                    cb = page[offset]
                    start, size = (offset + 1, 2 * cb - 1) if cb else (offset + 2, 2 * page[offset + 1])
                    grpprl = page[start : start + size]
                    flags = grpprl_flags(grpprl[2:])  # after the style index (istd)
                props.append(flags)
            self._cache[number] = (fcs, props)
        return self._cache[number]

    def at(self, fc: int) -> dict[int, int]:
        index = bisect.bisect_right(self.bounds, fc) - 1
        if index < 0 or index >= len(self.pages):
            return {}
        fcs, props = self._page(self.pages[index])
        run = bisect.bisect_right(fcs, fc) - 1
        return props[run] if 0 <= run < len(props) else {}


def _pages(table: bytes, fc: int, lcb: int) -> list[int]:
    """The page numbers of a PlcBte (PlcBtePapx, PlcBteChpx): where the formatting pages are."""
    if lcb < 4 or fc + lcb > len(table):
        return []
    count = (lcb - 4) // 8
    return [v & 0x3FFFFF for v in struct.unpack_from(f"<{count}I", table, fc + (count + 1) * 4)]


def character_ranges(word: bytes, table: bytes, fc: int, lcb: int,
                     styles: dict[int, dict] | None = None) -> tuple[list[tuple[int, int]], list[tuple]]:
    """Byte ranges of the WordDocument stream, from the direct character formatting (ChpxFkp pages): those holding
    text deleted with track changes on (sprmCFRMarkDel: Word keeps it in the text until the change is accepted,
    and shows it struck through), and those set in superscript or subscript, with how: by the run (sprmCIss), or
    else by its character style (sprmCIstd, one of ``styles``: ``word97_props.raised_styles``)."""
    deleted, raised = [], []
    for number in _pages(table, fc, lcb):
        page = word[number * _PAGE : (number + 1) * _PAGE]
        if len(page) < _PAGE:
            raise Word97Error("字符格式数据不完整")
        crun = page[-1]
        fcs = struct.unpack_from(f"<{crun + 1}I", page, 0)
        for i in range(crun):
            offset = page[(crun + 1) * 4 + i] * 2
            if not offset:
                continue
            flags = grpprl_flags(page[offset + 1 : offset + 1 + page[offset]], _WANTED_CHP)
            if flags.get(DELETED):
                deleted.append((fcs[i], fcs[i + 1]))
            how = SCRIPTS.get(flags[SCRIPT]) if SCRIPT in flags else (styles or {}).get(flags.get(STYLE))
            if how is not None:
                raised.append((fcs[i], fcs[i + 1], how))
    return sorted(deleted), sorted(raised, key=lambda r: r[:2])


def _raise(text: str, offsets: list[int], ranges: list[tuple]) -> str:
    """Characters set in superscript or subscript written as Unicode superscripts/subscripts, as the .docx reader
    writes them, so that a footnote mark after a number ("12" and a raised "1") is never one of its digits."""
    if not ranges:
        return text
    starts = [start for start, *_ in ranges]
    out = list(text)
    for i, at in enumerate(offsets):
        k = bisect.bisect_right(starts, at) - 1
        if k >= 0 and ranges[k][0] <= at < ranges[k][1]:
            out[i] = text[i].translate(ranges[k][2])
    return "".join(out)


def _note_marks(text: str, offsets: list[int], marks: dict[int, str]) -> tuple[str, list[int]]:
    """The main text with each footnote or endnote reference (0x02 at a character position of ``marks``) written
    as the mark Word shows there, its characters at the reference's byte offset (so formatted as it is)."""
    if not marks:
        return text, offsets
    parts, places, at = [], [], 0
    for cp in sorted(marks):
        if cp < at or cp >= len(text) or text[cp] != "\x02":  # not a reference in this text: left as it is
            continue
        parts.append(text[at:cp])
        places.extend(offsets[at:cp])
        parts.append(marks[cp])
        places.extend([offsets[cp]] * len(marks[cp]))
        at = cp + 1
    parts.append(text[at:])
    places.extend(offsets[at:])
    return "".join(parts), places


def _keep(text: str, offsets: list[int], ranges: list[tuple[int, int]]) -> tuple[str, list[int]]:
    """The text without the characters whose bytes lie in ``ranges``."""
    if not ranges:
        return text, offsets
    starts = [start for start, _ in ranges]
    kept = [i for i, at in enumerate(offsets)
            if (k := bisect.bisect_right(starts, at) - 1) < 0 or not ranges[k][0] <= at < ranges[k][1]]
    return "".join(text[i] for i in kept), [offsets[i] for i in kept]


def strip_fields(text: str) -> str:
    """A field's result without its code: ``{code|result}`` → ``result``; nested fields alike."""
    if _FIELD_BEGIN not in text:
        return text
    out: list[str] = []
    stack: list[bool] = []  # for each open field: whether its result has begun
    for ch in text:
        if ch == _FIELD_BEGIN:
            stack.append(False)
        elif ch == _FIELD_SEPARATE and stack:
            stack[-1] = True
        elif ch == _FIELD_END and stack:
            stack.pop()
        elif all(stack):
            out.append(ch)
    return "".join(out)


def margin_texts(word: bytes, table: bytes) -> list[str]:
    """The paragraphs of the page headers and footers (the header story, after the main text and the footnotes:
    every section's, headers and footers alike), their field codes taken out; raised and deleted text as in the
    main text."""
    fib = read_fib(word)
    start = fib.ccp_text + fib.ccp_ftn
    if not fib.ccp_hdd:
        return []
    text, offsets = main_text(word, read_pieces(table, *fib.clx), start + fib.ccp_hdd, start)
    deleted, raised = character_ranges(word, table, *fib.bte_chpx, raised_styles(table, *fib.styles))
    text, _ = _keep(_raise(text, offsets, raised), offsets, deleted)
    out = []
    for line in text.split("\r"):
        body = strip_fields(line)
        body = "".join(_CONTROL.get(c, c) or "" for c in body) if any(c in _CONTROL for c in body) else body
        if body.strip():
            out.append(body)
    return out


def paragraphs(word: bytes, table: bytes) -> list[Paragraph]:
    """The main document's paragraphs in order, each with its table flags."""
    fib = read_fib(word)
    text, offsets = main_text(word, read_pieces(table, *fib.clx), fib.ccp_text)
    text, offsets = _note_marks(text, offsets, note_marks(table, fib.footnotes, fib.endnotes))
    deleted, raised = character_ranges(word, table, *fib.bte_chpx, raised_styles(table, *fib.styles))
    text, offsets = _keep(_raise(text, offsets, raised), offsets, deleted)
    props = ParagraphProperties(word, table, *fib.bte_papx)
    out: list[Paragraph] = []
    start = 0
    for i, ch in enumerate(text):
        if ch not in "\r\x07":
            continue
        flags = props.at(offsets[i])
        body = strip_fields(text[start:i])
        body = "".join(_CONTROL.get(c, c) or "" for c in body) if any(c in _CONTROL for c in body) else body
        depth = flags.get(ITAP, 1 if flags.get(IN_TABLE) else 0)
        inner = depth > 1 and ch == "\r" and bool(flags.get(INNER_CELL) or flags.get(INNER_TTP))
        in_table = bool(flags.get(IN_TABLE)) or depth > 0 or ch == _CELL
        row_end = ch == _CELL and bool(flags.get(TTP)) and not inner
        edges = flags.get(DEF_TABLE, ()) if row_end else ()
        out.append(Paragraph(body, ch, in_table, row_end, inner, edges))
        start = i + 1
    if start < len(text) and text[start:].strip("\r\x00"):
        out.append(Paragraph(strip_fields(text[start:]), "\r", False, False, False))
    return out
