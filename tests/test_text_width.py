import pytest
from hypothesis import given
from hypothesis import strategies as st

from anquanyue.writing.text_width import char_em, excel_width_pt, line_count, row_height, wrap


def test_widths_of_chinese_digits_and_punctuation():
    assert [char_em(c) for c in "安，。“”（）5a-"] == [1, 1, 1, 1, 1, 1, 1, 0.5, 0.5, 0.5]


def test_wrap_breaks_between_chinese_characters_never_inside_a_number():
    assert wrap("开展宣讲活动（123456）场", 10) == ["开展宣讲活动（", "123456）场"]
    assert wrap("一二三四五六七八九十", 10) == ["一二三四五六七八九十"]
    assert wrap("一二三四五六七八九十一", 10) == ["一二三四五六七八九十", "一"]


def test_a_closing_mark_takes_the_character_before_it_to_the_next_line():
    assert wrap("一二三四五六七八九十。", 10) == ["一二三四五六七八九", "十。"]


def test_a_number_longer_than_a_line_is_broken_inside():
    assert wrap("1234567890123456", 4) == ["12345678", "90123456"]


def test_line_count_counts_every_paragraph():
    assert line_count("一二三\n\n四五六七", 3) == 4


@pytest.mark.parametrize(("chars", "points"), [(24, 129.75), (74, 392.25), (10, 56.25)])
def test_excel_column_width_in_points(chars, points):
    assert excel_width_pt(chars) == points


def test_row_height_is_the_tallest_cell():
    assert row_height([("短", 100.0)], 12) == 23.25  # 12 × 1.3 + 7 = 22.6, up to whole pixels (0.75 pt)
    assert row_height([("短", 100.0), ("一" * 20, 100.0)], 12) == 54.0  # 3 lines: 53.8 → 54


@pytest.mark.parametrize("text", ["一二三四五六七八九十。" * 7, "开展宣讲活动（123456）场，参与（2345678）人次；" * 5,
                                  "短", "报送单位：乳山市。\n第二段文字很长很长很长很长很长很长很长很长很长",
                                  "file 12345678901234567890123456789 x" * 3])
@pytest.mark.parametrize("width", [6, 10, 27.5])
def test_the_fast_bound_is_never_below_the_layout(text, width):
    from anquanyue.writing.text_width import line_bound

    assert line_count(text, width) <= line_bound(text, width) <= 2 * line_count(text, width) + 1



def test_wrap_of_mixed_text_keeps_every_character_and_runs_of_digits_and_letters_whole():
    text = "第3号企业：开展“安全生产月”宣讲（12场），参与1234人次。file_v2.docx；é²①\t末"
    assert wrap(text, 5.5) == ["第3号企业：", "开展“安全", "生产月”宣", "讲（12场", "），参与", "1234人次。", "file_v2.",
                               "docx；é²", "①\t末"]
    assert wrap(text, 10) == ["第3号企业：开展“安", "全生产月”宣讲（12", "场），参与1234人次。", "file_v2.docx；é²①", "\t末"]
    assert wrap("ab12，cd34。", 3) == ["ab12，", "cd34。"]


@given(text=st.lists(st.sampled_from(["一", "安", "，", "。", "）", "”", "（", "a", "Z", "12", "345678", "file", " ", "\t", "\n",
                                      "…", "—", "%", ".", "é", "²", "①", "“"]), max_size=40).map("".join),
       width=st.sampled_from([0.5, 1, 1.5, 2, 3, 5.5, 10, 27.5, 29.66]))
def test_line_count_is_the_number_of_lines_wrap_makes(text, width):
    assert line_count(text, width) == sum(len(wrap(p, width)) for p in text.split("\n"))
