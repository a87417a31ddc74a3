"""Several forms in one file: a workbook with a sheet per unit, a Word file (or a web page) with a form table per
unit.

Every sheet (every form table of a Word file) that carries a form's wording is read as its own form. A Word
document is one grid of paragraphs and tables; when more than one of its tables is a form on its own, the grid is
cut before each next form's title (or right after a form table, when no title follows it), so that each form
keeps the title and header line written above it and the lines written under it.
"""
from __future__ import annotations

from anquanyue.reading.detection import MIN_SHARE, score
from anquanyue.reading.document import Document, Grid
from anquanyue.reading.textindex import TextIndex
from anquanyue.schema import Schema


WORD_FORMATS = ("docx", "doc", "odt", "html")  # one body of paragraphs and tables, each table its own block ("表N …")


def form_grids(document: Document, schemas: list[Schema]) -> list[Grid]:
    """The places a form can be: each worksheet, or a Word body cut into one piece per form table (a table that
    carries enough of one of ``schemas``' wording on its own)."""
    return [piece for grid in document.grids for piece in _word_pieces(document, grid, schemas)]


def _word_pieces(document: Document, grid: Grid, schemas: list[Schema]) -> list[Grid]:
    if document.fmt not in WORD_FORMATS or grid.hidden:
        return [grid]
    firsts = {cell.block: cell for cell in reversed(grid.cells)}  # each block's first cell
    if sum(cell.location.startswith("表") for cell in firsts.values()) < 2:
        return [grid]  # one table (the common case): one form at most, nothing to score
    blocks: dict[int, list] = {}
    for cell in grid.cells:
        blocks.setdefault(cell.block, []).append(cell)
    forms = [block for block, cells in blocks.items() if cells[0].location.startswith("表")
             and max(score(s, TextIndex.build(cells).significant) for s in schemas) >= MIN_SHARE]
    if len(forms) < 2:
        return [grid]
    ends = [max(k for k, c in enumerate(grid.cells) if c.block == block) + 1 for block in forms]
    starts = [min(k for k, c in enumerate(grid.cells) if c.block == block) for block in forms]
    cuts = [0]
    for end, next_start in zip(ends, starts[1:]):
        # between two form tables: the next form begins at its title (统计表), if written; what precedes it (a 填报日期
        # line under the first table) stays with the first form
        title = next((k for k in range(end, next_start) if "统计表" in grid.cells[k].text), None)
        cuts.append(end if title is None else title)
    cuts.append(len(grid.cells))
    return [Grid(blocks[block][0].location.split(" ", 1)[0], grid.cells[lo:hi])  # named for its table: "表2"
            for block, lo, hi in zip(forms, cuts, cuts[1:])]
