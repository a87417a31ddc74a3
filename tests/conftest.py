from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Modules compile their regexes through the start-up cache as they are imported, here during collection: from the
# first import on, the run's own cache folder, never the user's (each test then has the session folder below).
_IMPORT_CACHE = tempfile.mkdtemp(prefix="anquanyue-test-cache-")
os.environ["ANQUANYUE_CACHE_DIR"] = _IMPORT_CACHE

from anquanyue.schema import list_schemas, load_schema  # noqa: E402


def pytest_unconfigure(config):
    shutil.rmtree(_IMPORT_CACHE, ignore_errors=True)

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SCHEMA_IDS = ["national-2023", "shandong-minbao-2023", "weihai-2023"]


@pytest.fixture
def weihai():
    return load_schema("weihai-2023")


@pytest.fixture(params=SCHEMA_IDS)
def any_schema(request):
    return load_schema(request.param)


def builtin_yaml(schema_id: str) -> str:
    from importlib import resources

    return (resources.files("anquanyue.schemas") / f"{schema_id}.yaml").read_text(encoding="utf-8")


__all__ = ["ROOT", "SAMPLES", "SCHEMA_IDS", "builtin_yaml", "list_schemas"]


@pytest.fixture(autouse=True)
def own_settings_folder(tmp_path_factory, monkeypatch):
    """Every test has a settings folder of its own: none reads or writes the real user's settings."""
    monkeypatch.setenv("ANQUANYUE_CONFIG_DIR", str(tmp_path_factory.mktemp("settings")))


@pytest.fixture(scope="session")
def _session_cache_folder(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _own_cache_folder(_session_cache_folder, monkeypatch):
    """The start-up cache (speed/disk_cache.py) in a folder of the test run's own, never the user's."""
    monkeypatch.setenv("ANQUANYUE_CACHE_DIR", str(_session_cache_folder))


@pytest.fixture(autouse=True)
def _no_user_schemas(tmp_path_factory, monkeypatch):
    """Every test runs with an empty user data folder of its own, never the machine's real one."""
    monkeypatch.setenv("ANQUANYUE_DATA", str(tmp_path_factory.mktemp("data")))
    monkeypatch.delenv("ANQUANYUE_SCHEMAS", raising=False)


@pytest.fixture(autouse=True)
def _fresh_loaded_schemas():
    """User schemas a test loaded by path or registry are known by id in that test only."""
    from anquanyue.schema import model

    before = dict(model._LOADED)
    yield
    model._LOADED.clear()
    model._LOADED.update(before)
