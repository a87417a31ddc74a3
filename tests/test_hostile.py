"""What arrives by e-mail: broken, odd, hostile files. Each case asserts the exact behaviour; none may crash."""
from __future__ import annotations

import io
import json
import re
import shutil
import struct
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from docx import Document

from anquanyue.cli import main
from anquanyue.merging.merge import merge
from anquanyue.writing.outputs import write_outputs
from anquanyue.reading.reader import read_form
from anquanyue.schema import load_schema

from .forms import Filled, write_docx, write_xls, write_xlsx

WEIHAI = load_schema("weihai-2023")


def good(unit="环翠区工业和信息化局", records=(("安全讲座", "1", "50", ""),)):
    return Filled(WEIHAI, raw={c: "4" for c in WEIHAI.codes}, unit=unit, records=list(records))


def codes(report):
    return [i.code for i in report.issues]


def replace_part(src, dst, name, data: bytes):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, data if info.filename == name else zin.read(info.filename))
    return dst


@pytest.mark.parametrize("name", ["empty.xlsx", "empty.docx", "empty.xls"])
def test_empty_files(tmp_path, name):
    (tmp_path / name).write_bytes(b"")
    report = read_form(tmp_path / name)
    assert codes(report) == ["file-empty"]
    assert report.issues[0].message == f"{tmp_path / name}：文件是空的，没有任何内容，请重新导出后报送。"


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_truncated_zip(tmp_path, suffix):
    path = (write_xlsx if suffix == ".xlsx" else write_docx)(good(), tmp_path / f"f{suffix}")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    report = read_form(path)
    assert codes(report) == ["file-corrupt"]
    assert report.issues[0].message.startswith(f"{path}：文件已损坏或不是有效的 {suffix} 文件（压缩包损坏：")
    assert report.issues[0].message.endswith("），请用 Excel/WPS/Word 打开后另存再报送。")


def test_xlsx_renamed_docx_is_read_by_content(tmp_path):
    path = write_xlsx(good(), tmp_path / "f.xlsx").rename(tmp_path / "f.docx")
    report = read_form(path)
    assert report.format == "xlsx" and report.values == {c: 4 for c in WEIHAI.codes}
    assert codes(report) == ["file-wrong-format"]


def test_html_xls_that_is_not_the_form(tmp_path):
    (tmp_path / "export.xls").write_text("<html><body><table><tr><td>产量</td><td>12</td></tr></table></body></html>",
                                         encoding="gb18030")
    report = read_form(tmp_path / "export.xls")
    assert codes(report) == ["not-a-form"]


def test_password_protected_workbook(tmp_path):
    from msoffcrypto.format.ooxml import OOXMLFile

    plain = write_xlsx(good(), tmp_path / "plain.xlsx")
    out = io.BytesIO()
    with plain.open("rb") as fh:
        OOXMLFile(fh).encrypt("123456", out)
    (tmp_path / "locked.xlsx").write_bytes(out.getvalue())
    report = read_form(tmp_path / "locked.xlsx")
    assert [i.message for i in report.issues] == [f"{tmp_path / 'locked.xlsx'}：文件已加密，请去掉密码后重新报送。"]


def test_decompression_bomb_is_refused_before_parsing_with_bounded_memory(tmp_path):
    src = write_xlsx(good(), tmp_path / "f.xlsx")
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info in zin.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with zout.open(info.filename, "w") as fh:
                    fh.write(b'<?xml version="1.0"?><worksheet><sheetData>')
                    block = b" " * (1 << 20)
                    for _ in range(300):  # 300 MB of XML once inflated
                        fh.write(block)
                    fh.write(b"</sheetData></worksheet>")
            else:
                zout.writestr(info.filename, zin.read(info.filename))
    assert bomb.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    report = read_form(bomb)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert codes(report) == ["file-too-large"]
    assert report.issues[0].message == (f"{bomb}：文件解压后超过 100 MB 的上限（xl/worksheets/sheet1.xml 解压后 300 MB），"
                                        "可能已损坏，请重新导出后报送。")
    assert peak < 20 * 1024 * 1024


LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
          b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
          b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')


def test_billion_laughs_in_xlsx_and_docx(tmp_path):
    xlsx = write_xlsx(good(), tmp_path / "f.xlsx")
    with zipfile.ZipFile(xlsx) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    body = sheet.split(b"?>", 1)[-1]  # openpyxl writes no XML declaration
    bad_xlsx = replace_part(xlsx, tmp_path / "laughs.xlsx", "xl/worksheets/sheet1.xml", LAUGHS + body)
    docx = write_docx(good(), tmp_path / "f.docx")
    with zipfile.ZipFile(docx) as z:
        document = z.read("word/document.xml")
    bad_docx = replace_part(docx, tmp_path / "laughs.docx", "word/document.xml",
                            LAUGHS + document.split(b"?>", 1)[1].replace(b"</w:body>", b"<w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body>"))
    for path, part in ((bad_xlsx, "xl/worksheets/sheet1.xml"), (bad_docx, "word/document.xml")):
        report = read_form(path)
        assert codes(report) == ["file-unsafe-xml"]
        assert report.issues[0].message == (f"{path}：文件中含有不安全的 XML 内容（{part} 含 DOCTYPE/ENTITY 声明），"
                                            "已拒绝读取，请用 Excel/WPS/Word 另存后报送。")


def test_unsafe_workbook_part_is_refused_in_every_file_that_carries_it(tmp_path):
    # the workbook part is parsed once per distinct content: a refusal must still name each file
    xlsx = write_xlsx(good(), tmp_path / "f.xlsx")
    with zipfile.ZipFile(xlsx) as z:
        workbook = z.read("xl/workbook.xml")
    bad = LAUGHS + workbook.split(b"?>", 1)[-1]
    for name in ("a.xlsx", "b.xlsx"):
        path = replace_part(xlsx, tmp_path / name, "xl/workbook.xml", bad)
        report = read_form(path)
        assert codes(report) == ["file-unsafe-xml"]
        assert report.issues[0].location == str(path)
    assert read_form(xlsx).ok  # the same template, unharmed


def test_external_entity_never_leaks_a_local_file(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-4711", encoding="utf-8")
    docx = write_docx(good(), tmp_path / "f.docx")
    with zipfile.ZipFile(docx) as z:
        document = z.read("word/document.xml")
    xxe = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://' + str(secret).encode() + b'">]>'
           + document.split(b"?>", 1)[1].replace(b"\xe7\x8e\xaf\xe7\xbf\xa0", b"&x;"))
    bad = replace_part(docx, tmp_path / "xxe.docx", "word/document.xml", xxe)
    (tmp_path / "in").mkdir()
    shutil.copy(bad, tmp_path / "in" / "xxe.docx")
    write_xlsx(good(), tmp_path / "in" / "good.xlsx")
    result = CliRunner().invoke(main, ["validate", "--json", str(bad)])
    assert "TOP-SECRET" not in result.output and json.loads(result.output)[0]["issues"][0]["code"] == "file-unsafe-xml"
    merged = CliRunner().invoke(main, ["merge", str(tmp_path / "in"), "-o", str(tmp_path / "t.json"), "--quiet"])
    assert merged.exit_code == 1
    assert "TOP-SECRET" not in (tmp_path / "t.json").read_text(encoding="utf-8")


def test_number_beyond_spreadsheet_precision(tmp_path):
    from anquanyue.formdata import FormData
    from anquanyue.writing import write_form

    path = write_form(WEIHAI, tmp_path / "s.xlsx", FormData(form_schema=WEIHAI, unit="甲", values={"1.1": 3}),
                      style="structured")
    wb = openpyxl.load_workbook(path)
    ws = wb["填报"]
    row = next(r for r in ws.iter_rows() if r[0].value == "1.2")
    row[4].value = 1e20
    wb.save(path)
    report = read_form(path)
    assert report.values["1.2"] is None
    assert [(i.code, i.field) for i in report.errors] == [("blank-too-large", "1.2")]


def test_form_of_another_issuer(tmp_path):
    path = write_xlsx(good(), tmp_path / "yantai.xlsx")
    wb = openpyxl.load_workbook(path)
    wb.active["A1"] = "烟台市“安全生产月”活动进展情况统计表"
    wb.save(path)
    report = read_form(path)
    assert codes(report) == ["other-form"] and not report.ok
    assert report.issues[0].message == (f"{path} Sheet1：统计表标题为“烟台市“安全生产月”活动进展情况统计表”，"
                                        "不是本次要填的“威海市“安全生产月”活动进展情况统计表”，请使用威海市工业和信息化局下发的模板重新填报。")


FORMULAS = ['=HYPERLINK("http://evil.example/","点击")', "+SUM(1,2)", "-2+3", "@cmd"]


def test_text_that_looks_like_a_formula_stays_text_everywhere(tmp_path):
    (tmp_path / "in").mkdir()
    write_xlsx(good(unit=FORMULAS[0], records=[(FORMULAS[1], "1", "5", FORMULAS[3]), (FORMULAS[2], "2", "6", "")]),
               tmp_path / "in" / "a.xlsx")
    report = read_form(tmp_path / "in" / "a.xlsx")
    assert report.unit == FORMULAS[0] and [a.name for a in report.other_activities] == FORMULAS[1:3]
    # the merging unit looks like a formula too, but is not the form's unit (that form would be the clerk's own)
    merging_unit = '=HYPERLINK("http://evil.example/","汇总")'
    result = merge([tmp_path / "in"], date="2023-06-30", unit=merging_unit)
    for suffix in (".xlsx", ".docx", ".json"):
        out, rep = write_outputs(result, tmp_path / f"t{suffix}", tmp_path / f"r{suffix}.xlsx")
        for workbook in ([out, rep] if suffix == ".xlsx" else [rep]):
            with zipfile.ZipFile(workbook) as z:
                for name in z.namelist():
                    if name.startswith("xl/worksheets/"):
                        assert b"<f>" not in z.read(name) and b"<f " not in z.read(name), (workbook, name)
            texts = [c.value for ws in openpyxl.load_workbook(workbook).worksheets for row in ws.iter_rows() for c in row]
            assert any(isinstance(t, str) and '=HYPERLINK("http://evil.example/","点击")' in t for t in texts)
        if suffix == ".docx":
            text = "\n".join(c.text for row in Document(str(out)).tables[0].rows for c in row.cells)
            assert FORMULAS[1] in text and FORMULAS[2] in text
        if suffix == ".json":
            data = json.loads(out.read_text(encoding="utf-8"))
            assert data["unit"] == merging_unit and data["other_activities"][0]["name"] == FORMULAS[1]


def test_very_long_text_and_control_characters(tmp_path):
    form = good()
    form.records = [("长文本活动", "1", "9", "说明" * 100_000)]  # Word has no cell limit; Excel stops at 32,767
    xls = write_xls(good(unit="临港区经济发展局\x07\x1b"), tmp_path / "ctrl.xls")
    report = read_form(xls)
    assert report.unit == "临港区经济发展局" and report.ok
    long_path = write_docx(form, tmp_path / "long.docx")
    report = read_form(long_path)
    assert report.values == {c: 4 for c in WEIHAI.codes}
    assert len(report.other_activities[0].description) == 200_000
    out, _ = write_outputs(merge([long_path], date="2023-06-30"), tmp_path / "long-total.xlsx")
    cell = next(c for row in openpyxl.load_workbook(out).active.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("活动名称（长文本活动）"))
    assert len(cell.value) == 32767 and cell.value.endswith("…（内容超过 Excel 单元格上限，已截断）")
    result = merge([xls], date="2023-06-30")
    out, _ = write_outputs(result, tmp_path / "t.docx")
    assert read_form(out).values == {c: 4 for c in WEIHAI.codes}


def test_chinese_file_name_with_spaces_and_thousands_of_unrelated_files(tmp_path):
    folder = tmp_path / "收件 箱"
    (folder / "附件 材料").mkdir(parents=True)
    write_docx(good(), folder / "环翠区 工信局 统计表（终稿）.docx")
    for k in range(3000):
        (folder / "附件 材料" / f"照片 {k}.jpg").write_bytes(b"\xff\xd8\xff")
    result = merge([folder], date="2023-06-30")
    photos = result.entries("excluded")  # a photo may be of a form: never silent, each says what to ask for
    assert len(photos) == 3000 and not result.entries("ignored")
    assert [i.message for i in photos[0].reasons] == [f"{folder / '附件 材料' / '照片 0.jpg'}：是 JPEG 图片（可能是拍照或扫描的统计表），无法读取其中的数字，请该单位以 Word 或 Excel 格式重新报送。"]
    assert [f.file for f in result.entries("included")] == [str(folder / "环翠区 工信局 统计表（终稿）.docx")]


def test_same_inputs_give_byte_identical_outputs(tmp_path):
    (tmp_path / "in").mkdir()
    write_xlsx(good(), tmp_path / "in" / "a.xlsx")
    write_docx(good(unit="文登区工业和信息化局"), tmp_path / "in" / "b.docx")
    outputs = []
    for n in range(2):
        files = [write_outputs(merge([tmp_path / "in"], date="2023-06-30"), tmp_path / f"t{n}{s}", tmp_path / f"r{n}{s}.xlsx")
                 for s in (".xlsx", ".docx")]
        outputs.append([p.read_bytes() for pair in files for p in pair])
    assert outputs[0] == outputs[1]


def test_xls_mixing_8_bit_and_utf16_strings(tmp_path):
    """BIFF8 stores each string either 8-bit (Latin-1) or UTF-16; one workbook here mixes ASCII, Latin-1 and CJK."""
    form = good(unit="环翠区工业和信息化局", records=[("Café Müller 安全讲座", "2", "30", "")])
    form.contact, form.phone = "José", "0631-5201234"
    report = read_form(write_xls(form, tmp_path / "mixed.xls"))
    assert report.ok and report.values == {c: 4 for c in WEIHAI.codes}
    assert (report.unit, report.contact, report.phone) == ("环翠区工业和信息化局", "José", "0631-5201234")
    assert [(a.name, a.count, a.people) for a in report.other_activities] == [("Café Müller 安全讲座", 2, 30)]


def test_structured_workbook_with_every_sheet_hidden(tmp_path):
    from anquanyue.writing import write_form

    path = write_form(WEIHAI, tmp_path / "s.xlsx", style="structured")
    with zipfile.ZipFile(path) as z:
        workbook = z.read("xl/workbook.xml")
    assert '<sheet name="填报" '.encode() in workbook  # Excel refuses to save this; a hand-made file can hold it
    hidden = workbook.replace('<sheet name="填报" '.encode(), '<sheet name="填报" state="hidden" '.encode())
    report = read_form(replace_part(path, tmp_path / "hidden.xlsx", "xl/workbook.xml", hidden))
    assert codes(report) == ["not-a-form"] and not report.is_form


def test_docx_with_a_broken_grid_span(tmp_path):
    docx = write_docx(good(), tmp_path / "f.docx")
    with zipfile.ZipFile(docx) as z:
        document = z.read("word/document.xml")
    first_tc = document.index(b"<w:tc>")
    broken = document[:first_tc] + b'<w:tc><w:tcPr><w:gridSpan w:val="x"/></w:tcPr><w:p/></w:tc>' + document[first_tc:]
    report = read_form(replace_part(docx, tmp_path / "span.docx", "word/document.xml", broken))
    assert report.ok and report.values == {c: 4 for c in WEIHAI.codes}


def _lie_about_size(path, name: str, declared: int) -> None:
    """Rewrite the uncompressed size the zip declares for ``name`` (local header and central directory)."""
    import struct

    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        local = archive.getinfo(name).header_offset
    assert data[local:local + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, local + 22, declared)
    central = data.find(b"PK\x01\x02")
    while central != -1:
        length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46:central + 46 + length] == name.encode():
            struct.pack_into("<I", data, central + 24, declared)
        central = data.find(b"PK\x01\x02", central + 4)
    path.write_bytes(bytes(data))


def test_a_zip_that_lies_about_a_part_size_is_refused_with_bounded_memory(tmp_path):
    """A part declared small (so the size and ratio checks pass) that inflates to 64 MB: zipfile stops at the
    declared size and the CRC fails, so the file is corrupt, and no more than the declared bytes are ever held."""
    src = write_xlsx(good(), tmp_path / "f.xlsx")
    liar = tmp_path / "liar.xlsx"
    name = "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(liar, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info in zin.infolist():
            if info.filename == name:
                with zout.open(name, "w") as fh:
                    fh.write(b'<?xml version="1.0"?><worksheet><sheetData>')
                    for _ in range(64):
                        fh.write(b" " * (1 << 20))
                    fh.write(b"</sheetData></worksheet>")
            else:
                zout.writestr(info.filename, zin.read(info.filename))
    with zipfile.ZipFile(liar) as archive:
        compressed = archive.getinfo(name).compress_size
    _lie_about_size(liar, name, compressed * 2)  # ratio 2, far under the 200 a bomb needs
    tracemalloc.start()
    report = read_form(liar)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert codes(report) == ["file-corrupt"]
    assert report.issues[0].message == f"{liar}：文件已损坏或不是有效的 .xlsx 文件（压缩包中的数据损坏），请用 Excel/WPS/Word 打开后另存再报送。"
    assert peak < 20 * 1024 * 1024


def _deflated_data_start(data: bytes, path, part: str) -> int:
    """Where ``part``'s compressed bytes begin in the zip ``data`` (after its local header)."""
    with zipfile.ZipFile(path) as archive:
        offset = archive.getinfo(part).header_offset
    name_length, extra_length = struct.unpack("<HH", data[offset + 26: offset + 30])
    return offset + 30 + name_length + extra_length


@pytest.mark.parametrize(("suffix", "part"), [(".xlsx", "xl/worksheets/sheet1.xml"), (".docx", "word/document.xml")])
def test_a_damaged_compressed_part_is_named_in_chinese(tmp_path, suffix, part):
    """The zip's directory is whole, the main part's deflated data is not (a reserved block type)."""
    path = (write_xlsx if suffix == ".xlsx" else write_docx)(good(), tmp_path / f"f{suffix}")
    data = bytearray(path.read_bytes())
    data[_deflated_data_start(data, path, part)] = 0x07
    path.write_bytes(bytes(data))
    report = read_form(path)
    assert [i.message for i in report.issues] == [
        f"{path}：文件已损坏或不是有效的 {suffix} 文件（压缩数据损坏），请用 Excel/WPS/Word 打开后另存再报送。"]


@pytest.mark.parametrize("cell", [b'<c r="Z1" t="s"><v>7</v></c>',  # a shared string the workbook does not have
                                  b'<c r="Z1" t="s"><v>abc</v></c>',  # an index that is not a number
                                  b'<c r="Z1"><v>1.x</v></c>'])  # a number that is not one
def test_a_cell_that_cannot_be_what_it_claims_is_named_in_chinese(tmp_path, cell):
    src = write_xlsx(good(), tmp_path / "src.xlsx")
    with zipfile.ZipFile(src) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    path = replace_part(src, tmp_path / "f.xlsx", "xl/worksheets/sheet1.xml",
                        sheet.replace(b'<row r="1">', b'<row r="1">' + cell, 1))
    report = read_form(path)
    assert [i.message for i in report.issues] == [
        f"{path}：文件已损坏或不是有效的 .xlsx 文件（其中有不合规范的内容），请用 Excel/WPS/Word 打开后另存再报送。"]


def test_a_web_page_with_nothing_in_it_is_named_in_chinese(tmp_path):
    """lxml says "Document is empty"; the clerk reads what was found."""
    from anquanyue.reading.document import LoadError
    from anquanyue.reading.loaders.html import load_html

    path = tmp_path / "f.xls"
    path.write_bytes(b'<?xml version="1.0" encoding="utf-8"?>\n  ')
    with pytest.raises(LoadError) as raised:
        load_html(path)
    assert (raised.value.code, raised.value.params) == (
        "file-corrupt", {"location": str(path), "fmt": "HTML", "detail": "没有可读的网页内容"})


# every format read since issue 14, damaged at random: reading never crashes, and says what is wrong in Chinese
_DAMAGED_SOURCES = ["weihai.doc", "weihai.wps", "weihai.odt", "weihai.ods", "weihai.et", "forms.zip", "forms.7z",
                    "form.xlsb", "form.xml", "form.xlsx", "form.docx"]


def _source_bytes(name: str) -> bytes:
    """A fixture's bytes; the archives hold the .doc and the .ods fixtures."""
    from .test_loaders_formats import FIXTURES

    if name.startswith("form."):
        import tempfile

        from .forms import WRITERS

        with tempfile.TemporaryDirectory() as tmp:
            return WRITERS[name.split(".")[1]](good(), Path(tmp) / name).read_bytes()
    if not name.startswith("forms."):
        return (FIXTURES / name).read_bytes()
    members = {n: (FIXTURES / n).read_bytes() for n in ("weihai.doc", "weihai.ods")}
    out = io.BytesIO()
    if name.endswith(".zip"):
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for member, data in members.items():
                archive.writestr(member, data)
    else:
        import py7zr

        with py7zr.SevenZipFile(out, "w") as archive:
            for member, data in members.items():
                archive.writestr(data, member)
    return out.getvalue()
_OUR_WORDS = re.compile(r"Excel|WPS|Word|OpenDocument|HTML|XML|DOCTYPE|ENTITY|PDF|RAR|JPEG|PNG|GIF|TIFF|HEIC|WebP|BMP|RTF"
                        r"|[.](?:docx?|xlsx|xlsb|xls|wps|et|ods|odt|zip|7z|xml)\b|[\w/\[\]]+[.](?:xml|bin|rels)\b")  # part names


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(source=st.sampled_from(_DAMAGED_SOURCES), cuts=st.lists(st.tuples(st.floats(0, 1), st.binary(min_size=1, max_size=8)),
                                                              min_size=1, max_size=6),
       truncate=st.one_of(st.none(), st.floats(0.05, 1)))
def test_damaged_files_of_every_format_never_crash(tmp_path, source, cuts, truncate):
    from anquanyue.reading.inbox import collect

    data = bytearray(_source_bytes(source))
    for where, junk in cuts:
        at = int(where * (len(data) - 1))
        data[at : at + len(junk)] = junk
    if truncate is not None:
        data = data[: max(1, int(len(data) * truncate))]
    path = tmp_path / f"damaged{Path(source).suffix}"
    path.write_bytes(bytes(data))
    for found in collect([path]):  # an archive: each of its files, or the archive itself
        report = read_form(found)  # must return, whatever the bytes
        for issue in report.issues:
            if issue.code.startswith(("file-", "archive-")):
                text = _OUR_WORDS.sub("", issue.message.replace(str(found), "").replace(str(path), ""))
                assert not re.search(r"[A-Za-z]{3,}", text), issue.message  # no library's English reaches a clerk
