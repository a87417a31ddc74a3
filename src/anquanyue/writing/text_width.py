"""How much room printed text takes: a width model of the forms' fonts, for row heights that never clip.

仿宋_GB2312 and 宋体 (and what WPS or LibreOffice put in their place: 仿宋, 宋体-方正, AR PL UMing) draw a
Chinese character and full-width punctuation (，。；：“”（）、) one em wide, digits and Latin letters about half
an em. Lines wrap anywhere between Chinese characters, but never inside a run of digits or Latin letters, and a
closing mark (，。）” …) never starts a line: the character before it moves down with it. A line is about 1.0 em
high in the real fonts (1.3 em in a row of Excel/WPS with its leading); row heights add a margin for a
substituted font that is wider or taller.
"""
from __future__ import annotations

import math
import re
import unicodedata
from bisect import bisect_right
from functools import lru_cache
from itertools import accumulate
from anquanyue.speed.compiled_regex import ModulePatterns

# a line may not begin with these (LibreOffice's and Word's Asian typography rules; WPS's alike)
NO_LINE_START = set("，。、；：？！）》」』】〕’”…—%,.;:?!)]}·～")
WIDTH_MARGIN = 0.92  # of a cell's width: room for a substituted font drawing slightly wider
LINE_EM = 1.3  # a wrapped line's height in an Excel/WPS row, in em
CELL_PADDING_PT = 7.0  # top and bottom space of a cell, with a little to spare
EXCEL_DIGIT_PX = 7  # Excel's column unit: the maximum digit width of the default font (Calibri 11) in pixels
EXCEL_PADDING_PX = 5
ROW_STEP_PT = 0.75  # row heights are whole pixels: rounded up, never down


@lru_cache(maxsize=4096)
def char_em(ch: str) -> float:
    """The width of one character in em: full-width 1, everything else (digits, Latin, ASCII marks) half."""
    if ch in "“”‘’":  # curly quotes: full width in the GB2312 fonts, however Unicode classes them
        return 1.0
    return 1.0 if unicodedata.east_asian_width(ch) in ("W", "F", "A") else 0.5


# unbreakable pieces: a run of half-width letters and digits is one piece, every other character one
_patterns = ModulePatterns(__name__)
_TOKEN = _patterns.compile(r"[0-9A-Za-z]+|.", re.S)


def wrap(paragraph: str, width_em: float) -> list[str]:
    """``paragraph`` broken into lines of at most ``width_em`` em, as a word processor breaks it."""
    lines: list[list[str]] = [[]]
    used = 0.0
    for token in _TOKEN.findall(paragraph):
        size = char_em(token) if len(token) == 1 else sum(map(char_em, token))
        if used + size > width_em and lines[-1]:
            if token[0] in NO_LINE_START and len(lines[-1]) > 1:
                carried = lines[-1].pop()  # the character before a closing mark goes down with it
                lines.append([carried])
                used = sum(map(char_em, carried))
            else:
                lines.append([])
                used = 0.0
        while used + size > width_em and len(token) > 1:  # a run longer than a line is broken inside
            cut = max(1, int((width_em - used) / char_em(token[0])))
            lines[-1].append(token[:cut])
            lines.append([])
            token, size, used = token[cut:], sum(map(char_em, token[cut:])), 0.0
        lines[-1].append(token)
        used += size
    return ["".join(line) for line in lines]


def line_count(text: str, width_em: float) -> int:
    """Printed lines of a cell holding ``text`` (paragraphs split at newlines) ``width_em`` em wide."""
    return sum(_lines(p, width_em) for p in text.split("\n"))


class _HalfEms(dict):
    """A character's code → its width in half ems (1 or 2), as ``str.translate`` takes it; filled as met."""

    def __missing__(self, code: int) -> int:
        self[code] = width = int(2 * char_em(chr(code)))
        return width


_HALF_EMS = _HalfEms()
_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")  # what runs are made of


def _half_ems(paragraph: str) -> bytes:
    """Each character's width in half ems."""
    return paragraph.translate(_HALF_EMS).encode("ascii")


def _piece_start(text: str, at: int) -> int:
    while at > 0 and text[at] in _ALNUM and text[at - 1] in _ALNUM:
        at -= 1
    return at


def _piece_end(text: str, at: int) -> int:
    if text[at] not in _ALNUM:
        return at + 1
    while at < len(text) and text[at] in _ALNUM:
        at += 1
    return at


def _lines(paragraph: str, width_em: float) -> int:
    """``len(wrap(paragraph, width_em))``, counted without making the lines: the same steps in whole half ems
    (exact), a line at a time: where a line ends is found by bisecting the running widths, then moved back to
    the start of its piece. Text with a run wider than a line (broken inside) is left to ``_lines_stepwise``."""
    cap = math.floor(2 * width_em)  # a line holds a whole number of half ems while it is at most ``cap``
    size = len(paragraph)
    if 2 * size <= cap:  # no character is wider than 2 half ems: one line, its widths unneeded
        return 1
    widths = _half_ems(paragraph)
    if sum(widths) <= cap:
        return 1
    # a run wider than a line has more than ``cap`` characters (at least 1 half em each)
    if cap < 2 or size > cap and max(map(len, _RUN.findall(paragraph)), default=0) > cap:
        return _lines_stepwise(paragraph, width_em)
    ends = list(accumulate(widths, initial=0))
    # lines; the last line's first character; the first character of it not placed whatever its width
    count, start, placed = 1, 0, 0
    while True:
        over = bisect_right(ends, cap + ends[start], placed + 1) - 1  # the first character past the line's end
        if over == size:
            return count
        over = _piece_start(paragraph, over)
        count += 1
        if paragraph[over] in NO_LINE_START and _piece_end(paragraph, start) < over:
            start, placed = _piece_start(paragraph, over - 1), over + 1  # the piece before goes down with it
        else:
            start = placed = over


def _lines_stepwise(paragraph: str, width_em: float) -> int:
    """``_lines`` a piece at a time (any text, runs wider than a line too)."""
    count, in_line, used, last = 1, 0, 0.0, 0.0  # lines; pieces on the last line, its width, its last piece's
    for token in _TOKEN.findall(paragraph):
        n = len(token)
        size = char_em(token) if n == 1 else 0.5 * n
        if used + size > width_em and in_line:
            count += 1
            if token[0] in NO_LINE_START and in_line > 1:  # the piece before a closing mark goes down with it
                in_line, used = 1, last
            else:
                in_line, used = 0, 0.0
        while used + size > width_em and n > 1:  # a run longer than a line is broken inside
            n -= max(1, int((width_em - used) / 0.5))
            size, count, in_line, used = 0.5 * n, count + 1, 0, 0.0
        in_line += 1
        last = size
        used += size
    return count


_RUN = _patterns.compile(r"[0-9A-Za-z]+")


def line_bound(text: str, width_em: float) -> int:
    """At least as many lines as ``line_count``, found without laying the text out (the report's long tables):
    a line ends at most ``waste`` em short of the cell's width, ``waste`` being the longest unbreakable run (or the
    1 em of a character carried down with a closing mark). Text with a run over half a line is laid out."""
    total = 0
    for paragraph in text.split("\n"):
        width = sum(_half_ems(paragraph)) / 2  # (exact: the sum of the characters' ``char_em``)
        if width <= width_em:
            total += 1
            continue
        longest = max((len(m) for m in _RUN.findall(paragraph)), default=0) * 0.5
        if longest > width_em / 2:
            total += _lines(paragraph, width_em)
        else:
            total += math.ceil(width / (width_em - max(1.0, longest)))
    return total


def excel_width_pt(width_chars: float) -> float:
    """A column's width in points from Excel's character units (as xlsxwriter and Excel size it)."""
    pixels = int(width_chars * EXCEL_DIGIT_PX + 0.5) + EXCEL_PADDING_PX if width_chars >= 1 else \
        int(width_chars * (EXCEL_DIGIT_PX + EXCEL_PADDING_PX) + 0.5)
    return pixels * 0.75


def usable_em(width_pt: float, font_pt: float) -> float:
    """How many em of text one line of a cell ``width_pt`` wide holds, with the margin for another font."""
    return (width_pt - 2 * 2.25) * WIDTH_MARGIN / font_pt  # Excel leaves 3 px either side of the text


def row_height(cells: list[tuple[str, float]], font_pt: float, exact: bool = True) -> float:
    """The height in points of a row whose cells hold ``(text, column width in points)``: the tallest cell.
    ``exact`` False: from ``line_bound`` (never lower, sometimes a line higher; fast for thousands of rows)."""
    count = line_count if exact else line_bound
    lines = max(count(text, usable_em(width, font_pt)) for text, width in cells)
    return math.ceil((lines * font_pt * LINE_EM + CELL_PADDING_PT) / ROW_STEP_PT - 1e-9) * ROW_STEP_PT
