"""Rich-text runs set in superscript or subscript, written as Unicode superscripts/subscripts (as the .docx and
.xlsx readers write such runs), so that a footnote mark after a number ("12" and a raised "1") is never read as
one of its digits (121): numbers.py names the mark and leaves it out. ``raise_runs`` for the binary formats whose
runs are counted in UTF-16 units (.xls BIFF8, .xlsb BIFF12); ``raise_element`` for the XML and HTML ones whose
raised text is an element (a web page's <sup>, an OpenDocument span)."""
from __future__ import annotations

from collections.abc import Iterable

from anquanyue.reading.textnorm import SUBSCRIPT, SUPERSCRIPT

SCRIPTS = {1: SUPERSCRIPT, 2: SUBSCRIPT}  # a font's escapement (BIFF8) or sss (BIFF12) → how its text is written
MAX_BASES = 32  # a style's chain of base styles is followed this far (a damaged file may loop)


def inherited_scripts(styles: Iterable, own: dict, base: dict) -> dict:
    """Each of ``styles`` whose text is raised or lowered → SUPERSCRIPT or SUBSCRIPT: by its own setting (``own``:
    style → the table, or None for level text), or else by the nearest style along its bases (``base``: style →
    the style it is based on) that has one. Word's character styles (.docx basedOn, .doc istdBase) and
    OpenDocument's text styles (parent-style-name) inherit so."""
    raised = {}
    for style in styles:
        at = style
        for _ in range(MAX_BASES):
            if at in own:
                if own[at] is not None:
                    raised[style] = own[at]
                break
            if at not in base:
                break
            at = base[at]
    return raised


def raise_runs(text: str, runs: list[tuple[int, int]], escapements: list[int]) -> str:
    """``text`` with each run (start in UTF-16 units, font index; in order, each up to the next) whose font's
    escapement (``escapements[font]``) is superscript or subscript written as such."""
    marked = []
    for i, (start, font) in enumerate(runs):
        table = SCRIPTS.get(escapements[font]) if 0 <= font < len(escapements) else None
        if table is not None:
            marked.append((start, runs[i + 1][0] if i + 1 < len(runs) else None, table))
    if not marked:
        return text
    index = _utf16_starts(text) if any(ord(ch) > 0xFFFF for ch in text) else None
    out, at = [], 0
    for start, end, table in marked:
        first = (index.get(start, len(text)) if index is not None else start)
        last = len(text) if end is None else (index.get(end, len(text)) if index is not None else end)
        first = max(first, at)
        out.append(text[at:first])
        out.append(text[first:last].translate(table))
        at = max(at, last)
    out.append(text[at:])
    return "".join(out)


def raise_element(element, table: dict) -> None:
    """The element's text and all its descendants' (their tails too: they are inside it, its own tail is not)
    written through ``table`` (SUPERSCRIPT or SUBSCRIPT), in place."""
    if element.text:
        element.text = element.text.translate(table)
    for inner in element.iterdescendants():
        if inner.text:
            inner.text = inner.text.translate(table)
        if inner.tail:
            inner.tail = inner.tail.translate(table)


def _utf16_starts(text: str) -> dict[int, int]:
    """UTF-16 offset → the index of the character starting there, for a text beyond the BMP."""
    starts, unit = {}, 0
    for index, ch in enumerate(text):
        starts[unit] = index
        unit += 2 if ord(ch) > 0xFFFF else 1
    starts[unit] = len(text)
    return starts
