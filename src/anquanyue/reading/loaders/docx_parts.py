"""The parts of a .docx besides its body: page headers and footers, embedded bodies (altChunk), and the character
styles that raise or lower their text."""
from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from functools import lru_cache
from pathlib import Path

from anquanyue.issues import make
from anquanyue.reading.document import Cell, Document, LoadError
from anquanyue.reading.loaders.docx_text import SCRIPT_TABLES, Styles, attr
from anquanyue.reading.loaders.ooxml import Part, parse_bytes, read_part
from anquanyue.reading.loaders.script_runs import inherited_scripts

_RELS = "word/_rels/document.xml.rels"
_STYLES = "word/styles.xml"
_STYLES_CACHED_MAX = 1 << 20  # Word's own run to 30-100 KB
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def relationships(archive: zipfile.ZipFile, path: Path) -> dict[str, tuple[str, str]]:
    """Relationship id → (type, part name) of word/document.xml (external targets left out). Forms made from
    one template carry the same part, so each distinct one (of a few KB) is parsed once; never modified."""
    return _parsed(archive, path, _RELS, _relationships_from, _CACHED_MAX)


def _parsed(archive: zipfile.ZipFile, path: Path, name: str, parse, cached_max: int) -> dict:
    """``parse(Part)`` of the part ``name`` ({} when there is none), remembered by ``parse``'s cache for parts up to
    ``cached_max`` bytes; a damaged part is named with the file's path."""
    try:
        data = Part(archive, name)
    except KeyError:
        return {}
    run = parse if data.size <= cached_max else parse.__wrapped__
    try:
        return run(data)
    except LoadError as exc:
        raise LoadError(exc.code, **{**exc.params, "location": str(path)}) from None


_CACHED_MAX = 64 * 1024


@lru_cache(maxsize=64)
def _relationships_from(part: Part) -> dict[str, tuple[str, str]]:
    root = parse_bytes(part.data(), _RELS, "", ".docx")
    out = {}
    for rel in root:
        target = rel.get("Target", "")
        if rel.get("TargetMode") == "External" or not target:
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("word", target))
        out[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], name)
    return out


def styles_of(archive: zipfile.ZipFile, path: Path) -> Styles:
    """The document's raised character styles (``raised_styles``), read when first asked for: only a document
    whose runs name a style needs word/styles.xml."""
    found: list[dict] = []

    def styles() -> dict:
        if not found:
            found.append(raised_styles(archive, path))
        return found[0]

    return styles


def raised_styles(archive: zipfile.ZipFile, path: Path) -> dict:
    """Character style id → SUPERSCRIPT or SUBSCRIPT (``docx_text``), for the styles whose text Word shows raised or
    lowered: their own vertAlign, or else the nearest one along their basedOn chain. Forms made from one template
    share the part, so each distinct one is parsed once; never modified."""
    return _parsed(archive, path, _STYLES, _raised_from, _STYLES_CACHED_MAX)


@lru_cache(maxsize=64)
def _raised_from(part: Part) -> dict:
    root = parse_bytes(part.data(), _STYLES, "", ".docx")
    based_on: dict[str, str] = {}
    align: dict[str, dict | None] = {}
    character = []
    for style in root.iterchildren("{*}style"):
        style_id = attr(style, "styleId") or ""
        if attr(style, "type") == "character":
            character.append(style_id)
        parent = next(style.iterchildren("{*}basedOn"), None)
        if parent is not None:
            based_on[style_id] = attr(parent, "val") or ""
        pr = next(style.iterchildren("{*}rPr"), None)
        vert = None if pr is None else next(pr.iterchildren("{*}vertAlign"), None)
        if vert is not None:
            align[style_id] = SCRIPT_TABLES.get(attr(vert, "val") or "")  # None: baseline
    return inherited_scripts(character, align, based_on)


def margins(archive: zipfile.ZipFile, path: Path, rels: dict[str, tuple[str, str]]) -> list[Cell]:
    """The text of the page headers, then of the page footers, as cells named 页眉/页脚."""
    cells: list[Cell] = []
    styles: Part | None | bool = False  # word/styles.xml, found at the first page header
    for kind, label in (("header", "页眉"), ("footer", "页脚")):
        for _, part in sorted(v for v in rels.values() if v[0] == kind):
            try:
                data = Part(archive, part)
            except KeyError:
                continue
            read = _margin_cells if data.size <= _CACHED_MAX else _margin_cells.__wrapped__
            styled = _names_a_style(data) if data.size <= _CACHED_MAX else b"rStyle" in data.data()
            if styled and styles is False:  # (a part of Word's own template runs to 350 KB: only when needed)
                try:
                    styles = Part(archive, _STYLES)
                except KeyError:
                    styles = None
            try:
                cells.extend(read(data, part, label, styles if styled else None))
            except LoadError as exc:
                raise LoadError(exc.code, **{**exc.params, "location": str(path)}) from None
    return cells


@lru_cache(maxsize=64)
def _names_a_style(data: Part) -> bool:
    """Whether a part's runs may name a character style (then its text depends on word/styles.xml)."""
    return b"rStyle" in data.data()


@lru_cache(maxsize=64)
def _margin_cells(data: Part, part: str, label: str, styles: Part | None) -> tuple[Cell, ...]:
    """A page header's or footer's cells, its runs raised by the ``styles`` part's raised character styles;
    forms from one template share these parts, so each is read once (the cells are tuples, never modified)."""
    from anquanyue.reading.loaders.docx import BodyReader

    reader = BodyReader(prefix=f"{label} ", styles=(lambda: _raised_from(styles)) if styles is not None else None)
    reader.read(parse_bytes(data.data(), part, "", ".docx"))
    return tuple(reader.cells)


def read_alt_chunks(archive: zipfile.ZipFile, path: Path, rels: dict[str, tuple[str, str]], reader,
                    document: Document) -> None:
    """Add the text of every embedded HTML body (altChunk) to the document; one that cannot be read is an
    error saying the file must be re-saved."""
    from anquanyue.reading.loaders.html import load_html

    grid = document.grids[0]
    for rid in reader.alt_chunks:
        part = rels.get(rid, ("", ""))[1]
        try:
            data = read_part(archive, part) if part else b""
        except KeyError:
            data = b""
        html = _html_of(part, data)
        if html is None:
            kind = part.rsplit(".", 1)[-1].upper() if "." in part else "未知格式"
            document.issues.append(make("file-altchunk", location=str(path), kind=kind, part=part or rid))
            continue
        try:
            embedded = load_html(path, html)
        except LoadError:
            document.issues.append(make("file-altchunk", location=str(path), kind="HTML", part=part or rid))
            continue
        block0 = max((c.block for c in grid.cells), default=-1) + 1
        for cell in embedded.grids[0].cells:
            grid.cells.append(cell._replace(location=f"嵌入内容 {cell.location}", block=block0 + cell.block))


def _html_of(part: str, data: bytes) -> bytes | None:
    """The HTML of an embedded part: an .htm(l)/.xhtml file, or the HTML inside an .mht (MIME) file."""
    suffix = part.lower().rsplit(".", 1)[-1]
    if suffix in ("htm", "html", "xhtml"):
        return data
    if suffix in ("mht", "mhtml"):
        import email  # here: only an embedded .mht needs it (its import costs every process ~10 ms)
        import email.policy

        message = email.message_from_bytes(data, policy=email.policy.compat32)
        for piece in message.walk():
            if piece.get_content_type() in _HTML_TYPES:
                payload = piece.get_payload(decode=True)
                if payload:
                    charset = piece.get_content_charset()
                    if charset:
                        try:
                            payload = payload.decode(charset).encode("utf-8")
                        except (LookupError, UnicodeDecodeError):
                            pass
                    return payload
    return None


def read_objects(archive: zipfile.ZipFile, path: Path, rels: dict[str, tuple[str, str]],
                 objects: list[tuple[int, str, str]], document: Document) -> None:
    """Put the cells of every embedded Excel workbook (a table pasted into Word as an object) where the object
    sits, each with a note; an embedded object that is no workbook, or cannot be read, is said to be one."""
    grid = document.grids[0]
    block = max((c.block for c in grid.cells), default=-1) + 1
    for position, rid, where in reversed(objects):
        part = rels.get(rid, ("", ""))[1]
        cells = _workbook_cells(archive, path, part) if part else None
        if cells is None:
            document.issues.append(make("object-unreadable", location=where, part=part or rid))
            continue
        grid.cells[position:position] = [c._replace(location=f"嵌入的 Excel 表格 {c.location}", block=block + c.block)
                                         for c in cells]
        block += max((c.block for c in cells), default=0) + 1
        document.issues.append(make("object-read", location=where, part=part))


def _workbook_cells(archive: zipfile.ZipFile, path: Path, part: str) -> list[Cell] | None:
    """The cells of the first visible sheet of an embedded workbook (.xlsx, or .xls in an OLE object)."""
    from anquanyue.reading.loaders.sniff import OLE_MAGIC, _check_sizes

    try:
        data = read_part(archive, part)
    except KeyError:
        return None
    try:
        if data.startswith(b"PK"):
            from anquanyue.reading.loaders.xlsx import load_xlsx

            with zipfile.ZipFile(io.BytesIO(data)) as inner:
                _check_sizes(inner, str(path))  # the embedded workbook's own parts, refused if a zip bomb
                if "xl/workbook.xml" not in inner.namelist():
                    return None
                embedded = load_xlsx(path, inner)
        elif data.startswith(OLE_MAGIC):
            from anquanyue.reading.loaders.xls import load_xls

            embedded = load_xls(path, data)
        else:
            return None
    except (LoadError, zipfile.BadZipFile, EOFError, ValueError, zlib.error):
        return None
    return next((g.cells for g in embedded.grids if not g.hidden and g.cells), None)
