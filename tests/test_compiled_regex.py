"""Regexes whose code is kept in the start-up cache: the same patterns as ``re.compile`` makes, run after run."""
from __future__ import annotations

import marshal
import re
import subprocess
import sys

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import anquanyue

from anquanyue.reading.patterns import TIGHT, schema_patterns, template_regex
from anquanyue.schema import list_schemas, parse_schema
from anquanyue.speed.compiled_regex import ModulePatterns, compile_many
from anquanyue.speed.disk_cache import CACHE_ENV

from tests.conftest import builtin_yaml

SOURCES = [(r"开展(?P<b0>" + TIGHT + r"{0,60}?)场", re.S), (r"参\W*与", re.S), (r"(?P<x>\d+)|十二", 0)]


def _no_compiling(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("compiled again although the cache holds the code")

    monkeypatch.setattr(re, "compile", refuse)


def test_patterns_are_compiled_once_then_made_from_the_stored_code(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    first = compile_many("regex-test", SOURCES)
    assert [p.name for p in tmp_path.iterdir()] == ["regex-test.marshal"]
    expected = [re.compile(pattern, flags) for pattern, flags in SOURCES]
    with monkeypatch.context() as patch:
        _no_compiling(patch)
        again = compile_many("regex-test", SOURCES)
    assert first == expected and again == expected  # to the engine: same text, flags and code
    assert [p.groupindex for p in again] == [{"b0": 1}, {}, {"x": 1}]
    match = again[0].search("本月开展( 12 )场")  # (text folded as reading folds it)
    assert match.group("b0") == "( 12 )" and match.span() == (2, 11)


def test_other_sources_under_the_same_name_are_compiled_and_replace_the_stored_code(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    compile_many("regex-test", SOURCES)
    other = [(r"人次(\d+)", 0)]
    assert compile_many("regex-test", other) == [re.compile(r"人次(\d+)")]
    with monkeypatch.context() as patch:
        _no_compiling(patch)
        assert compile_many("regex-test", other)[0].search("人次35").group(1) == "35"


def test_stored_code_the_engine_refuses_means_compiling_as_before(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    compile_many("regex-test", SOURCES)
    path = tmp_path / "regex-test.marshal"
    key, parts = marshal.loads(path.read_bytes())
    damaged = [(p[0], p[1], [9999] * len(p[2]), *p[3:]) for p in parts]  # no opcode of the engine's
    path.write_bytes(marshal.dumps((key, damaged)))
    assert compile_many("regex-test", SOURCES) == [re.compile(pattern, flags) for pattern, flags in SOURCES]


def test_without_a_cache_folder_patterns_are_compiled_each_time(monkeypatch):
    monkeypatch.setenv(CACHE_ENV, "")
    assert compile_many("regex-test", SOURCES) == [re.compile(pattern, flags) for pattern, flags in SOURCES]


def test_a_modules_patterns_are_compiled_once_then_made_from_the_stored_code(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    first = ModulePatterns("some.module")
    made = [first.compile(pattern, flags) for pattern, flags in SOURCES]
    assert [p.name for p in tmp_path.iterdir()] == ["regex-some.module.marshal"]
    expected = [re.compile(pattern, flags) for pattern, flags in SOURCES]
    with monkeypatch.context() as patch:
        _no_compiling(patch)
        again = ModulePatterns("some.module")
        stored = [again.compile(pattern, flags) for pattern, flags in SOURCES]
    assert made == expected and stored == expected
    assert stored[2].fullmatch("35").group("x") == "35"


def test_a_new_pattern_of_a_module_is_compiled_and_kept_beside_the_others(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    ModulePatterns("some.module").compile(r"参\W*与", re.S)
    assert ModulePatterns("some.module").compile(r"人次(\d+)") == re.compile(r"人次(\d+)")
    expected = re.compile(r"参\W*与", re.S)
    with monkeypatch.context() as patch:
        _no_compiling(patch)
        later = ModulePatterns("some.module")
        assert later.compile(r"参\W*与", re.S) == expected
        assert later.compile(r"人次(\d+)").search("人次35").group(1) == "35"
    assert ModulePatterns("other.module").compile(r"人次(\d+)", re.S) == re.compile(r"人次(\d+)", re.S)


def test_a_modules_stored_code_the_engine_refuses_means_compiling_as_before(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    for pattern, flags in SOURCES:
        ModulePatterns("some.module").compile(pattern, flags)
    path = tmp_path / "regex-some.module.marshal"
    key, stored = marshal.loads(path.read_bytes())
    damaged = {source: (p[0], p[1], [9999] * len(p[2]), *p[3:]) for source, p in stored.items()}
    path.write_bytes(marshal.dumps((key, damaged)))
    later = ModulePatterns("some.module")
    assert [later.compile(pattern, flags) for pattern, flags in SOURCES] == [re.compile(p, f) for p, f in SOURCES]


def test_without_a_cache_folder_a_modules_patterns_are_compiled_each_time(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, "")
    monkeypatch.chdir(tmp_path)
    assert ModulePatterns("some.module").compile(r"参\W*与", re.S) == re.compile(r"参\W*与", re.S)
    assert list(tmp_path.iterdir()) == []


def test_the_reading_modules_patterns_stored_by_a_run_are_the_ones_compiled(tmp_path):
    """A fresh process imports the modules (storing their patterns' code); each stored pattern, made again from the
    stored code, equals ``re.compile``'s; a second process makes every one from the store."""
    import _sre

    package = Path(anquanyue.__file__).parent
    modules = sorted(".".join(("anquanyue", *path.relative_to(package).with_suffix("").parts))
                     for path in package.rglob("*.py") if "ModulePatterns(__name__)" in path.read_text("utf-8"))
    assert "anquanyue.reading.numbers" in modules and len(modules) >= 20
    env = {**__import__("os").environ, CACHE_ENV: str(tmp_path)}
    importing = "import importlib, sys\nfor name in sys.argv[1:]: importlib.import_module(name)\n"
    subprocess.run([sys.executable, "-c", importing, *modules], env=env, check=True)
    stores = sorted(p.name for p in tmp_path.glob("regex-anquanyue.*.marshal"))
    assert stores == [f"regex-{module}.marshal" for module in modules]
    count = 0
    for name in stores:
        _key, stored = marshal.loads((tmp_path / name).read_bytes())
        for (pattern, flags), parts in stored.items():
            assert _sre.compile(*parts) == re.compile(pattern, flags), (name, pattern)
            count += 1
    assert count >= 60
    refusing = ("import re, importlib, sys\n"
                "def refuse(*a, **k): raise AssertionError('compiled: %r' % (a,))\n"
                "import anquanyue.speed.compiled_regex as c\nc.re = type(sys)('re'); c.re.compile = refuse\n"
                "for name in sys.argv[1:]: importlib.import_module(name)\n")
    subprocess.run([sys.executable, "-c", refusing, *modules], env=env, check=True)


@pytest.mark.parametrize("schema_id", [schema.id for schema in list_schemas()])
def test_a_schemas_patterns_from_the_cache_are_the_ones_compiled(tmp_path, monkeypatch, schema_id):
    """The built-in schemas' item patterns, made from stored code in a later run, equal those compiled directly."""
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    text = builtin_yaml(schema_id)
    schema_patterns(parse_schema(text, "first run"))  # compiles and stores
    schema = parse_schema(text, "next run")  # another Schema object: its patterns are made again
    with monkeypatch.context() as patch:
        _no_compiling(patch)
        stored = schema_patterns(schema)
    assert len(stored.items) == len(schema.items)
    for item, pattern in zip(schema.items, stored.items):
        assert pattern.tight == template_regex(item.prose, tight=True)[0]
    assert stored.record_tight == template_regex(schema.other.record, tight=True, free=("name",))[0]


_TEXT = st.text(alphabet="开展场次人参与约余十二三百千万0123456789（）() ，,.\n　—/¹", max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["开展", "参与", "场", "，", "人次"]), st.booleans()), min_size=1, max_size=5),
       st.lists(_TEXT, min_size=1, max_size=5))
def test_a_stored_pattern_matches_as_the_compiled_one(tmp_path_factory, parts, texts):
    template = "".join(word + ("（{b%d}）" % i if blank else "") for i, (word, blank) in enumerate(parts))
    source = template_regex(template, tight=True)[0].pattern
    compiled = re.compile(source, re.S)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(tmp_path_factory.mktemp("cache")))
        compile_many("regex-property", [(source, re.S)])
        _no_compiling(patch)
        stored = compile_many("regex-property", [(source, re.S)])[0]
    for text in texts:
        found, expected = stored.search(text), compiled.search(text)
        assert (found and (found.span(), found.groups())) == (expected and (expected.span(), expected.groups()))
