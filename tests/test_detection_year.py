"""Detection that names the year: another year's or version's form, 填报日期 in another year, and among schemas
of the same wording the one of the form's year."""
from __future__ import annotations

import yaml

from anquanyue.schema.model import schema_from_data
from anquanyue.reading.reader import read_form
from anquanyue.schema import Schema, load_schema
from anquanyue.schema.registry import add_schema
from anquanyue.schema.yaml_out import schema_yaml

from .conftest import builtin_yaml
from .forms import Filled, unit_form, write_docx, write_xlsx

WEIHAI = load_schema("weihai-2023")


def test_a_date_in_another_year_is_a_warning_naming_both(tmp_path):
    report = read_form(write_xlsx(unit_form("甲区", 3, date="2024年6月28日"), tmp_path / "a.xlsx"))
    assert report.ok and report.schema_id == "weihai-2023"
    [issue] = report.issues
    assert (issue.code, issue.severity) == ("date-other-year", "warning")
    assert issue.message == (f"{tmp_path / 'a.xlsx'} Sheet1!A2：填报日期 2024-06-28 是 2024 年，表样“weihai-2023”是 2023 年的表，"
                             "请确认是否用错了表样或填错了日期。")


def _with_added_item() -> Schema:
    data = yaml.safe_load(builtin_yaml("weihai-2023"))
    data.update(id="weihai-next", maps_to={})
    data["items"].append({"number": 7, "title": "开展“畅通生命通道”宣传活动", "prose": "清理占用消防通道（{7.9}）处。",
                          "blanks": {"7.9": {"label": "清理占用消防通道", "unit": "处"}}})
    data["other"]["number"] = 8
    return schema_from_data(data)


def test_another_version_names_the_first_differing_item(tmp_path):
    schema = _with_added_item()
    filled = Filled(schema, raw={c: "2" for c in schema.codes}, unit="甲区工信局")
    path = write_docx(filled, tmp_path / "a.docx")
    report = read_form(path)
    [error] = report.errors
    assert error.code == "other-version" and report.unit == "甲区工信局"
    assert error.message == (f"{path} 正文：这是另一年度/另一版本的统计表（与“weihai-2023”的第 7 项不同：表中为“开展“畅通生命通道”"
                             "宣传活动”，表样为“其他特色活动”），不能按“weihai-2023”读取；单位用错了表的，请其改用下发的模板重新填报；"
                             "是新一年的表样的，请先用 schemas infer 生成、schemas add 登记。")
    assert all(v is None for v in report.values.values())  # nothing read by a schema the form is not
    (tmp_path / "next.yaml").write_text(schema_yaml(schema), encoding="utf-8")
    add_schema(tmp_path / "next.yaml")
    again = read_form(path)
    assert (again.schema_id, again.ok, again.values["7.9"]) == ("weihai-next", True, 2)


def test_of_two_schemas_with_the_same_wording_the_forms_year_wins(tmp_path):
    text = builtin_yaml("weihai-2023").replace("id: weihai-2023", "id: weihai-2025").replace("year: 2023", "year: 2025")
    text = text.replace("deadline: 2023-06-30", "deadline: 2025-06-30")
    (tmp_path / "weihai-2025.yaml").write_text(text[: text.index("# 汇总到另外两张")], encoding="utf-8")
    add_schema(tmp_path / "weihai-2025.yaml")
    for date, expected in (("2025年6月27日", "weihai-2025"), ("2023年6月27日", "weihai-2023"), ("", "weihai-2025")):
        report = read_form(write_xlsx(unit_form("甲区", 3, date=date), tmp_path / f"{expected}{date}.xlsx"))
        assert (report.schema_id, report.values["1.1"]) == (expected, 3)
        assert [i.code for i in report.issues] == ([] if date else ["date-missing"])
