""".docx via python-docx: body paragraphs and tables in document order (a table may sit mid-document)."""
from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..document import Cell, Document, Grid, LoadError


def _cell_text(tc_cell) -> str:
    return "\n".join(p.text for p in tc_cell.paragraphs)


def load_docx(path: Path) -> Document:
    try:
        document = docx.Document(str(path))
    except Exception as exc:  # python-docx/lxml raise assorted errors on damaged packages
        raise LoadError("file-corrupt", location=str(path), fmt=".docx", detail=type(exc).__name__) from None
    cells: list[Cell] = []
    block = 0
    paragraph_no = table_no = 0
    try:
        for child in document.element.body.iterchildren():
            if child.tag == qn("w:p"):
                paragraph_no += 1
                text = Paragraph(child, document).text
                if text.strip():
                    cells.append(Cell(text, f"第{paragraph_no}段", paragraph_no, 1, block))
                block += 1
            elif child.tag == qn("w:tbl"):
                table_no += 1
                table = Table(child, document)
                for r, row in enumerate(table.rows, 1):
                    seen = set()
                    for c, tc in enumerate(row.cells, 1):
                        if id(tc._tc) in seen:  # a cell merged across columns appears once
                            continue
                        seen.add(id(tc._tc))
                        text = _cell_text(tc)
                        if text.strip() and not _continues_vertical_merge(tc):
                            cells.append(Cell(text, f"表{table_no} 第{r}行第{c}列", r, c, block))
                block += 1
    except Exception as exc:
        raise LoadError("file-corrupt", location=str(path), fmt=".docx", detail=type(exc).__name__) from None
    return Document(path, "docx", [Grid("正文", cells)])


def _continues_vertical_merge(cell) -> bool:
    """python-docx repeats a vertically merged cell's text in every row it spans; read it once."""
    tc_pr = cell._tc.tcPr
    if tc_pr is None:
        return False
    merge = tc_pr.find(qn("w:vMerge"))
    return merge is not None and merge.get(qn("w:val")) in (None, "continue")
