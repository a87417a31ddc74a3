import unicodedata

import pytest

from hypothesis import given
from hypothesis import strategies as st

from anquanyue.reading.document import Cell, Grid
from anquanyue.reading.textindex import TextIndex
from anquanyue.reading.textnorm import (_NOISE, MARK_CHARS, SPACES, fold, significant, significant_of_folded,
                                        unit_key, warm_vectors)


def per_char_nfkc(text: str) -> str:
    """NFKC character by character, superscript and subscript marks kept (12¹ is 12 with a mark, not 121)."""
    return "".join(ch if ch in MARK_CHARS else unicodedata.normalize("NFKC", ch) for ch in text)


def test_fold_keeps_superscript_and_subscript_marks():
    assert fold("（１２¹）场，参与（３₂）") == ("(12¹)场,参与(3₂)", True)
    assert fold("（１２⁾）" * 60)[0] == "(12⁾)" * 60  # whichever way a long text goes (str.translate until the tables are warm)
    warm_vectors()
    assert fold("（１２⁾）" * 60)[0] == "(12⁾)" * 60  # the long-text lookup table keeps them too


def test_fold_full_width_and_compatibility_forms():
    assert fold("（１２）场，参与（３４）人次") == ("(12)场,参与(34)人次", True)
    assert fold("面积１００㎡") == ("面积100m2", False)  # ㎡ → m2 changes the length
    assert fold("𝟏𝟐场") == ("12场", True)  # mathematical digits, beyond the BMP


ANY = st.characters(blacklist_categories=("Cs",))
FORMISH = st.one_of(st.characters(min_codepoint=0x4E00, max_codepoint=0x4E80), st.sampled_from("（）：，；　１２ ①"),
                    st.characters(min_codepoint=0x20, max_codepoint=0x7E), ANY)


@given(st.one_of(st.text(alphabet=ANY, max_size=40), st.text(alphabet=FORMISH, min_size=200, max_size=400)))
def test_fold_is_nfkc_character_by_character(text):
    # short texts go through str.translate, long ones through the code-point lookup table: the same result
    warm_vectors()
    folded, same_length = fold(text)
    assert folded == per_char_nfkc(text)
    assert same_length == all(len(unicodedata.normalize("NFKC", ch)) == 1 for ch in text)


def test_fold_long_text_with_a_lone_surrogate():
    warm_vectors()
    text = "（１２）" * 100 + "\ud800"
    assert fold(text) == ("(12)" * 100 + "\ud800", True)


def test_significant_keeps_only_wording():
    assert significant("开展 宣讲活动（　）场，\n参与“人次”") == "开展宣讲活动场参与人次"
    assert significant("１２．５") == "125"


NOISY = st.one_of(FORMISH, st.sampled_from(" \t\n\r\x0b\x0c\x1c\x85\u2003\u2028\u202f\u3000“”「」《》【】、。·…—"))


@given(st.one_of(st.text(alphabet=NOISY, max_size=40), st.text(alphabet=NOISY, min_size=200, max_size=400)))
def test_significant_by_mask_equals_the_regex(text):
    # a form's whole text goes through a code-point mask, short ones through the regex: the same result
    warm_vectors()
    assert significant_of_folded(text) == _NOISE.sub("", text)


def test_significant_of_a_long_text_with_a_lone_surrogate():
    warm_vectors()
    assert significant_of_folded("（ 场 ）" * 100 + "\ud800") == "场" * 100 + "\ud800"


def test_index_maps_folded_positions_back_to_cells():
    cells = [Cell("标题", "A1", 1, 1, 0), Cell("面积㎡（１２）", "B2", 2, 2, 0)]
    index = TextIndex.build(cells)
    assert index.norm == "标题\n面积m2(12)"
    start = index.norm.index("12")
    assert index.original(start, start + 2) == "１２"
    assert index.location(start) == "B2"
    assert index.significant == "标题面积m212"
    assert [index.cell_significant(k) for k in range(2)] == ["标题", "面积m212"]  # lengths changed: refolded
    plain = TextIndex.build([Cell("（１）场，", "A1", 1, 1, 0), Cell("参与　人次", "A2", 2, 1, 0)])
    assert [plain.cell_significant(k) for k in range(2)] == ["1场", "参与人次"]  # slices of the folded text


CELL_TEXTS = st.one_of(st.lists(st.text(alphabet=NOISY, max_size=40), min_size=1, max_size=4),  # short: the regex
                       st.lists(st.text(alphabet=NOISY, min_size=40, max_size=120), min_size=5, max_size=12))


@given(CELL_TEXTS)
def test_index_of_a_long_text_equals_folding_each_part(texts):
    # a form's whole text is folded and stripped to its wording in one pass (with each cell's place in that
    # wording) when long: the same as folding the text and stripping each cell's text on its own
    warm_vectors()
    cells = [Cell(text, f"A{k}", k, 1, 0) for k, text in enumerate(texts, 1)]
    index = TextIndex.build(cells)
    assert index.norm == fold("\n".join(texts))[0]
    assert index.significant == _NOISE.sub("", index.norm)
    assert [index.cell_significant(k) for k in range(len(cells))] == [significant(text) for text in texts]


def test_index_of_a_long_text_keeps_every_cell_place():
    warm_vectors()
    cells = [Cell("", "A1", 1, 1, 0), Cell("（１）场，" * 60, "A2", 2, 1, 0), Cell("　", "A3", 3, 1, 0),
             Cell("参与人次", "A4", 4, 1, 0), Cell("", "A5", 5, 1, 0)]
    index = TextIndex.build(cells)
    assert [index.cell_significant(k) for k in range(5)] == ["", "1场" * 60, "", "参与人次", ""]
    assert index.location(index.norm.index("参与")) == "A4"


def test_spaces_are_what_a_regex_means_by_whitespace():
    import re

    every = [chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000]
    assert set(SPACES) == {ch for ch in every if ch.isspace()} == {ch for ch in every if re.match(r"\s", ch)}


def test_grid_index_is_built_once_and_rebuilt_when_cells_change():
    grid = Grid("表", [Cell("（１）", "A1", 1, 1, 0)])
    first = TextIndex.of(grid)
    assert TextIndex.of(grid) is first
    grid.cells = [Cell("（２）", "A1", 1, 1, 0)]
    assert TextIndex.of(grid).norm == "(2)"


@pytest.mark.parametrize(("a", "b"), [
    ("威海市环翠区工业和信息化局", "环翠区工信局"),
    ("环翠区工信局（公章）", "环翠区工业和信息化局（盖章）"),
    ("山东省威海市环翠区工业和信息化局", "环翠区工信局"),
    ("威海市乳山市工信局", "乳山市工业和信息化局"),
    ("高区经济发展局", "威海市高区经发局"),
])
def test_name_variants_of_one_unit_have_one_key(a, b):
    assert unit_key(a) == unit_key(b)


@pytest.mark.parametrize(("a", "b"), [
    ("威海市工业和信息化局", "工信局"),  # the city's own bureau is not "a bureau"
    ("乳山市工信局", "荣成市工信局"),
    ("威海市工业和信息化局", "乳山市工业和信息化局"),
])
def test_different_units_keep_different_keys(a, b):
    assert unit_key(a) != unit_key(b)


def test_fold_before_any_table_is_made_is_nfkc_character_by_character():
    # a fresh process folds character by character as it meets them (no table of the whole BMP, no numpy): every
    # BMP character and a few beyond it fold as NFKC does, and a text's length says whether one of them expanded
    import subprocess
    import sys

    code = (
        "import sys, unicodedata\n"
        "from anquanyue.reading.textnorm import MARK_CHARS, fold, fold_char\n"
        "chars = [chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000] + ['𝟏', '𝐀', '\\U0002F800', '🙂']\n"
        "def nfkc(ch): return ch if ch in MARK_CHARS else unicodedata.normalize('NFKC', ch)\n"
        "bad = [ch for ch in chars if fold(ch) != (nfkc(ch), len(nfkc(ch)) == 1) or fold_char(ch) != nfkc(ch)]\n"
        "text = ''.join(chars[:5000])\n"
        "whole = fold(text) == (''.join(map(nfkc, chars[:5000])), all(len(nfkc(c)) == 1 for c in chars[:5000]))\n"
        "print(len(bad), whole, 'numpy' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["0", "True", "False"], done.stderr
