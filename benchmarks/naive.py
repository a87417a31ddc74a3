"""The naive baseline: what a clerk's helper writes today. Opens every workbook/document with pandas, openpyxl
or python-docx and sums every number written in parentheses. (It is also wrong: 十二, 1.2万 and （12场） are lost,
and it cannot tell which blank a number belongs to. It is here only as the speed reference.)

    python benchmarks/naive.py FOLDER
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import docx
import openpyxl
import pandas as pd

NUMBER = re.compile(r"[（(]\s*(\d+)\s*[）)]")


def texts(path: Path):
    if path.suffix == ".xlsx":
        wb = openpyxl.load_workbook(path, data_only=True)
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                yield from (str(v) for v in row if v is not None)
    elif path.suffix == ".xls":
        for frame in pd.read_excel(path, sheet_name=None, header=None).values():
            yield from (str(v) for v in frame.to_numpy().ravel() if isinstance(v, str))
    elif path.suffix == ".docx":
        document = docx.Document(str(path))
        yield from (p.text for p in document.paragraphs)
        for table in document.tables:
            for row in table.rows:
                yield from (cell.text for cell in row.cells)


def main(folder: str) -> int:
    total = files = 0
    for path in sorted(Path(folder).rglob("*")):
        if path.suffix in (".xlsx", ".xls", ".docx"):
            files += 1
            total += sum(int(n) for text in texts(path) for n in NUMBER.findall(text))
    print(f"{files} files, sum of numbers in parentheses: {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
