"""A grid's cells joined into one loosely comparable string that still knows where every character came from."""
from __future__ import annotations

import bisect
from itertools import accumulate
from dataclasses import dataclass, field

from anquanyue.reading.document import Cell, Grid
from anquanyue.reading.textnorm import fold, fold_char, fold_with_significant, significant_of_folded


_PLUS_ONE = (1).__add__


@dataclass
class TextIndex:
    cells: list[Cell]
    orig: str  # cell texts joined by "\n"
    norm: str  # NFKC-folded, same order
    norm_to_orig: list[int] | None  # len(norm) + 1 entries; None when folding kept every length
    cell_starts: list[int]  # offset of each cell in ``orig``
    _significant: str | None = field(default=None, repr=False)

    @classmethod
    def of(cls, grid: Grid) -> "TextIndex":
        """The grid's index, built once: detection and extraction read the same folded text."""
        if grid.index is None or grid.index.cells is not grid.cells:
            grid.index = cls.build(grid.cells)
        return grid.index

    def cell_significant(self, k: int) -> str:
        """``textnorm.significant`` of cell ``k``'s text, from the folded text already made."""
        if self.norm_to_orig is not None:  # folding changed lengths: norm offsets are not the cells' offsets
            return significant_of_folded(fold(self.cells[k].text)[0])
        start = self.cell_starts[k]
        return significant_of_folded(self.norm[start : start + len(self.cells[k].text)])

    @property
    def significant(self) -> str:
        """The grid's wording only (see ``textnorm.significant``), for detection."""
        if self._significant is None:
            self._significant = significant_of_folded(self.norm)
        return self._significant

    @classmethod
    def build(cls, cells: list[Cell]) -> "TextIndex":
        chunks = [cell.text for cell in cells]
        # each cell's offset: the lengths before it, each with its "\n" (summed in C: every form is indexed)
        starts = list(accumulate(map(_PLUS_ONE, map(len, chunks[:-1])), initial=0)) if chunks else []
        orig = "\n".join(chunks)
        vectors = fold_with_significant(orig)  # a form's whole text: folded and its wording in one pass
        if vectors is not None:
            return cls(cells, orig, vectors[0], None, starts, vectors[1])
        folded, same_length = fold(orig)
        if same_length:
            return cls(cells, orig, folded, None, starts)
        norm_chars: list[str] = []
        mapping: list[int] = []
        for index, ch in enumerate(orig):
            folded = fold_char(ch) if ord(ch) > 0x7F else ch
            for out in folded:
                norm_chars.append(out)
                mapping.append(index)
        mapping.append(len(orig))
        return cls(cells, orig, "".join(norm_chars), mapping, starts)

    def orig_pos(self, norm_pos: int) -> int:
        if self.norm_to_orig is None:
            return min(max(norm_pos, 0), len(self.orig))
        return self.norm_to_orig[min(max(norm_pos, 0), len(self.norm_to_orig) - 1)]

    def cell_index(self, norm_pos: int) -> int:
        return max(bisect.bisect_right(self.cell_starts, self.orig_pos(norm_pos)) - 1, 0)

    def cell_at(self, norm_pos: int) -> Cell | None:
        if not self.cells:
            return None
        return self.cells[self.cell_index(norm_pos)]

    def original(self, norm_start: int, norm_end: int) -> str:
        return self.orig[self.orig_pos(norm_start) : self.orig_pos(norm_end)]

    def span_location(self, norm_start: int, norm_end: int) -> str | None:
        """The location of the one cell that every position from ``norm_start`` to ``norm_end`` lies in (each
        position's ``location``), or None when they lie in several cells."""
        if not self.cells:
            return None
        if self.norm_to_orig is None and 0 <= norm_start <= norm_end <= len(self.orig):  # offsets are the cells'
            first = bisect.bisect_right(self.cell_starts, norm_start)
            return self.cells[first - 1].location if bisect.bisect_right(self.cell_starts, norm_end) == first else None
        first = self.cell_index(norm_start)
        return self.cells[first].location if self.cell_index(norm_end) == first else None

    def location(self, norm_pos: int) -> str:
        """Where the character at ``norm_pos`` was typed (``cell_at(norm_pos).location``, inlined: every blank
        of every form asks)."""
        if not self.cells:
            return ""
        mapping = self.norm_to_orig
        if mapping is None:
            pos = min(max(norm_pos, 0), len(self.orig))
        else:
            pos = mapping[min(max(norm_pos, 0), len(mapping) - 1)]
        return self.cells[max(bisect.bisect_right(self.cell_starts, pos) - 1, 0)].location
