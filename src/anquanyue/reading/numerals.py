"""Chinese numerals written the standard way (十二, 两千三百, 一万零五百) read without cn2an.

cn2an reads every spelling a unit types (一二三, 一万二, 3千, 十一万三 …) but costs about a fifth of a second to
import, in every process that meets its first Chinese numeral (each worker of a merge). The common spellings —
exactly the standard one of a number below a hundred million, with 两 for 二 and 〇 for 零 anywhere and 十 for a
leading 一十 — are read here; ``standard_value`` says None for anything else, which cn2an then reads. A property
test checks that cn2an reads every spelling accepted here as the same number.
"""
from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_VALUE = {ch: n for n, ch in enumerate(_DIGITS)}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_LIMIT = 10**8  # 亿 and beyond are left to cn2an


def standard_spelling(value: int) -> str:
    """The standard spelling of 0 ≤ ``value`` < 10⁸, with 一 before every unit (一十二, 一十万)."""
    if not 0 <= value < _LIMIT:
        raise ValueError(value)
    if value == 0:
        return "零"
    high, low = divmod(value, 10000)
    if not high:
        return _section(low)
    text = _section(high) + "万"
    if low:
        text += ("零" if low < 1000 else "") + _section(low)
    return text


def _section(value: int) -> str:
    """1 ≤ ``value`` ≤ 9999: 一千零五, 三百一十, 二十."""
    out, gap = [], False
    for unit, digit in zip(("千", "百", "十", ""), f"{value:04d}"):
        if digit == "0":
            gap = bool(out)
            continue
        if gap:
            out.append("零")
            gap = False
        out.append(_DIGITS[int(digit)] + unit)
    return "".join(out)


def standard_value(text: str) -> int | None:
    """The number ``text`` spells when it is a standard spelling (see the module's docstring), else None."""
    canonical = text.replace("两", "二").replace("〇", "零")
    if canonical[:1] == "十":
        canonical = "一" + canonical
    value = _parse(canonical)
    if value is None or value >= _LIMIT or standard_spelling(value) != canonical:
        return None
    return value


def _parse(text: str) -> int | None:
    """A value for a well-formed spelling; whatever it gives, ``standard_value`` keeps it only when the value's own
    spelling is ``text`` again."""
    total = section = 0
    digit: int | None = None
    for ch in text:
        if ch in _VALUE:
            if digit is not None and digit != 0:
                return None
            digit = _VALUE[ch]
        elif ch in _UNITS:
            if not digit:
                return None
            section += digit * _UNITS[ch]
            digit = None
        elif ch == "万":
            if total:
                return None
            total, section, digit = (section + (digit or 0)) * 10000, 0, None
        else:
            return None
    return total + section + (digit or 0)
