"""What every process works out the same way at start-up, kept in the user's cache folder between runs.

Each run of ``validate`` or ``merge``, and each worker process it starts (all of them under the spawn start method,
as on Windows), used to parse the built-in schemas' YAML (importing PyYAML) and work out the fold table of every
Basic Multilingual Plane character (63,488 ``unicodedata`` checks): about 50 ms a process, the same every time.
Here such a value is stored once, with the key it was made from, and read back when the key is equal; anything
unexpected (no folder, an unwritable one, a damaged or foreign file, another Python) means it is made again, as
without a cache. Only the values themselves are stored (``marshal``: str, int, float, bool, None, lists, tuples
and dicts of them; never objects or code), so a cached value is exactly the value that would be made.

``$ANQUANYUE_CACHE_DIR`` names the folder (empty: no cache); by default platformdirs' user cache folder
(``%LOCALAPPDATA%\\anquanyue\\Cache`` on Windows, ``~/.cache/anquanyue`` on Linux).
"""
from __future__ import annotations

import marshal
import os
import sys
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TypeVar

CACHE_ENV = "ANQUANYUE_CACHE_DIR"
FORMAT = 1  # bump when what is stored changes shape
T = TypeVar("T")


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off (``$ANQUANYUE_CACHE_DIR`` set empty)."""
    env = os.environ.get(CACHE_ENV)
    if env is not None:
        return Path(env) if env.strip() else None
    import platformdirs

    return platformdirs.user_cache_path("anquanyue", appauthor=False)


def cached(name: str, key: Hashable, make: Callable[[], T]) -> T:
    """``make()``, or the value an earlier run stored under ``name`` for an equal ``key`` (marshal-able data,
    compared whole: no digest that could collide). ``make()``'s value is stored for the next run when it can be."""
    found = load(name, key, _MISSING)
    if found is not _MISSING:
        return found
    value = make()
    store(name, key, value)
    return value


_MISSING = object()


def load(name: str, key: Hashable, default: object = None) -> object:
    """The value an earlier run stored under ``name`` for an equal ``key``, or ``default``."""
    folder = cache_dir()
    if folder is None:
        return default
    try:
        stored_key, value = marshal.loads((folder / f"{name}.marshal").read_bytes())
        if stored_key == _full_key(key):
            return value
    except (OSError, EOFError, ValueError, TypeError):  # none yet, unreadable, or not one of ours
        pass
    return default


def store(name: str, key: Hashable, value: object) -> None:
    """Keep ``value`` under ``name`` for ``key`` for the next run, when there is a cache folder and it can."""
    folder = cache_dir()
    if folder is not None:
        _store(folder / f"{name}.marshal", _full_key(key), value)


def _full_key(key: Hashable) -> tuple:
    return (FORMAT, sys.version_info[:2], key)


def _store(path: Path, key: tuple, value: object) -> None:
    """Write beside, then rename (two processes storing at once each leave a whole file); a cache that cannot be
    written is only a cache that is not there."""
    try:
        data = marshal.dumps((key, value))
    except ValueError:  # pragma: no cover - a value marshal cannot hold: the caller's mistake, made again each run
        return
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError:
        try:
            tmp.unlink()
        except OSError:
            pass
