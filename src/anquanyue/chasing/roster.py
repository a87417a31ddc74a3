"""The roster of units expected to report: CSV (单位, 别名, 上级, 类别) or YAML; name matching."""
from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Literal

from anquanyue.issues import Problem
from anquanyue.reading.textnorm import BUREAU_TAIL, clean_unit_name, nfkc, unit_key
from anquanyue.speed.compiled_regex import ModulePatterns

FUZZY_MIN = 0.8
_patterns = ModulePatterns(__name__)
_ALIAS_SPLIT = _patterns.compile(r"[;；、]")


def _plain(name: str) -> str:
    """The name as written, only width/spaces/（盖章） normalised (no 工信局 abbreviation): for typos."""
    return re.sub(r"\s+", "", clean_unit_name(nfkc(name)))


def _head(key: str) -> str:
    return BUREAU_TAIL.sub("", key)


def _similarity(key: str, other: str) -> float:
    """Closeness of two normalised names; their distinctive heads must be close too (甲区 ≠ 乙区)."""
    if len(key) >= 4 and len(other) >= 4 and (key in other or other in key):
        return 0.9
    whole = difflib.SequenceMatcher(None, key, other).ratio()
    head = _head(other)  # the roster name's place part, compared with the same stretch of the name on the form
    return min(whole, difflib.SequenceMatcher(None, key[: len(head)], head).ratio()) if head else whole


class RosterError(Problem):
    """A roster file that cannot be used (usage mistake); the message names the file."""


@dataclass(slots=True)
class RosterUnit:
    name: str
    aliases: list[str] = field(default_factory=list)
    parent: str | None = None
    category: str | None = None

    @classmethod
    def from_entry(cls, entry: dict) -> "RosterUnit":
        """One roster entry, its keys already in English; raises ``ValueError(key)`` naming a key whose value is
        not what it must be (a name is text; aliases a list of texts; parent and category text or empty)."""
        name, aliases = entry.get("name"), entry.get("aliases", [])
        if not isinstance(name, str):
            raise ValueError("name")
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            raise ValueError("aliases")
        for key in ("parent", "category"):
            if not isinstance(entry.get(key), (str, type(None))):
                raise ValueError(key)
        return cls(name, list(aliases), entry.get("parent"), entry.get("category"))


@dataclass(slots=True)
class Matched:
    unit: RosterUnit
    how: Literal["exact", "alias", "fuzzy"]
    score: float = 1.0


@dataclass(slots=True)
class Roster:
    source: str
    units: list[RosterUnit]

    def match(self, name: str | None) -> Matched | None:
        """Normalised name, then aliases, then the closest name (reported as a warning by the caller)."""
        if not name:
            return None
        key = unit_key(name)
        for unit in self.units:
            if unit_key(unit.name) == key:
                return Matched(unit=unit, how="exact")
        for unit in self.units:
            if key in {unit_key(a) for a in unit.aliases}:
                return Matched(unit=unit, how="alias")
        best, best_score = None, 0.0
        plain = _plain(name)
        for unit in self.units:
            for candidate in [unit.name, *unit.aliases]:
                score = max(_similarity(key, unit_key(candidate)), _similarity(plain, _plain(candidate)))
                if score > best_score:
                    best, best_score = unit, score
        if best is not None and best_score >= FUZZY_MIN:
            return Matched(unit=best, how="fuzzy", score=round(best_score, 2))
        return None


    def match_file(self, path: str | Path) -> RosterUnit | None:
        """The one roster unit a file's name (or else its folder's name) names, for a form that does not say
        which unit it is; None when no unit or several units match."""
        parts = str(path).split("!")  # a file inside an archive: its own name first, then the archive's
        places = [PurePosixPath(part) for part in reversed(parts[1:])] + [Path(parts[0])]
        for name in (n for place in places for n in (place.stem, place.parent.name)):
            text = unit_key(_NOTE.sub("", name))
            if not text:
                continue
            found = {id(unit): unit for unit in self.units for candidate in [unit.name, *unit.aliases]
                     if _names(unit_key(candidate), text)}
            if len(found) == 1:
                return next(iter(found.values()))
            if found:
                return None  # ambiguous: say nothing rather than guess
        return None


_NOTE = _patterns.compile(r"[（(【\[][^）)】\]]*[）)】\]]")  # （更正）, (修改版), [2] in a file name
_PLACE_TAIL = _patterns.compile(r"[区市县]$")


def _names(key: str, text: str) -> bool:
    """Whether ``text`` (a file or folder name) names the unit whose key is ``key``: the whole name, or its place
    part of two characters or more (乳山市 in 乳山市-统计表.docx, 环翠 in 环翠.pdf)."""
    head = _head(key)
    core = _PLACE_TAIL.sub("", head) if len(head) > 2 else head
    return key in text or (len(core) >= 2 and core in text)


def _split(text: object) -> list[str]:
    if text is None:
        return []
    return [part.strip() for part in _ALIAS_SPLIT.split(str(text)) if part.strip()]


def load_roster(path: str | Path) -> Roster:
    path = Path(path)
    if not path.is_file():
        raise RosterError("roster-missing", location=str(path))
    if path.suffix.lower() in (".yaml", ".yml"):
        return _from_yaml(path)
    return _from_table(path)


SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".et", ".ods", ".xlsb")


def _table(path: Path) -> list[list[str]]:
    """The roster's rows as text: a CSV (UTF-8 or GBK), or the first sheet of a workbook (read by the same loaders
    as the forms)."""
    if path.suffix.lower() in SPREADSHEETS:
        from anquanyue.reading.document import LoadError
        from anquanyue.reading.loaders import load_document

        try:
            document = load_document(path)
        except LoadError:
            raise RosterError("roster-unreadable", location=str(path), detail="工作簿无法打开") from None
        sheets = [g for g in document.grids if not g.hidden] or document.grids
        rows: dict[int, dict[int, str]] = {}
        for cell in sheets[0].cells if sheets else []:
            rows.setdefault(cell.row, {})[cell.col] = cell.text
        width = max((max(r) for r in rows.values() if r), default=0)
        return [[rows[r].get(c, "") for c in range(1, width + 1)] for r in sorted(rows)]
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return [row for row in csv.reader(io.StringIO(text)) if any(c.strip() for c in row)]
    raise RosterError("roster-encoding", location=str(path))


def _from_table(path: Path) -> Roster:
    rows = _table(path)
    if not rows:
        raise RosterError("roster-unreadable", location=str(path), detail="文件是空的")
    columns = [c.strip() for c in rows[0]]
    if "单位" not in columns:
        raise RosterError("roster-no-unit-column", location=str(path))

    def column(row: list[str], name: str) -> str:
        return row[columns.index(name)].strip() if name in columns and columns.index(name) < len(row) else ""

    units = []
    for row in rows[1:]:
        name = column(row, "单位")
        if name:
            units.append(RosterUnit(name=name, aliases=_split(column(row, "别名")),
                                    parent=column(row, "上级") or None, category=column(row, "类别") or None))
    if not units:
        raise RosterError("roster-empty", location=str(path))
    return Roster(source=str(path), units=units)


def _from_yaml(path: Path) -> Roster:
    import yaml  # here: a roster in YAML is the only one that needs it

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise RosterError("roster-yaml", location=str(path), line=mark.line + 1 if mark else "?") from None
    entries = data.get("units", data.get("单位")) if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise RosterError("roster-not-list", location=str(path))
    units = []
    keys = {"单位": "name", "别名": "aliases", "上级": "parent", "类别": "category"}
    for index, entry in enumerate(entries):
        if isinstance(entry, str):
            entry = {"name": entry}
        if not isinstance(entry, dict):
            raise RosterError("roster-bad-entry", location=str(path), number=index + 1)
        entry = {keys.get(k, k): v for k, v in entry.items()}
        if isinstance(entry.get("aliases"), str):
            entry["aliases"] = _split(entry["aliases"])
        try:
            units.append(RosterUnit.from_entry(entry))
        except ValueError as exc:
            key = str(exc)
            names = {v: k for k, v in keys.items()}
            raise RosterError("roster-bad-field", location=str(path), number=index + 1,
                              field_name=names.get(key, key)) from None
    return Roster(source=str(path), units=units)
