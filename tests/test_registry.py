"""Registered schemas: the user's data folder, $ANQUANYUE_SCHEMAS and a schemas/ folder by the inbox; clashes
named with both files; workers under spawn given the registry explicitly; every schema mistake in Chinese."""
from __future__ import annotations

import multiprocessing
import re

import pytest
from click.testing import CliRunner

from anquanyue.cli import main
from anquanyue.reading import pool
from anquanyue.reading.reader import read_form
from anquanyue.schema import SchemaError, load_schema
from anquanyue.schema.registry import Registry, add_schema, remove_schema, user_schema_dir

from .conftest import builtin_yaml
from .forms import unit_form, write_xlsx


def _schema_file(folder, schema_id="weihai-2024", title="威海市2024年“安全生产月”活动进展情况统计表"):
    text = builtin_yaml("weihai-2023").replace("id: weihai-2023", f"id: {schema_id}").replace("year: 2023", "year: 2024")
    text = text.replace("title: 威海市“安全生产月”活动进展情况统计表", f"title: {title}")
    text = text[: text.index("# 汇总到另外两张")]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{schema_id}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def _form_2024(path):
    from anquanyue.schema.model import parse_schema

    schema = parse_schema(_schema_file(path.parent.parent / "src").read_text(encoding="utf-8"), "x")
    path.parent.mkdir(parents=True, exist_ok=True)
    filled = unit_form("环翠区工信局", 4, date="2024年6月28日", schema=schema)
    return write_xlsx(filled, path)


def test_add_list_show_and_remove(tmp_path, monkeypatch):
    source = _schema_file(tmp_path / "mine")
    runner = CliRunner()
    result = runner.invoke(main, ["schemas", "add", str(source)])
    assert result.exit_code == 0
    target = user_schema_dir() / "weihai-2024.yaml"
    assert result.output == f"已登记表样 weihai-2024（威海市2024年“安全生产月”活动进展情况统计表）：{target}\n"
    listing = runner.invoke(main, ["schemas"], env={"COLUMNS": "400"}).output
    row = next(line for line in listing.splitlines() if "weihai-2024" in line)
    assert f"已登记：{target}" in row and "2024" in row
    assert "内置" in next(line for line in listing.splitlines() if "weihai-2023" in line)
    shown = runner.invoke(main, ["schemas", "show", "weihai-2024", "--yaml"])
    assert shown.exit_code == 0 and shown.output == source.read_text(encoding="utf-8")
    assert runner.invoke(main, ["schemas", "show", "national-2023", "--yaml"]).output == builtin_yaml("national-2023")
    removed = runner.invoke(main, ["schemas", "remove", "weihai-2024"])
    assert removed.output == f"已删除登记的表样 weihai-2024：{target}\n" and not target.exists()
    gone = runner.invoke(main, ["schemas", "remove", "weihai-2024"])
    assert gone.exit_code == 2 and f"weihai-2024: 用户数据文件夹 {user_schema_dir()} 中没有登记这个表样" in gone.output


def test_a_registered_form_is_read_without_schema(tmp_path):
    form = _form_2024(tmp_path / "in" / "a.xlsx")
    assert read_form(form).schema_id == "weihai-2023"  # not registered yet: read as last year's form ...
    assert read_form(form).errors[0].code == "other-year"  # ... and said to be another year's
    add_schema(_schema_file(tmp_path / "mine"))
    report = read_form(form)
    assert (report.schema_id, report.ok, report.values["1.1"]) == ("weihai-2024", True, 4)


def test_env_folder_and_inbox_folder(tmp_path, monkeypatch):
    form = _form_2024(tmp_path / "in" / "a.xlsx")
    _schema_file(tmp_path / "shared")
    monkeypatch.setenv("ANQUANYUE_SCHEMAS", str(tmp_path / "shared"))
    assert read_form(form).schema_id == "weihai-2024"
    monkeypatch.delenv("ANQUANYUE_SCHEMAS")
    _schema_file(tmp_path / "schemas")  # beside the inbox
    out = tmp_path / "total.json"
    result = CliRunner().invoke(main, ["merge", str(tmp_path / "in"), "-o", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    assert '"schema": "weihai-2024"' in out.read_text(encoding="utf-8")
    by_id = CliRunner().invoke(main, ["validate", "--schema", "weihai-2024", str(tmp_path / "in")])
    assert by_id.exit_code == 0, by_id.output  # an inbox-side schema named by its id
    listing = CliRunner().invoke(main, ["schemas", "--inbox", str(tmp_path / "in")], env={"COLUMNS": "400"}).output
    assert f"收件文件夹的 schemas：{tmp_path / 'schemas' / 'weihai-2024.yaml'}" in listing


def test_stamps_change_when_a_schema_file_is_added_or_changed(tmp_path):
    (tmp_path / "in").mkdir()
    before = Registry.discover([tmp_path / "in"]).stamps()
    path = _schema_file(tmp_path / "schemas")  # beside the inbox
    added = Registry.discover([tmp_path / "in"]).stamps()
    assert [file for file, *_ in added if file not in {f for f, *_ in before}] == [str(path)]
    assert Registry.discover([tmp_path / "in"]).stamps() == added
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert Registry.discover([tmp_path / "in"]).stamps() != added


def test_a_user_schema_reusing_an_id_names_both_files(tmp_path, monkeypatch):
    clash = _schema_file(tmp_path / "shared", schema_id="weihai-2023")
    monkeypatch.setenv("ANQUANYUE_SCHEMAS", str(tmp_path / "shared"))
    with pytest.raises(SchemaError) as info:
        Registry.discover().entries()
    builtin = Registry().entries()[2].file
    assert str(info.value) == (f"{clash}: id “weihai-2023” 与内置表样 {builtin} 相同；请把 id 改成别的名字（如 weihai-2023-local）")
    clash.unlink()
    first = add_schema(_schema_file(tmp_path / "mine"))[1]
    second = _schema_file(tmp_path / "shared", title="另一张表")
    with pytest.raises(SchemaError) as info:
        Registry.discover().entries()
    assert str(info.value) == f"{second}: id “weihai-2024” 与 {first} 相同；两张表样不能用同一个 id，请删去其中一个或改名"
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "mine")])
    assert result.exit_code == 2 and "两张表样不能用同一个 id" in result.output
    with pytest.raises(SchemaError, match="这是内置表样，不能删除"):
        remove_schema("weihai-2023")
    slash = tmp_path / "odd.yaml"
    slash.write_text(_schema_file(tmp_path / "odd").read_text(encoding="utf-8").replace("id: weihai-2024", "id: weihai/2024"),
                     encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        add_schema(slash)
    assert str(info.value) == f"{slash}: id “weihai/2024” 不能用作文件名（含 /），请只用文字、数字和 - _"


def test_workers_under_spawn_are_given_the_registry(tmp_path):
    form = _form_2024(tmp_path / "in" / "a.xlsx")
    _schema_file(tmp_path / "in" / "schemas")  # known only through the registry handed to the worker
    registry = Registry.discover([tmp_path / "in"])
    with multiprocessing.get_context("spawn").Pool(1) as workers:
        [[[report]]] = workers.map(pool._read_chunk, [([str(form)], None, registry)])
    assert (report.schema_id, report.ok) == ("weihai-2024", True)


@pytest.mark.parametrize("old,new,message", [
    ('"1.1": {label: 宣讲活动, unit: 场}', '1.10: {label: 宣讲活动, unit: 场}',
     'items[0].blanks.1.1（键）: 应为文字，实为 1.1（空格代码等请加引号，如 "1.10"，否则 1.10 会被当成数字 1.1）'),
    ("year: 2023", "year: 二〇二三", "year: 应为整数，实为 “二〇二三”"),
    ("deadline: 2023-06-30", "deadline: 2023-06-31", "有无法识别的取值（常见原因：不存在的日期，如 2024-06-31），请改正"),
    ("deadline: 2023-06-30", "deadline: 6月30日", "deadline: 应为日期（如 2024-06-30），实为 “6月30日”"),
    ('{sessions: "1.1", participants: "1.2"}', '{sessions: 1.1, participants: "1.2"}',
     'rules.pairs[0].sessions: 应为文字，实为 1.1（空格代码等请加引号，如 "1.10"，否则 1.10 会被当成数字 1.1）'),
    ("header_separator: \":\"", "header_separator: [\":\"]", "header_separator: 应为文字，实为 列表"),
    ("title: 威海市“安全生产月”活动进展情况统计表", "title: 威海市: 统计表", "第 5 行: YAML 格式错误：此处不能再有“键: 值”；文字中含冒号“: ”时请给整段文字加引号"),
    ("    title: 开展习近平", "\ttitle: 开展习近平", "第 19 行: YAML 格式错误：不能用 Tab 缩进，请改用空格"),
    ("{key: phone, label: 电话}", "{key: mobile, label: 电话}", "header[2].key: 只能是 unit, contact, phone, date 之一，实为 “mobile”"),
    ("columns: [活动项目, 活动进展情况]", "columns: [活动项目]", "columns: 至少应有 2 项，实有 1 项"),
    ("columns: [活动项目, 活动进展情况]", "columns: 活动项目", "columns: 应为列表（- 开头的若干行，或 [a, b]），实为 “活动项目”"),
    ("maps_to:\n  national-2023: {\n    \"1.1\": [\"1.1\"]", "maps_to:\n  national-2023: {\n    \"1.1\": [\"9.9\"]",
     "maps_to.national-2023.1.1: 本表没有空格代码 9.9"),
])
def test_every_schema_mistake_is_said_in_chinese(tmp_path, old, new, message):
    text = builtin_yaml("weihai-2023")
    assert old in text
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(SchemaError) as info:
        load_schema(str(path))
    first = str(info.value).splitlines()[0]
    assert first == f"{path}: {message}"
    assert not re.search(r"Input should|Value error|valid|field required", str(info.value))


def test_an_inbox_read_by_spawned_workers_knows_the_inbox_schemas(tmp_path, monkeypatch):
    import shutil

    from anquanyue.reading.pool import POOL_MIN_FILES, START_METHOD_ENV
    from anquanyue.reading.validate import read_inbox

    first = _form_2024(tmp_path / "in" / "000.xlsx")
    for k in range(1, POOL_MIN_FILES):
        shutil.copy(first, tmp_path / "in" / f"{k:03d}.xlsx")
    _schema_file(tmp_path / "schemas")  # beside the inbox: known to the workers only through the registry
    monkeypatch.setenv(START_METHOD_ENV, "spawn")
    results = read_inbox([tmp_path / "in"])
    assert len(results) == POOL_MIN_FILES
    assert {(r.schema_id, r.ok) for r in results} == {("weihai-2024", True)}


def test_a_copy_of_a_built_in_schema_is_the_built_in_not_a_clash(tmp_path, monkeypatch):
    """A folder holding the built-in YAML as it is (``schemas show ID --yaml``, or the project's own schemas/ beside
    its samples) names the same form: listed once, as built-in, as ``load_schema`` of that file gives it."""
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "weihai-2023.yaml").write_text(builtin_yaml("weihai-2023"), encoding="utf-8")
    monkeypatch.setenv("ANQUANYUE_SCHEMAS", str(shared))
    entries = Registry.discover().entries()
    assert [(e.schema.id, e.origin) for e in entries] == [(e.schema.id, "builtin") for e in Registry().entries()]
    assert load_schema(str(shared / "weihai-2023.yaml")) is load_schema("weihai-2023")
