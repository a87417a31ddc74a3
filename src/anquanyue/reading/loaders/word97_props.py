"""Word 97-2003 properties (.doc, .wps): property lists (sprms), the style sheet's character styles, and the
footnote and endnote references of the main text ([MS-DOC] 2.6, 2.9.271 STSH, 2.8.8 PlcffndRef).

What ``word97.py`` needs of them: a paragraph's table flags, a run's deletion mark and raised or lowered text,
whether set on the run (sprmCIss) or through its character style (sprmCIstd: Word's 脚注引用 style, in which a
custom footnote mark is typed, raises its text), and the number Word shows for each auto-numbered footnote or
endnote reference (the text holds 0x02 there).
"""
from __future__ import annotations

import struct
from functools import lru_cache

from anquanyue.reading.loaders.script_runs import SCRIPTS, inherited_scripts

# paragraph properties that place a paragraph in a table ([MS-DOC] 2.6.2)
IN_TABLE, TTP, ITAP, INNER_CELL, INNER_TTP = 0x2416, 0x2417, 0x6649, 0x244B, 0x244C
DEF_TABLE = 0xD608  # sprmTDefTable, on a row's end mark: its cells' edges
DELETED = 0x0800  # sprmCFRMarkDel: deleted with track changes on
SCRIPT = 0x2A48  # sprmCIss: 1 superscript, 2 subscript
STYLE = 0x4A30  # sprmCIstd: the run's character style
_TABLE_FLAGS = (IN_TABLE, TTP, INNER_CELL, INNER_TTP)
_NO_STYLE = 0x0FFF  # istdBase of a style based on none
_CHARACTER = 2  # stk of a character style
_MAX_STYLES = 4095  # istd is 12 bits
_STSH_CACHED_MAX = 1 << 20  # bytes; Word's own style sheets run to tens of KB, and a cache must not hold a huge one


def u16(data: bytes, offset: int) -> int:
    return struct.unpack_from("<H", data, offset)[0]


def u32(data: bytes, offset: int) -> int:
    return struct.unpack_from("<I", data, offset)[0]


def grpprl_flags(grpprl: bytes, wanted: frozenset[int] = frozenset()) -> dict[int, object]:
    """The table sprms of a paragraph's property list (operand value by sprm), or the ``wanted`` ones; for
    sprmTDefTable the row's cell edges, for sprmCIstd the style index."""
    found: dict[int, object] = {}
    pos = 0
    while pos + 2 <= len(grpprl):
        sprm = u16(grpprl, pos)
        pos += 2
        spra = sprm >> 13
        if spra in (0, 1):
            size = 1
        elif spra in (2, 4, 5):
            size = 2
        elif spra == 3:
            size = 4
        elif spra == 7:
            size = 3
        else:  # variable: a length byte (two for sprmTDefTable and sprmPChgTabs)
            if sprm in (DEF_TABLE, 0xC615) and pos + 2 <= len(grpprl):
                size = u16(grpprl, pos) + 1 if sprm == DEF_TABLE else grpprl[pos] + 1
            elif pos < len(grpprl):
                size = grpprl[pos] + 1
            else:
                break
        if sprm == STYLE and sprm in wanted:
            if pos + 2 <= len(grpprl):
                found[sprm] = u16(grpprl, pos)
        elif sprm in _TABLE_FLAGS or sprm in wanted:
            found[sprm] = grpprl[pos] if pos < len(grpprl) else 0
        elif sprm == ITAP and pos + 4 <= len(grpprl):
            found[sprm] = u32(grpprl, pos)
        elif sprm == DEF_TABLE and pos + 3 <= len(grpprl):
            count = grpprl[pos + 2] + 1  # itcMac + 1 edges
            if pos + 3 + 2 * count <= len(grpprl):
                found[sprm] = struct.unpack_from(f"<{count}h", grpprl, pos + 3)
        pos += size
    return found


def raised_styles(table: bytes, fc: int, lcb: int) -> dict[int, dict]:
    """Character style index (istd) → ``SCRIPTS`` table, for the character styles whose text Word shows raised or
    lowered: their own sprmCIss, or else the nearest one along their base styles. {} without a style sheet."""
    if lcb < 6 or fc + lcb > len(table):
        return {}
    return (_raised_in if lcb <= _STSH_CACHED_MAX else _raised_in.__wrapped__)(table[fc : fc + lcb])


@lru_cache(maxsize=64)
def _raised_in(stsh: bytes) -> dict[int, dict]:
    """``raised_styles`` of one style sheet: forms made from one template share it, so each distinct one is read
    once (~0.2 ms), up to ``_STSH_CACHED_MAX`` bytes; never modified."""
    cb_stshi = u16(stsh, 0)
    if cb_stshi < 4 or 2 + cb_stshi > len(stsh):
        return {}
    count, cb_base = u16(stsh, 2), u16(stsh, 4)  # cstd, cbSTDBaseInFile (10, or 18 with StdfPost2000)
    if cb_base < 10:
        return {}
    pos = 2 + cb_stshi
    based_on: dict[int, int] = {}
    script: dict[int, int] = {}  # sprmCIss set by the style itself
    character = []
    for istd in range(min(count, _MAX_STYLES)):
        if pos + 2 > len(stsh):
            break
        size = u16(stsh, pos)
        std = stsh[pos + 2 : pos + 2 + size]
        pos += 2 + size
        if size < cb_base + 2 or len(std) < size:  # an empty slot, or cut short
            continue
        kind_and_base = u16(std, 2)
        based_on[istd] = kind_and_base >> 4
        if kind_and_base & 0x000F != _CHARACTER:
            continue
        character.append(istd)
        at = cb_base + 4 + 2 * u16(std, cb_base)  # after the name: its length, characters, terminator
        if at + 2 > len(std):
            continue
        flags = grpprl_flags(std[at + 2 : at + 2 + u16(std, at)], frozenset({SCRIPT}))  # the UpxChpx
        if SCRIPT in flags:
            script[istd] = flags[SCRIPT]
    return inherited_scripts(character, {istd: SCRIPTS.get(iss) for istd, iss in script.items()},
                             {istd: base for istd, base in based_on.items() if base != _NO_STYLE})


def note_marks(table: bytes, *references: tuple[int, int]) -> dict[int, str]:
    """Character position → the mark Word shows there (``SCRIPTS`` superscript digits), for every auto-numbered
    reference of each ``(fc, lcb)`` PLC given (PlcffndRef for the footnotes, PlcfendRef for the endnotes):
    numbered 1, 2, 3 … in each, as Word numbers them by default."""
    marks: dict[int, str] = {}
    for fc, lcb in references:
        count = (lcb - 4) // 6  # count + 1 positions, then two bytes a reference (nAuto: 0 for a custom mark)
        if count <= 0 or fc + 4 * (count + 1) + 2 * count > len(table):
            continue
        positions = struct.unpack_from(f"<{count}I", table, fc)
        automatic = struct.unpack_from(f"<{count}h", table, fc + 4 * (count + 1))
        number = 0
        for cp, auto in zip(positions, automatic):
            if auto:
                number += 1
                marks[cp] = str(number).translate(SCRIPTS[1])
    return marks
