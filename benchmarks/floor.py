"""The raw floor: the least any reader must do — open each file and parse its main part, nothing more.

    python benchmarks/floor.py FOLDER [--processes 2]

.xlsx: the zip opened and its first sheet and shared strings parsed with lxml; .docx: the zip opened and
word/document.xml parsed with lxml; .xls: xlrd opens the workbook. Files are spread over the processes in
chunks as anquanyue's pool spreads them. Nothing is extracted: this is the speed reference reading cannot beat.
"""
from __future__ import annotations

import argparse
import sys
import zipfile
from multiprocessing import get_context
from pathlib import Path

from lxml import etree

MAIN_PARTS = {".xlsx": ("xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"), ".docx": ("word/document.xml",)}


def read(path: str) -> int:
    """The number of elements parsed (or sheets opened), so that the work cannot be skipped."""
    suffix = path[path.rfind("."):]
    if suffix == ".xls":
        import xlrd

        return xlrd.open_workbook(path).nsheets
    count = 0
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        for part in MAIN_PARTS[suffix]:
            if part in names:
                count += len(etree.fromstring(archive.read(part)))
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder")
    parser.add_argument("--processes", type=int, default=2)
    args = parser.parse_args()
    paths = sorted(str(p) for p in Path(args.folder).rglob("*") if p.suffix in (".xlsx", ".docx", ".xls"))
    chunk = max(1, min(64, len(paths) // (args.processes * 8) or 1))
    with get_context().Pool(args.processes) as pool:
        total = sum(pool.imap(read, paths, chunksize=chunk))
    print(f"{len(paths)} files, {total} elements")
    return 0


if __name__ == "__main__":
    sys.exit(main())
