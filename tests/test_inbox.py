"""Nothing in the inbox is silent: only the clerk's own files are ignored; every other file is read or excluded."""
from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from anquanyue.cli import main
from anquanyue.merging.merge import merge
from anquanyue.reading.inbox import collect, ignore_reason
from anquanyue.schema import load_schema

from .fixtures.make_fixtures import fixture_values
from .forms import unit_form, write_docx, write_xls, write_xlsx
from .test_archives import zip_of
from .test_loaders_formats import FIXTURES, _xlsb

WEIHAI = load_schema("weihai-2023")
PDF = "：是 PDF 文件（可能是扫描件），无法读取其中的数字，请该单位以 Word 或 Excel 格式重新报送。"


def test_only_the_clerks_own_files_are_ignored(tmp_path):
    (tmp_path / "说明.txt").write_text("南海新区未报", encoding="utf-8")
    write_xlsx(unit_form("环翠区工信局", 1), tmp_path / "环翠.txt")  # a form sent under a wrong name
    (tmp_path / "记录.md").write_text("# 催报记录", encoding="utf-8")
    (tmp_path / "名单.csv").write_text("单位\n环翠区工信局\n", encoding="utf-8")
    (tmp_path / "weihai-2024.yaml").write_text("id: weihai-2024\n", encoding="utf-8")  # an inbox-side schema
    names = ("说明.txt", "环翠.txt", "记录.md", "名单.csv", "weihai-2024.yaml")
    reasons = {name: ignore_reason(tmp_path / name) for name in names}
    assert reasons == {"说明.txt": "文字说明（.txt），单位不会用纯文本报送统计表", "环翠.txt": None,
                       "记录.md": "文字说明（.md），单位不会用纯文本报送统计表",
                       "名单.csv": "名单或表样文件（.csv），单位不会用纯文本报送统计表",
                       "weihai-2024.yaml": "名单或表样文件（.yaml），单位不会用纯文本报送统计表"}
    assert {name: ignore_reason(Path(name)) for name in
            ("~$环翠.xlsx", ".~lock.环翠.xlsx#", "Thumbs.db", "desktop.ini", ".DS_Store", "扫描.pdf", "照片.jpg",
             "照片.HEIC", "表.rar", "表.zip", "表", "表.dat")} == {
        "~$环翠.xlsx": "Office 打开文件时生成的临时锁定文件", ".~lock.环翠.xlsx#": "隐藏文件或系统文件",
        "Thumbs.db": "隐藏文件或系统文件", "desktop.ini": "隐藏文件或系统文件", ".DS_Store": "隐藏文件或系统文件",
        "扫描.pdf": None, "照片.jpg": None, "照片.HEIC": None, "表.rar": None, "表.zip": None, "表": None, "表.dat": None}


def _inbox(tmp_path) -> Path:
    """Every format a unit sends, the clerk's own files, and what cannot be read."""
    inbox = tmp_path / "收件箱"
    (inbox / "子目录").mkdir(parents=True)
    write_xlsx(unit_form("原材料工业科", 1), inbox / "a.xlsx")
    write_docx(unit_form("装备工业科", 2), inbox / "b.docx")
    write_xls(unit_form("综保区经济发展局", 3), inbox / "c.xls")
    form = unit_form("经区经济发展局", 4)
    _xlsb(inbox / "d.xlsb", [[WEIHAI.title], [form.header()], ["活动项目", "活动进展情况"], *map(list, form.rows())])
    write_xlsx(unit_form("临港区经济发展局", 5), inbox / "子目录" / "e.xlsm")
    for name in ("weihai.doc", "weihai.wps", "weihai.odt", "weihai.ods", "weihai.et"):
        shutil.copyfile(FIXTURES / name, inbox / name)
    nested = zip_of(tmp_path / "g.zip", {"h.xlsx": write_xlsx(unit_form("消费品工业科", 7), tmp_path / "h.xlsx").read_bytes()})
    zip_of(inbox / "打包.zip", {"f.docx": write_docx(unit_form("南海新区", 6), tmp_path / "f.docx").read_bytes(),
                                "g.zip": nested.read_bytes(), "扫描.pdf": b"%PDF-1.7\n", "~$f.docx": b"lock"},
           gbk=True)
    (inbox / "扫描件.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    (inbox / "照片.jpg").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF")
    (inbox / "照片.heic").write_bytes(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00")
    (inbox / "表.rar").write_bytes(b"Rar!\x1a\x07\x00" + b"\x00" * 32)
    (inbox / "坏.docx").write_bytes(b"")
    (inbox / "数据.dat").write_bytes(b"\x01\x02\x03 binary")
    (inbox / "说明.txt").write_text("南海新区、消费品工业科已报。", encoding="utf-8")
    (inbox / "~$a.xlsx").write_bytes(b"lock")
    (inbox / "Thumbs.db").write_bytes(b"\x00")
    (inbox / ".hidden.xlsx").write_bytes(b"")
    return inbox


def test_a_folder_of_every_format(tmp_path):
    inbox = _inbox(tmp_path)
    result = merge([inbox], date="2023-06-30")
    z = inbox / "打包.zip"
    lists = {str(Path(f.file).relative_to(inbox)) if "!" not in f.file else f.file.replace(str(inbox) + "/", ""):
             f.status for f in result.files}
    assert lists == {
        ".hidden.xlsx": "ignored", "Thumbs.db": "ignored", "a.xlsx": "included", "b.docx": "included",
        "c.xls": "included", "d.xlsb": "included", "weihai.doc": "included", "weihai.et": "included",
        "weihai.ods": "included", "weihai.odt": "included", "weihai.wps": "included", "~$a.xlsx": "ignored",
        "坏.docx": "excluded", "子目录/e.xlsm": "included", "打包.zip!f.docx": "included",
        "打包.zip!g.zip!h.xlsx": "included", "打包.zip!~$f.docx": "ignored", "打包.zip!扫描.pdf": "excluded",
        "扫描件.pdf": "excluded", "数据.dat": "excluded", "照片.heic": "excluded", "照片.jpg": "excluded",
        "表.rar": "excluded", "说明.txt": "ignored"}
    k = fixture_values()
    # seven built forms (every blank 1…7, one record each: 1 场, value 人次) and five fixtures (blank k holds k;
    # two records: 2+1 场, 150+80 人次)
    assert result.totals == {**{code: 28 + 5 * k[code] for code in WEIHAI.codes}, "7.1": 7 + 5 * 3, "7.2": 28 + 5 * 230}
    excluded = {f.file: [i.message for i in f.reasons] for f in result.entries("excluded")}
    assert excluded == {
        str(inbox / "坏.docx"): [f"{inbox / '坏.docx'}：文件是空的，没有任何内容，请重新导出后报送。"],
        f"{z}!扫描.pdf": [f"{z}!扫描.pdf{PDF}"],
        str(inbox / "扫描件.pdf"): [f"{inbox / '扫描件.pdf'}{PDF}"],
        str(inbox / "数据.dat"): [f"{inbox / '数据.dat'}：不是能读取的统计表文件（扩展名 .dat，内容无法识别），"
                                  "请该单位以 Word 或 Excel 格式（.docx、.doc、.xlsx、.xls）重新报送。"],
        str(inbox / "照片.heic"): [f"{inbox / '照片.heic'}：是 HEIC 图片（可能是拍照或扫描的统计表），无法读取其中的数字，"
                                   "请该单位以 Word 或 Excel 格式重新报送。"],
        str(inbox / "照片.jpg"): [f"{inbox / '照片.jpg'}：是 JPEG 图片（可能是拍照或扫描的统计表），无法读取其中的数字，"
                                  "请该单位以 Word 或 Excel 格式重新报送。"],
        str(inbox / "表.rar"): [f"{inbox / '表.rar'}：是 RAR 压缩包，本工具无法解压 RAR，请该单位改用 .zip 压缩包，"
                                "或直接报送其中的统计表。"]}
    assert [i.text for i in {f.file: f.reasons for f in result.entries("ignored")}[str(inbox / "说明.txt")]] == [
        "文字说明（.txt），单位不会用纯文本报送统计表"]
    assert result.exit_code == 1
    json_lists = result.to_json()
    assert len(json_lists["included"]) + len(json_lists["excluded"]) + len(json_lists["ignored"]) == len(collect([inbox]))


def test_validate_folder_lists_what_cannot_be_read(tmp_path):
    (tmp_path / "in").mkdir()
    shutil.copyfile(FIXTURES / "weihai.doc", tmp_path / "in" / "环翠.doc")
    (tmp_path / "in" / "扫描件.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "in" / "说明.txt").write_text("备忘", encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "in"), "--json"])
    assert result.exit_code == 1
    import json

    data = json.loads(result.output)
    assert [(Path(r["file"]).name, r["ok"]) for r in data] == [("扫描件.pdf", False), ("环翠.doc", True)]
    assert data[0]["issues"][0]["message"] == f"{tmp_path / 'in' / '扫描件.pdf'}{PDF}"


def test_merge_exits_1_for_a_scan_and_names_it(tmp_path):
    (tmp_path / "in").mkdir()
    shutil.copyfile(FIXTURES / "weihai.wps", tmp_path / "in" / "文登.wps")
    (tmp_path / "in" / "乳山.jpg").write_bytes(b"\xff\xd8\xff\xe1")
    out = tmp_path / "total.xlsx"
    result = CliRunner().invoke(main, ["merge", str(tmp_path / "in"), "-o", str(out), "--date", "2023-06-30",
                                       "--contact", "王敏", "--phone", "0631-5201234"],
                                env={"COLUMNS": "300"})
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == "共 2 个文件：计入汇总 1 个，未计入（有错误） 1 个，被更正版替代 0 个，已忽略 0 个。"
    assert "乳山.jpg：是 JPEG 图片（可能是拍照或扫描的统计表）" in result.output


def test_forms_under_wrong_names_are_read_and_an_archive_under_a_form_name_says_so(tmp_path):
    (tmp_path / "in").mkdir()
    write_docx(unit_form("开发区经济发展局", 8), tmp_path / "in" / "开发区.doc")  # a .docx renamed .doc
    shutil.copyfile(FIXTURES / "weihai.doc", tmp_path / "in" / "环翠")  # no extension at all
    zip_of(tmp_path / "in" / "材料.docx", {"a.docx": b"x", "b.xlsx": b"y"})
    result = merge([tmp_path / "in"], date="2023-06-30")
    assert {Path(f.file).name: f.status for f in result.files} == {
        "开发区.doc": "included", "环翠": "included", "材料.docx": "excluded"}
    assert result.totals["1.1"] == 8 + fixture_values()["1.1"]
    warnings = sorted(i.message for i in result.issues if i.code == "file-wrong-format")
    assert warnings == [
        f"{tmp_path / 'in' / '开发区.doc'}：文件扩展名为 .doc，内容却是 Word 文档（.docx），已按实际格式读取；请以正确的扩展名报送。",
        f"{tmp_path / 'in' / '环翠'}：文件扩展名为 （无），内容却是 Word 97-2003 文档（.doc），已按实际格式读取；请以正确的扩展名报送。"]
    assert [i.message for i in result.entries("excluded")[0].reasons] == [
        f"{tmp_path / 'in' / '材料.docx'}：是压缩包（内有 2 个文件），扩展名却是 .docx，所以没有解压读取；"
        "请把扩展名改为 .zip 后重新读取，或请该单位直接报送其中的统计表。"]
