""".xlsx read straight from its XML parts with lxml: cell values, not formulas.

A formula with a cached value gives that value (with a warning); one without is an error naming the cell.
Dates typed into cells (a number with a date format) become ISO dates, as a clerk sees them.
"""
from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path

from anquanyue.reading.document import Cell, Document, Grid, LoadError, number_text
from anquanyue.issues import make
from anquanyue.reading.textnorm import clean_text
from anquanyue.reading.textnorm import SUBSCRIPT, SUPERSCRIPT
from anquanyue.reading.loaders.page_margins import margin_cells
from anquanyue.reading.loaders.ooxml import Part, damaged, local, parse_bytes, parse_part
from anquanyue.speed.compiled_regex import ModulePatterns

_patterns = ModulePatterns(__name__)
_ESCAPE = _patterns.compile(r"_x([0-9A-Fa-f]{4})_")
_CELL_REF = _patterns.compile(r"([A-Z]+)(\d+)")
# built-in number formats that show a date (ECMA-376 18.8.30, plus the CJK ones Excel and WPS use)
_DATE_FORMATS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))
_DATE_CODE = _patterns.compile(r"[ymdYMD]|[年月日]")
_EPOCH = dt.datetime(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel counts a 1900-02-29 that never was)
_EPOCH_1904 = dt.datetime(1904, 1, 1)  # workbooks saved with the 1904 date system (Mac Excel): serial 0


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _text_of(element) -> str:
    """Text of a shared string or inline string: its <t> runs, without phonetic guides (<rPh>)."""
    if len(element) == 1 and element[0].tag.endswith("}t"):  # the common case: <si><t>…</t></si>
        return _unescape(element[0].text or "")
    parts = []
    for node in element.iter():
        if local(node.tag) == "t" and node.text and local(node.getparent().tag) != "rPh":
            parts.append(_marked(node.getparent(), node.text))
    return _unescape("".join(parts))


def _marked(run, text: str) -> str:
    """A rich-text run's text; a superscript or subscript run's as Unicode superscripts/subscripts, so that a
    footnote mark after a number is never read as one of its digits."""
    if local(run.tag) != "r":
        return text
    align = next(run.iter("{*}vertAlign"), None)
    where = None if align is None else align.get("val")
    if where == "superscript":
        return text.translate(SUPERSCRIPT)
    if where == "subscript":
        return text.translate(SUBSCRIPT)
    return text


def _shared_strings(archive, path, rels) -> list[str]:
    target = rels.get("sharedStrings")
    root = parse_part(archive, target, path, ".xlsx") if target else None
    if root is None:
        return []
    return [_text_of(si) for si in root.iterchildren("{*}si")]  # lxml picks them out in C


def _date_styles(archive, path, rels) -> set[int]:
    """Indexes of cell formats (cellXfs) that display a date."""
    target = rels.get("styles")
    root = parse_part(archive, target, path, ".xlsx") if target else None
    if root is None:
        return set()
    custom = {}
    for node in root.iter():
        if local(node.tag) == "numFmt":
            code = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", node.get("formatCode", ""))
            custom[int(node.get("numFmtId", "0"))] = bool(_DATE_CODE.search(code))
    dates = set()
    xfs = next((n for n in root if local(n.tag) == "cellXfs"), None)
    for index, xf in enumerate(xfs if xfs is not None else []):
        fmt = int(xf.get("numFmtId", "0"))
        if fmt in _DATE_FORMATS or custom.get(fmt):
            dates.add(index)
    return dates


def _workbook(archive, path):
    """[(sheet name, part name, hidden)] in workbook order, and the parts the workbook points to."""
    try:
        workbook, rels = Part(archive, "xl/workbook.xml"), Part(archive, "xl/_rels/workbook.xml.rels")
    except KeyError:
        raise LoadError("file-corrupt", location=str(path), fmt=".xlsx", detail="缺少工作簿目录") from None
    parse = _workbook_from if workbook.size + rels.size <= _CACHED_PARTS_MAX else _workbook_from.__wrapped__
    try:
        return parse(workbook, rels)
    except LoadError as exc:
        raise LoadError(exc.code, **{**exc.params, "location": str(path)}) from None


_CACHED_PARTS_MAX = 64 * 1024  # bytes; a real workbook part is a few KB, and a cache must not hold a huge one


@lru_cache(maxsize=64)
def _workbook_from(workbook: Part, rels: Part) -> tuple[tuple[tuple[str, str, bool], ...], dict[str, str], bool]:
    """``_workbook`` of these two parts. Forms made from one template carry the same two parts (they hold no
    filled-in text), so each distinct pair is inflated and parsed once. The result is never modified by its
    callers."""
    workbook_data, rels_data = workbook.data(), rels.data()
    root = parse_bytes(workbook_data, "xl/workbook.xml", "", ".xlsx")
    rels_root = parse_bytes(rels_data, "xl/_rels/workbook.xml.rels", "", ".xlsx")
    targets, kinds = {}, {}
    for rel in rels_root:
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id")] = target
        kinds[rel.get("Type", "").rsplit("/", 1)[-1]] = target
    sheets = []
    for node in root.iter("{*}sheet"):
        rid = next((v for k, v in node.attrib.items() if local(k) == "id"), None)
        if rid in targets:
            sheets.append((node.get("name", ""), targets[rid], node.get("state", "visible") != "visible"))
    date1904 = any(pr.get("date1904", "").lower() in ("1", "true") for pr in root.iter("{*}workbookPr"))
    return tuple(sheets), kinds, date1904


def _serial_date(value: str, epoch: dt.datetime = _EPOCH) -> str:
    try:
        return (epoch + dt.timedelta(days=float(value))).date().isoformat()
    except (ValueError, OverflowError):
        return value


class _DateStyles:
    """Which cell formats show a date; styles.xml is parsed only if a styled number appears."""

    def __init__(self, archive, path, rels, epoch: dt.datetime = _EPOCH) -> None:
        self._args = (archive, path, rels)
        self.epoch = epoch  # day 0 of the workbook's date system
        self._dates: set[int] | None = None

    def __contains__(self, index: int) -> bool:
        if self._dates is None:
            self._dates = _date_styles(*self._args)
        return index in self._dates


def load_xlsx(path: Path, archive: zipfile.ZipFile) -> Document:
    try:
        sheets, rels, date1904 = _workbook(archive, path)
        strings = _shared_strings(archive, path, rels)
        dates = _DateStyles(archive, path, rels, _EPOCH_1904 if date1904 else _EPOCH)
        document = Document(path, "xlsx", [], images=[n.startswith("xl/media/") for n in archive.namelist()].count(True))
        for block, (name, part, hidden) in enumerate(sheets):
            root = parse_part(archive, part, path, ".xlsx")
            cells = _cells(root, name, block, strings, dates, document) if root is not None else []
            margins = margin_cells(root, root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else "",
                                   name, block) if root is not None else []
            document.grids.append(Grid(name, cells, hidden=hidden, margins=margins))
    except (zipfile.BadZipFile, KeyError, ValueError, IndexError, EOFError, zlib.error) as exc:
        raise damaged(exc, path, ".xlsx") from None
    return document


@lru_cache(maxsize=4096)
def _position(ref: str) -> tuple[int, int] | None:
    """"B12" → (12, 2); None for a reference that is not a cell's."""
    match = _CELL_REF.fullmatch(ref)
    return (int(match.group(2)), _column_number(match.group(1))) if match else None


def _cells(root, sheet: str, block: int, strings: list[str], dates, document: Document) -> list[Cell]:
    cells: list[Cell] = []
    namespace = root.tag[: root.tag.index("}") + 1] if root.tag.startswith("{") else ""
    v_tag, is_tag = namespace + "v", namespace + "is"
    for c in root.iter(namespace + "c"):
        if not len(c):  # an empty (styled) cell: <c r="B1" s="1"/>
            continue
        ref = c.get("r", "")
        position = _position(ref)
        if position is None:
            continue
        kind = c.get("t", "n")
        formula = value = inline = None
        if len(c) == 1 and (tag := (child := c[0]).tag) in (v_tag, is_tag):  # <c …><v>7</v></c>, <c …><is>…</is></c>
            if tag == v_tag:
                value = child.text
            else:
                inline = child
        else:
            for child in c:
                name = local(child.tag)
                if name == "f":
                    formula = child.text or ("（共享公式）" if child.get("t") == "shared" else "")
                elif name == "v":
                    value = child.text
                elif name == "is":
                    inline = child
        if kind == "s" and value:
            text = strings[int(value)]
        elif kind == "inlineStr":
            text = _text_of(inline) if inline is not None else ""
        elif value is None or value == "":
            text = ""
        elif kind in ("str", "e"):
            text = _unescape(value)
        elif kind == "b":
            text = "TRUE" if value == "1" else "FALSE"
        elif c.get("s", "0") != "0" and int(c.get("s")) in dates:
            text = _serial_date(value, dates.epoch)
        else:
            text = number_text(float(value)) if any(ch in value for ch in ".eE") else value.lstrip("+")
        if formula is not None:
            location = f"{sheet}!{ref}"
            shown = "=" + formula if not formula.startswith("（") else formula
            if not text.strip():
                document.issues.append(make("formula-no-cached-value", location=location, formula=shown))
                text = "（公式无结果）"  # stays in place: its blank is reported unreadable, never read as 0
            else:
                document.issues.append(make("formula-cached-value", location=location, formula=shown, value=text))
        if text and not text.isspace():
            if not text.isprintable():  # a printable text holds no control character: nothing to clean
                text = clean_text(text)
            if text.strip():
                cells.append(Cell(text, f"{sheet}!{ref}", position[0], position[1], block))
    return cells
