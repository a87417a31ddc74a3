"""Loose text normalisation shared by reading, detection and name matching."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from anquanyue.speed.compiled_regex import ModulePatterns

# Characters that carry no meaning when matching a form's wording: whitespace, punctuation of both widths,
# every quote style. Kept as one explicit class so the regexes built from it stay readable.
_NOISE_CHARS = (
    " \t\r\n\u3000\u00a0\u200b"
    ",.;:!?、，。；：！？·…—–-_~～'\"“”‘’「」『』《》〈〉<>()（）[]【】{}〔〕/／\\|"
)
# What ``\\s`` matches in a regex over str, and ``str.strip()`` strips: every character for which str.isspace() holds.
SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
# Punctuation that may trail a literal before a blank. Dashes and slashes are left out: alone in a blank they
# mean 0 ("—", "/"), and "-" makes a number negative, so they must reach the blank's reader.
SOFT_NOISE_CLASS = r"[^\w\-—–/／~～\\|]"  # any non-word character but those


# superscripts and subscripts (what a Word run set in superscript, or a footnote reference, reads as): marks
MARK_CHARS = frozenset("¹²³" + "".join(chr(c) for c in range(0x2070, 0x20A0)))
# how every loader writes a raised or lowered run's text, so that a number's mark is never one of its digits.
# Full-width digits and signs (what a Chinese input method types) are raised as the half-width ones: a raised
# "１" after 12 is the mark "¹", never a digit of 121. Brackets have no raised form of their own: a raised "[1]"
# (Word's web-page footnote reference, a citation) is the mark "⁽¹⁾", never a "[" and "]" left in the number
_RAISED_FROM = "0123456789+-=()"
_FULL_WIDTH = "０１２３４５６７８９＋－＝（）"
SUPERSCRIPT = str.maketrans(_RAISED_FROM + _FULL_WIDTH + "n*[]［］",
                            "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾" * 2 + "ⁿ*⁽⁾⁽⁾")
SUBSCRIPT = str.maketrans(_RAISED_FROM + _FULL_WIDTH + "[]［］", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎" * 2 + "₍₎₍₎")

_patterns = ModulePatterns(__name__)
_ILLEGAL = _patterns.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text without control characters (illegal in XML, so in .xlsx/.docx, and meaningless in a form)."""
    return _ILLEGAL.sub("", text)


def nfkc(text: str) -> str:
    """Full-width to half-width (１２→12, （→(), compatibility forms folded."""
    return unicodedata.normalize("NFKC", text)


_NOISE = _patterns.compile("[" + re.escape(_NOISE_CHARS) + r"\s]+")


def significant(text: str) -> str:
    """Only the characters that carry wording: folded (see ``fold``), without whitespace, punctuation or quotes."""
    return _NOISE.sub("", fold(text)[0])


def significant_of_folded(folded: str) -> str:
    """``significant`` of a text already folded; a form's whole text goes through a numpy mask of code points."""
    if len(folded) >= _VECTOR_MIN and _TABLE.vectors():
        kept = _TABLE.drop_noise(folded)
        if kept is not None:
            return kept
    return _NOISE.sub("", folded)


class _Folds(dict):
    """Code point → the text it folds to (NFKC; superscript and subscript marks kept), each character worked out
    the first time it is met: ``str.translate`` asks the table for every character of a text."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        folded = ch if ch in MARK_CHARS or unicodedata.is_normalized("NFKC", ch) else unicodedata.normalize("NFKC", ch)
        self[code] = folded
        return folded


class _FoldTable:
    """How texts are folded. Short texts, and every text until the tables below are made, go through
    ``str.translate`` over ``_Folds``, which learns each character as it is met (a form meets a few hundred).

    A form's whole text (hundreds of characters) is folded through a numpy lookup table of code points, a tenth
    of ``str.translate``'s time, unless it holds a character that folds to several (㎡ → m2) or one beyond the
    Basic Multilingual Plane. That table needs every BMP character whose NFKC form differs, found once (~15 ms),
    and numpy's import (~0.1 s): they repay themselves only over hundreds of forms, so a process makes them when
    the pool warms up (``warm_vectors``) or after ``_VECTOR_AFTER`` long texts; the result is the same either way.
    """

    def __init__(self) -> None:
        self.table: _Folds = _Folds()
        self.expanding_re: re.Pattern[str] = re.compile("(?!)")  # BMP characters that fold to several
        self.expanding: list[str] = []  # the same characters
        self.lookup = None  # numpy array: BMP code point → the code point it folds to
        self.keep = None  # numpy array: code point → whether ``significant`` keeps it (not in ``_NOISE``)
        self.single = None  # numpy array: ``lookup``, but ``_SEVERAL`` for a character that folds to several
        self.built = False
        self.long_texts = 0  # long texts met before the numpy tables were made

    def vectors(self) -> bool:
        """Whether a long text goes through the numpy tables (see the class's docstring)."""
        if self.lookup is None:
            self.long_texts += 1
            return self.long_texts > _VECTOR_AFTER
        return True

    def build(self) -> None:
        """Every BMP character that folds, for the numpy lookup table and ``expanding_re`` (kept between runs in the
        start-up cache: the same for every process of a Python with the same Unicode tables)."""
        from anquanyue.speed.disk_cache import cached

        # the key: how the table is made (change the first element when ``_bmp_folds`` changes), and what from
        folds = cached("folds", ("nfkc-but-marks", unicodedata.unidata_version, "".join(sorted(MARK_CHARS))),
                       _bmp_folds)
        self.table.update(folds)
        expanding = [chr(code) for code, folded in folds.items() if len(folded) != 1]
        self.expanding_re = re.compile("[" + "".join(re.escape(ch) for ch in sorted(expanding)) + "]")
        self.expanding = expanding
        self.built = True

    def lookup_table(self):
        """The numpy lookup table (BMP code point → the code point it folds to), made the first time it is needed."""
        if self.lookup is None:
            import numpy as np

            if not self.built:
                self.build()
            lookup = np.arange(0x10000, dtype=np.uint32)
            single = [(code, ord(folded)) for code, folded in self.table.items() if code < 0x10000 and len(folded) == 1]
            if single:
                lookup[np.array([code for code, _ in single])] = np.array([to for _, to in single], dtype=np.uint32)
            self.lookup = lookup
        return self.lookup

    def fold_bmp(self, text: str) -> str | None:
        """``text`` folded by the lookup table; None when it holds a lone surrogate (not encodable)."""
        import numpy as np

        lookup = self.lookup_table()
        try:
            codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        except UnicodeEncodeError:
            return None
        return lookup[codes].tobytes().decode("utf-32-le")

    def keep_mask(self):
        """The numpy array saying which code points ``significant`` keeps, made the first time it is needed."""
        if self.keep is None:
            import numpy as np

            keep = np.ones(0x110000, dtype=bool)
            keep[[ord(ch) for ch in _NOISE_CHARS]] = False
            keep[[ord(ch) for ch in SPACES]] = False  # what ``\s`` matches
            self.keep = keep
        return self.keep

    def drop_noise(self, text: str) -> str | None:
        """``_NOISE.sub("", text)`` by a mask of code points; None when ``text`` holds a lone surrogate."""
        import numpy as np

        keep = self.keep_mask()
        try:
            codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        except UnicodeEncodeError:
            return None
        return codes[keep[codes]].tobytes().decode("utf-32-le")

    def fold_with_significant(self, text: str) -> tuple[str, str] | None:
        """``fold(text)[0]`` and ``significant_of_folded`` of it, in one pass over the code points; None when ``text``
        holds a character that folds to several or one beyond the BMP, or a lone surrogate (``fold`` then goes its
        other way)."""
        import numpy as np

        if self.single is None:
            single = self.lookup_table().copy()
            single[[ord(ch) for ch in self.expanding]] = _SEVERAL
            self.single = single
        keep = self.keep_mask()
        try:
            codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)  # a lone surrogate cannot be encoded
            folded = self.single.take(codes)  # a code point beyond the BMP is beyond the table: IndexError
            whole = folded.tobytes().decode("utf-32-le")  # _SEVERAL is no code point: UnicodeDecodeError
        except (UnicodeError, IndexError):
            return None
        return whole, folded.compress(keep.take(folded)).tobytes().decode("utf-32-le")


def _bmp_folds() -> dict[int, str]:
    """Code point → what it folds to (NFKC), for every BMP character whose NFKC form differs, in code point order
    (superscript and subscript marks kept as they are)."""
    folds = {}
    for code in range(0x10000):
        if 0xD800 <= code < 0xE000:  # surrogates are not characters
            continue
        ch = chr(code)
        if ch in MARK_CHARS:  # a number's superscript mark stays one: 12¹ is 12 with a mark, never 121
            continue
        if not unicodedata.is_normalized("NFKC", ch):
            folds[code] = unicodedata.normalize("NFKC", ch)
    return folds


_SEVERAL = 0xFFFFFFFF  # in ``_FoldTable.single``: this character folds to several
_ASTRAL = _patterns.compile("[\\U00010000-\\U0010FFFF]")
_VECTOR_MIN = 200  # characters; below this, str.translate is as quick
_VECTOR_AFTER = 256  # long texts folded the plain way before numpy is imported (one form has two or three)
_TABLE = _FoldTable()


def warm_vectors() -> None:
    """Build the fold tables and the numpy tables now (before the pool's workers are forked, which inherit them)."""
    _TABLE.fold_with_significant("（")


def fold_with_significant(text: str) -> tuple[str, str] | None:
    """A form's whole text folded and its significant text, in one pass (``_FoldTable.fold_with_significant``);
    None when the text is short, or goes ``fold``'s other way (then ``fold`` and ``significant_of_folded``)."""
    if len(text) >= _VECTOR_MIN and _TABLE.vectors():
        return _TABLE.fold_with_significant(text)
    return None


def fold_char(ch: str) -> str:
    """One character folded as ``fold`` folds it (NFKC, superscript and subscript marks kept)."""
    return _TABLE.table[ord(ch)]


def fold(text: str) -> tuple[str, bool]:
    """NFKC, character by character (so offsets can map back); True when no character changed length."""
    if len(text) >= _VECTOR_MIN and _TABLE.vectors() and not _ASTRAL.search(text):
        if not _TABLE.built:
            _TABLE.build()
        if _TABLE.expanding_re.search(text) is None:
            folded = _TABLE.fold_bmp(text)
            if folded is not None:
                return folded, True
    folded = text.translate(_TABLE.table)
    return folded, len(folded) == len(text)  # no character folds to nothing: NFKC never drops one


@lru_cache(maxsize=1024)  # the same few literals of the same few schemas, for every form
def loose_pattern(literal: str, trailing: bool = False) -> str:
    """A regex matching ``literal``'s wording with any whitespace/punctuation/quotes between its characters.

    ``trailing`` also takes the soft punctuation after it (closing quotes, an opening parenthesis).
    """
    chars = significant(literal)
    if not chars:
        return ""
    # Between the characters of a phrase: any run of non-word characters (spaces, line breaks, punctuation of
    # either width, quotes). Never a digit or a CJK character, so no number and no word is skipped. Short, so
    # the item patterns compile in milliseconds.
    pattern = r"\W*".join(re.escape(ch) for ch in chars)
    return pattern + SOFT_NOISE_CLASS + "*" if trailing else pattern


_SEAL = _patterns.compile(r"[（(]\s*(?:盖\s*章|公\s*章|印\s*章|章)\s*[）)]\s*$")
# What bureau names end with; the part before it (the place, the section) is what tells two units apart.
BUREAU_TAIL = _patterns.compile(r"(工信局|工业和信息化局|经济发展局|经发局|科技金融局|应急管理局|应急局|工信厅|局|科|处|办公室|办)$")
# A province or city in front of a unit's own name: 威海市环翠区工信局 is 环翠区工信局 (but 乳山市工信局 stays itself)
_PARENT_PLACE = _patterns.compile(r"^[\u4e00-\u9fff]{2,4}?[省市](?=[\u4e00-\u9fff])")


def unit_key(name: str) -> str:
    """Normalise a 填报单位 name for matching: width, spaces, 工业和信息化局 ↔ 工信局, a trailing （盖章）/（公章）, and
    the province or city written in front of a district's or section's own name."""
    return _unit_parts(name)[1]


def unit_parent(name: str) -> str:
    """The province or city ``unit_key`` leaves out (济南市 of 济南市市中区工信局), "" when the name has none: two
    forms whose keys agree but whose parents differ are two units (济南市市中区 and 枣庄市市中区)."""
    return _unit_parts(name)[0]


def _unit_parts(name: str) -> tuple[str, str]:
    text = nfkc(name or "").strip()
    text = _SEAL.sub("", text)
    text = re.sub(r"\s+", "", text)
    text = text.replace("工业和信息化局", "工信局").replace("工业和信息化厅", "工信厅").replace("经济发展局", "经发局")
    text = text.replace("(", "（").replace(")", "）")
    parent = ""
    for _ in range(2):  # 山东省威海市…
        match = _PARENT_PLACE.match(text)
        rest = text[match.end():] if match else ""
        if not match or not BUREAU_TAIL.search(rest) or not BUREAU_TAIL.sub("", rest):
            break  # no parent place; not a unit after it; or only a bureau (威海市工信局 is the city's own)
        parent, text = parent + match.group(0), rest
    return parent, text


def clean_unit_name(name: str) -> str:
    """The unit name as written, trimmed, without a trailing （盖章）."""
    text = (name or "").strip()
    text = _SEAL.sub("", text).strip()
    return _SPACES.sub(" ", text)


_SPACES = _patterns.compile(r"[ \t\u3000]+")
