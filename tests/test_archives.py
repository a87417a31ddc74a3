"""Archives a unit sends: each file inside read as if it lay in the inbox, under a zip bomb's limits."""
from __future__ import annotations

import io
import pickle
import shutil
import zipfile
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import pytest

from anquanyue.merging.merge import merge
from anquanyue.reading.archives import MAX_MEMBERS, Member
from anquanyue.reading.inbox import collect
from anquanyue.reading.pool import read_many, read_one
from anquanyue.reading.reader import read_form

from .fixtures.make_fixtures import fixture_values
from .forms import unit_form, write_docx, write_xlsx
from .test_loaders_formats import FIXTURES


class GbkName(zipfile.ZipInfo):
    """A member name as a Chinese Windows zips it: GBK bytes, without the UTF-8 flag."""

    encoding = "gbk"

    def _encodeFilenameFlags(self):
        return self.filename.encode(self.encoding), self.flag_bits & ~0x800


class Utf8NameWithoutFlag(GbkName):
    """UTF-8 bytes without the UTF-8 flag, as some tools write them."""

    encoding = "utf-8"


def zip_of(path, members: dict, *, gbk=False, names=None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = (names or (GbkName if gbk else zipfile.ZipInfo))(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return path


def form_bytes(tmp_path, unit, value, writer=write_docx, suffix=".docx"):
    return writer(unit_form(unit, value), tmp_path / f"build-{unit}{suffix}").read_bytes()


def statuses(result):
    return {f.file: f.status for f in result.files}


def test_zip_members_are_read_as_files(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    zip_of(inbox / "乳山.zip", {"乳山市工信局.docx": form_bytes(tmp_path, "乳山市工信局", 2),
                                 "表/文登区工信局.xlsx": form_bytes(tmp_path, "文登区工信局", 3, write_xlsx, ".xlsx"),
                                 "环翠.doc": (FIXTURES / "weihai.doc").read_bytes(),
                                 "~$乳山市工信局.docx": b"lock", "__MACOSX/._乳山市工信局.docx": b"mac"})
    result = merge([inbox], date="2023-06-30")
    z = inbox / "乳山.zip"
    assert statuses(result) == {
        f"{z}!__MACOSX/._乳山市工信局.docx": "ignored", f"{z}!~$乳山市工信局.docx": "ignored",
        f"{z}!乳山市工信局.docx": "included", f"{z}!环翠.doc": "included", f"{z}!表/文登区工信局.xlsx": "included"}
    assert result.totals["1.1"] == 2 + 3 + fixture_values()["1.1"]
    assert result.exit_code == 0


def test_gbk_member_names_come_out_right(tmp_path):
    path = zip_of(tmp_path / "报表.zip", {"威海/环翠区工信局.docx": form_bytes(tmp_path, "环翠区工信局", 1)}, gbk=True)
    with zipfile.ZipFile(path) as archive:
        assert not archive.infolist()[0].flag_bits & 0x800  # written as GBK bytes, no UTF-8 flag
    assert [str(m) for m in collect([path])] == [f"{path}!威海/环翠区工信局.docx"]
    report = read_form(collect([path])[0])
    assert report.ok and report.unit == "环翠区工信局" and report.file == f"{path}!威海/环翠区工信局.docx"
    utf8 = zip_of(tmp_path / "utf8.zip", {"威海/文登区工信局.docx": b"x", "乳山.xlsx": b"y"}, names=Utf8NameWithoutFlag)
    with zipfile.ZipFile(utf8) as archive:
        assert not any(info.flag_bits & 0x800 for info in archive.infolist())
    assert [str(m) for m in collect([utf8])] == [f"{utf8}!乳山.xlsx", f"{utf8}!威海/文登区工信局.docx"]


def test_nested_archives_and_their_depth(tmp_path):
    form = form_bytes(tmp_path, "环翠区工信局", 1)
    level3 = zip_of(tmp_path / "c.zip", {"d.zip": zip_of(tmp_path / "d.zip", {"f.docx": form}).read_bytes()})
    level2 = zip_of(tmp_path / "b.zip", {"c.zip": level3.read_bytes(), "e.docx": form})
    outer = zip_of(tmp_path / "inbox.zip", {"b.zip": level2.read_bytes()})
    members = collect([outer])
    assert [str(m) for m in members] == [f"{outer}!b.zip!c.zip!d.zip", f"{outer}!b.zip!e.docx"]
    reports = [read_form(m) for m in members]
    assert [i.message for i in reports[0].issues] == [
        f"{outer}!b.zip!c.zip!d.zip：压缩包套压缩包超过 3 层，未再解压，请该单位解压后直接报送其中的统计表。"]
    assert reports[1].ok and reports[1].values["1.1"] == 1


@pytest.mark.parametrize("name", ["../上级.docx", "/etc/表.docx", "C:/表.docx", "a/../../表.docx"])
def test_paths_leaving_the_archive_refuse_it(tmp_path, name):
    path = zip_of(tmp_path / "坏.zip", {"好.docx": form_bytes(tmp_path, "环翠区工信局", 1), name: b"x"})
    assert collect([path]) == [path]  # listed as itself: reading it says why
    assert [i.message for i in read_form(path).issues] == [
        f"{path}：压缩包中的文件名“{name}”指向压缩包以外的位置，已拒绝读取，请该单位重新打包后报送。"]


def test_zip_bomb_limits(tmp_path):
    form = form_bytes(tmp_path, "环翠区工信局", 1)
    bomb = zip_of(tmp_path / "bomb.zip", {"big.docx": b"\x00" * (51 * 1024 * 1024), "ratio.docx": b"\x00" * 2_000_000,
                                          "环翠.docx": form})
    assert bomb.stat().st_size < 200_000
    result = merge([bomb], date="2023-06-30")  # a member too large is refused alone: the forms beside it are read
    assert statuses(result) == {f"{bomb}!big.docx": "excluded", f"{bomb}!ratio.docx": "excluded",
                                f"{bomb}!环翠.docx": "included"}
    assert {f.file: [i.message for i in f.reasons] for f in result.entries("excluded")} == {
        f"{bomb}!big.docx": [f"{bomb}!big.docx：文件解压后超过 50 MB 的上限（压缩包中登记为 51 MB），可能已损坏，请重新导出后报送。"],
        f"{bomb}!ratio.docx": [f"{bomb}!ratio.docx：文件解压后超过 50 MB 的上限（压缩包中登记为 1 MB），可能已损坏，请重新导出后报送。"]}
    many = zip_of(tmp_path / "many.zip", {f"{k}.docx": b"" for k in range(MAX_MEMBERS + 1)})
    assert [i.message for i in read_form(many).issues] == [
        f"{many}：压缩包中有 501 个文件，超过 500 个的上限，请该单位只打包统计表，或直接报送统计表。"]


def test_a_large_archive_is_read_from_disk_member_by_member(tmp_path, monkeypatch):
    import sys

    monkeypatch.setattr(sys.modules["anquanyue.reading.loaders.sniff"], "MAX_FILE_MB", 1)  # the archive is larger than any form may be: still opened
    scan = __import__("random").Random(0).randbytes(2 * 1024 * 1024)  # 2 MB that do not compress
    path = zip_of(tmp_path / "大.zip", {"扫描件.pdf": b"%PDF-1.4\n" + scan, "环翠.docx": form_bytes(tmp_path, "环翠区工信局", 3)})
    assert path.stat().st_size > 2 * 1024 * 1024
    result = merge([path], date="2023-06-30")
    assert statuses(result) == {f"{path}!扫描件.pdf": "excluded", f"{path}!环翠.docx": "included"}
    assert result.totals["1.1"] == 3
    path.write_bytes(path.read_bytes()[:-30])  # its directory cut off: the archive itself, too large to read whole
    assert [i.message for i in read_form(path).issues] == [
        f"{path}：文件已损坏或不是有效的 .zip 文件（压缩包损坏：找不到压缩包目录），请用 Excel/WPS/Word 打开后另存再报送。"]


def test_a_member_lying_about_its_size_is_refused(tmp_path):
    path = zip_of(tmp_path / "lie.zip", {"a.docx": form_bytes(tmp_path, "环翠区工信局", 1)})
    data = bytearray(path.read_bytes())
    # shrink the declared size in both headers: inflating stops there and the CRC fails
    with zipfile.ZipFile(path) as archive:
        info = archive.infolist()[0]
    real = info.file_size.to_bytes(4, "little")
    data = data.replace(real, (1000).to_bytes(4, "little"))
    path.write_bytes(bytes(data))
    [member] = collect([path])
    assert [i.code for i in read_form(member).issues] == ["file-corrupt"]


def test_encrypted_rar_empty_and_damaged_archives(tmp_path):
    encrypted = zip_of(tmp_path / "密码.zip", {"a.docx": b"x"})
    data = bytearray(encrypted.read_bytes())
    data[6] |= 0x1  # the "encrypted" flag, in the local header and in the central directory
    data[data.index(b"PK\x01\x02") + 8] |= 0x1
    encrypted.write_bytes(bytes(data))
    rar = tmp_path / "表.rar"
    rar.write_bytes(b"Rar!\x1a\x07\x01\x00" + b"\x00" * 64)
    empty = zip_of(tmp_path / "空.zip", {})
    damaged = tmp_path / "坏.zip"
    damaged.write_bytes(b"PK\x03\x04" + b"\x01" * 100)
    messages = {p.name: [i.message for i in read_form(p).issues] for p in (encrypted, rar, empty, damaged)}
    assert messages == {
        "密码.zip": [f"{encrypted}：压缩包设有密码，无法解压，请该单位去掉密码后重新报送，或直接报送其中的统计表。"],
        "表.rar": [f"{rar}：是 RAR 压缩包，本工具无法解压 RAR，请该单位改用 .zip 压缩包，或直接报送其中的统计表。"],
        "空.zip": [f"{empty}：压缩包中没有任何文件，请该单位确认是否打包了统计表后重新报送。"],
        "坏.zip": [f"{damaged}：文件已损坏或不是有效的 .zip 文件（压缩包损坏：找不到压缩包目录），请用 Excel/WPS/Word 打开后另存再报送。"]}
    assert collect([tmp_path]) == sorted([encrypted, rar, empty, damaged], key=lambda p: p.name)


def test_seven_zip(tmp_path):
    py7zr = pytest.importorskip("py7zr")
    path = tmp_path / "荣成.7z"
    with py7zr.SevenZipFile(path, "w") as archive:
        archive.writestr(form_bytes(tmp_path, "荣成市工信局", 5), "荣成市工信局.docx")
        archive.writestr(b"%PDF-1.4 scan", "扫描件.pdf")
    result = merge([path], date="2023-06-30")
    assert statuses(result) == {f"{path}!扫描件.pdf": "excluded", f"{path}!荣成市工信局.docx": "included"}
    assert [i.message for i in result.entries("excluded")[0].reasons] == [
        f"{path}!扫描件.pdf：是 PDF 文件（可能是扫描件），无法读取其中的数字，请该单位以 Word 或 Excel 格式重新报送。"]
    assert result.totals["1.1"] == 5 and result.exit_code == 1


def test_an_office_file_named_zip_is_read_as_a_form(tmp_path):
    path = shutil.copyfile(FIXTURES / "weihai.odt", tmp_path / "环翠.zip")
    assert collect([path]) == [path]
    report = read_form(path)
    assert report.values == fixture_values()
    assert [i.message for i in report.issues] == [
        f"{path}：文件扩展名为 .zip，内容却是 OpenDocument 文本文档（.odt），已按实际格式读取；请以正确的扩展名报送。"]


def test_members_go_through_the_pool_and_spawned_workers(tmp_path):
    members = {f"单位{k:02d}.docx": form_bytes(tmp_path, f"单位{k:02d}", k) for k in range(50)}
    path = zip_of(tmp_path / "all.zip", members)
    found = collect([path])
    assert all(isinstance(m, Member) for m in found) and pickle.loads(pickle.dumps(found[3])) == found[3]
    reports = [r for rs in read_many(found, workers=2) for r in rs]  # 50 files: the process pool
    assert [r.file for r in reports] == [f"{path}!{name}" for name in sorted(members)]
    assert [r.values["1.1"] for r in reports] == list(range(50))
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:  # as on Windows
        [report] = pool.submit(read_one, found[7], None).result()
    assert report.ok and report.file == f"{path}!单位07.docx" and report.values["1.1"] == 7


def test_reading_a_member_reads_the_archive_from_disk_each_time(tmp_path):
    path = zip_of(tmp_path / "a.zip", {"a.docx": form_bytes(tmp_path, "环翠区工信局", 1)})
    [member] = collect([path])
    path.write_bytes(io.BytesIO(b"gone").getvalue())
    assert [i.code for i in read_form(member).issues] == ["file-corrupt"]


def test_cli_merge_and_validate_read_an_archive(tmp_path):
    from click.testing import CliRunner

    from anquanyue.cli import main

    (tmp_path / "in").mkdir()
    path = zip_of(tmp_path / "in" / "各单位.zip", {"文登.docx": form_bytes(tmp_path, "文登区工信局", 2),
                                                   "环翠.doc": (FIXTURES / "weihai.doc").read_bytes()})
    out = tmp_path / "total.json"
    result = CliRunner().invoke(main, ["merge", str(tmp_path / "in"), "-o", str(out), "--date", "2023-06-30"],
                                env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "共 2 个文件：计入汇总 2 个，未计入（有错误） 0 个，被更正版替代 0 个，已忽略 0 个。"
    import json

    data = json.loads(out.read_text(encoding="utf-8"))
    assert [i["file"] for i in data["included"]] == [f"{path}!文登.docx", f"{path}!环翠.doc"]
    assert data["totals"]["1.1"] == 2 + fixture_values()["1.1"]
    result = CliRunner().invoke(main, ["validate", str(path), "--json"])
    assert result.exit_code == 0
    assert [r["file"] for r in json.loads(result.output)] == [f"{path}!文登.docx", f"{path}!环翠.doc"]


def test_backslash_folders_and_lock_files_inside(tmp_path):
    path = zip_of(tmp_path / "win.zip", {"表格\\环翠.docx": form_bytes(tmp_path, "环翠区工信局", 1), "表格\\~$环翠.docx": b"x"})
    members = collect([path])
    assert [str(m) for m in members] == [f"{path}!表格/~$环翠.docx", f"{path}!表格/环翠.docx"]
    result = merge([path], date="2023-06-30")
    assert statuses(result) == {f"{path}!表格/~$环翠.docx": "ignored", f"{path}!表格/环翠.docx": "included"}


def test_status_names_the_unit_of_a_scan_inside_an_archive(tmp_path):
    from anquanyue.chasing.roster import load_roster
    from anquanyue.chasing.status import status

    (tmp_path / "in").mkdir()
    zip_of(tmp_path / "in" / "第二批.zip", {"乳山市工信局/扫描件.pdf": b"%PDF-1.4\n",
                                         "文登区工信局.docx": form_bytes(tmp_path, "文登区工信局", 1)}, gbk=True)
    (tmp_path / "roster.csv").write_text("单位\n乳山市工信局\n文登区工信局\n荣成市工信局\n", encoding="utf-8")
    result = status([tmp_path / "in"], load_roster(tmp_path / "roster.csv"), as_of="2023-06-29")
    states = {u.unit: u.state for u in result.units}
    assert states == {"乳山市工信局": "unreadable", "文登区工信局": "received", "荣成市工信局": "missing"}


def test_the_desk_takes_an_archive_and_shows_a_form_inside_it(tmp_path):
    from urllib.parse import quote

    from .test_desk import SECRET, make_client
    from anquanyue.desk.state import DeskState

    (tmp_path / "收件").mkdir()
    state = DeskState()
    state.set_inbox(str(tmp_path / "收件"))
    client = make_client(state)
    client.get(f"/?key={SECRET}")
    data = zip_of(tmp_path / "u.zip", {"威海/荣成市工信局.docx": form_bytes(tmp_path, "荣成市工信局", 6)}, gbk=True)
    saved = client.post("/api/upload/files?name=" + quote("荣成.zip"), content=data.read_bytes())
    assert saved.json() == {"message": "已保存：荣成.zip"}
    page = client.get("/unit?f=" + quote("荣成.zip!威海/荣成市工信局.docx"))
    assert page.status_code == 200, page.text[-800:]
    assert "荣成市工信局" in page.text
