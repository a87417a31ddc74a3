"""Every output opened in a real office suite (LibreOffice), as a clerk prints it and as a unit re-saves it.

One LibreOffice process (``office/office_check.py``, run by the system's Python with Debian's python3-uno)
opens every file once: it prints it to PDF, measures every spreadsheet row against the height LibreOffice itself
computes as optimal for the row's text (a lower row hides part of its text on paper, whatever ``pdftotext`` says),
and re-saves it as .xlsx/.xls/.docx for the round trips. The forms' fonts (仿宋_GB2312, 宋体) are mapped to AR PL
UMing, whose line height (about 1.0 em) is that of the real ones.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from anquanyue.formdata import FormData, OtherActivity
from anquanyue.merging.merge import merge
from anquanyue.reading.reader import read_form
from anquanyue.schema import load_schema
from anquanyue.writing import write_form
from anquanyue.writing.outputs import write_outputs

from .conftest import SCHEMA_IDS
from .forms import unit_form, write_docx, write_xlsx

SYSTEM_PYTHON = "/usr/bin/python3"
CHECK = Path(__file__).with_name("office") / "office_check.py"
INSTALL = ("apt-get install --no-install-recommends libreoffice-calc-nogui libreoffice-writer-nogui python3-uno "
           "fonts-arphic-uming fonts-crosextra-carlito poppler-utils")
FONT_ALIASES = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  {aliases}
</fontconfig>
"""
CJK_FONT = "AR PL UMing CN"
WEIHAI = load_schema("weihai-2023")
TOLERANCE = 3  # 1/100 mm: LibreOffice's own rounding of a height read back


def _missing() -> str | None:
    if not shutil.which("soffice"):
        return "LibreOffice (soffice) is not installed"
    if not shutil.which("pdftotext") or not shutil.which("pdfinfo"):
        return "poppler-utils (pdftotext, pdfinfo) is not installed"
    if not Path(SYSTEM_PYTHON).exists() or subprocess.run([SYSTEM_PYTHON, "-c", "import uno"],
                                                          capture_output=True).returncode:
        return "python3-uno (the UNO bridge for /usr/bin/python3) is not installed"
    if CJK_FONT not in subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout:
        return f"the font {CJK_FONT} (fonts-arphic-uming) is not installed"
    return None


def deliverable(records: int) -> FormData:
    """A city's deliverable: every blank filled, ``records`` item-7 records of a typical length."""
    return FormData(
        form_schema=WEIHAI, unit="威海市工业和信息化局", contact="王敏", phone="0631-5201234", date="2023-06-30",
        values={code: 1000 * (k + 1) + 7 for k, code in enumerate(WEIHAI.codes)},
        other_activities=[OtherActivity(name=f"安全生产知识进企业宣讲{k + 1}", count=k + 1, people=40 * (k + 1),
                                        description="组织专家走进辖区企业开展安全生产法律法规宣讲，发放宣传资料。",
                                        unit=f"第{k + 1}区工业和信息化局") for k in range(records)])


def build_outputs(folder: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for schema_id in SCHEMA_IDS:
        schema = load_schema(schema_id)
        for suffix in ("xlsx", "docx"):
            files[f"blank-{schema_id}-{suffix}"] = write_form(schema, folder / f"blank-{schema_id}-{suffix}.{suffix}")
    files["structured"] = write_form(WEIHAI, folder / "structured.xlsx", style="structured")
    files["structured-filled"] = write_form(WEIHAI, folder / "structured-filled.xlsx", deliverable(12),
                                            style="structured")
    for records in (0, 3, 30):
        for suffix in ("xlsx", "docx"):
            name = f"deliverable-{records}-{suffix}"
            files[name] = write_form(WEIHAI, folder / f"{name}.{suffix}", deliverable(records))
    inbox = folder / "inbox"
    inbox.mkdir()
    for k in range(24):  # a city's units: one with an error, item-7 records, blanks 1.2 apart
        writer = write_docx if k % 5 == 0 else write_xlsx
        raw = {"1_2": str(k + 2)} if k != 7 else {"1_3": "若干"}
        writer(unit_form(f"第{k:02d}区工业和信息化局", 100 * (k + 1), **raw), inbox / f"{k:02d}.{'docx' if k % 5 == 0 else 'xlsx'}")
    _, files["report"] = write_outputs(merge([inbox], date="2023-06-30"), folder / "total.xlsx")
    return files


@pytest.fixture(scope="session")
def office(tmp_path_factory):
    """Every output, opened once by LibreOffice: {name: {"pdf", "pages", "text", "rows", "saved"}}."""
    missing = _missing()
    if missing and os.environ.get("ANQUANYUE_REQUIRE_OFFICE"):  # CI (.ci/run) installs it: never skipped there
        pytest.fail(f"{missing}; .ci/run should have installed it: {INSTALL}")
    if missing:
        pytest.skip(f"{missing}; install with: {INSTALL}")
    root = tmp_path_factory.mktemp("office")
    (root / "in").mkdir()
    (root / "out").mkdir()
    files = build_outputs(root / "in")
    aliases = "\n  ".join(f"<alias binding=\"same\"><family>{name}</family><prefer><family>{CJK_FONT}</family>"
                          f"</prefer></alias>" for name in ("仿宋_GB2312", "仿宋", "宋体", "FangSong", "SimSun"))
    (root / "fonts.conf").write_text(FONT_ALIASES.format(aliases=aliases), encoding="utf-8")
    env = {**os.environ, "FONTCONFIG_FILE": str(root / "fonts.conf"), "HOME": str(root)}
    done = subprocess.run([SYSTEM_PYTHON, str(CHECK), str(root / "profile"), str(root / "out"), "xlsx,xls,docx,doc",
                           *map(str, files.values())], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    checked = json.loads(done.stdout)
    out = {}
    for name, path in files.items():
        entry = checked[str(path)]
        pdf = entry["pdf"]
        info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
        pages = [subprocess.run(["pdftotext", "-raw", "-f", str(p), "-l", str(p), pdf, "-"], capture_output=True,
                                text=True).stdout for p in range(1, int(re.search(r"Pages:\s+(\d+)", info)[1]) + 1)]
        out[name] = {**entry, "path": path, "pages": pages}
    return out


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("name", [f"blank-{s}-{x}" for s in SCHEMA_IDS for x in ("xlsx", "docx")]
                         + [f"deliverable-{n}-{x}" for n in (0, 3) for x in ("xlsx", "docx")])
def test_the_form_with_a_typical_item_7_prints_on_one_page(office, name):
    pages = office[name]["pages"]
    assert len(pages) == 1
    assert "第1页共1页" in squeeze(pages[0])


@pytest.mark.parametrize("suffix", ["xlsx", "docx"])
def test_a_long_item_7_goes_on_with_the_heading_repeated_and_pages_numbered(office, suffix):
    pages = office[f"deliverable-30-{suffix}"]["pages"]
    assert 2 <= len(pages) <= 5
    for number, text in enumerate(pages, 1):
        assert "活动进展情况" in text and f"第{number}页共{len(pages)}页" in squeeze(text)
    text = squeeze("".join(pages))
    for k in range(30):  # every record whole, none lost at a page break
        assert f"活动名称（安全生产知识进企业宣讲{k + 1}），组织（{k + 1}）场/次，参与（{40 * (k + 1)}）人次。" in text
    assert text.count("报送单位：第1区工业和信息化局。") == 1


@pytest.mark.parametrize("name", ["deliverable-3-xlsx", "deliverable-3-docx"])
def test_every_number_and_the_header_are_printed(office, name):
    text = squeeze(office[name]["pages"][0])
    data = deliverable(3)
    for code in WEIHAI.codes:
        assert f"（{data.values[code]}）" in text, code
    assert "填报单位（盖章）:威海市工业和信息化局联系人:王敏电话:0631-5201234填报日期:2023年6月30日" in text
    assert "自行添加" not in text


def test_no_spreadsheet_row_hides_its_text(office):
    clipped = [(name, sheet, row + 1, height, optimal) for name, entry in office.items()
               for sheet, row, height, optimal in entry.get("rows", []) if height + TOLERANCE < optimal]
    assert clipped == []
    measured = {name for name, entry in office.items() if entry.get("rows")}
    assert measured >= {"structured", "structured-filled", "report", "deliverable-30-xlsx",
                        *(f"blank-{s}-xlsx" for s in SCHEMA_IDS)}


def test_structured_template_prints_with_its_heading_on_every_page(office):
    pages = office["structured"]["pages"]
    assert len(pages) >= 2
    blanks = [p for p in pages if "填报数" in p or "活动简介" in p]
    assert len(blanks) == len(pages)  # the heading of the blanks or of the records on every page
    assert "3.10" in squeeze("".join(pages)) and "外包外租典型违法案例专题警示教育" in squeeze("".join(pages))


def test_the_report_prints_readably(office):
    pages = office["report"]["pages"]
    detail = [p for p in pages if p.startswith("明细")]
    assert len(detail) >= 3  # wider than a page: the unit names and the headings on every page
    for page in detail:
        assert "第23区工业和信息化局" in page or "第00区工业和信息化局" in page
        assert re.search(r"\b\d\.\d+\b", page)
    charts = [p for p in pages if not re.match(r"(汇总|明细|其他特色活动|问题清单|异常|文件)", p)]
    assert len(charts) == 8  # 16 charts, two on a page
    text = squeeze("".join(pages))
    assert "未计入汇总" in text and "blank-not-a-number" in text and "不是数字" in text
    assert "2023-06-28" in text and "2,400" in text  # dates and thousands separators as printed
    assert "其他（12 个单位）" in "".join(pages).replace("其他（ 12 个单位）", "其他（12 个单位）")


@pytest.mark.parametrize("name", ["deliverable-0-xlsx", "deliverable-3-xlsx", "deliverable-30-xlsx",
                                  "deliverable-3-docx", "deliverable-30-docx", "structured-filled"])
def test_resaved_by_the_office_suite_reads_back_the_same(office, name):
    original = read_form(office[name]["path"])
    assert original.ok and original.values
    saved = office[name]["saved"]
    assert {Path(p).suffix for p in saved} == ({".docx", ".doc"} if name.endswith("docx") else {".xlsx", ".xls"})
    for path in saved:
        back = read_form(path)
        assert back.errors == [], path
        assert back.values == original.values, path
        assert [(r.name, r.count, r.people) for r in back.other_activities] == \
            [(r.name, r.count, r.people) for r in original.other_activities], path
        assert (back.unit, back.contact, back.phone, back.date) == \
            (original.unit, original.contact, original.phone, original.date), path


def test_resaved_doc_reads_back_the_same(office):
    path = next(p for p in office["deliverable-3-docx"]["saved"] if p.endswith(".doc"))
    back = read_form(path)
    original = read_form(office["deliverable-3-docx"]["path"])
    assert back.errors == [] and back.values == original.values
    assert [(r.name, r.count, r.people) for r in back.other_activities] == \
        [(r.name, r.count, r.people) for r in original.other_activities]


@pytest.mark.parametrize("name", [f"blank-{s}-{x}" for s in SCHEMA_IDS for x in ("xlsx", "docx")] + ["structured"])
def test_resaved_blank_templates_read_back_as_the_same_blank_form(office, name):
    original = read_form(office[name]["path"])
    assert original.is_form and set(original.values.values()) == {None}
    for path in office[name]["saved"]:
        back = read_form(path)
        assert back.schema_id == original.schema_id and back.values == original.values, path
        assert sorted((i.code, i.field) for i in back.issues) == sorted((i.code, i.field) for i in original.issues)
