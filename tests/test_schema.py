import datetime as dt
from dataclasses import asdict

import pytest

from anquanyue.schema import SchemaError, list_schemas, load_schema, parse_schema, render_template, split_template
from anquanyue.schema.model import Blank

from .conftest import SCHEMA_IDS, builtin_yaml

ALL_CODES = (
    [f"1.{i}" for i in range(1, 6)] + [f"2.{i}" for i in range(1, 4)] + [f"3.{i}" for i in range(1, 13)]
    + [f"4.{i}" for i in range(1, 4)] + [f"5.{i}" for i in range(1, 7)] + [f"6.{i}" for i in range(1, 5)]
)


def test_builtin_schemas_load_with_the_codes_of_forms_md():
    schemas = list_schemas()
    assert [s.id for s in schemas] == SCHEMA_IDS
    for schema in schemas:
        assert schema.codes == ALL_CODES
        assert schema.total_codes[-2:] == ["7.1", "7.2"]
        assert [h.key for h in schema.header] == ["unit", "contact", "phone", "date"]
        assert schema.columns == ["活动项目", "活动进展情况"]


def test_weihai_facts():
    s = load_schema("weihai-2023")
    assert s.title == "威海市“安全生产月”活动进展情况统计表"
    assert s.deadline == dt.date(2023, 6, 30)
    assert s.issuer == "威海市工业和信息化局"
    assert s.render_prose(s.items[0]) == (
        "开展宣讲活动（ ）场，参与（ ）人次；发表评论文章或心得体会（ ）篇；"
        "开展“安全生产大家谈”“班前会”“以案说法”等活动（ ）场，参与（ ）人次。"
    )
    assert s.blanks["6.4"].label == "网络直播观看" and s.blanks["6.4"].unit == "人"
    assert s.render_record() == "活动名称（ ），组织（ ）场/次，参与（ ）人次。"
    assert s.other.note == "（本项可根据实际，自行添加）"


def test_shandong_and_national_differ_where_forms_md_says():
    sd, na = load_schema("shandong-minbao-2023"), load_schema("national-2023")
    assert sd.deadline == dt.date(2023, 7, 2)
    assert na.deadline is None
    assert sd.items[0].title == "开展习近平总书记关于安全生产重要论述宣贯活动"
    assert na.items[0].title == "开展习近平总书记关于应急管理、安全生产重要论述宣贯活动"
    assert "网络知识竞赛" in sd.items[1].prose and '"人人讲安全个个会应急"' in sd.items[1].prose
    assert "“人人讲安全 个个会应急”" in na.items[1].prose
    assert sd.render_prose(sd.items[0]).startswith("组织开展宣讲活动( )场，参与( )人次；")


def test_template_split_and_render():
    assert split_template("a（{1.1}）b{x}") == [("text", "a（"), ("blank", "1.1"), ("text", "）b"), ("blank", "x")]
    assert render_template("（{1.1}）场（{1.2}）", {"1.1": 12, "1.2": None}) == "（12）场（ ）"


def _broken(tmp_path, old, new, name="bad.yaml", count=1):
    text = builtin_yaml("weihai-2023")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "old,new,message",
    [
        ("version: 1\n", "version: 1\ncolour: red\n", "bad.yaml: colour: 未知的键"),
        ('      "1.1": {label: 宣讲活动, unit: 场}', '      "1.1": {label: 宣讲活动, unit: 场, size: 3}',
         "bad.yaml: items[0].blanks.1.1.size: 未知的键"),
        ('      "1.2": {label: 宣讲活动参与, unit: 人次}', '      "1.2": {label: 宣讲活动参与, unit: 人次}\n      "1.2": {label: x, unit: 场}',
         "bad.yaml: 第 24 行: YAML 格式错误：键 '1.2' 重复"),
        ("（{1.5}）人次。", "（{1.5}）人次，另有（{1.6}）场。", "bad.yaml: items[0].prose: 文字中有 {1.6}，但 blanks 中没有它的定义"),
        ('      "1.5": {label: “安全生产大家谈”等活动参与, unit: 人次}',
         '      "1.5": {label: “安全生产大家谈”等活动参与, unit: 人次}\n      "1.6": {label: x, unit: 场}',
         "bad.yaml: items[0].blanks.1.6: 已定义，但文字（prose）中没有 {1.6}"),
        ("参与（{1.5}）人次。", "参与（{1.2}）人次。", "bad.yaml: items[0].prose: 空格代码 1.2 在文字中出现了 2 次"),
        ("{sessions: \"6.1\", participants: \"6.2\"}", "{sessions: \"6.1\", participants: \"9.9\"}",
         "bad.yaml: rules.pairs[10].participants: 未知的空格代码 9.9"),
        ("title: 威海市“安全生产月”活动进展情况统计表\n", "", "bad.yaml: title: 缺少必填的键"),
        ("year: 2023", "year: 2023\ndeadline_grace_days: -1", "bad.yaml: deadline_grace_days: 应不小于 0，实为 -1"),
        ("columns: [活动项目, 活动进展情况]", "columns: [项目]", "bad.yaml: columns: 至少应有 2 项，实有 1 项"),
        ("columns: [活动项目, 活动进展情况]", "columns: 项目",
         "bad.yaml: columns: 应为列表（- 开头的若干行，或 [a, b]），实为 “项目”"),
        ("key: unit", "key: units", "bad.yaml: header[0].key: 只能是 unit, contact, phone, date 之一，实为 “units”"),
    ],
)
def test_schema_mistakes_name_file_and_key(tmp_path, old, new, message):
    path = _broken(tmp_path, old, new)
    with pytest.raises(SchemaError) as info:
        load_schema(str(path))
    assert str(info.value).startswith(str(tmp_path / message.split(": ", 1)[0]) + ": " + message.split(": ", 1)[1])


@pytest.mark.parametrize("schema_id", SCHEMA_IDS)
def test_a_builtin_schema_built_directly_is_the_one_every_key_checked_gives(schema_id):
    # reading forms builds the built-in schemas without pydantic (Schema.from_data): the same schema, key for key,
    # as the full check of a user's file gives for the same YAML — and that check passes
    built = load_schema(schema_id)
    checked = parse_schema(builtin_yaml(schema_id), schema_id)
    assert checked == built and asdict(checked) == asdict(built) and type(checked.items[0].blanks["1.1"]) is Blank


def test_duplicate_yaml_key_is_named(tmp_path):
    path = _broken(tmp_path, '      "1.2": {label: 宣讲活动参与, unit: 人次}',
                   '      "1.2": {label: 宣讲活动参与, unit: 人次}\n      "1.2": {label: x, unit: 场}')
    with pytest.raises(SchemaError, match=r"bad\.yaml: 第 24 行: YAML 格式错误：键 '1\.2' 重复$"):
        load_schema(str(path))


def test_code_duplicated_across_items(tmp_path):
    text = builtin_yaml("weihai-2023").replace("（{2.3}）个", "（{2.3}）个（{1.1}）个")
    path = tmp_path / "dup.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SchemaError, match=r"dup\.yaml: items\[1\]\.prose: 空格代码 1\.1 重复（items\[0\] 已有）"):
        load_schema(str(path))


def test_unknown_schema_id_lists_builtins():
    with pytest.raises(SchemaError) as info:
        load_schema("weihai-2024")
    assert str(info.value) == ("weihai-2024: 没有这个表样；内置表样有 national-2023、shandong-minbao-2023、weihai-2023，"
                               "也可以给出自己的 YAML 文件路径")


def test_user_schema_file_loads(tmp_path):
    text = builtin_yaml("weihai-2023").replace("id: weihai-2023", "id: weihai-2024").replace("year: 2023", "year: 2024")
    path = tmp_path / "weihai-2024.yaml"
    path.write_text(text, encoding="utf-8")
    schema = load_schema(str(path))
    assert (schema.id, schema.year) == ("weihai-2024", 2024)


def test_codes_are_free_identifiers(tmp_path):
    """A new year may keep last year's code for a blank that moved, or name blanks in words."""
    from .forms import unit_form, write_xlsx
    from anquanyue.reading.reader import read_form

    text = builtin_yaml("weihai-2023").replace("{1.1}", "{宣讲场次}").replace('"1.1": {label: 宣讲活动', '"宣讲场次": {label: 宣讲活动')
    text = text.replace('{sessions: "1.1"', '{sessions: "宣讲场次"')
    text = text[: text.index("# 汇总到另外两张")]
    path = tmp_path / "words.yaml"
    path.write_text(text.replace("id: weihai-2023", "id: words-2023"), encoding="utf-8")
    schema = load_schema(str(path))
    assert schema.codes[:2] == ["宣讲场次", "1.2"] and schema.rules.pairs[0].sessions == "宣讲场次"
    form = write_xlsx(unit_form("甲区", 6, schema=schema), tmp_path / "a.xlsx")
    report = read_form(form, schema)
    assert report.values["宣讲场次"] == 6 and report.ok


def test_a_users_schema_with_a_builtin_id_is_an_error_naming_both_unless_it_is_the_same(tmp_path):
    from anquanyue.schema.model import builtin_file_name, builtin_text

    same = tmp_path / "same.yaml"
    same.write_text(builtin_text("weihai-2023"), encoding="utf-8")
    assert load_schema(same) is load_schema("weihai-2023")
    changed = tmp_path / "changed.yaml"
    changed.write_text(builtin_text("weihai-2023").replace("issuer: 威海市工业和信息化局", "issuer: 某市工业和信息化局"), encoding="utf-8")
    with pytest.raises(SchemaError) as caught:
        load_schema(changed)
    assert str(caught.value) == (f"{changed}: id “weihai-2023” 与内置表样 {builtin_file_name('weihai-2023')} 相同，"
                                 "但内容不同；请给自己的表样另起一个 id（例如加上年份或地区）")
