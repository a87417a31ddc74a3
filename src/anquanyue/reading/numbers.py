"""What a unit typed into one blank → an integer, nothing (left empty), or the reason it cannot be read.

Never a guess: anything that is not clearly one whole number ≥ 0 is an error on that blank.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from anquanyue.reading.numerals import standard_value
from anquanyue.reading.textnorm import MARK_CHARS, SUBSCRIPT, SUPERSCRIPT, nfkc
from anquanyue.speed.compiled_regex import ModulePatterns

MAX_VALUE = 10**10 - 1  # no unit reports ten billion of anything; beyond is a typo or a pasted ID number
UNITS = ("场/次", "场次", "人次", "人", "场", "篇", "个", "次", "项", "期", "条")  # longest first where they nest
# A unit typed after the number is accepted when it says the same as the blank's own unit.
SAME_UNIT = {"场/次": {"场/次", "场次", "场", "次"}, "场": {"场", "场次"}}
ZERO_WORDS = {"无", "没有", "/", "-", "—", "——", "–", "0", "〇", "零", "暂无"}
_patterns = ModulePatterns(__name__)
_APPROX_BEFORE = _patterns.compile(r"^(约|大约|近|将近|接近)\s*")
_APPROX_AFTER = _patterns.compile(r"\s*(余|多|左右|以上|余人|多人)$")
_DIGITS = _patterns.compile(r"^\d+$")
_GROUPED = _patterns.compile(r"^\d{1,3}(,\d{3})+$")
_WAN = _patterns.compile(r"^(\d+(?:\.\d+)?)\s*万$")
_CHINESE = _patterns.compile(r"^[零〇一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟\d.]+$")
_DECIMAL = _patterns.compile(r"^\d+\.\d+$")
_NEGATIVE = _patterns.compile(r"^-\s*\d")
_NUMBER_RUN = _patterns.compile(r"\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千万]+")


class Reading(NamedTuple):  # a tuple: tens of thousands are made in a large merge
    value: int | None
    code: str | None = None  # catalogue code of the problem, None when read cleanly
    text: str = ""  # what was in the blank, trimmed, for messages
    mark: str = ""  # a footnote mark or superscript after the number, left out of it


_new_tuple = tuple.__new__

# marks after a number: superscripts/subscripts (a superscript run, a footnote reference), asterisks, ※, daggers;
# a run of them counts as a mark only when no digit follows (3*4 is not 3 with a mark)
_MARK_RUN = _patterns.compile("[" + "".join(sorted(MARK_CHARS)) + r"*＊※†‡]+(?!\s*[0-9０-９])")
_MARK_ANY = _patterns.compile("[" + "".join(sorted(MARK_CHARS)) + "]")
_RAISED_DIGITS = frozenset("0123456789".translate(SUPERSCRIPT) + "0123456789".translate(SUBSCRIPT))  # as loaders write


# The common case, checked first: a plain number of up to ten digits, perhaps inside the form's own parentheses.
_PLAIN = _patterns.compile(r"[ \t\n\u3000(（]*([0-9]{1,10})[ \t\n\u3000)）]*")


def _strip_parens(text: str) -> str:
    text = text.strip()
    while text[:1] == "(" or text[-1:] == ")":
        if text[:1] == "(":
            text = text[1:].strip()
        if text[-1:] == ")":
            text = text[:-1].strip()
    return text


@lru_cache(maxsize=16384)  # a pure function, and the same few spellings (（十二）场, 1.2万) recur across forms
def read_blank(raw: str, unit: str) -> Reading:
    """Read one blank. ``unit`` is the blank's unit from the schema (场, 人次, …)."""
    plain = _PLAIN.fullmatch(raw)
    if plain is not None:  # made as a plain tuple (``Reading(...)`` goes through a Python-level __new__)
        digits = plain.group(1)
        return _new_tuple(Reading, (int(digits), None, digits, ""))
    marks = _MARK_RUN.findall(raw)
    if marks:
        bare = _MARK_RUN.sub("", raw)
        shown = re.sub(r"\s+", " ", raw.strip()).strip("（()） ")
        if _MARK_ANY.search(bare):  # a superscript between digits: no telling what was meant
            return Reading(None, "blank-not-a-number", shown)
        reading = read_blank(bare, unit)
        if reading.code == "blank-empty" and _RAISED_DIGITS.intersection(shown):
            # digits, all raised or lowered (the whole number made superscript, or a footnote number alone): not
            # an empty blank to count as 0, and no telling whether it is the number or a mark
            return Reading(None, "blank-only-raised", shown)
        if reading.value is None or reading.code is not None:  # an error, or an approximation: that is said
            return reading._replace(text=shown)
        return Reading(reading.value, "blank-mark", shown, "".join(marks))
    if _MARK_ANY.search(raw):
        return Reading(None, "blank-not-a-number", re.sub(r"\s+", " ", raw.strip()).strip("（()） "))
    text = _strip_parens(nfkc(raw))
    if text.isascii() and text.isdigit() and len(text) <= 10:  # a plain number once folded (１２, \xa012)
        return Reading(int(text), None, text)
    shown = re.sub(r"\s+", " ", raw.strip()).strip("（()） ")
    if not text:
        return Reading(None, "blank-empty", shown)
    unit_n = nfkc(unit)
    for known in UNITS:
        if text.endswith(known) and len(text) > len(known):
            if known not in SAME_UNIT.get(unit_n, {unit_n}):
                return Reading(None, "blank-wrong-unit", shown)
            text = text[: -len(known)].strip()
            break
    text = _strip_parens(text)
    if text in ZERO_WORDS:
        return Reading(0, None, shown)
    approximate = False
    stripped = _APPROX_BEFORE.sub("", text)
    stripped = _APPROX_AFTER.sub("", stripped)
    if stripped != text and stripped:
        approximate, text = True, stripped
    reading = _number(text, shown)
    if reading.code is None and approximate:
        return Reading(reading.value, "blank-approximate", shown)
    return reading


def _number(text: str, shown: str) -> Reading:
    if _GROUPED.match(text):
        text = text.replace(",", "")
    if _DIGITS.match(text):
        if len(text) > 15 or int(text) > MAX_VALUE:
            return Reading(None, "blank-too-large", shown)
        return Reading(int(text), None, shown)
    if _NEGATIVE.match(text):
        return Reading(None, "blank-negative", shown)
    wan = _WAN.match(text)
    if wan:
        from decimal import Decimal, InvalidOperation  # here: only "0.92万" needs it (its import, ~4 ms a process)

        try:
            value = Decimal(wan.group(1)) * 10000
        except InvalidOperation:
            return Reading(None, "blank-not-a-number", shown)
        if value != value.to_integral_value():
            return Reading(None, "blank-not-whole", shown)
        return _bounded(int(value), shown)
    if _DECIMAL.match(text):
        return Reading(None, "blank-not-whole", shown)
    if _CHINESE.match(text) and not _DIGITS.match(text):
        value = _chinese(text)
        if value is not None:
            if float(value) != int(value):
                return Reading(None, "blank-not-whole", shown)
            return _bounded(int(value), shown)
    if len(_NUMBER_RUN.findall(text)) >= 2 and not re.search(r"[A-Za-z]", text):
        return Reading(None, "blank-several-numbers", shown)
    return Reading(None, "blank-not-a-number", shown)


@lru_cache(maxsize=4096)
def _chinese(text: str) -> float | None:
    """Chinese numerals (十二, 两千三百, 1.2万): the standard spellings here, any other by cn2an; the same few spellings
    recur, so results are cached."""
    value = standard_value(text)
    if value is not None:
        return value
    import cn2an  # imported on first use: it costs a fifth of a second in every process, most never need it

    try:
        return cn2an.cn2an(text, "smart")
    except (ValueError, KeyError, IndexError):
        return None


def _bounded(value: int, shown: str) -> Reading:
    if value > MAX_VALUE:
        return Reading(None, "blank-too-large", shown)
    return Reading(value, None, shown)
