"""``schemas infer``: a blank form in, its schema out — round trips from the built-in forms' own blanks and
hand-made blanks with other wording, counters and item counts."""
from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import docx
import openpyxl
import pytest

from anquanyue.reading.loaders import load_document
from anquanyue.reading.reader import read_form
from anquanyue.schema import SchemaError, load_schema
from anquanyue.schema.infer import InferError, infer_schema
from anquanyue.schema.infer_file import infer_file
from anquanyue.schema.model import parse_schema
from anquanyue.writing import write_form

from .conftest import SCHEMA_IDS
from .forms import unit_form, write_xlsx


def _shape(schema) -> dict:
    """Everything a form's reading depends on: all but labels (written by hand in the built-ins), the issuer,
    deadline and hand-written rules, which a blank form does not print."""
    data = asdict(schema)
    for key in ("id", "issuer", "deadline", "recipients", "anomaly", "maps_to", "version"):
        del data[key]
    for item in data["items"]:
        item["blanks"] = {code: blank["unit"] for code, blank in item["blanks"].items()}
    for key in ("count", "people"):
        data["other"][key].pop("label")
    data["rules"] = data["rules"]["pairs"]
    return data


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
@pytest.mark.parametrize("schema_id", SCHEMA_IDS)
def test_inferring_a_builtin_blank_gives_the_builtin_back(tmp_path, schema_id, suffix):
    builtin = load_schema(schema_id)
    blank = write_form(builtin, tmp_path / f"blank{suffix}")
    inferred, text = infer_file(blank, tmp_path / "new.yaml", schema_id=schema_id + "-again", year=2023,
                                issuer=builtin.issuer, deadline=builtin.deadline)
    schema = inferred.schema
    assert _shape(schema) == _shape(builtin)
    assert (schema.id, schema.issuer, schema.deadline) == (f"{schema_id}-again", builtin.issuer, builtin.deadline)
    labels = [blank.label for blank in schema.blanks.values()]
    assert len(set(labels)) == len(labels)
    assert parse_schema((tmp_path / "new.yaml").read_text(encoding="utf-8"), "new.yaml") == schema
    # a unit's filled form reads the same with the inferred schema as with the built-in one
    form = write_xlsx(unit_form("甲区", 7, schema=builtin), tmp_path / "a.xlsx")
    mine = read_form(form, str(tmp_path / "new.yaml"))
    assert mine.values == read_form(form, builtin).values == {code: 7 for code in builtin.codes}
    assert not mine.errors


def test_labels_units_and_pairs_from_the_national_blank(tmp_path):
    blank = write_form(load_schema("national-2023"), tmp_path / "blank.docx")
    schema = infer_schema(load_document(blank), schema_id="n", year=2023).schema
    assert {c: (b.label, b.unit) for c, b in schema.blanks.items() if c.startswith("6.")} == {
        "6.1": ("组织开展“安全宣传咨询日”现场活动", "场"), "6.2": ("组织开展“安全宣传咨询日”现场活动参与", "人次"),
        "6.3": ("网络直播", "场"), "6.4": ("网络直播观看", "人")}
    assert schema.blanks["2.2"].label == "参与“人人讲安全 个个会应急”网络知识竞赛答题"
    assert schema.blanks["5.5"].label.startswith("农村村庄、城市社区、学校、家庭开展")
    assert (schema.other.count.label, schema.other.people.label) == ("其他特色活动组织", "其他特色活动参与")
    assert schema.issuer == "全国" and schema.header_separator == "："


def _hand_made_docx(path: Path, title: str, rows: list[tuple[str, str]], header: str) -> Path:
    document = docx.Document()
    document.add_paragraph(title)
    document.add_paragraph(header)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "工作内容", "完成情况"
    for a, b in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = a, b
    document.save(str(path))
    return path


def test_a_hand_made_blank_with_other_wording_counters_and_items(tmp_path):
    rows = [
        ("1.开展隐患排查", "检查企业（  ）家，发现隐患（ ）处，其中重大隐患（　）项；"),
        ("2.宣传教育", "举办讲座（ ）期，参加（ ）人次；发放资料(  )份。"),
        ("3.其他工作", "名称（ ）；开展（ ）场次，参与（ ）人次"),
    ]
    path = _hand_made_docx(tmp_path / "青岛2024.docx", "2024年青岛市“安全生产月”活动进展情况统计表", rows,
                           "填报单位：      联系电话：      填表日期：")
    inferred = infer_schema(load_document(path), schema_id="qingdao-2024")
    schema = inferred.schema
    assert (schema.year, schema.issuer, schema.title) == (2024, "青岛市", "2024年青岛市“安全生产月”活动进展情况统计表")
    assert [(h.key, h.label) for h in schema.header] == [("unit", "填报单位"), ("phone", "联系电话"), ("date", "填表日期")]
    assert schema.columns == ["工作内容", "完成情况"]
    assert [item.prose for item in schema.items] == [
        "检查企业（{1.1}）家，发现隐患（{1.2}）处，其中重大隐患（{1.3}）项；",
        "举办讲座（{2.1}）期，参加（{2.2}）人次；发放资料({2.3})份。"]
    assert {c: (b.label, b.unit) for c, b in schema.blanks.items()} == {
        "1.1": ("检查企业", "家"), "1.2": ("发现隐患", "处"), "1.3": ("其中重大隐患", "项"),
        "2.1": ("举办讲座", "期"), "2.2": ("举办讲座参加", "人次"), "2.3": ("发放资料", "份"),
        "3.1": ("其他工作开展", "场次"), "3.2": ("其他工作参与", "人次")}
    assert schema.other.record == "名称（{name}）；开展（{count}）场次，参与（{people}）人次"
    assert [(p.sessions, p.participants) for p in schema.rules.pairs] == []  # 期 is no 场
    assert inferred.notes == {"year": "从标题推断", "issuer": "从标题推断，请改为下发单位的全称（如 ××市应急管理局）"}


def test_repeated_clauses_get_distinct_labels(tmp_path):
    rows = [("1.甲", "开展活动（ ）场，参与（ ）人次。"), ("2.乙", "开展活动（ ）场，参与（ ）人次。"),
            ("3.其他", "活动名称（ ），组织（ ）场/次，参与（ ）人次。")]
    path = _hand_made_docx(tmp_path / "b.docx", "某县“安全生产月”活动进展情况统计表", rows, "填报单位：")
    schema = infer_schema(load_document(path), schema_id="x", year=2025).schema
    assert [b.label for b in schema.blanks.values()] == [
        "开展活动", "开展活动参与", "开展活动（第2项）", "开展活动参与（第2项）", "其他组织", "其他参与"]
    assert [(p.sessions, p.participants) for p in schema.rules.pairs] == [("1.1", "1.2"), ("2.1", "2.2")]


def test_an_xlsx_blank_with_more_items(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["日照市“安全生产月”活动进展情况统计表"])
    ws.append(["填报单位（盖章）：", None, "联系人：", None])
    ws.append(["活动项目", "活动进展情况"])
    for n in range(1, 10):
        ws.append([f"{n}.第{n}项活动", f"开展第{n}类活动（ ）场，参与（ ）人次。"])
    ws.append(["10.其他特色活动", "活动名称（ ），组织（ ）场/次，参与（ ）人次。"])
    wb.save(tmp_path / "rizhao_2025.xlsx")
    schema = infer_schema(load_document(tmp_path / "rizhao_2025.xlsx"), schema_id="rizhao-2025").schema
    assert schema.year == 2025 and len(schema.items) == 9 and schema.other.number == 10
    assert schema.codes[-2:] == ["9.1", "9.2"] and len(schema.rules.pairs) == 9
    assert [h.key for h in schema.header] == ["unit", "contact"]


def test_no_year_anywhere_asks_for_one(tmp_path):
    blank = write_form(load_schema("weihai-2023"), tmp_path / "blank.docx")
    with pytest.raises(InferError) as info:
        infer_schema(load_document(blank), schema_id="w")
    assert str(info.value) == "blank.docx 正文：标题和文件名中都没有年份，请用 --year 给出表样的年度（如 --year 2024）"


def test_a_filled_or_foreign_document_is_refused_in_chinese(tmp_path):
    document = docx.Document()
    document.add_paragraph("关于开展安全生产月活动的通知")
    document.save(str(tmp_path / "notice.docx"))
    with pytest.raises(SchemaError) as info:
        infer_schema(load_document(tmp_path / "notice.docx"), schema_id="x", year=2024)
    assert str(info.value).startswith("notice.docx：没有找到“序号.活动项目 | 含（ ）空格的进展情况”这样的表格行")


def test_items_numbered_in_chinese(tmp_path):
    rows = [("一、隐患排查", "检查企业（ ）家。"), ("二、其他特色活动", "活动名称（ ），组织（ ）场/次，参与（ ）人次。")]
    path = _hand_made_docx(tmp_path / "c.docx", "某市2024年“安全生产月”活动进展情况统计表", rows, "填报单位：")
    schema = infer_schema(load_document(path), schema_id="c").schema
    assert [(i.number, i.title, i.prose) for i in schema.items] == [(1, "隐患排查", "检查企业（{1.1}）家。")]
    assert (schema.other.number, schema.other.title) == (2, "其他特色活动")
