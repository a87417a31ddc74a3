"""Rows put in as sheet XML directly make the very file xlsxwriter makes when it writes them cell by cell."""
import datetime as dt
import io
import zipfile

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from anquanyue.writing.sheet_rows import SheetRows, save_with_rows
from anquanyue.writing.xlsx_cells import close_workbook, new_workbook, write_row

WHEN = dt.datetime(2023, 6, 30)
PIECES = ["a", "Z", "0", "9", " ", "\t", "\n", "&", "<", ">", '"', "'", "_", "_x0041_", "_xZZZZ_", "<r>", "</r>",
          "\x01", "\x1f", "\ufffe", "\uffff", "安", "全", "，", "（", "𠀀", "\u3000", "=1+1", "@x", "-2",
          "\x7f", "\r", "\x0c", "\x1c", "\u2028", "\xa0"]
texts = st.lists(st.sampled_from(PIECES), max_size=8).map("".join)
values = st.one_of(
    st.none(), st.just(""), texts, st.sampled_from(["<r>x</r>", "<r></r>", " lead", "trail ", "x\n"]),
    st.integers(-(10**20), 10**20), st.integers(-300, 300), st.booleans(),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.dates(min_value=dt.date(1899, 1, 1), max_value=dt.date(2100, 1, 1)),
    st.datetimes(min_value=dt.datetime(1899, 12, 30), max_value=dt.datetime(2100, 1, 1)),
)
rows = st.lists(st.tuples(st.lists(values, max_size=7),
                          st.one_of(st.none(), st.floats(0.75, 409), st.sampled_from([15, 15.1, 18, 18.2]))),
                max_size=12)


def build(path, table, *, direct: bool, header_rows: int, column_formats: list[int | None], default_pt,
          total_row: bool, tmpdir: str):
    """A workbook of two sheets: 明细 with ``table``'s rows after its header rows (and a totals row after them),
    written cell by cell by xlsxwriter or put in directly; 其他 always by xlsxwriter."""
    buffer = io.BytesIO()
    wb = new_workbook(buffer if direct else path, WHEN, "t", constant_memory=True, tmpdir=tmpdir)
    formats = [wb.add_format({"num_format": "#,##0"}), wb.add_format({"text_wrap": True, "valign": "top"}),
               wb.add_format({"num_format": "yyyy-mm-dd"})]
    head = wb.add_format({"bold": True})
    ws, other = wb.add_worksheet("明细"), wb.add_worksheet("其他")
    for col, fmt in enumerate([*formats, head]):  # formats are numbered as first used: the same order in both
        other.write_string(0, col, "格式", fmt)
    other.write_string(1, 0, "其他")  # (row 1 begun: row 0 is written, its formats numbered)
    if default_pt is not None:
        ws.set_default_row(default_pt)
    for col, fmt in enumerate(column_formats):
        ws.set_column(col, col, 10 + col, formats[fmt] if fmt is not None else None)
    for row in range(header_rows):
        for col in range(len(column_formats)):
            ws.write_string(row, col, f"标题{row}{col}", head)
    if direct:
        sheet = SheetRows(header_rows, iter(table), default_pt)
    else:
        for offset, (cells, height) in enumerate(table):
            if height is not None:
                ws.set_row(header_rows + offset, height)
            write_row(ws, header_rows + offset, cells)
    if total_row:
        ws.write_string(header_rows + len(table), 0, "合计", head)
        ws.write_number(header_rows + len(table), 2, 12345, head)
    close_workbook(wb)
    if direct:
        save_with_rows(buffer.getvalue(), path, {"明细": sheet}, tmpdir)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# an empty sheet whose column A alone has a format: its range is A1 and counts column A
@example(table=[([None, "x"], None)], header_rows=0, column_formats=[0], default_pt=None, total_row=False)
@given(table=rows, header_rows=st.integers(0, 2),
       column_formats=st.lists(st.one_of(st.none(), st.integers(0, 2)), min_size=0, max_size=6),
       default_pt=st.sampled_from([None, 15, 18.0, 21.75]), total_row=st.booleans())
def test_rows_put_in_directly_make_the_file_xlsxwriter_makes(tmp_path, table, header_rows, column_formats,
                                                           default_pt, total_row):
    reference, direct = tmp_path / "reference.xlsx", tmp_path / "direct.xlsx"
    options = {"header_rows": header_rows, "column_formats": column_formats, "default_pt": default_pt,
               "total_row": total_row, "tmpdir": str(tmp_path)}
    build(reference, table, direct=False, **options)
    build(direct, table, direct=True, **options)
    assert direct.read_bytes() == reference.read_bytes()


def test_text_longer_than_excel_holds_is_cut_as_xlsxwriter_cuts_it(tmp_path):
    table = [(["𠀀" * 20000, "安" * 40000], None), (["x"], 30.0)]
    options = {"header_rows": 1, "column_formats": [1, 1], "default_pt": 18.0, "total_row": True,
               "tmpdir": str(tmp_path)}
    build(tmp_path / "reference.xlsx", table, direct=False, **options)
    build(tmp_path / "direct.xlsx", table, direct=True, **options)
    assert (tmp_path / "direct.xlsx").read_bytes() == (tmp_path / "reference.xlsx").read_bytes()


def test_the_rows_are_in_the_sheet_with_its_column_styles(tmp_path):
    path = tmp_path / "direct.xlsx"
    build(path, [(["第1号企业", 12, dt.datetime(2023, 6, 28)], None), ([None, 3.5, "a&b"], 40.0)], direct=True,
          header_rows=1, column_formats=[None, 0, 2], default_pt=18.0, total_row=False, tmpdir=str(tmp_path))
    xml = zipfile.ZipFile(path).read("xl/worksheets/sheet1.xml").decode()
    assert '<dimension ref="A1:C3"/>' in xml
    assert ('<row r="2" ht="18" customHeight="1"><c r="A2" t="inlineStr"><is><t>第1号企业</t></is></c>'
            '<c r="B2" s="1"><v>12</v></c><c r="C2" s="3"><v>45105</v></c></row>'
            '<row r="3" ht="39.75" customHeight="1"><c r="B3" s="1"><v>3.5</v></c>'
            '<c r="C3" s="3" t="inlineStr"><is><t>a&amp;b</t></is></c></row></sheetData>') in xml


def test_a_row_written_where_the_direct_rows_go_is_refused(tmp_path):
    buffer = io.BytesIO()
    wb = new_workbook(buffer, WHEN, constant_memory=True, tmpdir=str(tmp_path))
    ws = wb.add_worksheet("明细")
    ws.write_string(0, 0, "标题")
    ws.write_string(2, 0, "不该在这里")
    close_workbook(wb)
    with pytest.raises(ValueError, match="row 3"):
        save_with_rows(buffer.getvalue(), tmp_path / "x.xlsx", {"明细": SheetRows(1, iter([(["a"], None)] * 3))})
