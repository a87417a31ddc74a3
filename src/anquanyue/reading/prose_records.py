"""Item 7 written as prose instead of the template's record: "开展消防演练进社区2场，参与300人次；…".

Each sentence that states a number of sessions (场/次) and/or of participants (人次/人) is one record: its name is
what precedes the first number. A sentence with two numbers of one kind (or two of each) cannot be split into
records without a guess: it is an error naming the sentence. Sentences with no such number (a description, a
signature, a date) are no record. Every record read this way carries a warning saying how it was read; the
numbers are read by ``numbers.read_blank``, so approximations, 万 and Chinese numerals follow the same rules.
"""
from __future__ import annotations


from anquanyue.formdata import OtherActivity
from anquanyue.issues import Issue, make
from anquanyue.reading.records import record_issue
from anquanyue.reading.numbers import read_blank
from anquanyue.reading.textindex import TextIndex
from anquanyue.speed.compiled_regex import ModulePatterns

_patterns = ModulePatterns(__name__)
_SENTENCE = _patterns.compile(r"[^；;。\n]+")
_NUM = r"(?:约|近|将近|大约)?\s*(?:\d[\d,.]*\s*万?|[零〇两一二三四五六七八九十百千万]+)\s*(?:余|多)?"
_TOTAL = r"(?:共计|共|累计|合计)?\s*"
_PEOPLE = _patterns.compile(_TOTAL + r"(?P<n>" + _NUM + r")\s*(?:人次|人)")
_COUNT = _patterns.compile(_TOTAL + r"(?P<n>" + _NUM + r")\s*(?:场/次|场次|场|次|期)")
_NAME_EDGE = _patterns.compile(r"^[\s,，、:：]*(?:活动名称[:：]?\s*)?|(?:[\s,，、:：(（]|组织|开展|举办|共计|共|累计|参与|参加)+$")


def prose_records(schema, index: TextIndex, lo: int, hi: int) -> tuple[list[OtherActivity], list[Issue]]:
    """The records written as prose in ``index.norm[lo:hi]``, and what was said about them."""
    records: list[OtherActivity] = []
    issues: list[Issue] = []
    text = index.norm
    for sentence in _SENTENCE.finditer(text, lo, hi):
        s_lo, s_hi = sentence.span()
        people = list(_PEOPLE.finditer(text, s_lo, s_hi))
        taken = [m.span() for m in people]
        counts = [m for m in _COUNT.finditer(text, s_lo, s_hi)
                  if not any(a <= m.start("n") < b for a, b in taken)]
        if not people and not counts:
            continue
        location = index.location(s_lo)
        original = index.original(s_lo, s_hi).strip()
        if len(people) > 1 or len(counts) > 1:
            issues.append(make("record-unreadable", location=location, field=schema.other.count.code, text=original))
            continue
        first = min(m.start() for m in people + counts)
        name = _NAME_EDGE.sub("", index.original(s_lo, first).strip()).strip()
        values = {}
        for key, found in (("count", counts), ("people", people)):
            spec = getattr(schema.other, key)
            reading = read_blank(found[0].group("n") if found else "", spec.unit)
            values[key] = reading.value
            issue = record_issue(schema, key, name, reading, location)
            if issue is not None:
                issues.append(issue)
        if not name:
            issues.append(make("record-no-name", location=location, field=schema.other.count.code))
        issues.append(make("record-prose", location=location, field=schema.other.count.code, text=original,
                           name=name or "（无名称）", count=_shown(values["count"]), people=_shown(values["people"])))
        records.append(OtherActivity(name=name, count=values["count"], people=values["people"], description=""))
    return records, issues


def _shown(value: int | None) -> str:
    return "未填" if value is None else str(value)
