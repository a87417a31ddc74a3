""".doc and .wps (Word 97-2003 binary) read natively: the same Document as the .docx they were saved from."""
from __future__ import annotations

import shutil

import olefile
import pytest

from anquanyue.reading.loaders import load_document
from anquanyue.reading.reader import read_form

from .fixtures.make_fixtures import (UNITS, _with_fields, fixture_form, fixture_values, header_docx, raised_docx,
                                     spanned_docx, tracked_docx)
from .forms import write_docx
from .test_loaders_formats import FIXTURES, RECORDS


def cells(path):
    return [(c.text, c.location, c.row, c.col, c.block) for c in load_document(path).grids[0].cells]


@pytest.mark.parametrize("name", ["weihai.doc", "weihai.wps"])
def test_doc_and_wps_give_every_blank(name):
    report = read_form(FIXTURES / name)
    assert report.format == "doc" and report.issues == []
    assert (report.unit, report.contact, report.phone, report.date) == (UNITS[name], "王敏", "0631-5201234", "2023-06-28")
    assert report.values == fixture_values()
    assert [(r.name, r.count, r.people) for r in report.other_activities] == RECORDS


def test_doc_cells_are_the_docx_cells(tmp_path):
    """Same texts, locations, rows, columns and blocks as the .docx it was saved from (an empty cell included)."""
    docx_path = write_docx(fixture_form(), tmp_path / "form.docx")
    _with_fields(docx_path)
    assert cells(FIXTURES / "weihai.doc") == cells(docx_path)
    assert ("活动名称（应急演练观摩），组织（1）场/次，参与（80）人次。", "表1 第9行第2列", 9, 2, 2) in cells(docx_path)


def test_doc_superscript_and_subscript_runs_are_marks_as_in_the_docx(tmp_path):
    """A footnote mark typed as a digit and raised (sprmCIss) is never a digit of the number before it."""
    assert cells(FIXTURES / "raised.doc") == cells(raised_docx(tmp_path / "raised.docx"))
    assert [c[0] for c in cells(FIXTURES / "raised.doc")] == ["开展宣讲活动（12¹）场，参与（3₂）人次", "发表评论文章",
                                                            "（7²）篇"]


def test_doc_page_header_and_footer_give_the_header_line(tmp_path):
    """The header line written only in the page header and footer (Word's header story) is read, as from the
    .docx it was saved from."""
    report = read_form(FIXTURES / "header.doc")
    assert (report.unit, report.contact, report.phone, report.date) == ("环翠区工业和信息化局", "王敏", "0631-5201234",
                                                                         "2023-06-28")
    assert report.issues == [] and report.values == fixture_values()
    assert [c.text for c in load_document(FIXTURES / "header.doc").margins] == [
        c.text for c in load_document(header_docx(tmp_path / "header.docx")).margins]
    assert load_document(FIXTURES / "weihai.doc").margins == []  # no page header: nothing


def test_a_damaged_header_story_costs_only_the_page_headers(monkeypatch):
    """Where the header story cannot be read (its piece's bytes past the stream: word97 raises as it would), the
    body is read as before and only the header fields found there are missing."""
    from anquanyue.reading.loaders import doc, word97

    def damaged(word, table):
        raise word97.Word97Error("正文数据不完整")

    monkeypatch.setattr(doc, "margin_texts", damaged)
    report = read_form(FIXTURES / "header.doc")
    assert load_document(FIXTURES / "header.doc").margins == []
    assert report.values == fixture_values() and [i.code for i in report.errors] == ["unit-missing"]


def test_doc_field_codes_do_not_reach_the_text():
    texts = [c[0] for c in cells(FIXTURES / "weihai.doc")]
    assert texts[-1] == "填报说明见威海市应急管理局网站"
    assert not any("HYPERLINK" in t or "\x13" in t or "\x14" in t for t in texts)


def _edit_word_stream(src, dst, edit):
    shutil.copyfile(src, dst)
    ole = olefile.OleFileIO(str(dst), write_mode=True)
    stream = bytearray(ole.openstream("WordDocument").read())
    edit(stream)
    ole.write_stream("WordDocument", bytes(stream))
    ole.close()
    return dst


def test_encrypted_doc(tmp_path):
    def encrypt(stream):
        stream[0x0B] |= 0x01  # FIB fEncrypted (bit 8 of the flags at 0x0A)

    path = _edit_word_stream(FIXTURES / "weihai.doc", tmp_path / "加密.doc", encrypt)
    assert [i.message for i in read_form(path).issues] == [f"{path}：文件已加密，请去掉密码后重新报送。"]


def test_damaged_doc_says_so_in_chinese(tmp_path):
    def unmark(stream):
        stream[0:2] = b"\x00\x00"

    path = _edit_word_stream(FIXTURES / "weihai.doc", tmp_path / "坏.doc", unmark)
    assert [i.message for i in read_form(path).issues] == [
        f"{path}：文件已损坏或不是有效的 .doc 文件（文档头标识不对），请用 Excel/WPS/Word 打开后另存再报送。"]
    truncated = tmp_path / "半个.wps"
    truncated.write_bytes((FIXTURES / "weihai.wps").read_bytes()[:3000])
    assert [i.message for i in read_form(truncated).issues] == [
        f"{truncated}：文件已损坏或不是有效的 .wps 文件（复合文档结构损坏），请用 Excel/WPS/Word 打开后另存再报送。"]


def test_doc_named_xls_is_read_as_word_with_a_warning(tmp_path):
    path = shutil.copyfile(FIXTURES / "weihai.doc", tmp_path / "环翠.xls")
    report = read_form(path)
    assert report.values == fixture_values()
    assert [i.message for i in report.issues] == [
        f"{path}：文件扩展名为 .xls，内容却是 Word 97-2003 文档（.doc），已按实际格式读取；请以正确的扩展名报送。"]


def test_docx_named_doc_is_read_with_a_warning(tmp_path):
    path = write_docx(fixture_form(), tmp_path / "环翠.doc")
    report = read_form(path)
    assert report.ok and report.values == fixture_values()
    assert [i.message for i in report.issues] == [
        f"{path}：文件扩展名为 .doc，内容却是 Word 文档（.docx），已按实际格式读取；请以正确的扩展名报送。"]


def test_word_95_is_named_as_such(tmp_path):
    def word95(stream):
        stream[2:4] = (104).to_bytes(2, "little")  # nFib of Word 95

    path = _edit_word_stream(FIXTURES / "weihai.doc", tmp_path / "旧.doc", word95)
    assert [i.message for i in read_form(path).issues] == [
        f"{path}：是 Word 6.0/95 或更早版本的文档，本工具无法读取，请该单位用 Word 或 WPS 另存为 .docx 后重新报送。"]


def test_text_deleted_with_track_changes_is_not_read(tmp_path):
    """Word keeps deleted text in a .doc until the change is accepted: 30 → 45 must read 45, never 3045."""
    docx_path = tracked_docx(tmp_path / "tracked.docx")
    assert cells(FIXTURES / "tracked.doc") == cells(docx_path)
    assert [c[0] for c in cells(FIXTURES / "tracked.doc")] == ["参与（45）人次", "开展宣讲（ ）场", "（8）场"]


def test_cells_merged_across_columns_are_numbered_as_in_the_docx(tmp_path):
    docx_path = spanned_docx(tmp_path / "spanned.docx")
    assert cells(FIXTURES / "spanned.doc") == cells(docx_path)
    assert [(c[0], c[1]) for c in cells(FIXTURES / "spanned.doc")][:2] == [("合并标题", "表1 第1行第1列"),
                                                                           ("右上", "表1 第1行第3列")]


def _word_streams(pieces: list[tuple[str, bool]]) -> tuple[bytes, bytes]:
    """A WordDocument and a table stream holding ``pieces`` (text, compressed) as Word's piece table lays them out:
    compressed pieces one cp1252 byte a character, the others UTF-16LE, anywhere in the stream and in any order."""
    import struct

    fib = bytearray(1024)
    struct.pack_into("<HH", fib, 0, 0xA5EC, 0x00C1)  # wIdent, nFib of Word 97
    struct.pack_into("<H", fib, 0x0A, 0x0200)  # fWhichTblStm: 1Table
    struct.pack_into("<H", fib, 32, 14)  # csw, then fibRgW (28 bytes)
    struct.pack_into("<H", fib, 62, 22)  # cslw, then fibRgLw (88 bytes): ccpText is its 4th value
    struct.pack_into("<H", fib, 152, 93)  # cbRgFcLcb, then the (fc, lcb) pairs: fcClx is the 34th
    body = bytearray()
    cps, pcds, cp = [0], [], 0
    for text, compressed in reversed(pieces):  # stored back to front: the table maps them back
        data = text.encode("cp1252" if compressed else "utf-16-le")
        offset = 1024 + len(body)
        body += data
        pcds.insert(0, (offset * 2) | 0x40000000 if compressed else offset)
    for text, _ in pieces:
        cp += len(text)
        cps.append(cp)
    struct.pack_into("<I", fib, 64 + 3 * 4, cp)  # ccpText
    plc = struct.pack(f"<{len(cps)}I", *cps) + b"".join(struct.pack("<HIH", 0, fc, 0) for fc in pcds)
    clx = b"\x01\x02\x00\xaa\xbb" + b"\x02" + struct.pack("<I", len(plc)) + plc  # a Prc, then the Pcdt
    table = b"\x00" * 16 + clx
    struct.pack_into("<II", fib, 154 + 33 * 8, 16, len(clx))
    return bytes(fib + body), table


def test_pieces_compressed_and_not_in_any_order_with_a_field_across_them():
    from anquanyue.reading.loaders.word97 import paragraphs

    word, table = _word_streams([("开展宣讲活动（", False), ("12) \x13 PAGE \x14", True), ("3\x15场\r末段\r", False)])
    assert [(p.text, p.end, p.in_table) for p in paragraphs(word, table)] == [
        ("开展宣讲活动（12) 3场", "\r", False), ("末段", "\r", False)]


def test_doc_footnote_and_endnote_references_and_a_mark_raised_by_its_style_are_marks():
    """Word writes 0x02 where a footnote or endnote reference sits and shows its number raised; a mark typed in a
    raised character style (Word's 脚注引用) is raised by the style alone, in the page header too. Each is a mark
    after the number, never dropped (the number's warning would be lost) nor one of its digits (73)."""
    assert [c[:2] for c in cells(FIXTURES / "notes.doc")] == [
        ("开展宣讲活动（12¹）场，参与（300²）人次", "第1段"), ("发表评论文章", "表1 第1行第1列"), ("（7³）篇", "表1 第1行第2列"),
        ("组织观看（5¹）场", "第2段")]
    assert [c.text for c in load_document(FIXTURES / "notes.doc").margins] == ["联系人：王敏 电话：0631-5201234¹"]  # not …12341


def _stsh(styles: list[tuple[int, int, int | None] | None]) -> bytes:
    """A style sheet (STSH) of Word 97: each style (kind: 1 paragraph, 2 character; base istd, 0x0FFF for none;
    its sprmCIss or None), or None for an empty slot."""
    import struct

    stshi = struct.pack("<HH", len(styles), 10) + b"\x00" * 14
    out = struct.pack("<H", len(stshi)) + stshi
    for style in styles:
        if style is None:
            out += struct.pack("<H", 0)
            continue
        kind, base, iss = style
        grpprl = struct.pack("<HB", 0x2A48, iss) if iss is not None else b""
        std = struct.pack("<HHHHH", 0, kind | base << 4, 0, 0, 0) + struct.pack("<H", 2) + "样式".encode("utf-16-le")
        std += b"\x00\x00" + struct.pack("<H", len(grpprl)) + grpprl + (b"\x00" if len(grpprl) % 2 else b"")
        out += struct.pack("<H", len(std)) + std
    return out


def test_character_styles_raise_by_their_own_script_or_the_nearest_base_styles():
    from anquanyue.reading.textnorm import SUBSCRIPT, SUPERSCRIPT
    from anquanyue.reading.loaders.word97_props import raised_styles

    stsh = _stsh([(1, 0x0FFF, None),  # 0 a paragraph style: never a run's style
                  (2, 0x0FFF, 1),  # 1 raises
                  (2, 1, None),  # 2 based on 1: raises
                  (2, 1, 0),  # 3 based on 1, sets normal: does not
                  None,  # 4 an empty slot
                  (2, 0x0FFF, 2),  # 5 lowers
                  (2, 7, None), (2, 6, None),  # 6 and 7 based on each other (a damaged sheet): neither
                  (1, 0x0FFF, 1)])  # 8 a paragraph style that raises: not a character style
    table = b"\xff" * 8 + stsh
    assert raised_styles(table, 8, len(stsh)) == {1: SUPERSCRIPT, 2: SUPERSCRIPT, 5: SUBSCRIPT}
    assert raised_styles(table, 8, len(stsh) - 30) == {1: SUPERSCRIPT, 2: SUPERSCRIPT, 5: SUBSCRIPT}  # cut short
    assert raised_styles(table, 8, 0) == {} and raised_styles(table, 8, len(table)) == {}


def test_a_huge_style_sheet_is_read_but_not_kept_in_memory():
    """Forms of one template share their style sheet, so each distinct one is read once; one of over 1 MB (no
    Word writes such: a damaged or hostile file, up to 50 MB) is read as ever, but not kept."""
    from anquanyue.reading.textnorm import SUPERSCRIPT
    from anquanyue.reading.loaders import word97_props

    stsh = _stsh([(2, 0x0FFF, 1)])
    small, big = b"\xff" * 8 + stsh, b"\xff" * 8 + stsh + b"\x00" * (1 << 20)
    word97_props._raised_in.cache_clear()
    assert word97_props.raised_styles(big, 8, len(big) - 8) == {0: SUPERSCRIPT}
    assert word97_props.raised_styles(small, 8, len(stsh)) == {0: SUPERSCRIPT}
    assert word97_props._raised_in.cache_info().currsize == 1  # the small one only


def test_a_doc_form_with_a_footnote_after_a_number_reads_the_number_and_says_so():
    report = read_form(FIXTURES / "noted.doc")
    assert report.format == "doc" and report.ok and report.unit == "临港区经济发展局"
    assert report.values == fixture_values()
    assert [(r.name, r.count, r.people) for r in report.other_activities] == RECORDS
    assert [(i.code, i.field, i.message) for i in report.issues] == [(
        "blank-mark", "1.1", "表1 第2行第2列：1.1（宣讲活动）填写的“1¹”中“¹”是上标、脚注或标注符号，不是数字，已按 1 计；标注若有说明请另附。")]
