"""An OpenDocument file's page headers and footers (styles.xml's master pages): the header line of a form may be
written there (填报单位（盖章）：…  填报日期：…), as in Word's and Excel's. .odt: every master page's, as a Word
file's (``Document.margins``); .ods: each table its own master page's, by its table style (``Grid.margins``).
Used only for the header fields the form itself does not give.
"""
from __future__ import annotations

import zipfile
import zlib

from anquanyue.reading.document import Cell, LoadError
from anquanyue.reading.loaders.ooxml import local, parse_part
from anquanyue.reading.textnorm import clean_text

_KINDS = (("header", "页眉"), ("header-left", "偶数页页眉"), ("header-first", "首页页眉"),
          ("footer", "页脚"), ("footer-left", "偶数页页脚"), ("footer-first", "首页页脚"))
_REGIONS = {"region-left": ("左", 1), "region-center": ("中", 2), "region-right": ("右", 3)}


def styles_root(archive: zipfile.ZipFile, path, fmt: str):
    """styles.xml parsed (its common styles and master pages), or None when there is none or it is damaged: the
    form itself is still read (unsafe XML is refused, as anywhere)."""
    try:
        return parse_part(archive, "styles.xml", path, fmt)
    except (zipfile.BadZipFile, EOFError, zlib.error):
        return None
    except LoadError as exc:
        if exc.code != "file-corrupt":
            raise
        return None


def master_pages(root, paragraph) -> dict[str, list[tuple[str, str, int, str]]]:
    """Master page name → its headers' then footers' texts: (label, side or "", column, text), one a region of an
    .ods header (left, centre, right) or a paragraph; ``root``: ``styles_root``; ``paragraph`` gives a paragraph's
    text (odf.py's)."""
    pages: dict[str, list[tuple[str, str, int, str]]] = {}
    for page in root.iter("{*}master-page") if root is not None else ():
        name = next((v for k, v in page.attrib.items() if local(k) == "name"), "")
        texts = []
        for kind, label in _KINDS:
            for part in (n for n in page if local(n.tag) == kind):
                for child in part:
                    where = local(child.tag)
                    if where in _REGIONS:
                        side, col = _REGIONS[where]
                        text = "\n".join(paragraph(p) for p in child if local(p.tag) in ("p", "h"))
                        texts.append((label, side, col, text))
                    elif where in ("p", "h"):
                        texts.append((label, "", 1, paragraph(child)))
        pages[name] = texts
    return pages


def margin_cells(texts: list[tuple[str, str, int, str]], sheet: str | None, block: int) -> list[Cell]:
    """Cells of a master page's texts: for an .ods table named like 统计表 页眉（左）, for an .odt like 页眉 第1段."""
    cells, count = [], {}
    for label, side, col, text in texts:
        text = clean_text(text).strip()
        if not text:
            continue
        count[label] = count.get(label, 0) + 1
        where = f"{sheet} {label}（{side}）" if sheet is not None and side else (
            f"{sheet} {label}" if sheet is not None else f"{label} 第{count[label]}段")
        cells.append(Cell(text, where, 0, col, block))
    return cells
