import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from anquanyue.formdata import FormData, OtherActivity
from anquanyue.schema import load_schema
from anquanyue.writing import RenderError, write_form


def test_official_xlsx_blank_has_every_title_prose_and_blank(any_schema, tmp_path):
    path = write_form(any_schema, tmp_path / "blank.xlsx")
    ws = load_workbook(path).active
    texts = [c.value for row in ws.iter_rows() for c in row if c.value is not None]
    assert texts[:4] == [any_schema.title, any_schema.header_line(), "活动项目", "活动进展情况"]
    for item in any_schema.items:
        assert f"{item.number}.{item.title}" in texts
        assert any_schema.render_prose(item) in texts
    assert f"7.{any_schema.other.title}" in texts
    note = f"\n{any_schema.other.note}" if any_schema.other.note else ""
    assert any_schema.render_record() + note in texts
    blanks = sum(t.count("（ ）") + t.count("( )") for t in texts if isinstance(t, str))
    assert blanks == 33 + 3
    assert ws.page_setup.paperSize == 9  # A4
    # fit to one page wide (1 is Excel's default, so it may be omitted), any number of pages high
    assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws["B4"].font.name == "仿宋_GB2312" and ws["A1"].font.name == "宋体"
    assert ws["B4"].alignment.wrap_text and ws["B4"].border.left.style == "thin"
    assert int(ws.column_dimensions["B"].width) == 74  # 74 characters (Excel stores it with cell padding)
    assert "A1:B1" in {str(r) for r in ws.merged_cells.ranges}


def test_official_docx_blank(any_schema, tmp_path):
    path = write_form(any_schema, tmp_path / "blank.docx")
    doc = Document(str(path))
    assert doc.paragraphs[0].text == any_schema.title
    assert doc.paragraphs[1].text == any_schema.header_line()
    table = doc.tables[0]
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["活动项目", "活动进展情况"]
    for item, row in zip(any_schema.items, rows[1:]):
        assert row == [f"{item.number}.{item.title}", any_schema.render_prose(item)]
    assert rows[-1][0] == "7." + any_schema.other.title
    assert rows[-1][1].startswith(any_schema.render_record())
    section = doc.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    run = doc.paragraphs[0].runs[0]
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "宋体"
    assert table.style.name == "Table Grid"
    assert round(table.rows[1].cells[0].width.cm, 1) == 4.6


def test_filled_official_forms_show_values_and_records(weihai, tmp_path):
    data = FormData(form_schema=load_schema("weihai-2023"), unit="环翠区工业和信息化局", contact="王敏", phone="0631-5201234",
                    date="2023-06-28", values={c: i for i, c in enumerate(weihai.codes, 1)},
                    other_activities=[OtherActivity(name="安全知识进企业", count=2, people=150, description="走进3家企业。"),
                                      OtherActivity(name="应急演练观摩", count=1, people=60)])
    ws = load_workbook(write_form(weihai, tmp_path / "f.xlsx", data)).active
    assert ws["A2"].value == "填报单位（盖章）:环翠区工业和信息化局  联系人:王敏  电话:0631-5201234  填报日期:2023年6月28日"
    assert ws["B4"].value.startswith("开展宣讲活动（1）场，参与（2）人次；发表评论文章或心得体会（3）篇；")
    assert ws["B10"].value == "活动名称（安全知识进企业），组织（2）场/次，参与（150）人次。\n走进3家企业。"
    assert ws["B11"].value == "活动名称（应急演练观摩），组织（1）场/次，参与（60）人次。"  # no hint in a deliverable
    assert "A10:A11" in {str(r) for r in ws.merged_cells.ranges}
    doc = Document(str(write_form(weihai, tmp_path / "f.docx", data)))
    assert doc.tables[0].rows[7].cells[0].text == doc.tables[0].rows[8].cells[0].text == "7.其他特色活动"


def test_structured_template(weihai, tmp_path):
    wb = load_workbook(write_form(weihai, tmp_path / "s.xlsx", style="structured"))
    ws = wb["填报"]
    meta = wb["_anquanyue"]
    assert meta.sheet_state == "hidden"
    assert [[c.value for c in r] for r in meta.iter_rows()] == [
        ["marker", "anquanyue-structured"], ["schema", "weihai-2023"], ["version", 1]]
    assert ws.protection.sheet and not ws.protection.password
    rows = {r[0].value: r for r in ws.iter_rows() if isinstance(r[0].value, str)}
    assert [rows[c][3].value for c in ("1.1", "1.2", "6.4")] == ["场", "人次", "人"]
    assert rows["3.10"][2].value == "外包外租典型违法案例专题警示教育"
    value_cell = rows["1.1"][4]
    assert value_cell.protection.locked is False and rows["1.1"][2].protection.locked is True
    validation = ws.data_validations.dataValidation[0]
    assert (validation.type, validation.operator, validation.formula1) == ("whole", "greaterThanOrEqual", "0")
    assert value_cell.coordinate in validation.sqref
    labels = [r[0].value for r in ws.iter_rows(min_row=4, max_row=7)]
    assert labels == ["填报单位（盖章）", "联系人", "电话", "填报日期"]


def test_text_starting_like_a_formula_stays_text(weihai, tmp_path):
    data = FormData(form_schema=load_schema("weihai-2023"), unit='=HYPERLINK("http://x","点击")',
                    other_activities=[OtherActivity(name="+cmd", count=1, people=2)])
    ws = load_workbook(write_form(weihai, tmp_path / "f.xlsx", data)).active
    assert ws["A2"].data_type == "s"
    ws = load_workbook(write_form(weihai, tmp_path / "s.xlsx", data, style="structured"))["填报"]
    cells = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and c.value[:1] in "=+"]
    assert cells and all(c.data_type == "s" for c in cells)


def test_render_refuses_other_suffixes(weihai, tmp_path):
    with pytest.raises(RenderError, match="只能写成 .xlsx 或 .docx 文件"):
        write_form(weihai, tmp_path / "x.pdf")
    with pytest.raises(RenderError, match="填报版"):
        write_form(weihai, tmp_path / "x.docx", style="structured")


def test_docx_heading_row_repeats_rows_never_split_and_pages_are_numbered(weihai, tmp_path):
    data = FormData(form_schema=load_schema("weihai-2023"), unit="甲", other_activities=[OtherActivity(name=f"活动{k}", count=1, people=2)
                                                                          for k in range(3)])
    doc = Document(str(write_form(weihai, tmp_path / "f.docx", data)))
    rows = doc.tables[0].rows
    assert rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(r._tr.trPr.find(qn("w:cantSplit")) is not None for r in rows)
    assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in rows[1:])
    footer = doc.sections[0].footer.paragraphs[0]
    assert [t.text.strip() for t in footer._p.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]
    assert footer.text.startswith("第 ") and "共" in footer.text
    spacing = rows[1].cells[1].paragraphs[0].paragraph_format
    assert spacing.line_spacing.pt == 15 and spacing.space_after.pt == 0


def test_the_forms_hint_only_in_blank_templates(weihai, tmp_path):
    blank = Document(str(write_form(weihai, tmp_path / "b.docx")))
    assert blank.tables[0].rows[-1].cells[1].text.endswith("（本项可根据实际，自行添加）")
    data = FormData(form_schema=load_schema("weihai-2023"), unit="甲", other_activities=[OtherActivity(name="活动", count=1, people=2)])
    filled = Document(str(write_form(weihai, tmp_path / "f.docx", data)))
    assert "自行添加" not in "".join(c.text for r in filled.tables[0].rows for c in r.cells)
    empty = load_workbook(write_form(weihai, tmp_path / "e.xlsx", FormData(form_schema=load_schema("weihai-2023")))).active
    assert empty["B10"].value == "活动名称（ ），组织（ ）场/次，参与（ ）人次。"


def test_a_deliverable_converted_again_names_its_sender_once(weihai, tmp_path):
    from anquanyue.formdata import OtherActivity as Record
    from anquanyue.writing.layout import record_text

    once = record_text(weihai, Record(name="讲座", count=1, people=9, description="走进企业。", unit="乳山市工信局"))
    assert once == "活动名称（讲座），组织（1）场/次，参与（9）人次。\n报送单位：乳山市工信局。走进企业。"
    read_back = Record(name="讲座", count=1, people=9, description="报送单位：乳山市工信局。走进企业。", unit="威海市工信局")
    assert record_text(weihai, read_back) == once


def test_xlsx_rows_as_high_as_their_text(weihai, tmp_path):
    from anquanyue.writing.official_xlsx import official_row_heights

    data = FormData(form_schema=load_schema("weihai-2023"), values={c: 1234567 for c in weihai.codes},
                    other_activities=[OtherActivity(name="活动", count=1, people=2, description="很长的简介。" * 40)])
    ws = load_workbook(write_form(weihai, tmp_path / "f.xlsx", data)).active
    heights = [ws.row_dimensions[r].height for r in range(1, 11)]
    assert heights == official_row_heights(weihai, data)
    assert heights[5] > heights[4]  # item 3 (row 6) is the longest of items 1-6
    assert heights[-1] >= 9 * 12 * 1.3  # the long description: 240 characters, 9 lines or more
    assert ws.oddFooter.center.text == "第 &P 页  共 &N 页" and ws.print_title_rows == "$3:$3"


def test_structured_records_sheet_takes_any_number_of_rows(weihai, tmp_path):
    from anquanyue.reading.reader import read_form

    path = write_form(weihai, tmp_path / "s.xlsx", style="structured")
    wb = load_workbook(path)
    ws = wb["其他特色活动"]
    assert not ws.protection.sheet and wb["填报"].protection.sheet
    assert [c.value for c in ws[2]] == ["活动名称", "组织（场/次）", "参与（人次）", "活动简介"]
    assert list(ws.tables) == ["Records"] and ws.print_title_rows == "$2:$2"
    assert wb["填报"].print_title_rows == "$9:$9" and wb["填报"]["A9"].value == "代码"
    for k in range(25):  # beyond the ten rows offered, as a unit adds them
        ws.append([f"活动{k}", k + 1, 10 * (k + 1), "简介"])
    for code in weihai.codes:
        row = next(r for r in wb["填报"].iter_rows() if r[0].value == code)
        row[4].value = 1
    wb["填报"]["C4"] = "环翠区工业和信息化局"
    wb.save(path)
    report = read_form(path)
    assert report.errors == []
    assert [(r.name, r.count, r.people) for r in report.other_activities] == [
        (f"活动{k}", k + 1, 10 * (k + 1)) for k in range(25)]


def test_structured_workbook_of_the_older_layout_still_reads(weihai, tmp_path):
    """Templates sent out before item 7 had a sheet of its own hold the records under the blanks, columns B-E."""
    from anquanyue.reading.reader import read_form

    path = write_form(weihai, tmp_path / "s.xlsx", style="structured")
    wb = load_workbook(path)
    del wb["其他特色活动"]
    ws = wb["填报"]
    for code in weihai.codes:
        next(r for r in ws.iter_rows() if r[0].value == code)[4].value = 2
    ws["C4"] = "环翠区工业和信息化局"
    last = ws.max_row + 2
    ws.cell(row=last, column=2, value="活动名称")
    ws.cell(row=last + 1, column=2, value="老模板活动")
    ws.cell(row=last + 1, column=3, value=3)
    ws.cell(row=last + 1, column=4, value=30)
    wb.save(path)
    report = read_form(path)
    assert report.errors == [] and report.values["1.1"] == 2
    assert [(r.name, r.count, r.people) for r in report.other_activities] == [("老模板活动", 3, 30)]


@pytest.mark.parametrize("suffix", ["xlsx", "docx"])
def test_a_deliverable_merged_again_to_another_form_names_each_sender_once(weihai, tmp_path, suffix):
    from anquanyue.merging.merge import merge
    from anquanyue.writing.outputs import write_outputs

    (tmp_path / "in").mkdir()
    city = FormData(form_schema=load_schema("weihai-2023"), unit="威海市工业和信息化局", date="2023-06-30",
                    values={c: 1 for c in weihai.codes},
                    other_activities=[OtherActivity(name="讲座", count=1, people=9, description="走进企业。",
                                                    unit="乳山市工业和信息化局")])
    write_form(weihai, tmp_path / "in" / f"威海.{suffix}", city)
    out, _ = write_outputs(merge([tmp_path / "in"], to="shandong-minbao-2023", unit="山东省工业和信息化厅", date="2023-07-01"),
                           tmp_path / f"省.{suffix}")
    if suffix == "xlsx":
        text = "".join(str(c.value) for row in load_workbook(out).active.iter_rows() for c in row if c.value)
    else:
        text = "".join(c.text for row in Document(str(out)).tables[0].rows for c in row.cells)
    assert text.count("报送单位：") == 1 and "报送单位：乳山市工业和信息化局。走进企业。" in text


def test_docx_body_cells_hold_every_line_as_its_own_paragraph_in_the_form_font(weihai, tmp_path):
    # records with a tab, space at the end of a line and an empty line: each line a paragraph of one run, exact spacing
    records = [OtherActivity(name="演练\t观摩", count=1, people=2, description="  前后有空格  \n\n第三行"),
               OtherActivity(name="宣讲", count=3, people=4, unit="乳山市应急管理局"),
               OtherActivity(name="培训", count=5, people=6, description="一行")]
    data = FormData(form_schema=load_schema("weihai-2023"), unit="威海市", date="2023-06-28", other_activities=records)
    doc = Document(str(write_form(weihai, tmp_path / "f.docx", data)))
    rows = doc.tables[0].rows
    body = [[[p.text for p in cell.paragraphs] for cell in row.cells] for row in rows[1:]]
    assert body[6:] == [
        [["7.其他特色活动"], ["活动名称（演练\t观摩），组织（1）场/次，参与（2）人次。", "前后有空格  ", "", "第三行"]],
        [["7.其他特色活动"], ["活动名称（宣讲），组织（3）场/次，参与（4）人次。", "报送单位：乳山市应急管理局。"]],
        [["7.其他特色活动"], ["活动名称（培训），组织（5）场/次，参与（6）人次。", "一行"]],
    ]
    # (python-docx's ``row.cells`` gives a merged cell's first: the rows' own cells are read)
    assert [rows[k]._tr.tc_lst[0].tcPr.find(qn("w:vMerge")).get(qn("w:val")) for k in (7, 8, 9)] == ["restart", None,
                                                                                                      None]
    for row in rows[1:]:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                assert paragraph.paragraph_format.line_spacing.pt == 15
                for run in paragraph.runs:
                    assert (run.font.name, run.font.size.pt, run.font.bold) == ("仿宋_GB2312", 12, False)
                    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert rows[1].cells[1].paragraphs[0].runs[0]._element.find(qn("w:t")).get(qn("xml:space")) is None
    assert rows[7].cells[1].paragraphs[1].runs[0]._element.find(qn("w:t")).get(qn("xml:space")) == "preserve"
    assert rows[7].cells[1].paragraphs[2].runs[0]._element.find(qn("w:t")) is None  # the empty line: a run, no text
