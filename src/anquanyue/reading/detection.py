"""Which schema a document is, and which of its sheets holds the form: by title and item wording."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

from anquanyue.reading.document import Document, Grid
from anquanyue.schema import Schema, split_template
from anquanyue.reading.textindex import TextIndex
from anquanyue.reading.textnorm import significant
from anquanyue.speed.compiled_regex import ModulePatterns

MIN_SHARE = 0.35  # below this share of a form's wording, a sheet is not that form
_patterns = ModulePatterns(__name__)
_YEAR_IN_TITLE = _patterns.compile(r"(20\d{2})\s*年")


@dataclass(frozen=True)
class Match:
    schema: Schema
    grid: Grid
    share: float  # 0..1 of the schema's wording found


_WORDING: dict[int, tuple[Schema, list[tuple[str, int]], int, tuple[str, ...], tuple[int, ...]]] = {}


def _wording(schema: Schema) -> tuple[list[tuple[str, int]], int]:
    """(significant text, weight) pairs and their total weight, computed once per schema."""
    cached = _cached_wording(schema)
    return cached[1], cached[2]


def _cached_wording(schema: Schema) -> tuple:
    """(schema, pieces, total, each piece's text, each piece's weighted length), made once per schema."""
    cached = _WORDING.get(id(schema))
    if cached is None or cached[0] is not schema:
        pieces = _pieces(schema)
        weighted = tuple(len(t) * w for t, w in pieces)
        cached = (schema, pieces, sum(weighted), tuple(t for t, _ in pieces), weighted)
        _WORDING[id(schema)] = cached
    return cached


def _pieces(schema: Schema) -> list[tuple[str, int]]:
    """(significant text, weight) pairs: the title counts thrice, item titles and prose literals once."""
    pieces = [(significant(schema.title), 3)]
    for item in [*schema.items, schema.other]:
        pieces.append((significant(item.title), 1))
        template = item.prose if hasattr(item, "prose") else item.record
        pieces += [(significant(text), 1) for kind, text in split_template(template) if kind == "text"]
    return [(text, weight) for text, weight in pieces if len(text) >= 2]


def _title_key(schema: Schema) -> str:
    return _wording(schema)[0][0][0]  # the title's significant text comes first


def score(schema: Schema, grid_text: str) -> float:
    _, _, total, texts, weighted = _cached_wording(schema)
    found = sum(compress(weighted, map(grid_text.__contains__, texts)))  # the pieces found, weighed (in C)
    return found / total if total else 0.0


def grid_text(grid: Grid) -> str:
    return TextIndex.of(grid).significant


def rank(document: Document, schemas: list[Schema], always: Schema | None = None) -> list[Match]:
    """(schema, visible grid) pairs, best first.

    A grid that carries some schemas' titles is scored against those only (a form names itself); one that
    carries none (the title deleted or retyped) against all of them. ``always`` (a forced schema) is scored too.
    """
    out = []
    for grid in document.grids:
        if grid.hidden:
            continue
        text = grid_text(grid)
        chosen = [s for s in schemas if _title_key(s) in text] or list(schemas)
        if always is not None and all(s is not always for s in chosen):
            chosen.append(always)
        for schema in chosen:
            out.append(Match(schema, grid, score(schema, text)))
    out.sort(key=lambda m: -m.share)
    return out


def title_cell(grid: Grid) -> str | None:
    """The form's title as written: the first cell near the top that names a 统计表."""
    index = TextIndex.of(grid)
    for k, cell in enumerate(grid.cells[:8]):
        if len(cell.text) < 80 and "统计表" in index.cell_significant(k):  # a long cell (an item's prose) is no title
            return cell.text.strip()
    return None


def other_title(schema: Schema, grid: Grid) -> str | None:
    """The title written on the form when it is not this schema's (another issuer's form of the same shape)."""
    title = title_cell(grid)
    if title is None or _title_key(schema) in significant(title):
        return None
    return title


def other_year(schema: Schema, grid: Grid) -> int | None:
    """A year written in the form's title line that is not the schema's year (a form of another year)."""
    title_key = _title_key(schema)[-10:]
    if not title_key:
        return None
    index = TextIndex.of(grid)
    for k, cell in enumerate(grid.cells[:6]):
        match = _YEAR_IN_TITLE.search(cell.text)  # first the year (most cells write none), then the title's words
        if match and int(match.group(1)) != schema.year and title_key in index.cell_significant(k):
            return int(match.group(1))
    return None


# --- another year's or version's form: its numbered item rows differ from the schema's ----------------------

_ROW_TITLE = _patterns.compile(r"^\s*(\d{1,2})\s*[.．、]\s*(\S*[\u4e00-\u9fff]{2}[^\n]*)")  # "3.聚焦…", never "6.28"
SAME_TITLE = 0.8  # difflib ratio above which two item titles are the same title (a typo, a changed quote)


def item_titles(grid: Grid) -> dict[int, str]:
    """The numbered item titles written on the form ("3.聚焦专项…" → {3: "聚焦专项…"}), first one of each number;
    empty unless they run 1, 2, 3… (a form whose rows are not numbered that way is not judged by them)."""
    if _TITLES[0] is grid:  # asked again for the same grid (by each schema it is compared with)
        return _TITLES[1]
    found: dict[int, str] = {}
    for cell in grid.cells:
        text = cell.text
        if not text or not (text[0].isdigit() or text[0].isspace()) or len(text) >= 120:
            continue
        title = _row_title(text)
        if title is not None:
            found.setdefault(*title)
    numbers = sorted(found)
    if len(numbers) < 2 or numbers != list(range(1, len(numbers) + 1)):
        found = {}
    _TITLES[:] = [grid, found]
    return found


_TITLES: list = [None, {}]  # the last grid asked about and its titles


@lru_cache(maxsize=4096)  # the same item title cells, form after form
def _row_title(text: str) -> tuple[int, str] | None:
    """(number, title) of a cell that is a numbered item title ("3.聚焦…"), else None."""
    match = _ROW_TITLE.match(text)
    return (int(match.group(1)), match.group(2).strip()) if match else None


@lru_cache(maxsize=4096)  # the same few dozen titles, form after form
def _same_title(a: str, b: str) -> bool:
    from difflib import SequenceMatcher

    x, y = significant(a), significant(b)
    return x == y or (len(x) >= 4 and len(y) >= 4 and (x in y or y in x)) or SequenceMatcher(None, x, y).ratio() >= SAME_TITLE


def first_difference(schema: Schema, grid: Grid) -> tuple[int, str, str] | None:
    """(item number, title on the form, title in the schema) of the first item row that differs, or None."""
    if _DIFFERENCE[0] is schema and _DIFFERENCE[1] is grid:  # asked again while the same form is read
        return _DIFFERENCE[2]
    _DIFFERENCE[:] = [schema, grid, _first_difference(schema, grid)]
    return _DIFFERENCE[2]


_DIFFERENCE: list = [None, None, None]  # the last (schema, grid) asked about and the answer


def _first_difference(schema: Schema, grid: Grid) -> tuple[int, str, str] | None:
    found = item_titles(grid)
    if not found:
        return None
    expected = _item_titles_of(schema)
    for number in sorted(found):  # a row the unit left out (no item 7 activities) is no other version
        on_form, in_schema = found[number], expected.get(number)
        if in_schema is None or not _same_title(on_form, in_schema):
            return number, on_form, in_schema or "（无此项）"
    return None


_EXPECTED: dict[int, tuple[Schema, dict[int, str]]] = {}


def _item_titles_of(schema: Schema) -> dict[int, str]:
    """The schema's item titles by number (item 7's among them), made once per schema."""
    cached = _EXPECTED.get(id(schema))
    if cached is None or cached[0] is not schema:
        expected = {item.number: item.title for item in schema.items}
        expected[schema.other.number] = schema.other.title
        cached = _EXPECTED[id(schema)] = (schema, expected)
    return cached[1]


def names_title(schema: Schema, grid: Grid) -> bool:
    """Whether the grid carries this schema's title (the form names itself as this one)."""
    return _title_key(schema) in grid_text(grid)
