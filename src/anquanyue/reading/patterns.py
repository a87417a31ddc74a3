"""Regexes made from a schema's prose: literal wording matched loosely, blanks captured."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from anquanyue.schema import Item, Schema, split_template
from anquanyue.reading.textnorm import loose_pattern

BLANK_CAP = 60  # characters a blank's content may take ("（ 1459084 ）", "约300余人次", "两千三百")
NAME_CAP = 200
# What a number blank plausibly holds (in NFKC-folded text). Matching with this first keeps a word like
# "组织" inside an activity name from being taken for the form's own wording; the loose pass that follows
# still captures anything else, so that it is reported, never skipped.
TIGHT = r"[\s()\d,.万千百十零〇一二两三四五六七八九约近余多左右以上场次人篇个项/无没有暂—–\-¹²³\u2070-\u209f*※†‡]"
# (the last few: a footnote mark or superscript after a number, which numbers.py names and leaves out)


@dataclass
class ItemPattern:
    item: Item
    tight: re.Pattern  # every literal and blank of the item, blanks holding number-like text
    whole: re.Pattern  # the same with blanks holding anything
    names: list[str]  # group name → blank code, by index
    groups: list[tuple[int, str]] = field(init=False)  # (group number, blank code): same in tight and whole

    def __post_init__(self) -> None:
        self.groups = [(self.whole.groupindex[f"b{i}"], code) for i, code in enumerate(self.names)]


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
