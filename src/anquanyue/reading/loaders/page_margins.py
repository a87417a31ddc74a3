"""A worksheet's page header and footer (.xlsx headerFooter, .xls HEADER/FOOTER records: what Excel prints at the top and bottom of each page): some templates
put the form's header line there (填报单位（盖章）：…  填报日期：…), and a unit fills it in 页面设置. Read as cells
apart from the sheet's (``Grid.margins``), used only for the header fields the sheet itself does not give.

[ECMA-376] 18.3.1.39: each header or footer is one string of three sections, &L, &C and &R, with codes: &P page
number, &N pages, &D date, &T time, &Z path, &F file, &A sheet, &G picture (nothing here); &B &I &U &E &S &O &H
font styles, &"font,style" a font, &nn a size, &K a colour (nothing here); &X and &Y turn superscript and
subscript on and off (written as Unicode superscripts/subscripts, as in a cell); && an ampersand.
"""
from __future__ import annotations

import re

from anquanyue.reading.document import Cell
from anquanyue.reading.textnorm import SUBSCRIPT, SUPERSCRIPT
from anquanyue.reading.textnorm import clean_text
from anquanyue.speed.compiled_regex import ModulePatterns

_PARTS = (("oddHeader", "页眉"), ("evenHeader", "偶数页页眉"), ("firstHeader", "首页页眉"),
          ("oddFooter", "页脚"), ("evenFooter", "偶数页页脚"), ("firstFooter", "首页页脚"))
_SECTIONS = {"L": ("左", 1), "C": ("中", 2), "R": ("右", 3)}
_patterns = ModulePatterns(__name__)
_CODE = _patterns.compile(r'&(?:"[^"]*"?|K(?:[0-9A-Fa-f]{6}|\d\d[+-]\d{3})|\d+|.)', re.S)


def sections(code: str) -> list[tuple[str, str]]:
    """A header or footer string's sections in order, (L/C/R, text), the codes taken out."""
    out: dict[str, list[str]] = {}
    section, script, at = "C", None, 0  # text before any &L/&C/&R is centred
    for match in _CODE.finditer(code):
        text = code[at : match.start()]
        out.setdefault(section, []).append(text.translate(script) if script else text)
        at = match.end()
        token = match.group()[1:]
        if token in _SECTIONS:
            section, script = token, None
        elif token == "&":
            out.setdefault(section, []).append("&")
        elif token == "X":
            script = None if script is SUPERSCRIPT else SUPERSCRIPT
        elif token == "Y":
            script = None if script is SUBSCRIPT else SUBSCRIPT
    tail = code[at:]
    out.setdefault(section, []).append(tail.translate(script) if script else tail)
    return [(key, "".join(out[key])) for key in "LCR" if key in out]


def margin_cells(root, namespace: str, sheet: str, block: int) -> list[Cell]:
    """An .xlsx sheet's page headers, then its footers (``cells``)."""
    found = root.find(namespace + "headerFooter")
    if found is None:
        return []
    return cells([(tag, part.text) for tag, _ in _PARTS if (part := found.find(namespace + tag)) is not None
                  and part.text], sheet, block)


def cells(parts: list[tuple[str, str]], sheet: str, block: int) -> list[Cell]:
    """Cells of (kind, header or footer string) pairs, kinds as in .xlsx (oddHeader, …, firstFooter), headers
    first: one cell a section that holds text, in row 0 (before the sheet's first row) and columns 1-3 (left,
    centre, right), named like 统计表 页眉（左）."""
    labels = dict(_PARTS)
    out = []
    for tag, _ in _PARTS:
        for kind, code in parts:
            if kind != tag:
                continue
            for key, text in sections(code):
                text = clean_text(text).strip()
                if text:
                    side, col = _SECTIONS[key]
                    out.append(Cell(text, f"{sheet} {labels[tag]}（{side}）", 0, col, block))
    return out
