"""An "xls" that is really an HTML table, as many web systems export; read with lxml (no network, no entities)."""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree, html
from anquanyue.speed.compiled_regex import ModulePatterns

_patterns = ModulePatterns(__name__)
_CHARSET = _patterns.compile(rb"charset\s*=\s*[\"']?([A-Za-z0-9_\-]+)", re.I)


def decode(data: bytes) -> str:
    """Declared charset first, then UTF-8, then GB18030 (what Chinese web systems export without saying so)."""
    declared = _CHARSET.search(data[:4096])
    candidates = [declared.group(1).decode("ascii")] if declared else []
    for encoding in [*candidates, "utf-8-sig", "gb18030"]:
        try:
            return data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("gb18030", errors="replace")

from anquanyue.reading.textnorm import clean_text
from anquanyue.reading.document import Cell, Document, Grid, LoadError


def load_html(path: Path, data: bytes | None = None) -> Document:
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", decode(path.read_bytes() if data is None else data))
    parser = html.HTMLParser(no_network=True, remove_comments=True, remove_pis=True)
    try:
        root = html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):  # lxml's English ("Document is empty") is not the clerk's
        raise LoadError("file-corrupt", location=str(path), fmt="HTML", detail="没有可读的网页内容") from None
    _marks(root)
    cells: list[Cell] = []
    block = 0
    several = sum(1 for _ in root.iter("table")) > 1  # then each is named as Word's are: 表1, 表2, …
    tables = 0
    for element in root.iter("table", "p", "h1", "h2", "h3", "div"):
        if element.tag != "table":
            if element.getparent() is not None and any(a.tag == "table" for a in element.iterancestors()):
                continue
            own = clean_text(element.text or "").strip()
            if own:
                cells.append(Cell(own, f"第{block + 1}段", block + 1, 1, block))
                block += 1
            continue
        tables += 1
        name = f"表{tables}" if several else "表格"
        for r, tr in enumerate(_own_rows(element), 1):
            for c, td in enumerate(tr.iterchildren("td", "th"), 1):
                text = clean_text("\n".join(t.strip() for t in _own_text(td, []) if t.strip()))
                if text:
                    cells.append(Cell(text, f"{name} 第{r}行第{c}列", r, c, block))
        block += 1
    return Document(path, "html", [Grid("网页表格", cells)])


def _own_rows(table):
    """The table's rows, not those of a table inside one of its cells (a layout table around the form: the inner
    table is read as a table of its own, once)."""
    for tr in table.iter("tr"):
        if next(tr.iterancestors("table"), None) is table:
            yield tr


def _own_text(node, parts: list[str]) -> list[str]:
    """A cell's text pieces in order, as ``itertext`` gives them, without those of a table inside it."""
    if node.text:
        parts.append(node.text)
    for child in node:
        if isinstance(child.tag, str) and child.tag != "table":
            _own_text(child, parts)
        if child.tail:
            parts.append(child.tail)
    return parts


def _marks(root) -> None:
    """<sup>/<sub> text, and text styled vertical-align: super/sub (as Word and Excel's web pages write it), as
    Unicode superscripts/subscripts: a footnote mark after a number is never one of its digits (``numbers.py``
    names it)."""
    from anquanyue.reading.textnorm import SUBSCRIPT, SUPERSCRIPT
    from anquanyue.reading.loaders.script_runs import raise_element

    tables = {"super": SUPERSCRIPT, "sub": SUBSCRIPT}
    classes = {name: tables[align] for sheet in root.iter("style") for name, align in _CLASS_ALIGN.findall(
        (sheet.text or "").lower())}  # .font7 { … vertical-align:super; … }, as Excel's web pages style runs
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        table = SUPERSCRIPT if element.tag == "sup" else SUBSCRIPT if element.tag == "sub" else None
        if table is None and "vertical-align" in (style := (element.get("style") or "").lower()):
            align = _VERTICAL_ALIGN.search(style)
            table = tables.get(align.group(1)) if align else None
        if table is None and classes and element.get("class"):
            table = next((classes[c] for c in element.get("class").lower().split() if c in classes), None)
        if table is not None:
            raise_element(element, table)


_VERTICAL_ALIGN = _patterns.compile(r"vertical-align\s*:\s*(super|sub)\b")
_CLASS_ALIGN = _patterns.compile(r"\.([\w-]+)\s*\{[^}]*?vertical-align\s*:\s*(super|sub)\b")
