"""``schemas infer --like ID``: a suggested ``maps_to`` onto last year's (or another) schema.

Both forms' blanks are named the same way (``infer``'s clause labels, made from each form's printed wording), so
a blank whose clause and unit read the same on both forms is the same blank. Only those are mapped; every other
blank of the other form is written ``none`` with a comment — the nearest clause of this form, if one is close,
for the clerk to check and write in. Nothing is mapped on a guess.
"""
from __future__ import annotations

from difflib import SequenceMatcher

from anquanyue.reading.textnorm import significant
from anquanyue.schema.infer import items_from
from anquanyue.schema.model import Schema, render_template

CLOSE = 0.6  # clause likeness above which a blank is named in a comment as a candidate


def printed_labels(schema: Schema) -> dict[str, tuple[str, str]]:
    """Each blank's (label as ``infer`` would name it from the printed form, unit), by the schema's own codes."""
    rows = [(item.number, item.title, render_template(item.prose, {})) for item in schema.items]
    rows.append((schema.other.number, schema.other.title, render_template(schema.other.record, {})))
    items, blanks, _ = items_from(rows, schema.id)
    out = {}
    for item, inferred in zip(schema.items, items):
        for code, positional in zip(item.codes, inferred["blanks"]):
            out[code] = (blanks[positional].label, blanks[positional].unit)
    return out


def suggest_mapping(schema: Schema, other: Schema) -> tuple[dict[str, list[str] | None], dict[str, str]]:
    """({other's code: [this schema's code] or None}, {other's code: a comment for the clerk})."""
    labels = printed_labels(schema)
    mine = {code: (significant(label), significant(unit)) for code, (label, unit) in labels.items()}
    theirs = printed_labels(other)
    by_key: dict[tuple[str, str], list[str]] = {}
    for code, key in mine.items():
        by_key.setdefault(key, []).append(code)
    table: dict[str, list[str] | None] = {}
    notes: dict[str, str] = {}
    for code in other.codes:
        label, unit = theirs[code]
        key = (significant(label), significant(unit))
        same = by_key.get(key, [])
        if len(same) == 1:
            table[code] = same
            continue
        table[code] = None
        near = max(((SequenceMatcher(None, key[0], k[0]).ratio(), c) for c, k in mine.items() if k[1] == key[1]),
                   default=(0.0, ""))
        hint = f"；可能是本表的 {near[1]}（{labels[near[1]][0]}），核对后改为 [\"{near[1]}\"]" \
            if near[0] >= CLOSE else ""
        notes[code] = f"未找到文字相同的空格：{label}（{unit}）{hint}"
    return table, notes
