"""Regexes compiled once and kept in the start-up cache (``disk_cache``) between runs: a schema's item patterns,
and the modules' own pattern constants.

Compiling a schema's item patterns costs 20-30 ms in every process (``re``'s compiler is Python; each blank's
character class of number words is made into a 64 K bitmap again): most of the time of a first form's reading,
a tenth of a one-form ``validate``, and again in every worker process. What ``re.compile`` makes from a pattern
is the pattern's code, a list of integers that Python's regex engine (``_sre``) runs; here that list is stored with
the pattern, and the next run hands it straight to the engine.

What is stored is checked before it is stored: the pattern made from the stored code must equal, to the engine
(same pattern text, flags and code: ``re.Pattern``'s ``==``), the one ``re.compile`` made; otherwise nothing is
kept and every run compiles. It is stored under the exact Python build and engine version, so another Python never
reads it; the engine checks any code it is given (``invalid SRE code``) and anything unexpected from it, or from
these internals of ``re`` in another Python, means ``re.compile`` as before.

The modules' own pattern constants (``ModulePatterns``) cost another 15-20 ms at every start, for the same reason.
A module's store keeps every pattern it has held, so one changed in a later version of a module is added beside the
old one (a few hundred bytes each).
"""
from __future__ import annotations

import re
import sys
from collections.abc import Sequence

try:  # the compiler's two halves: Python 3.11 and later, then 3.10
    from re import _compiler, _parser
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile as _compiler  # type: ignore[no-redef]
    import sre_parse as _parser  # type: ignore[no-redef]

try:
    import _sre
except ImportError:  # pragma: no cover - a Python without CPython's engine
    _sre = None

_ENGINE = (sys.version, getattr(_sre, "MAGIC", None), getattr(_sre, "CODESIZE", None))

Source = tuple[str, int]  # (pattern, flags)


def compile_many(name: str, sources: Sequence[Source]) -> list[re.Pattern]:
    """``re.compile(pattern, flags)`` of each source, in order; their code read from the start-up cache under
    ``name`` when an earlier run stored it for exactly these sources on this Python."""
    from anquanyue.speed.disk_cache import cached

    sources = tuple((pattern, int(flags)) for pattern, flags in sources)
    made: list[re.Pattern] = []

    def make() -> list | None:
        made.extend(re.compile(pattern, flags) for pattern, flags in sources)
        return _checked_parts(sources, made)

    parts = cached(name, (_ENGINE, sources), make) if _sre is not None else None
    if made:
        return made
    if parts is not None:
        try:
            return [_sre.compile(*part) for part in parts]
        except (RuntimeError, TypeError, ValueError, OverflowError):  # not code this engine takes
            pass
    return [re.compile(pattern, flags) for pattern, flags in sources]


class ModulePatterns:
    """A module's regex constants, each made from code an earlier run stored under the module's name, or compiled
    (and its code stored) when there is none: ``_SPACE = _patterns.compile(r"\\s+")`` is ``re.compile(r"\\s+")``."""

    def __init__(self, module: str) -> None:
        self._name = f"regex-{module}"
        self._stored: dict | None = None  # (pattern, flags) -> parts; read at the first compile

    def compile(self, pattern: str, flags: int = 0) -> re.Pattern:
        """``re.compile(pattern, flags)``."""
        from anquanyue.speed.disk_cache import load, store

        flags = int(flags)
        if self._stored is None:
            found = load(self._name, _ENGINE) if _sre is not None else None
            self._stored = found if isinstance(found, dict) else {}
        parts = self._stored.get((pattern, flags))
        if parts is not None:
            try:
                return _sre.compile(*parts)
            except (RuntimeError, TypeError, ValueError, OverflowError):  # not code this engine takes
                pass
        compiled = re.compile(pattern, flags)
        checked = _checked_parts(((pattern, flags),), [compiled]) if _sre is not None else None
        if checked is not None:  # a new pattern (first run, or the module changed): kept beside the others
            self._stored[(pattern, flags)] = checked[0]
            store(self._name, _ENGINE, self._stored)
        return compiled


def _parts(pattern: str, flags: int) -> tuple:
    """What ``re.compile`` hands the engine for ``pattern`` (as ``re._compiler.compile`` does), as plain data."""
    tree = _parser.parse(pattern, flags)
    code = [int(op) for op in _compiler._code(tree, flags)]
    state = tree.state
    groupindex = dict(state.groupdict)
    indexgroup = [None] * state.groups
    for group, index in groupindex.items():
        indexgroup[index] = group
    return (pattern, int(flags | state.flags), code, state.groups - 1, groupindex, tuple(indexgroup))


def _checked_parts(sources: Sequence[Source], compiled: list[re.Pattern]) -> list | None:
    """Each source's parts, if the engine makes from every one of them the pattern ``re.compile`` made; else None
    (nothing worth storing: every run compiles)."""
    try:
        parts = [_parts(pattern, flags) for pattern, flags in sources]
        if all(_sre.compile(*part) == pattern for part, pattern in zip(parts, compiled)):
            return parts
    except Exception:  # noqa: BLE001 - another Python's internals: compile as before
        pass
    return None
