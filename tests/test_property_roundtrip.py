"""Any values written into any schema's form, in any number style and layout, read back exactly."""
from __future__ import annotations

import tempfile
from pathlib import Path

import cn2an
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from anquanyue.formdata import FormData, OtherActivity
from anquanyue.reading.reader import read_form, read_forms
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
    if style.startswith("marked"):  # a footnote mark after the number: never one of its digits
        return f"{value}{style[len('marked'):]}"
    return str(value)


MARKS = ["marked¹", "marked*", "marked※", "marked²⁾"]
STYLES = ["plain", "full-width", "grouped", "chinese", "wan", "unit", "spaced", "bare", *MARKS]
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
    form = FormData(form_schema=schema, unit="某某区工业和信息化局", date="2023-06-28", values=values,
                    other_activities=records)
    suffix = "docx" if style == "docx" else "xlsx"
    with tempfile.TemporaryDirectory() as tmp:
        path = write_form(schema, Path(tmp) / f"f.{suffix}", form, style="structured" if style == "structured" else "official")
        report = read_form(path)
    assert report.values == values
    assert report.other_activities == records
    assert (report.unit, report.date) == ("某某区工业和信息化局", "2023-06-28")


# ---- issue 15: the structures units really make, with the same values in them -------------------------------

def _nest_in_layout_table(path: Path) -> None:
    """The form table moved into a cell of a one-cell layout table (a letterhead), as a unit's own file does."""
    import docx
    from docx.oxml import OxmlElement

    d = docx.Document(str(path))
    inner = d.tables[0]._tbl
    outer, row, cell = OxmlElement("w:tbl"), OxmlElement("w:tr"), OxmlElement("w:tc")
    inner.addprevious(outer)
    cell.append(OxmlElement("w:p"))
    cell.append(inner)
    cell.append(OxmlElement("w:p"))
    row.append(cell)
    outer.append(row)
    d.save(str(path))


def _rows_in_content_controls(path: Path) -> None:
    """Every row of the form table in a content control of its own (a repeating section)."""
    import docx
    from docx.oxml import OxmlElement

    d = docx.Document(str(path))
    for tr in list(d.tables[0]._tbl.iterchildren("{*}tr")):
        sdt, pr, content = OxmlElement("w:sdt"), OxmlElement("w:sdtPr"), OxmlElement("w:sdtContent")
        tr.addprevious(sdt)
        content.append(tr)
        sdt.append(pr)
        sdt.append(content)
    d.save(str(path))


def _records_as_a_table(path: Path, records: list) -> None:
    """Item 7's rows replaced by one row holding a small table of the records (活动名称 | 组织场次 | 参与人次)."""
    import docx

    d = docx.Document(str(path))
    table = d.tables[0]
    rows = [row for row in table.rows if "活动名称" in row.cells[-1].text]
    for row in rows[1:]:
        row._tr.getparent().remove(row._tr)
    cell = rows[0].cells[-1]
    cell.text = "（本项可根据实际，自行添加）"
    inner = cell.add_table(rows=0, cols=3)
    for texts in [("活动名称", "组织场次", "参与人次"), *((n, str(c), str(p)) for n, c, p in records)]:
        for c, text in zip(inner.add_row().cells, texts):
            c.text = text
    d.save(str(path))


STRUCTURES = ["sheets", "nested", "content-controls", "records-table"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(forms(), forms(), st.sampled_from(STRUCTURES))
def test_any_values_in_the_structures_units_make_read_back(form, other, structure):
    from .forms import write_docx, write_xlsx_sheets

    schema, values, raw, bare, records = form
    filled = Filled(schema, raw=raw, bare=bare, records=[(n, str(c), str(p), "") for n, c, p in records])
    marked = {code for code in schema.codes if code in raw and raw[code] != str(values[code])
              and any(raw[code].endswith(m[len("marked"):]) for m in MARKS)}
    with tempfile.TemporaryDirectory() as tmp:
        if structure == "sheets":  # a second unit's form in the same workbook: each read as its own
            o_schema, o_values, o_raw, o_bare, _ = other
            second = Filled(o_schema, raw=o_raw, bare=o_bare, unit="第二单位", records=[("第二单位活动", "1", "2", "")])
            path = write_xlsx_sheets([("甲", filled), ("乙", second)], Path(tmp) / "w.xlsx")
            reports = read_forms(path)
            assert [r.sheet for r in reports] == ["甲", "乙"]
            report = reports[0]
            assert reports[1].values == o_values and reports[1].unit == "第二单位"
        else:
            path = write_docx(filled, Path(tmp) / "f.docx")
            if structure == "records-table":
                _records_as_a_table(path, records)
            else:
                (_nest_in_layout_table if structure == "nested" else _rows_in_content_controls)(path)
            report = read_form(path)
    assert report.schema_id == schema.id
    assert report.values == values
    assert [(a.name, a.count, a.people) for a in report.other_activities] == records
    assert {i.field for i in report.issues if i.code == "blank-mark"} == marked
    assert [i for i in report.issues if i.code in ("blank-not-found", "blank-not-a-number")] == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.dictionaries(st.sampled_from(load_schema("weihai-2023").codes), st.integers(0, 5000)),
                min_size=2, max_size=4),
       st.sampled_from(["汇总", "合计", None]), st.data())
def test_a_districts_workbook_is_counted_once_whatever_its_numbers(parts, name, data):
    """Each enterprise's sheet counts once; the 汇总 sheet (named, or equal to the sum) is never added to them, and
    it is an error exactly on the blanks where it differs from the sum of the sheets."""
    from anquanyue.merging.merge import merge

    from .forms import write_xlsx_sheets

    schema = load_schema("weihai-2023")
    sums = {code: sum(p.get(code, 0) for p in parts) for code in schema.codes}
    wrong = set(data.draw(st.sets(st.sampled_from(schema.codes), max_size=3))) if name else set()
    unnamed_found = any(sums.values())  # the district's sheet is named for the file's sender: found by its sums
    if name is None and not unnamed_found:
        wrong = set()
    subtotal = {code: sums[code] + (1 if code in wrong else 0) for code in schema.codes}
    sheets = [(f"企业{k}", Filled(schema, raw={c: str(p.get(c, 0)) for c in schema.codes}, unit=f"企业{k}"))
              for k, p in enumerate(parts)]
    sheets.append((name or "文登区", Filled(schema, raw={c: str(v) for c, v in subtotal.items()}, unit="文登区工信局")))
    with tempfile.TemporaryDirectory() as tmp:
        path = write_xlsx_sheets(sheets, Path(tmp) / "文登区.xlsx")
        result = merge([path])
    assert {c: result.totals[c] for c in schema.codes} == sums
    is_subtotal = name is not None or unnamed_found
    assert [f.status for f in result.files] == ["included"] * len(parts) + (["subtotal"] if is_subtotal else ["included"])
    assert {i.field for i in result.issues if i.code == "subtotal-mismatch"} == wrong


prose_names = st.text(alphabet="安全生产月宣传活动演练讲座进企业社区知识竞赛", min_size=2, max_size=12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(prose_names, st.integers(1, 500), st.integers(0, 50000)), min_size=1, max_size=4),
       st.sampled_from(["；", "。", "\n"]), st.sampled_from(["{n}{c}场，参与{p}人次", "{n}，组织{c}次，参与{p}人",
                                                          "{n}共{c}场，{p}人次参加"]))
def test_item_7_in_prose_reads_back(records, separator, style):
    """Records written as a sentence each (no template words, no parentheses) read back exactly, each with a
    warning saying how it was read."""
    import openpyxl

    from .forms import write_xlsx

    schema = load_schema("weihai-2023")
    filled = Filled(schema, raw={c: "1" for c in schema.codes}, records=[("@@", "", "", "")])
    sentences = [style.format(n=n, c=c, p=p) for n, c, p in records]
    with tempfile.TemporaryDirectory() as tmp:
        path = write_xlsx(filled, Path(tmp) / "f.xlsx")
        wb = openpyxl.load_workbook(path)
        cell = next(c for row in wb.active.iter_rows() for c in row if isinstance(c.value, str) and "@@" in c.value)
        cell.value = separator.join(sentences)
        wb.save(path)
        report = read_form(path)
    assert [(a.name, a.count, a.people) for a in report.other_activities] == records
    assert [i.code for i in report.issues if i.code != "participants-below-sessions"] == ["record-prose"] * len(records)
