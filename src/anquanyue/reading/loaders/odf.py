""".ods and .odt (OpenDocument, as LibreOffice and WPS save them) read from content.xml with the hardened parser.

.ods: each table a grid, cells as the .xlsx reader gives them (numbers from office:value, dates as ISO dates,
formulas by their saved result with the same warning, error results as shown). .odt: paragraphs and table
cells numbered as the .docx reader numbers them. Comments, tracked deletions and text boxes are not text; a
footnote or endnote is its citation, written raised as Word's reference is, not its text. Text raised or lowered
by its style (its own, a common one of styles.xml, or one it inherits from) is written so too.
"""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from anquanyue.issues import make
from anquanyue.reading.document import Cell, Document, Grid, LoadError, column_letter, number_text
from anquanyue.reading.textnorm import SUBSCRIPT, SUPERSCRIPT
from anquanyue.reading.loaders.odf_margins import margin_cells, master_pages, styles_root
from anquanyue.reading.loaders.ooxml import local, parse_part
from anquanyue.reading.loaders.script_runs import inherited_scripts, raise_element
from anquanyue.reading.textnorm import clean_text

MAX_REPEAT = 256  # a row or cell with text repeated more often than this is cut (empty ones only advance)
_SKIP = {"annotation", "tracked-changes", "frame"}  # comments, deleted text, text boxes
_FMT = {"ods": ".ods", "odt": ".odt"}
_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"


def _attr(node, name: str, default: str | None = None) -> str | None:
    for key, value in node.attrib.items():
        if local(key) == name:
            return value
    return default


def _inline(node, parts: list[str]) -> None:
    """Text of a paragraph's content: spaces (text:s), tabs and line breaks as they show."""
    if node.text:
        parts.append(node.text)
    for child in node:
        name = local(child.tag)
        if name == "s":
            count = _attr(child, "c", "1")
            parts.append(" " * (int(count) if count.isdigit() and int(count) < 1000 else 1))
        elif name == "tab":
            parts.append("\t")
        elif name == "line-break":
            parts.append("\n")
        elif name == "note":  # its citation where it is referred to, as the reader sees it; its text is elsewhere
            parts.append(_citation(child))
        elif name not in _SKIP:
            _inline(child, parts)
        if child.tail:
            parts.append(child.tail)


def _citation(note) -> str:
    """A note's citation ("1", or "i" for an endnote by LibreOffice's default) as a raised mark: its digits
    raised, anything else "*", never a digit the number before it could take."""
    citation = next((n for n in note if local(n.tag) == "note-citation"), None)
    text = "".join(citation.itertext()).strip() if citation is not None else ""
    return (text if text.isdecimal() and text.isascii() else "*").translate(SUPERSCRIPT)


def _lines(container) -> list[str]:
    """The paragraphs of a cell or section (lists and sections looked into), one string each."""
    out: list[str] = []
    for child in container:
        name = local(child.tag)
        if name in ("p", "h"):
            out.append(_paragraph(child))
        elif name in ("list", "list-item", "list-header", "section"):
            out.extend(_lines(child))
    return out


def _body(root, kind: str):
    body = next((n for n in root.iter("{*}body")), None)
    inner = next((n for n in body if local(n.tag) == ("spreadsheet" if kind == "ods" else "text")), None) \
        if body is not None else None
    return inner


def load_odf(path: Path, archive: zipfile.ZipFile, kind: str) -> Document:
    try:
        root = parse_part(archive, "content.xml", path, _FMT[kind])
    except (zipfile.BadZipFile, EOFError, zlib.error):
        raise LoadError("file-corrupt", location=str(path), fmt=_FMT[kind], detail="压缩数据损坏") from None
    body = _body(root, kind) if root is not None else None
    if body is None:
        raise LoadError("file-corrupt", location=str(path), fmt=_FMT[kind], detail="缺少正文")
    styles = styles_root(archive, path, _FMT[kind])
    _mark_scripts(root, styles)
    pages = master_pages(styles, _paragraph) if styles is not None else {}
    if kind == "odt":
        margins = [cell for texts in pages.values() for cell in margin_cells(texts, None, 0)]
        return Document(path, "odt", [Grid("正文", _text_cells(body))], margins=margins)
    hidden = _hidden_styles(root)
    masters = _master_of_tables(root)
    document = Document(path, "ods", [])
    for block, table in enumerate(n for n in body if local(n.tag) == "table"):
        name = _attr(table, "name", f"Sheet{block + 1}")
        cells = _sheet_cells(table, name, block, document)
        page = masters.get(_attr(table, "style-name"), next(iter(pages), ""))  # no style: the first (LibreOffice's Default)
        document.grids.append(Grid(name, cells, hidden=_attr(table, "style-name") in hidden,
                                   margins=margin_cells(pages.get(page, []), name, block)))
    return document


def _master_of_tables(root) -> dict[str, str]:
    """Table style name → the master page it prints with (its page header and footer)."""
    out = {}
    for style in root.iter("{*}style"):
        master = _attr(style, "master-page-name")
        if master is not None and _attr(style, "family") == "table":
            out[_attr(style, "name")] = master
    return out


def _position(style) -> dict | None | bool:
    """How a style sets its text (style:text-position "super", "sub", or a raise such as "33%" / "-33%"):
    SUPERSCRIPT, SUBSCRIPT, None for level text, False when it does not say (its parent's applies)."""
    props = style.find(_STYLE + "text-properties")
    where = (props.get(_STYLE + "text-position") or "").split() if props is not None else []
    if not where:
        return False
    raised = where[0]
    if raised.endswith("%"):
        try:
            raised = "super" if float(raised[:-1]) > 0 else "sub" if float(raised[:-1]) < 0 else ""
        except ValueError:
            return False
    return SUPERSCRIPT if raised == "super" else SUBSCRIPT if raised == "sub" else None


def _text_styles(*containers) -> tuple[dict[str, object], dict[str, str]]:
    """The text styles of ``containers`` (office:styles, office:automatic-styles; later ones over earlier ones by
    name): each one's ``_position``, and the parent of each that has one."""
    position: dict[str, object] = {}
    parent: dict[str, str] = {}
    for container in containers:
        if container is None:
            continue
        for style in container.iterchildren(_STYLE + "style"):
            if style.get(_STYLE + "family") != "text":
                continue
            name = style.get(_STYLE + "name") or ""
            position[name] = _position(style)
            inherits = style.get(_STYLE + "parent-style-name")
            if inherits:
                parent[name] = inherits
            else:
                parent.pop(name, None)
    return position, parent


def _script_styles(*containers) -> dict[str, dict]:
    """The text styles whose text is raised or lowered, by name → how it is written: their own text-position, or
    else the nearest along their parents (style:parent-style-name)."""
    position, parent = _text_styles(*containers)
    return inherited_scripts(position, {name: how for name, how in position.items() if how is not False}, parent)


def _mark_scripts(root, styles=None) -> None:
    """Text in a superscript or subscript span written as Unicode superscripts/subscripts, as in .docx and .xlsx,
    so that a footnote mark after a number ("12" and a raised "1") is never read as one of its digits (121): the
    body's spans by content.xml's automatic styles and styles.xml's common ones, the page headers' and footers'
    by styles.xml's automatic and common ones (each file's automatic styles are its own). The styles are looked
    at only when there are spans."""
    common = styles.find(_OFFICE + "styles") if styles is not None else None
    for tree in (root,) if styles is None else (root, styles):
        spans = list(tree.iter(_TEXT + "span"))
        if not spans:
            continue
        scripts = _script_styles(common, tree.find(_OFFICE + "styles") if tree is root else None,
                                 tree.find(_OFFICE + "automatic-styles"))
        for span in spans:
            table = scripts.get(span.get(_TEXT + "style-name"))
            if table is not None:
                raise_element(span, table)


def _hidden_styles(root) -> set[str]:
    hidden = set()
    for style in root.iter("{*}style"):
        props = next((n for n in style if local(n.tag) == "table-properties"), None)
        if props is not None and _attr(props, "display") == "false":
            hidden.add(_attr(style, "name"))
    return hidden


def _repeat(node, name: str) -> int:
    value = _attr(node, name, "1")
    return int(value) if value.isdigit() and int(value) > 0 else 1


def _rows(table):
    """The rows of a table, looking through header-rows, rows and row-groups."""
    for child in table:
        name = local(child.tag)
        if name == "table-row":
            yield child
        elif name in ("table-header-rows", "table-rows", "table-row-group"):
            yield from _rows(child)


def _cell_value(cell) -> tuple[str, str | None]:
    """A cell's text as a clerk sees it, and its formula (None if it has none)."""
    value_type = cell.get(_OFFICE + "value-type")
    shown = "\n".join(_lines(cell))
    if cell.get(_CALCEXT + "value-type") == "error":  # an error result (#DIV/0!) is saved as the float 0
        value_type = "string"
    if value_type in ("float", "percentage", "currency"):
        raw = _attr(cell, "value")
        try:
            text = number_text(float(raw)) if raw is not None else shown
        except ValueError:
            text = shown
    elif value_type == "date":
        text = (_attr(cell, "date-value") or shown)[:10]
    elif value_type == "boolean":
        text = "TRUE" if _attr(cell, "boolean-value") == "true" else "FALSE"
    else:
        text = shown
    formula = _attr(cell, "formula")
    if formula is not None:
        formula = "=" + formula.split(":", 1)[1].lstrip("=") if formula.startswith("of:") else formula
    return clean_text(text), formula


def _sheet_cells(table, sheet: str, block: int, document: Document) -> list[Cell]:
    cells: list[Cell] = []
    r = 0
    for row in _rows(table):
        rows = _repeat(row, "number-rows-repeated")
        found: list[tuple[int, str, str | None]] = []
        c = 0
        for cell in row:
            if local(cell.tag) not in ("table-cell", "covered-table-cell"):
                continue
            cols = _repeat(cell, "number-columns-repeated")
            if len(cell) or _attr(cell, "value-type"):
                text, formula = _cell_value(cell)
                if text.strip() or formula is not None:
                    found.extend((c + k + 1, text, formula) for k in range(min(cols, MAX_REPEAT)))
            c += cols
        for k in range(min(rows, MAX_REPEAT) if found else 0):
            number = r + k + 1
            for col, text, formula in found:
                location = f"{sheet}!{column_letter(col)}{number}"
                if formula is not None:
                    if not text.strip():
                        document.issues.append(make("formula-no-cached-value", location=location, formula=formula))
                        text = "（公式无结果）"  # stays in place: its blank is reported unreadable, never read as 0
                    else:
                        document.issues.append(make("formula-cached-value", location=location, formula=formula,
                                                    value=text))
                cells.append(Cell(text, location, number, col, block))
        r += rows
    return cells


def _text_cells(body) -> list[Cell]:
    cells: list[Cell] = []
    block = paragraph_no = table_no = 0
    for kind, element in _blocks(body):
        if kind == "p":
            paragraph_no += 1
            text = clean_text(_paragraph(element))
            if text.strip():
                cells.append(Cell(text, f"第{paragraph_no}段", paragraph_no, 1, block))
        else:
            table_no += 1
            for r, row in enumerate(_rows(element), 1):
                col, covered = 1, 0  # covered: cells still hidden under the last cell's horizontal span
                for cell in row:
                    name = local(cell.tag)
                    if name == "covered-table-cell":
                        if covered:
                            covered -= 1
                        else:  # under a cell spanning rows: a column of this row
                            col += 1
                    elif name == "table-cell":
                        text = clean_text("\n".join(_lines(cell)))
                        if text.strip():
                            cells.append(Cell(text, f"表{table_no} 第{r}行第{col}列", r, col, block))
                        span = min(_repeat(cell, "number-columns-spanned"), 1000)
                        col, covered = col + span, span - 1
        block += 1
    return cells


def _paragraph(paragraph) -> str:
    parts: list[str] = []
    _inline(paragraph, parts)
    return "".join(parts)


def _blocks(container):
    """Top-level paragraphs and tables in order, looking into lists and sections as Word's body would show them."""
    for child in container:
        name = local(child.tag)
        if name in ("p", "h"):
            yield "p", child
        elif name == "table":
            yield "table", child
        elif name in ("list", "list-item", "list-header", "section"):
            yield from _blocks(child)
