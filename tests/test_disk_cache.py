"""The start-up cache: a value made once, read back by later runs while its key is the same, never a wrong one."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from anquanyue.schema import list_schemas, load_schema, parse_schema
from anquanyue.speed.disk_cache import CACHE_ENV, cache_dir, cached

from tests.conftest import builtin_yaml


def _never():
    raise AssertionError("made again although the cache holds it")


def test_a_value_is_made_once_and_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    assert cached("thing", ("k", 1), lambda: {"a": [1, 2.5, None, True], 3: ("x",)}) == {"a": [1, 2.5, None, True],
                                                                                      3: ("x",)}
    assert cached("thing", ("k", 1), _never) == {"a": [1, 2.5, None, True], 3: ("x",)}
    assert [p.name for p in tmp_path.iterdir()] == ["thing.marshal"]


def test_another_key_makes_the_value_again_and_replaces_it(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    assert cached("thing", "old", lambda: "old value") == "old value"
    assert cached("thing", "new", lambda: "new value") == "new value"
    assert cached("thing", "new", _never) == "new value"
    assert cached("thing", "old", lambda: "made again") == "made again"


@pytest.mark.parametrize("content", [b"", b"\x00\x01garbage", b"\xe9" * 50])
def test_a_damaged_file_is_made_again_and_rewritten(tmp_path, monkeypatch, content):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    (tmp_path / "thing.marshal").write_bytes(content)
    assert cached("thing", "k", lambda: [1, 2]) == [1, 2]
    assert cached("thing", "k", _never) == [1, 2]


def test_an_empty_setting_turns_the_cache_off(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, "")
    monkeypatch.chdir(tmp_path)
    assert cache_dir() is None
    calls = []
    for _ in range(2):
        assert cached("thing", "k", lambda: calls.append(1) or "v") == "v"
    assert calls == [1, 1]
    assert list(tmp_path.iterdir()) == []


def test_a_folder_that_cannot_be_made_is_only_no_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the folder would go")
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    calls = []
    for _ in range(2):
        assert cached("thing", "k", lambda: calls.append(1) or "v") == "v"
    assert calls == [1, 1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]


def test_the_default_folder_is_the_users_cache_folder(monkeypatch):
    import platformdirs

    monkeypatch.delenv(CACHE_ENV)
    assert cache_dir() == platformdirs.user_cache_path("anquanyue", appauthor=False)


@pytest.mark.parametrize("schema_id", [s.id for s in list_schemas()])
def test_a_builtin_schema_from_the_cache_is_the_same_schema(tmp_path, monkeypatch, schema_id):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    text = builtin_yaml(schema_id)
    first = parse_schema(text, "a.yaml")  # checked by pydantic, then stored
    assert len(list(tmp_path.iterdir())) == 1
    again = parse_schema(text, "a.yaml")  # from the cache
    assert again == first == load_schema(schema_id)
    assert again is not first


def test_a_users_schema_with_every_optional_key_comes_back_the_same(tmp_path, monkeypatch):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    text = builtin_yaml("weihai-2023").replace("id: weihai-2023", "id: weihai-2024", 1)
    text = text.replace("deadline: 2023-06-30", "deadline: 2024-06-30", 1)  # with maps_to and rules already
    text += "deadline_grace_days: 2\nanomaly:\n  min_units: 5\n  z_threshold: 4\n"
    first = parse_schema(text, "a.yaml")
    again = parse_schema(text, "a.yaml")
    assert again == first
    assert str(again.deadline) == "2024-06-30" and again.deadline_grace_days == 2
    assert again.anomaly.min_units == 5 and type(again.anomaly.z_threshold) is type(first.anomaly.z_threshold)


def test_a_schema_with_a_mistake_is_never_stored(tmp_path, monkeypatch):
    from anquanyue.schema import SchemaError

    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    text = builtin_yaml("weihai-2023").replace("year:", "yaer:", 1)
    for _ in range(2):
        with pytest.raises(SchemaError, match="yaer"):
            parse_schema(text, "a.yaml")
    assert list(tmp_path.iterdir()) == []


def test_the_fold_table_from_the_cache_folds_as_unicode_says(tmp_path):
    """A fresh process whose cache another process filled: every BMP character still folds to its NFKC form."""
    env = {**os.environ, CACHE_ENV: str(tmp_path)}
    script = ("import sys, unicodedata\nfrom anquanyue.reading.textnorm import MARK_CHARS, fold, warm_vectors\n"
              "warm_vectors()\n"
              "every = ''.join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000 and chr(c) not in MARK_CHARS)\n"
              "nfkc = [unicodedata.normalize('NFKC', ch) for ch in every]\n"
              "one = [k for k, f in enumerate(nfkc) if len(f) == 1]  # these go through the numpy lookup table\n"
              "print(fold(every)[0] == ''.join(nfkc), fold(''.join(every[k] for k in one)) == (''.join(nfkc[k] for k in one), True), "
              "fold('（１２）场')[0], "
              "sorted(m for m in ('yaml', 'pydantic') if m in sys.modules))\n")
    outs = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                           check=True).stdout.strip() for _ in range(2)]  # the second reads what the first stored
    assert outs == ["True True (12)场 []"] * 2
    assert "folds.marshal" in [p.name for p in tmp_path.iterdir()]


def test_a_run_with_a_filled_cache_imports_neither_pyyaml_nor_pydantic(tmp_path):
    env = {**os.environ, CACHE_ENV: str(tmp_path)}
    script = ("import sys; from anquanyue.schema import list_schemas; list_schemas(); "
              "print(sorted(m for m in ('yaml', 'pydantic') if m in sys.modules))")
    outs = [subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True,
                           check=True).stdout.strip() for _ in range(2)]
    assert outs == ["['yaml']", "[]"]


def test_data_another_version_stored_for_the_same_text_is_not_taken(tmp_path, monkeypatch):
    """A version whose schema classes have other fields stores its own data for the same YAML: never used here."""
    import hashlib

    monkeypatch.setenv(CACHE_ENV, str(tmp_path))
    text = builtin_yaml("weihai-2023")
    name = "schema-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]
    cached(name, (text, (("id", "str"),)), lambda: {"id": "not-this-one"})  # what that other version stored
    assert parse_schema(text, "a.yaml") == load_schema("weihai-2023")
    assert parse_schema(text, "a.yaml") == load_schema("weihai-2023")  # and now from this version's entry
