import re

from hypothesis import given, settings
from hypothesis import strategies as st

from anquanyue.reading.patterns import deferred_regex, schema_patterns, template_regex
from anquanyue.schema import load_schema, split_template

WEIHAI = load_schema("weihai-2023")
TEMPLATES = [item.prose for item in WEIHAI.items] + [WEIHAI.other.record, "（{a}）场，参与（{b}）人次"]  # the last opens on a blank
FREE = {WEIHAI.other.record: ("name",)}


def _pieces(template: str) -> list[str]:
    """Fragments a form's text is made of: the template's own wording, cut anywhere, and what units type in blanks."""
    words = [value for kind, value in split_template(template) if kind == "text"]
    cuts = [w[i:j] for w in words for i, j in ((0, len(w)), (0, len(w) // 2), (len(w) // 2, len(w)))]
    return [*cuts, "12", "（ 3 ）", "十二", "约300余", "——", "　", "\n", "组织", "人次", "安全讲座"]


@settings(max_examples=300)
@given(st.sampled_from(TEMPLATES), st.data())
def test_a_deferred_pattern_finds_what_the_compiled_one_finds(template, data):
    text = "".join(data.draw(st.lists(st.sampled_from(_pieces(template)), max_size=30)))
    pos = data.draw(st.integers(0, len(text)))
    endpos = data.draw(st.integers(pos, len(text)))
    free = FREE.get(template, ())
    compiled, _ = template_regex(template, free=free)
    deferred = deferred_regex(template, free=free)
    expected = compiled.search(text, pos, endpos)
    found = deferred.search(text, pos, endpos)
    assert (found and (found.span(), found.groups())) == (expected and (expected.span(), expected.groups()))


def test_the_pattern_with_any_blanks_is_compiled_only_where_its_opening_words_occur():
    item = schema_patterns(WEIHAI).items[0]
    prose = WEIHAI.render_prose(WEIHAI.items[0], {code: 1 for code in WEIHAI.items[0].codes})
    fresh = deferred_regex(WEIHAI.items[0].prose)
    assert fresh.search("填报单位：甲公司") is None and fresh._compiled is None  # nothing like the item: not compiled
    found = fresh.search(prose + prose, len(prose))
    assert found is not None and found.start() == len(prose) and isinstance(fresh._compiled, re.Pattern)
    assert item.tight.groupindex == fresh.compiled.groupindex  # group numbers read from tight hold for the whole
