"""What the desk's route tests and browser tests share: a copy of the sample inbox and the sums expected."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl

from anquanyue.reading.reader import read_form
from anquanyue.schema import load_schema

from .conftest import SAMPLES

WEIHAI_SAMPLES = SAMPLES / "weihai-2023"
ROSTER = SAMPLES / "roster-weihai.csv"
FORM_SUFFIXES = (".xlsx", ".xls", ".docx")
# the roster's units and what the samples say of each (说明.txt: 南海新区 and 消费品工业科 have not reported)
EXPECTED_ROWS = [
    ("环翠区工业和信息化局", "已报"), ("文登区工业和信息化局", "已报"), ("荣成市工业和信息化局", "已报"),
    ("乳山市工业和信息化局", "已报"), ("威海火炬高技术产业开发区经济发展局", "已报"),
    ("威海经济技术开发区经济发展局", "已报"), ("威海临港经济技术开发区经济发展局", "已报"),
    ("威海综合保税区经济发展局", "已报"), ("南海新区科技金融局", "未报"), ("威海市工业和信息化局原材料工业科", "已报"),
    ("威海市工业和信息化局装备工业科", "已报"), ("威海市工业和信息化局消费品工业科", "未报"),
]


def sample_forms() -> list[Path]:
    return sorted(p for p in WEIHAI_SAMPLES.iterdir() if p.suffix in FORM_SUFFIXES)


def copy_inbox(target: Path) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for path in sample_forms():
        shutil.copy(path, target / path.name)
    return target


def expected_totals() -> dict[str, int]:
    """Each sample read on its own and added up (乳山's first form is replaced by its 更正 copy)."""
    totals: dict[str, int] = {}
    for path in sample_forms():
        if path.name == "乳山市工信局.docx":
            continue
        report = read_form(path)
        assert report.ok, path
        for code, value in report.values.items():
            totals[code] = totals.get(code, 0) + (value or 0)
        schema = load_schema(report.schema_id)
        for code, attr in ((schema.other.count.code, "count"), (schema.other.people.code, "people")):
            totals[code] = totals.get(code, 0) + sum(getattr(r, attr) or 0 for r in report.other_activities)
    return totals


def report_totals(path: Path) -> dict[str, int]:
    """The 汇总 sheet of a working report: code → total."""
    sheet = openpyxl.load_workbook(path, read_only=True)["汇总"]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    return {row[0]: int(row[3]) for row in rows if row[0] and re.fullmatch(r"\d+\.\d+", str(row[0]))}
