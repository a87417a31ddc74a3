"""The header line: 填报单位, 联系人, 电话, 填报日期 — on one line, in separate cells, or in a Word table row."""
from __future__ import annotations

import datetime as dt
import warnings
from functools import lru_cache

from anquanyue.reading.document import Cell
from anquanyue.reading.textnorm import clean_unit_name, nfkc
from anquanyue.speed.compiled_regex import ModulePatterns

# Every alternative starts with a character of its own (no group before it), so the regex engine skips straight to
# the places where a 填, 联 or 电 is written instead of trying every alternative at every character of a long cell;
# the empty group closing an alternative names its field (``_FIELD``).
_patterns = ModulePatterns(__name__)
_LABELS = _patterns.compile(
    r"填\s*报\s*单\s*位\s*(?:[（(]\s*盖\s*章\s*[）)])?(?P<unit>)"
    r"|联\s*系\s*人(?P<contact>)"
    r"|联\s*系\s*电\s*话(?P<phone>)|电\s*话(?P<phone_only>)"
    r"|填\s*报\s*日\s*期(?P<date>)|填\s*表\s*日\s*期(?P<table_date>)"
)
_FIELD = {"unit": "unit", "contact": "contact", "phone": "phone", "phone_only": "phone", "date": "date",
          "table_date": "date"}
_AFTER_LABEL = _patterns.compile(r"^\s*[:：]?\s*")
# what a sentence of the form's instructions says, and a unit's name never does
_INSTRUCTION = _patterns.compile(r"须|务必|请|应当|应于|应在|加盖|盖章处|填写|填报说明|注[:：]|^\s*[处栏]|[；;。]\s*\d+\s*[.、．]")
# a label straight followed by these is mentioned in a sentence ("填报单位（盖章）处须加盖单位公章"), not a label
_MENTIONED = _patterns.compile(r"[处栏须应要请必由的和与及、均]")
_DATE = _patterns.compile(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")


def read_header(cells: list[Cell]) -> tuple[dict[str, str], dict[str, str]]:
    """Values and locations of the header fields found in ``cells`` (first occurrence of each wins)."""
    values: dict[str, str] = {}
    locations: dict[str, str] = {}
    for position, cell in enumerate(cells):
        labels = [m for m in _LABELS.finditer(cell.text) if not _MENTIONED.match(cell.text, m.end())]
        for n, label in enumerate(labels):
            key = _FIELD[label.lastgroup]
            end = labels[n + 1].start() if n + 1 < len(labels) else len(cell.text)
            value = _AFTER_LABEL.sub("", cell.text[label.end() : end]).strip()
            where = cell.location
            if not value and n + 1 == len(labels) and position + 1 < len(cells):
                neighbour = cells[position + 1]
                if neighbour.block == cell.block and neighbour.row == cell.row and not _LABELS.search(neighbour.text):
                    value, where = neighbour.text.strip(), neighbour.location
            if key not in values or (not values[key] and value) or (
                    looks_like_instruction(values[key]) and value and not looks_like_instruction(value)):
                values[key] = value
                locations[key] = where
    if "unit" in values:
        values["unit"] = clean_unit_name(values["unit"])
    return values, locations


def looks_like_instruction(value: str) -> bool:
    """Whether a header value reads like a sentence of the form's instructions rather than a name."""
    return bool(_INSTRUCTION.search(value))


_CHINESE_NUMERAL = _patterns.compile(r"[〇○零一二两三四五六七八九十]")


@lru_cache(maxsize=1024)  # a pure function, and forms are dated the same few days
def parse_date(text: str) -> str | None:
    """``2023年6月28日``, ``2023-06-28``, ``2023.6.28``, ``2023/6/28``, ``二〇二三年六月二十八日`` → ``2023-06-28``;
    None if not a date."""
    normalized = nfkc(text or "")
    match = _DATE.search(normalized)
    if not match and _CHINESE_NUMERAL.search(normalized):
        match = _DATE.search(_arabic_numerals(normalized))
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3))).isoformat()
    except ValueError:
        return None


def _arabic_numerals(text: str) -> str:
    """Chinese numerals in ``text`` written in digits, by cn2an (○, typed for 〇, counts as 〇)."""
    import cn2an  # imported on first use, as for blanks: most forms date themselves in digits

    with warnings.catch_warnings():  # cn2an warns on stderr about every numeral run it cannot read
        warnings.simplefilter("ignore")
        try:
            return cn2an.transform(text.replace("○", "〇"), "cn2an")
        except (ValueError, KeyError, IndexError):
            return text
