"""Template-guided extraction: every value lands on its blank code by the wording around it.

Items are matched whole (blanks holding number-like text first, then anything); an item whose wording a unit
changed falls back to matching each blank by the words on either side of it, inside that item's stretch of text.
A blank that cannot be located is an error on that code — never a guess.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from anquanyue.formdata import OtherActivity
from anquanyue.issues import Issue, make
from anquanyue.reading.clauses import find_blanks
from anquanyue.reading.records import record_issue
from anquanyue.reading.record_table import find_record_table
from anquanyue.reading.numbers import read_blank
from anquanyue.reading.patterns import schema_patterns
from anquanyue.schema import Schema
from anquanyue.reading.textindex import TextIndex
from anquanyue.reading.textnorm import SPACES
from anquanyue.speed.compiled_regex import ModulePatterns


@dataclass
class Extraction:
    values: dict[str, int | None] = field(default_factory=dict)
    locations: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)  # what each blank held, as typed
    records: list[OtherActivity] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    first: int | None = None  # where the first item's wording starts (header lies before it)
    end: int = 0  # where the last item's wording ends (item 7 follows)


def read_into(schema: Schema, code: str, raw: str, location: str, out: Extraction) -> None:
    """Read one blank's text into ``out`` (value, location, typed text, and its issue if any)."""
    _read(code, schema.blanks[code], raw, location, out)


def _read(code: str, blank, raw: str, location: str, out: Extraction) -> None:
    """``read_into`` with the blank (its label and unit) already looked up."""
    reading = read_blank(raw, blank.unit)
    out.values[code] = reading.value
    out.locations[code] = location
    out.texts[code] = reading.text
    if reading.code:
        out.issues.append(_issue(code, blank, reading, location))


def _issue(code: str, blank, reading, location: str) -> Issue:
    """What is wrong with a blank's reading (``reading.code``), as an issue on that blank."""
    return make(reading.code, location=location, field=code, label=blank.label, text=reading.text, unit=blank.unit,
                value=reading.value, mark=reading.mark)


def extract_items(schema: Schema, index: TextIndex) -> Extraction:
    patterns = schema_patterns(schema)
    text = index.norm
    out = Extraction()
    matches: list[re.Match | None] = []
    cursor = 0
    for pattern in patterns.items:
        found = pattern.tight.search(text, cursor) or pattern.tight.search(text, 0)
        if found is None:
            found = pattern.whole.search(text, cursor) or pattern.whole.search(text, 0)
        matches.append(found)
        if found:
            cursor = found.end()
    for number, (pattern, found) in enumerate(zip(patterns.items, matches)):
        if found:
            again = pattern.whole.search(text, found.end())
            if again is not None:  # the unit pasted the item twice: reading one copy would drop the other's numbers
                out.issues.append(make("item-repeated", location=index.location(again.start()),
                                       item=pattern.item.number, title=pattern.item.title))
            where = index.span_location(*found.span())  # the item in one cell (the common case): its blanks' place
            if where is not None and pattern.in_order:  # as ``_read`` each, inlined: every blank of every form
                values, locations, texts = out.values, out.locations, out.texts
                for code, blank, raw in zip(pattern.names, pattern.blanks, found.groups()):
                    reading = read_blank(raw, blank.unit)
                    values[code], problem, texts[code], _ = reading  # a tuple's fields unpacked, none looked up
                    locations[code] = where
                    if problem:
                        out.issues.append(_issue(code, blank, reading, where))
            else:
                for (group, code), blank in zip(pattern.groups, pattern.blanks):
                    _read(code, blank, found.group(group), index.location(found.start(group)), out)
            continue
        # the item's stretch: after the previous item found, before the next one found
        lo = next((m.end() for m in reversed(matches[:number]) if m), 0)
        hi = next((m.start() for m in matches[number + 1 :] if m), len(text))
        title_at = pattern.title.search(text, lo, hi)
        start = title_at.end() if title_at else lo
        for place in find_blanks(pattern.item, text, start, hi):  # by each clause's words (clauses.py)
            code, hit = place.code, place.match
            if hit is None:
                out.values[code] = None
                where = index.location(title_at.start() if title_at else lo)
                out.locations[code] = where
                out.issues.append(make("clause-ambiguous" if place.ambiguous else "blank-not-found", location=where,
                                       field=code, label=schema.blanks[code].label))
                continue
            read_into(schema, code, hit.group("b0"), index.location(hit.start("b0")), out)
            if place.changed:
                out.issues.append(make("clause-changed", location=out.locations[code], field=code,
                                       label=schema.blanks[code].label, changes=place.changed,
                                       text=out.texts.get(code, "")))
    found_any = [m for m in matches if m]
    out.first = min((m.start() for m in found_any), default=None)
    out.end = max((m.end() for m in found_any), default=0)
    return out


# what a name's ends may carry: stripped as str.strip does (each a regex [...]+ at the start or end, but without
# trying the regex at every character of the name)
_NAME_TAIL = SPACES + ",，、;；:：。"
_NAME_HEAD = SPACES + ",，、:："
_patterns = ModulePatterns(__name__)
_DESC_EDGE = _patterns.compile(r"^[\s。.，,;；、]+|\s+$")
_OPEN, _CLOSE = "(（", ")）"
_PAREN = _patterns.compile("[()（）]")


def _clean_name(raw: str) -> str:
    """The activity name without the form's own parentheses around it; its own balanced ones stay."""
    name = raw.strip().lstrip(_NAME_HEAD).rstrip(_NAME_TAIL)  # "活动名称：安全讲座" has no parentheses
    while name and name[-1] in _CLOSE and name.count(")") + name.count("）") > name.count("(") + name.count("（"):
        name = name[:-1].rstrip().rstrip(_NAME_TAIL)
    while name and name[0] in _OPEN and name.count("(") + name.count("（") > name.count(")") + name.count("）"):
        name = name[1:].lstrip()
    while len(name) >= 2 and name[0] in _OPEN and _closes_at_end(name):  # the form's own （ ） around the name
        name = name[1:-1].strip().rstrip(_NAME_TAIL)
    return name.strip()


def _closes_at_end(text: str) -> bool:
    """Whether the parenthesis opening ``text`` is the one its last character closes."""
    if text[:1] in _OPEN and not _PAREN.search(text, 1, len(text) - 1):  # no parenthesis of the name's own
        return len(text) >= 2 and text[-1] in _CLOSE
    depth = 0
    for index, ch in enumerate(text):
        depth += (ch in _OPEN) - (ch in _CLOSE)
        if depth == 0:
            return index == len(text) - 1
    return False


def extract_records(schema: Schema, index: TextIndex, start: int, out: Extraction) -> None:
    """Item 7: every record row after the items; free text after a record is its description."""
    patterns = schema_patterns(schema)
    text = index.norm
    table = _record_table(schema, index, start)  # records in a small table of their own, if any
    skip = (table.lo, table.hi) if table else (0, 0)
    hits: list[re.Match] = []
    pos = start
    while True:
        hit = patterns.record_tight.search(text, pos) or patterns.record_loose.search(text, pos)
        if hit is None:
            break
        if not (hit.start() < skip[1] and hit.end() > skip[0]):  # the table's header is no record of its own
            hits.append(hit)
        pos = hit.end()
    if table:
        out.records.extend(table.records)
        out.issues.extend(table.issues)
    if not hits and start:  # no record in the template's words: records written as prose, if any
        _add_prose(schema, index, _record_area(schema, index, start), len(text), out, skip)
        return
    note = patterns.note.compiled if patterns.note is not None else None
    group = patterns.record_groups
    count_code, people_code = schema.other.count.code, schema.other.people.code
    for number, hit in enumerate(hits):
        next_start = hits[number + 1].start() if number + 1 < len(hits) else len(text)
        name = _clean_name(index.original(*hit.span(group["name"])))
        readings = {}
        for key, code in (("count", count_code), ("people", people_code)):
            span = hit.span(group[key])
            unit = getattr(schema.other, key).unit
            readings[key] = (read_blank(hit.group(group[key]), unit), index.location(span[0]), code)
        description = _description(index, hit.end(), next_start)
        if note is not None:
            description = note.sub("", description)
        description = _DESC_EDGE.sub("", description)
        count, people = readings["count"][0], readings["people"][0]
        if not name and count.value is None and people.value is None and count.code == people.code == "blank-empty":
            _add_prose(schema, index, hit.end(), next_start, out, skip)  # the template row left empty, prose after it
            continue  # an empty record row is no record
        where = readings["count"][1]
        if not name:
            out.issues.append(make("record-no-name", location=where, field=count_code))
        for key, (reading, location, _code) in readings.items():
            issue = record_issue(schema, key, name, reading, location)
            if issue is not None:
                out.issues.append(issue)
        out.records.append(OtherActivity(name=name, count=count.value, people=people.value, description=description))


def _record_area(schema: Schema, index: TextIndex, start: int) -> int:
    """Where item 7's own text begins: after its title, if written, else after the last item."""
    title = schema_patterns(schema).other_title.search(index.norm, start)
    return title.end() if title else start


def _record_table(schema: Schema, index: TextIndex, start: int):
    if not start:
        return None
    return find_record_table(schema, index, start)


def _add_prose(schema: Schema, index: TextIndex, lo: int, hi: int, out: Extraction, skip: tuple[int, int]) -> None:
    """Records written as prose in ``lo``..``hi``, the records table (``skip``) left out."""
    from anquanyue.reading.prose_records import prose_records

    for a, b in ((lo, min(hi, skip[0])), (max(lo, skip[1]), hi)) if skip[1] > skip[0] else ((lo, hi),):
        if a < b:
            records, issues = prose_records(schema, index, a, b)
            out.records.extend(records)
            out.issues.extend(issues)


def _description(index: TextIndex, after: int, before: int) -> str:
    """Text after a record in its own cell, then in the cells below it in the same column and block."""
    first = index.cell_index(max(after - 1, 0))
    cell = index.cells[first]
    cell_end = index.cell_starts[first] + len(cell.text)
    pieces = [index.orig[index.orig_pos(after) : min(cell_end, index.orig_pos(before))]]
    for k in range(first + 1, len(index.cells)):
        other = index.cells[k]
        if index.cell_starts[k] >= index.orig_pos(before) or other.block != cell.block or other.col != cell.col:
            break
        pieces.append(other.text)
    return "\n".join(p.strip() for p in pieces if p.strip())
