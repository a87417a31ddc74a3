"""Any values written into any schema's form, in any number style and layout, read back exactly."""
from __future__ import annotations

import tempfile
from pathlib import Path

import cn2an
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anquanyue.formdata import FormData, OtherActivity
from anquanyue.reading.reader import read_form
from anquanyue.writing import write_form
from anquanyue.schema import load_schema

from .conftest import SCHEMA_IDS
from .forms import WRITERS, Filled

FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def styled(value: int, style: str, unit: str) -> str:
    if style == "full-width":
        return str(value).translate(FULL_WIDTH)
    if style == "grouped":
        return f"{value:,}"
    if style == "chinese":
        return cn2an.an2cn(value)
    if style == "wan" and value % 1000 == 0 and value >= 10000:
        return f"{value / 10000:g}万"
    if style == "unit":
        return f"{value}{unit}"
    if style == "spaced":
        return f" {value} "
    return str(value)


STYLES = ["plain", "full-width", "grouped", "chinese", "wan", "unit", "spaced", "bare"]
values_st = st.integers(min_value=0, max_value=9_999_999) | st.sampled_from([0, 10000, 30000, 120000, 2300])


@st.composite
def forms(draw):
    schema = load_schema(draw(st.sampled_from(SCHEMA_IDS)))
    values = {code: draw(values_st) for code in schema.codes}
    styles = {code: draw(st.sampled_from(STYLES)) for code in schema.codes}
    raw = {code: styled(values[code], styles[code], schema.blanks[code].unit) for code in schema.codes}
    bare = frozenset(c for c, s in styles.items() if s == "bare")
    words = st.text(alphabet="安全生产月宣传活动演练讲座进企业社区“”", min_size=1, max_size=10).filter(str.strip)
    # a name may carry its own well-nested parentheses after some words: "应急演练（六月）"
    names = st.builds(lambda a, b: a + (f"（{b}）" if b else ""), words, st.one_of(st.just(""), words))
    records = draw(st.lists(st.tuples(names, st.integers(0, 500), st.integers(0, 50000)), max_size=3))
    return schema, values, raw, bare, records


LAYOUTS = [("xlsx", {}), ("xlsx", {"split": True, "row0": 3, "col0": 2}), ("xlsx", {"before": ("说明",), "header_cells": True}),
           ("docx", {}), ("docx", {"split": True, "header_in_table": True}), ("xls", {}), ("xlsb", {}), ("ods", {}),
           ("odt", {}), ("xml", {})]
WRITE = WRITERS


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(forms(), st.sampled_from(LAYOUTS))
def test_any_values_any_style_any_layout_read_back(form, layout):
    schema, values, raw, bare, records = form
    fmt, options = layout
    filled = Filled(schema, raw=raw, bare=bare, records=[(n, str(c), str(p), "") for n, c, p in records])
    with tempfile.TemporaryDirectory() as tmp:
        report = read_form(WRITE[fmt](filled, Path(tmp) / f"f.{fmt}", **options))
    assert report.schema_id == schema.id
    assert report.values == values
    assert [(a.name, a.count, a.people) for a in report.other_activities] == records
    assert [i for i in report.issues if i.code in ("blank-not-found", "blank-not-a-number")] == []


@settings(max_examples=30, deadline=None)
@given(st.sampled_from(SCHEMA_IDS), st.sampled_from(["xlsx", "docx", "structured"]), st.data())
def test_rendered_forms_read_back(schema_id, style, data):
    schema = load_schema(schema_id)
    values = {code: data.draw(values_st) for code in schema.codes}
    records = data.draw(st.lists(st.builds(OtherActivity, name=st.sampled_from(["安全讲座", "=HYPERLINK(\"x\")", "演练（六月）"]),
                                           count=st.integers(0, 99), people=st.integers(0, 9999),
                                           description=st.sampled_from(["", "走进企业。"])), max_size=3))
    form = FormData(schema_id=schema.id, unit="某某区工业和信息化局", date="2023-06-28", values=values,
                    other_activities=records)
    suffix = "docx" if style == "docx" else "xlsx"
    with tempfile.TemporaryDirectory() as tmp:
        path = write_form(schema, Path(tmp) / f"f.{suffix}", form, style="structured" if style == "structured" else "official")
        report = read_form(path)
    assert report.values == values
    assert report.other_activities == records
    assert (report.unit, report.date) == ("某某区工业和信息化局", "2023-06-28")
