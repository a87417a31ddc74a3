"""Where the time goes: each step of reading one form, and each step of a merge after reading, measured apart.

    python benchmarks/steps.py                       # uses the corpus benchmarks/run.py made (N = 10,000)
    python benchmarks/steps.py --workdir /tmp/anquanyue-bench --n 10000 --forms 1000

Reading is timed on one core (no pool), one pass over --forms files of each format, beside the raw floor's reading
of the same files (``floor.py``, what ``run.py``'s ratios are taken against); the merge steps are timed
on the .xlsx part of the corpus (its reading through the pool included). Every step is the library's own
function, wrapped with a timer; nothing here reads a form its own way.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import anquanyue.merging.anomalies as anomalies_module
import anquanyue.merging.merge as merge_module
import anquanyue.merging.run as merge_run
import anquanyue.reading.loaders as loaders
import anquanyue.reading.reader as reader
import anquanyue.reading.validate as inbox_reading
import anquanyue.writing.working_report as report
from anquanyue.merging.run import merge_to_files
from anquanyue.reading.inbox import collect
from anquanyue.reading.pool import _warm_up
from floor import read as floor_read  # this folder's floor.py: the raw floor, one file at a time

READ_STEPS = [  # (module, function, what the step does)
    (loaders, "sniff", "open the file, check its bytes (size, zip, encryption)"),
    (reader, "load_document", "load: the file into text cells with positions (sniff included)"),
    (reader, "rank", "detect the schema and sheet (folding the text included)"),
    (reader, "other_year", "check the title's year"),
    (reader, "extract_items", "read items 1–6 by their wording"),
    (reader, "extract_records", "read item 7's records"),
    (reader, "_finish", "header, date, within-form rules"),
]
MERGE_STEPS = [
    (inbox_reading, "read_many", "read every form (2 worker processes), the results passed on as they come"),
    (merge_module, "classify", "sort into the four lists (which form counts)"),
    (merge_module, "sum_forms", "sums"),
    (anomalies_module, "find_anomalies", "anomaly checks"),
    (merge_run, "write_outputs", "write both outputs (the official form in a worker, beside the report)"),
    (report, "save_report", "of which: write the working report (this process)"),
]


def _timed(steps, times: Counter):
    originals = []
    for module, name, _ in steps:
        original = getattr(module, name)
        originals.append((module, name, original))

        def wrapper(*args, _original=original, _name=name, **kwargs):
            started = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                times[_name] += time.perf_counter() - started

        def generator(*args, _original=original, _name=name, **kwargs):
            """A generator is timed from its call to its end, what its consumer does meanwhile included."""
            started = time.perf_counter()
            try:
                yield from _original(*args, **kwargs)
            finally:
                times[_name] += time.perf_counter() - started

        setattr(module, name, generator if name == "read_many" else wrapper)
    return originals


def _restore(originals) -> None:
    for module, name, original in originals:
        setattr(module, name, original)


def reading(folder: Path, forms: int) -> None:
    print(f"\nreading one form, one core (ms a form, mean of {forms} different files):")
    print("| step | .xlsx | .docx | .xls |\n|---|---:|---:|---:|")
    _warm_up()
    columns = {}
    for fmt in ("xlsx", "docx", "xls"):
        files = sorted((folder / fmt).iterdir())[:forms]
        for path in files[-20:]:  # caches and lazy imports, as a worker has them after its first forms
            reader.read_form(str(path))
        times: Counter = Counter()
        originals = _timed(READ_STEPS, times)
        started = time.perf_counter()
        try:
            for path in files:
                reader.read_form(str(path))
        finally:
            _restore(originals)
        times["total"] = time.perf_counter() - started
        for path in files[-20:]:
            floor_read(str(path))
        started = time.perf_counter()
        for path in files:
            floor_read(str(path))
        times["floor"] = time.perf_counter() - started
        columns[fmt] = {k: v / len(files) * 1000 for k, v in times.items()}
    rows = READ_STEPS + [(None, "total", "the whole read_form"),
                         (None, "floor", "the raw floor (`floor.py`: open the zip, parse the main part; xlrd)")]
    for _module, name, what in rows:
        print(f"| {what} | " + " | ".join(f"{columns[f].get(name, 0):.3f}" for f in ("xlsx", "docx", "xls")) + " |")
    for name, what in (("load_document", "load"), ("total", "the whole read_form")):
        print(f"| {what} ÷ the raw floor | "
              + " | ".join(f"{columns[f][name] / columns[f]['floor']:.2f}×" for f in ("xlsx", "docx", "xls")) + " |")


def merging(folder: Path, out: Path) -> None:
    files = collect([folder / "xlsx"])
    print(f"\nmerge of {len(files):,} .xlsx forms, in-process, step by step (seconds):")
    times: Counter = Counter()
    originals = _timed(MERGE_STEPS, times)
    started = time.perf_counter()
    try:
        merge_to_files([folder / "xlsx"], out, date="2023-06-30")
    finally:
        _restore(originals)
    total = time.perf_counter() - started
    print("| step | seconds |\n|---|---:|")
    for _module, name, what in MERGE_STEPS:
        print(f"| {what} | {times[name]:.2f} |")
    rest = total - sum(times[name] for _m, name, _w in MERGE_STEPS if name != "save_report")
    print(f"| everything else (finding files, checking outputs, the JSON-free bookkeeping) | {rest:.2f} |")
    print(f"| total (without starting Python) | {total:.2f} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workdir", default="/tmp/anquanyue-bench")
    parser.add_argument("--n", type=int, default=10000)
    parser.add_argument("--forms", type=int, default=1000)
    args = parser.parse_args()
    folder = Path(args.workdir) / f"n{args.n}"
    if not (folder / f".complete-{args.n}").exists():
        sys.exit(f"{folder}: no corpus; run benchmarks/run.py --sizes {args.n} first")
    reading(folder, args.forms)
    merging(folder, Path(args.workdir) / "steps-total.xlsx")
    return 0


if __name__ == "__main__":
    sys.exit(main())
