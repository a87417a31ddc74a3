"""Cell writing shared by every .xlsx writer: text always stays text, never a formula."""
from __future__ import annotations

from openpyxl.cell.cell import Cell


def set_text(cell: Cell, value: object) -> None:
    """Store ``value``; a string is always a string cell, even if it starts with ``=``, ``+``, ``-`` or ``@``."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
