"""Several forms in one file: a workbook with a sheet per unit, a Word file with a form table per unit.

Every sheet (every form table of a Word file) that carries a form's wording is read as its own form. A Word
document is one grid of paragraphs and tables; when more than one of its tables is a form on its own, the grid is
cut after each such table, so that each form keeps the title and header line written above it.
"""
from __future__ import annotations

from anquanyue.reading.detection import MIN_SHARE, Match, rank, score
from anquanyue.reading.document import Document, Grid
from anquanyue.reading.textindex import TextIndex
from anquanyue.schema import Schema


def form_grids(document: Document) -> list[Grid]:
    """The places a form can be: each worksheet, or a Word body cut into one piece per form table."""
    return [piece for grid in document.grids for piece in _word_pieces(document, grid)]


def _word_pieces(document: Document, grid: Grid) -> list[Grid]:
    if document.fmt != "docx" or grid.hidden:
        return [grid]
    blocks: dict[int, list] = {}
    for cell in grid.cells:
        blocks.setdefault(cell.block, []).append(cell)
    if sum(cells[0].location.startswith("表") for cells in blocks.values()) < 2:
        return [grid]  # one table (the common case): one form at most, nothing to score
    from anquanyue.schema import list_schemas

    schemas = list_schemas()
    forms = [block for block, cells in blocks.items() if cells[0].location.startswith("表")
             and max(score(s, TextIndex.build(cells).significant) for s in schemas) >= MIN_SHARE]
    if len(forms) < 2:
        return [grid]
    pieces: list[Grid] = []
    start = 0
    for number, block in enumerate(forms):
        last = number == len(forms) - 1
        end = len(grid.cells) if last else max(k for k, c in enumerate(grid.cells) if c.block == block) + 1
        name = blocks[block][0].location.split(" ", 1)[0]  # "表2"
        pieces.append(Grid(name, grid.cells[start:end]))
        start = end
    return pieces


def best_matches(grids: list[Grid], schemas: list[Schema], forced: Schema | None) -> list[tuple[Match, Match]]:
    """(the match read, the best match) for every visible grid that is a form, in the file's order.

    With ``forced``, the match read is the forced schema's (the best one may be another schema's)."""
    out = []
    for grid in grids:
        ranking = rank(Document(None, "", [grid]), schemas, always=forced)  # type: ignore[arg-type]
        if not ranking:
            continue
        best = ranking[0]
        chosen = best if forced is None else next((m for m in ranking if m.schema.id == forced.id), None)
        if chosen is not None and chosen.share >= MIN_SHARE:
            out.append((chosen, best))
    return out
