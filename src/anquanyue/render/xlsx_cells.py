"""Cell writing shared by every .xlsx writer: text always stays text, never a formula."""
from __future__ import annotations

from openpyxl.cell.cell import Cell

from ..textnorm import clean_text


EXCEL_CELL_LIMIT = 32767
TRUNCATED = "…（内容超过 Excel 单元格上限，已截断）"


def set_text(cell: Cell, value: object) -> None:
    """Store ``value``; a string is always a string cell, even if it starts with ``=``, ``+``, ``-`` or ``@``.

    Text beyond Excel's 32,767 characters (only ever a long activity description) is cut visibly, not silently.
    """
    if isinstance(value, str):
        value = clean_text(value)
        if len(value) > EXCEL_CELL_LIMIT:
            value = value[: EXCEL_CELL_LIMIT - len(TRUNCATED)] + TRUNCATED
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
