"""Regexes made from a schema's prose: literal wording matched loosely, blanks captured."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from anquanyue.schema import Item, Schema, split_template
from anquanyue.reading.textnorm import loose_pattern, significant

BLANK_CAP = 60  # characters a blank's content may take ("（ 1459084 ）", "约300余人次", "两千三百")
NAME_CAP = 200
# What a number blank plausibly holds (in NFKC-folded text). Matching with this first keeps a word like
# "组织" inside an activity name from being taken for the form's own wording; the loose pass that follows
# still captures anything else, so that it is reported, never skipped.
TIGHT = r"[\s()\d,.万千百十零〇一二两三四五六七八九约近余多左右以上场次人篇个项/无没有暂—–\-]"


@dataclass
class ItemPattern:
    item: Item
    tight: re.Pattern  # every literal and blank of the item, blanks holding number-like text
    whole: re.Pattern  # the same with blanks holding anything
    names: list[str]  # group name → blank code, by index
    _local: list[list[re.Pattern]] | None = None
    groups: list[tuple[int, str]] = field(init=False)  # (group number, blank code): same in tight and whole

    def __post_init__(self) -> None:
        self.groups = [(self.whole.groupindex[f"b{i}"], code) for i, code in enumerate(self.names)]

    @property
    def local(self) -> list[list[re.Pattern]]:
        """Per blank: the words around it, longest context first. Compiled only when a unit reworded the item."""
        if self._local is None:
            self._local = _local_patterns(self.item.prose)
        return self._local


def _capture(index: int, cap: int, tight: bool = False) -> str:
    return f"(?P<b{index}>{TIGHT if tight else '.'}{{0,{cap}}}?)"


def template_regex(template: str, tight: bool = False, free: tuple[str, ...] = ()) -> tuple[re.Pattern, list[str]]:
    """``free`` names are text blanks (item 7's name): never tight, up to NAME_CAP characters."""
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
    return re.compile("".join(pieces), re.S), names


SHORT_CONTEXT = 4  # significant characters each side, when a unit reworded the longer text around a blank


def _local_patterns(template: str) -> list[list[re.Pattern]]:
    """For each blank: (whole text before, whole after), (whole, short), (short, whole), (short, short).

    Captures here hold number-like text only: where the wording changed, a word next to the blank must not be
    taken for its content. A blank none of these find is reported as not found.
    """
    parts = split_template(template)
    local = []
    for i, (kind, _value) in enumerate(parts):
        if kind != "blank":
            continue
        before = significant(parts[i - 1][1]) if i > 0 and parts[i - 1][0] == "text" else ""
        after = significant(parts[i + 1][1]) if i + 1 < len(parts) and parts[i + 1][0] == "text" else ""
        contexts = [(before, after), (before, after[:SHORT_CONTEXT]), (before[-SHORT_CONTEXT:], after),
                    (before[-SHORT_CONTEXT:], after[:SHORT_CONTEXT])]
        seen, regexes = set(), []
        for b, a in contexts:
            if (b, a) in seen or not (b or a):
                continue
            seen.add((b, a))
            regexes.append(re.compile(loose_pattern(b, trailing=True) + _capture(0, BLANK_CAP, tight=True)
                                      + loose_pattern(a), re.S))
        local.append(regexes)
    return local


@dataclass(frozen=True)
class SchemaPatterns:
    items: list[ItemPattern]
    record_tight: re.Pattern
    record_loose: re.Pattern
    record_names: list[str]


_CACHE: dict[int, tuple[Schema, SchemaPatterns]] = {}


def schema_patterns(schema: Schema) -> SchemaPatterns:
    cached = _CACHE.get(id(schema))
    if cached is None or cached[0] is not schema:
        items = []
        for item in schema.items:
            tight, names = template_regex(item.prose, tight=True)
            whole, _ = template_regex(item.prose)
            items.append(ItemPattern(item, tight, whole, names))
        record_tight, record_names = template_regex(schema.other.record, tight=True, free=("name",))
        record_loose, _ = template_regex(schema.other.record, free=("name",))
        cached = (schema, SchemaPatterns(items, record_tight, record_loose, record_names))
        _CACHE[id(schema)] = cached
    return cached[1]
