"""Finding each blank of an item a unit reworded or reordered: by the words of its own clause, never by position.

For each blank, in this order, the first way that finds exactly one place wins:

1. the whole wording on both sides of it, as in the schema;
2. its own clause: the words from the last clause mark (，；。) to the blank, and its counter word after it — so
   clauses in another order are still found by their words; a clause too short to tell apart ("参与（ ）人次")
   is looked for right after the blank before it, within the same sentence;
3. a few words on each side only (the clause's wording changed): read only when that place is the only one
   no other blank has taken, and then with a warning naming the changed words.

A blank found in several places is an error (never a guess), one found nowhere is "not found".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from anquanyue.reading.patterns import BLANK_CAP, TIGHT
from anquanyue.reading.textnorm import loose_pattern, significant
from anquanyue.schema import Item, split_template
from anquanyue.speed.compiled_regex import ModulePatterns

CLAUSE_MARKS = "，,；;。"
_patterns = ModulePatterns(__name__)
SENTENCE_END = _patterns.compile(r"[；;。]")
SHORT = 4  # significant characters each side, when a clause's wording changed
GENERIC = 2  # a clause this short ("参与", "") tells no blank apart by itself
_CAPTURE = f"(?P<b0>{TIGHT}{{0,{BLANK_CAP}}}?)"


@dataclass
class Found:
    code: str
    match: re.Match | None = None
    changed: str | None = None  # the changed words, when found by a few words only
    ambiguous: bool = False


@dataclass(frozen=True)
class _Blank:
    code: str
    full: re.Pattern  # the whole wording either side
    clause: re.Pattern  # its own clause and counter word
    short: tuple[re.Pattern, ...]
    clause_words: str  # significant text of its clause, before and after
    generic: bool


def _clause_before(literal: str, previous_unit: str) -> str:
    text = literal.lstrip(" \t)）")  # after the blank before: its closing parenthesis, then its counter word
    if previous_unit and text.startswith(previous_unit):
        text = text[len(previous_unit):]
    cut = max(text.rfind(ch) for ch in CLAUSE_MARKS)
    return significant(text[cut + 1 :])


def _clause_after(literal: str) -> str:
    cut = min((i for i in (literal.find(ch) for ch in CLAUSE_MARKS) if i >= 0), default=len(literal))
    return significant(literal[:cut])


def _regex(before: str, after: str) -> re.Pattern:
    return re.compile(loose_pattern(before, trailing=True) + _CAPTURE + loose_pattern(after), re.S)


_CACHE: dict[str, list[_Blank]] = {}


def _blanks(item: Item) -> list[_Blank]:
    cached = _CACHE.get(item.prose)
    if cached is not None:
        return cached
    parts = split_template(item.prose)
    out, previous_unit = [], ""
    for i, (kind, code) in enumerate(parts):
        if kind != "blank":
            continue
        before_text = parts[i - 1][1] if i > 0 and parts[i - 1][0] == "text" else ""
        after_text = parts[i + 1][1] if i + 1 < len(parts) and parts[i + 1][0] == "text" else ""
        before, after = significant(before_text), significant(after_text)
        clause_before, clause_after = _clause_before(before_text, previous_unit), _clause_after(after_text)
        shorts = []
        for b, a in ((clause_before[-SHORT:], clause_after), (clause_before, after[:SHORT] or clause_after),
                     (clause_before[-SHORT:], after[:2])):
            if b or a:
                shorts.append(_regex(b, a))
        out.append(_Blank(code, _regex(before, after), _regex(clause_before, clause_after), tuple(shorts),
                          clause_before + "|" + clause_after, len(clause_before) <= GENERIC))
        previous_unit = item.blanks[code].unit if code in item.blanks else ""
    _CACHE[item.prose] = out
    return out


def _places(pattern: re.Pattern, text: str, lo: int, hi: int) -> list[re.Match]:
    return list(pattern.finditer(text, lo, hi))


def find_blanks(item: Item, text: str, lo: int, hi: int) -> list[Found]:
    """Where each of ``item``'s blanks is in ``text[lo:hi]`` (the item's stretch), in the schema's order."""
    blanks = _blanks(item)
    found = {b.code: Found(b.code) for b in blanks}
    taken: set[int] = set()

    def take(b: _Blank, match: re.Match, changed: str | None = None) -> None:
        found[b.code].match, found[b.code].changed = match, changed
        taken.add(match.start("b0"))

    for b in blanks:  # 1 and 2: the same words, in any order (a short clause's wider words belong to others)
        if b.generic:
            continue
        for pattern in (b.full, b.clause):
            places = _places(pattern, text, lo, hi)
            if len(places) == 1 and places[0].start("b0") not in taken:
                take(b, places[0])
                break

    def after_the_one_before() -> None:  # 2, short clauses: right after the blank before, in its sentence
        for index, b in enumerate(blanks):
            if found[b.code].match is not None or not b.generic or index == 0:
                continue
            before = found[blanks[index - 1].code].match
            if before is None:
                continue
            end = SENTENCE_END.search(text, before.end("b0"), hi)
            places = _places(b.clause, text, before.end("b0"), end.start() if end else hi)
            if places and places[0].start("b0") not in taken:
                take(b, places[0])

    def by_a_few_words(generic: bool) -> None:  # 3: a few words only, where no other blank is
        for b in blanks:
            if found[b.code].match is not None or b.generic != generic:
                continue
            for pattern in b.short:
                places = [m for m in _places(pattern, text, lo, hi) if m.start("b0") not in taken]
                starts = {m.start("b0") for m in places}
                if len(starts) == 1:
                    take(b, places[0], _changes(b, text, places[0], lo, hi))
                    break
                if len(starts) > 1:
                    found[b.code].ambiguous = True
                    break

    after_the_one_before()
    by_a_few_words(generic=False)
    after_the_one_before()
    by_a_few_words(generic=True)
    return [found[b.code] for b in blanks]


def _changes(b: _Blank, text: str, match: re.Match, lo: int, hi: int) -> str:
    """What differs between the schema's clause and the form's, as "“说法”改为“普法”"."""
    head = text[max(lo, match.start("b0") - 60) : match.start("b0")].rstrip(" (（\t")
    cut = max(head.rfind(ch) for ch in CLAUSE_MARKS + ")）")
    tail = text[match.end("b0") : min(hi, match.end("b0") + 30)].lstrip(" )）\t")
    end = min((i for i in (tail.find(ch) for ch in CLAUSE_MARKS) if i >= 0), default=len(tail))
    on_form = significant(head[cut + 1 :]) + "|" + significant(tail[:end])
    expected = b.clause_words
    pieces = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, expected, on_form, autojunk=False).get_opcodes():
        if op != "equal":  # with a character or two around it: “以案说法”改为“以案普法”, not “说”改为“普”
            a1, b1 = max(0, a1 - 2), max(0, b1 - 2)
            a2, b2 = min(len(expected), a2 + 1), min(len(on_form), b2 + 1)
        old, new = expected[a1:a2].replace("|", ""), on_form[b1:b2].replace("|", "")
        if op == "replace" and (old or new):
            pieces.append(f"“{old}”改为“{new}”" if old and new else (f"删去“{old}”" if old else f"加了“{new}”"))
        elif op == "delete" and old:
            pieces.append(f"删去“{old}”")
        elif op == "insert" and new:
            pieces.append(f"加了“{new}”")
    return "，".join(pieces) or "前后文字有改动"
