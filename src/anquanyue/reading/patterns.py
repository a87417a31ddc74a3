"""Regexes made from a schema's prose: literal wording matched loosely, blanks captured."""
from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, field

from anquanyue.schema import Item, Schema, split_template
from anquanyue.reading.textnorm import loose_pattern
from anquanyue.speed.compiled_regex import compile_many

BLANK_CAP = 60  # characters a blank's content may take ("（ 1459084 ）", "约300余人次", "两千三百")
NAME_CAP = 200
# What a number blank plausibly holds (in NFKC-folded text). Matching with this first keeps a word like
# "组织" inside an activity name from being taken for the form's own wording; the loose pass that follows
# still captures anything else, so that it is reported, never skipped.
TIGHT = r"[\s()\d,.万千百十零〇一二两三四五六七八九约近余多左右以上场次人篇个项/无没有暂—–\-¹²³\u2070-\u209f*※†‡]"
# (the last few: a footnote mark or superscript after a number, which numbers.py names and leaves out)


class Deferred:
    """A regex compiled the first time a search could match: ``search`` first looks for its opening words (a short
    regex every match of the whole begins with) and compiles the whole only where they occur. An item's pattern with
    blanks holding anything is searched on every form (is the item pasted twice?) but on a good form never matches.
    Measured (instructions, weihai-2023): compiling a schema's such patterns costs 63 M in every process; looking for
    their opening words costs 10 k a form more than searching the compiled patterns would."""

    def __init__(self, source: str, head: re.Pattern | None) -> None:
        self.source = source
        self.head = head  # the opening words, compiled (with the schema's other patterns: ``schema_patterns``)
        self._compiled: re.Pattern | None = None

    @property
    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(self.source, re.S)
        return self._compiled

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        if self._compiled is None and self.head is not None and self.head.search(text, pos, endpos) is None:
            return None  # a match of the whole would start with one of the head
        return self.compiled.search(text, pos, endpos)


@dataclass
class ItemPattern:
    item: Item
    tight: re.Pattern  # every literal and blank of the item, blanks holding number-like text
    whole: Deferred  # the same with blanks holding anything
    names: list[str]  # group name → blank code, by index
    blanks: tuple = ()  # the schema's blank (label, unit) of each of ``names``
    groups: list[tuple[int, str]] = field(init=False)  # (group number, blank code): same in tight and whole
    title: Deferred = field(init=False)  # the item's title, loosely (where its stretch starts when its wording changed)
    in_order: bool = field(init=False)

    def __post_init__(self) -> None:
        self.groups = [(self.tight.groupindex[f"b{i}"], code) for i, code in enumerate(self.names)]
        self.title = Deferred(loose_pattern(self.item.title), None)
        # whether the regex's only groups are the blanks', in order (they are, as built here): then a match's
        # ``groups()`` are its blanks' texts
        self.in_order = [number for number, _ in self.groups] == list(range(1, self.tight.groups + 1))


def _capture(index: int, cap: int, tight: bool = False) -> str:
    return f"(?P<b{index}>{TIGHT if tight else '.'}{{0,{cap}}}?)"


def template_regex(template: str, tight: bool = False, free: tuple[str, ...] = ()) -> tuple[re.Pattern, list[str]]:
    """``free`` names are text blanks (item 7's name): never tight, up to NAME_CAP characters."""
    pieces, names = _pieces(template, tight, free)
    return re.compile("".join(pieces), re.S), names


def deferred_regex(template: str, free: tuple[str, ...] = ()) -> Deferred:
    """``template_regex(template, free=free)``, compiled when a search first finds its opening words."""
    source, head = _deferred_parts(template, free)
    return Deferred(source, re.compile(head, re.S) if head else None)


def _deferred_parts(template: str, free: tuple[str, ...] = ()) -> tuple[str, str | None]:
    """(the whole loose pattern, its opening words' pattern or None) of ``deferred_regex``."""
    pieces, _ = _pieces(template, False, free)
    head = pieces[0] if split_template(template)[0][0] == "text" else None
    return "".join(pieces), head or None


def _pieces(template: str, tight: bool, free: tuple[str, ...]) -> tuple[list[str], list[str]]:
    pieces, names = [], []
    parts = split_template(template)
    for i, (kind, value) in enumerate(parts):
        if kind == "text":
            before_number = i + 1 < len(parts) and parts[i + 1][1] not in free
            pieces.append(loose_pattern(value, trailing=before_number))
        elif value in free:
            pieces.append(_capture(len(names), NAME_CAP))
            names.append(value)
        else:
            pieces.append(_capture(len(names), BLANK_CAP, tight))
            names.append(value)
    return pieces, names


@dataclass(frozen=True)
class SchemaPatterns:
    items: list[ItemPattern]
    record_tight: re.Pattern
    record_loose: Deferred
    record_names: list[str]
    record_groups: dict[str, str]  # record blank name (name, count, people) → its group's name
    other_title: Deferred  # item 7's title, loosely
    note: Deferred | None  # item 7's note after a record (in its parentheses or not), when the schema has one


_CACHE: dict[int, tuple[Schema, SchemaPatterns]] = {}


def schema_patterns(schema: Schema) -> SchemaPatterns:
    cached = _CACHE.get(id(schema))
    if cached is None or cached[0] is not schema:
        # what every form is searched with, compiled together (their code kept in the start-up cache)
        tight = [_pieces(item.prose, True, ()) for item in schema.items]
        record_pieces, record_names = _pieces(schema.other.record, True, ("name",))
        loose = [_deferred_parts(item.prose) for item in schema.items]
        record_loose = _deferred_parts(schema.other.record, ("name",))
        heads = [head for _, head in [*loose, record_loose] if head]
        sources = [("".join(pieces), re.S) for pieces, _ in [*tight, (record_pieces, None)]] + [(h, re.S) for h in heads]
        compiled = compile_many(_cache_name(schema), sources)
        made = iter(compiled[len(tight) + 1 :])

        def deferred(source: str, head: str | None) -> Deferred:
            return Deferred(source, next(made) if head else None)

        items = [ItemPattern(item, pattern, deferred(*parts), names, tuple(schema.blanks[code] for code in names))
                 for item, pattern, (_, names), parts in zip(schema.items, compiled, tight, loose)]
        record_loose_pattern = deferred(*record_loose)
        groups = {name: f"b{i}" for i, name in enumerate(record_names)}
        note = schema.other.note
        note_pattern = Deferred(r"[(（]?\s*" + loose_pattern(note) + r"\s*[)）]?", None) if note else None
        cached = (schema, SchemaPatterns(items, compiled[len(tight)], record_loose_pattern, record_names, groups,
                                         Deferred(loose_pattern(schema.other.title), None), note_pattern))
        _CACHE[id(schema)] = cached
    return cached[1]


def _cache_name(schema: Schema) -> str:
    """The start-up cache's name for a schema's regexes: one file a schema id (its key holds the patterns)."""
    return "regex-" + hashlib.sha256(schema.id.encode("utf-8")).hexdigest()[:24]
