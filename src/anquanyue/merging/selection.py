"""Which of a unit's forms counts — one rule, used by merge, status, the anomaly checks and ``--previous``.

A unit is known by its name as normalised by ``unit_key`` (widths, spaces, （盖章）, 工业和信息化局 = 工信局).
Of its forms the one that counts is the one with the latest 填报日期 (a form without a readable date counts as the
oldest); on the same date, the file modified last; and on the same time, the file whose name sorts last.
"""
from __future__ import annotations

from collections.abc import Iterable

from anquanyue.reading.reader import FileResult
from anquanyue.reading.textnorm import unit_key, unit_parent


def counting_key(result: FileResult) -> tuple[str, float, str]:
    """Orders one unit's forms: the greatest key counts."""
    return (result.date or "", result.mtime, result.file)


def supersedes(result: FileResult, other: FileResult) -> bool:
    """Whether ``result`` counts instead of ``other``, another form of the same unit."""
    return counting_key(result) > counting_key(other)


class UnitKeys(dict):
    """``unit_key`` of each name, worked out once: a merge asks for the same names several times."""

    def __missing__(self, name: str) -> str:
        key = self[name] = unit_key(name)
        return key


def by_unit(results: Iterable[FileResult], keys: UnitKeys | None = None) -> dict[str, list[FileResult]]:
    """Forms that name their unit, grouped by unit, each group in the order of the rule (the one that counts last).

    Names that agree once the city in front is left out are one unit (威海市环翠区工信局 = 环翠区工信局), unless
    they name different cities (济南市市中区 and 枣庄市市中区 are two units; a bare 市中区 is then a third, never
    merged with either on a guess)."""
    keys = UnitKeys() if keys is None else keys
    named: dict[str, list[FileResult]] = {}
    for result in results:
        if result.unit:
            named.setdefault(keys[result.unit], []).append(result)
    groups: dict[str, list[FileResult]] = {}
    for key, group in named.items():
        if len(group) == 1:  # one form: no other city to tell it from
            groups.setdefault(key, []).append(group[0])
            continue
        parents = {unit_parent(r.unit) for r in group} - {""}
        for result in group:
            groups.setdefault(unit_parent(result.unit) + key if len(parents) > 1 else key, []).append(result)
    for group in groups.values():
        group.sort(key=counting_key)
    return groups


def counting_forms(results: Iterable[FileResult]) -> dict[str, FileResult]:
    """The form that counts for each unit, by ``unit_key``."""
    return {key: group[-1] for key, group in by_unit(results).items()}
