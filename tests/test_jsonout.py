import json

from hypothesis import given
from hypothesis import strategies as st

from anquanyue.writing.json_out import dumps

values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(), lambda children: st.lists(children, max_size=3)
                      | st.dictionaries(st.text(max_size=5), children, max_size=3), max_leaves=10)


@given(st.lists(st.dictionaries(st.text(max_size=5), values, max_size=4), max_size=5)
       | st.dictionaries(st.text(max_size=5), values, max_size=4))
def test_dumps_is_json_and_round_trips(value):
    assert json.loads(dumps(value)) == value


def test_one_item_per_line():
    assert dumps([{"a": 1}, {"b": "二"}]) == '[\n  {"a": 1},\n  {"b": "二"}\n]'
    assert dumps({"n": 1, "l": [1, 2], "e": []}) == '{\n  "n": 1,\n  "l": [\n    1,\n    2\n  ],\n  "e": []\n}'
