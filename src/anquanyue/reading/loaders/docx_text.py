"""A Word paragraph's text as a reader sees it on the page.

Accepted tracked insertions are read, deletions are not. Superscript and subscript runs (set directly, or through
a character style such as Word's 脚注引用 that a custom footnote mark is typed in) and footnote/endnote references
are written as Unicode superscripts/subscripts, so that a number's mark ("12¹") is never read as one of its digits
(``numbers.py`` names the mark). A text box or shape anchored in the paragraph is read where its
anchor sits (Word's alternative VML copy of it once), and reported: it floats over the page, so where it sits
is only approximately where its anchor is. A content control still showing its placeholder ("单击此处输入文字")
holds nothing.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from anquanyue.reading.loaders.ooxml import LOCAL_NAMES, local
from anquanyue.reading.textnorm import SUBSCRIPT, SUPERSCRIPT
from anquanyue.speed.compiled_regex import ModulePatterns

_SKIP = {"Fallback", "del", "moveFrom", "delText", "instrText", "sdtPr", "rPr", "pPr"}
_SPECIAL = {"txbxContent", "Fallback", "del", "moveFrom", "delText", "instrText", "vertAlign", "footnoteReference",
            "endnoteReference", "showingPlcHdr"}
_SPECIAL_TAGS = tuple("{*}" + name for name in sorted(_SPECIAL))
_BREAKS = {"tab": "\t", "br": "\n", "cr": "\n"}
_BREAK_TAGS = tuple("{*}" + name for name in _BREAKS)
_TEXT_TAGS = ("{*}t", *_BREAK_TAGS)
_FAST_TAGS = (*_SPECIAL_TAGS, *_TEXT_TAGS)
_STYLE_TAG = "{*}rStyle"
_STYLED_TAGS = (*_SPECIAL_TAGS, _STYLE_TAG)
_STYLED_FAST_TAGS = (*_FAST_TAGS, _STYLE_TAG)

BOX_OPEN, BOX_CLOSE = "\ue000", "\ue001"  # around a text box's text in a paragraph's, until it is placed
SCRIPT_TABLES = {"superscript": SUPERSCRIPT, "subscript": SUBSCRIPT}  # a run's vertAlign → how its text is written
Styles = Callable[[], dict]  # the document's raised character styles: style id → SUPERSCRIPT or SUBSCRIPT


def attr(node, name: str) -> str | None:
    return next((v for k, v in node.attrib.items() if local(k) == name), None)


def placeholder(sdt) -> bool:
    """Whether a content control shows its placeholder text instead of anything typed."""
    pr = next(sdt.iterchildren("{*}sdtPr"), None)
    return pr is not None and next(pr.iterchildren("{*}showingPlcHdr"), None) is not None


def text_tags(container, styles: Styles | None = None) -> tuple[str, ...] | None:
    """The tags every paragraph's text in ``container`` is made of, when nothing in it needs a closer look (no
    text box, deletion, field code, superscript, footnote, placeholder, run in a raised character style of
    ``styles``…): found in one pass over it, so that each paragraph is then read with the fewest tags (lxml's
    cost grows with their number). None otherwise."""
    if styles is None:
        if next(container.iter(*_SPECIAL_TAGS), None) is not None:
            return None
    else:  # the styles are asked for only when a run has one
        for node in container.iter(*_STYLED_TAGS):
            if LOCAL_NAMES[node.tag] != "rStyle" or attr(node, "val") in styles():
                return None
    return _TEXT_TAGS if next(container.iter(*_BREAK_TAGS), None) is not None else ("{*}t",)


def paragraph_text(p, boxes: list[str] | None = None, tags: tuple[str, ...] | None = None,
                   styles: Styles | None = None) -> str:
    """The paragraph's text; the text of every text box read into it is appended to ``boxes``. ``tags`` is
    ``text_tags`` of a container that holds ``p``; ``styles`` the document's raised character styles."""
    if tags is not None:  # nothing to look into: lxml finds the text nodes itself
        if len(tags) == 1:
            return "".join([node.text or "" for node in p.iter(tags[0])])
        return "".join([_BREAKS.get(LOCAL_NAMES[node.tag]) or node.text or "" for node in p.iter(*tags)])
    parts: list[str] = []
    for node in p.iter(*(_FAST_TAGS if styles is None else _STYLED_FAST_TAGS)):  # perhaps nothing to look into
        name = LOCAL_NAMES[node.tag]  # either: found in the same pass
        if name == "rStyle":
            if attr(node, "val") in styles():
                break
            continue
        if name in _SPECIAL:  # something to look into: walked below
            break
        parts.append(_BREAKS.get(name) or node.text or "")
    else:
        return "".join(parts)
    parts = []
    _walk(p, parts, boxes if boxes is not None else [], styles)
    return "".join(parts)


def _walk(node, parts: list[str], boxes: list[str], styles: Styles | None = None) -> None:
    for child in node:
        name = local(child.tag)
        if name in _SKIP:
            continue
        if name == "t":
            parts.append(child.text or "")
        elif name in _BREAKS:
            parts.append(_BREAKS[name])
        elif name == "r":
            parts.append(_run_text(child, boxes, styles))
        elif name in ("footnoteReference", "endnoteReference"):
            parts.append((attr(child, "id") or "*").translate(SUPERSCRIPT))
        elif name == "sdt":
            if not placeholder(child):
                _walk(child, parts, boxes, styles)
        elif name == "txbxContent":
            text = " ".join(t for t in (paragraph_text(q, boxes, styles=styles) for q in child.iter("{*}p"))
                            if t.strip())
            if text.strip():
                boxes.append(text.strip())
                parts.append(BOX_OPEN + text + BOX_CLOSE)
        elif len(child):
            _walk(child, parts, boxes, styles)


_patterns = ModulePatterns(__name__)
_BOX = _patterns.compile(BOX_OPEN + "(.*?)" + BOX_CLOSE, re.S)
_EMPTY_BLANK = _patterns.compile(r"[（(][ \t\u3000\u00a0]*[）)]")
_NUMBER = _patterns.compile(r"\s*[0-9０-９][0-9０-９,，]*\s*")


def place_boxes(text: str) -> tuple[str, bool]:
    """A cell's text with its text boxes' text where it belongs, and whether a box was put into a blank.

    A text box holding one number, in a cell with exactly one empty blank, is that blank's number (a unit typed
    it over the blank); anything else stays where the box is anchored.
    """
    if BOX_OPEN not in text:
        return text, False
    boxes = _BOX.findall(text)
    rest = _BOX.sub("", text)
    empty = _EMPTY_BLANK.findall(rest)
    if len(boxes) == 1 and len(empty) == 1 and _NUMBER.fullmatch(boxes[0]):
        return _EMPTY_BLANK.sub(lambda m: m.group(0)[0] + boxes[0].strip() + m.group(0)[-1], rest), True
    return text.replace(BOX_OPEN, "").replace(BOX_CLOSE, ""), False


def _run_text(run, boxes: list[str], styles: Styles | None = None) -> str:
    """A run's text, raised or lowered by its own vertAlign, or else by its character style's."""
    parts: list[str] = []
    _walk(run, parts, boxes, styles)
    text = "".join(parts)
    pr = next(run.iterchildren("{*}rPr"), None)
    if pr is None:
        return text
    align = next(pr.iterchildren("{*}vertAlign"), None)
    if align is not None:  # set on the run itself (baseline included): over its style's
        table = SCRIPT_TABLES.get(attr(align, "val"))
    else:
        style = next(pr.iterchildren(_STYLE_TAG), None) if styles is not None else None
        table = None if style is None else styles().get(attr(style, "val"))
    return text.translate(table) if table is not None else text
