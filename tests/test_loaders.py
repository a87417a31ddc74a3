"""The loaders on XML written by hand: what Word and Excel put in files that our own writers never do."""
import zipfile

from anquanyue.reading.loaders import load_document

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def docx(path, body: str):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>')
    return path


def texts(path):
    return [(c.text, c.location) for c in load_document(path).grids[0].cells]


def test_docx_runs_tabs_and_breaks(tmp_path):
    body = ('<w:p><w:r><w:t>开展宣讲活动（</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>12</w:t></w:r>'
            '<w:r><w:t>）场</w:t><w:tab/><w:t>参与</w:t><w:br/><w:t>（300）人次</w:t><w:cr/></w:r></w:p>')
    assert texts(docx(tmp_path / "a.docx", body)) == [("开展宣讲活动（12）场\t参与\n（300）人次\n", "第1段")]


def test_docx_tracked_changes_text_boxes_and_fields(tmp_path):
    body = ('<w:p><w:r><w:t>参与（</w:t></w:r>'
            '<w:del><w:r><w:delText>30</w:delText></w:r></w:del><w:ins><w:r><w:t>45</w:t></w:r></w:ins>'
            '<w:r><w:t>）人次</w:t></w:r>'
            '<w:r><w:fldChar/><w:instrText>PAGE</w:instrText></w:r>'
            '<w:r><w:pict><w:txbxContent><w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:pict></w:r></w:p>'
            '<w:p><w:r><w:t>第二段</w:t></w:r><w:r><w:tab/></w:r></w:p>')
    assert texts(docx(tmp_path / "a.docx", body)) == [("参与（45）人次文本框", "第1段"), ("第二段\t", "第2段")]
    [issue] = load_document(tmp_path / "a.docx").issues  # a text box is read where it is anchored, and said so
    assert (issue.code, issue.location) == ("textbox-read", "第1段")


def test_docx_content_controls_and_merged_table_cells(tmp_path):
    cell = '<w:tc>{pr}<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>'
    merged = '<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>'
    rows = ('<w:tr>' + cell.format(pr=merged, text="1.宣贯活动") + cell.format(pr="", text="（1）场") + '</w:tr>'
            '<w:tr>' + cell.format(pr='<w:tcPr><w:vMerge/></w:tcPr>', text="") + cell.format(pr="", text="（2）篇")
            + '</w:tr>')
    body = f'<w:sdt><w:sdtContent><w:p><w:r><w:t>标题</w:t></w:r></w:p></w:sdtContent></w:sdt><w:tbl>{rows}</w:tbl>'
    assert texts(docx(tmp_path / "a.docx", body)) == [
        ("标题", "第1段"), ("1.宣贯活动", "表1 第1行第1列"), ("（1）场", "表1 第1行第2列"), ("（2）篇", "表1 第2行第2列")]


def test_only_small_workbook_parts_are_remembered(tmp_path):
    from anquanyue.reading.loaders import xlsx

    from anquanyue.schema import load_schema

    from .forms import Filled, write_xlsx

    weihai = load_schema("weihai-2023")
    path = write_xlsx(Filled(weihai, raw={c: "1" for c in weihai.codes}), tmp_path / "f.xlsx")
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    # a workbook part padded to 100 KB (comments are dropped by the parser): read, but not kept in memory
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"<sheets>", b"<!--" + b"x" * 100_000 + b"--><sheets>")
    assert len(parts["xl/workbook.xml"]) > 100_000
    big = tmp_path / "big.xlsx"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    xlsx._workbook_from.cache_clear()
    assert [g.name for g in load_document(big).grids] == [g.name for g in load_document(path).grids]
    assert xlsx._workbook_from.cache_info().currsize == 1  # the small one only


def test_a_folder_named_like_a_form_is_refused_in_chinese(tmp_path):
    from anquanyue.reading.reader import read_form

    folder = tmp_path / "环翠.xlsx"
    folder.mkdir()
    report = read_form(folder)
    assert [i.message for i in report.issues] == [
        f"{folder}：文件已损坏或不是有效的 .xlsx 文件（这是一个文件夹），请用 Excel/WPS/Word 打开后另存再报送。"]

