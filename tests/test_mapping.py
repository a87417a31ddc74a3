"""merging/mapping.py: which source blanks feed which target blank — declared, read backwards, or by meaning."""
from __future__ import annotations

import yaml

from anquanyue.schema.model import schema_from_data
from anquanyue.merging.mapping import mapping
from anquanyue.schema import Schema, load_schema

from .conftest import builtin_yaml

WEIHAI = load_schema("weihai-2023")


def _schema(schema_id: str, maps_to: dict | None = None, relabel: dict | None = None) -> Schema:
    data = yaml.safe_load(builtin_yaml("weihai-2023"))
    data.update(id=schema_id, maps_to=maps_to or {})
    for item in data["items"]:
        for code, blank in item["blanks"].items():
            blank["label"] = (relabel or {}).get(code, blank["label"])
    return schema_from_data(data)


def test_the_2023_forms_declare_their_identity():
    m = mapping(load_schema("national-2023"), WEIHAI)
    assert m.how == "declared" and m.feeds == {c: (c,) for c in WEIHAI.codes} and m.not_fed == ()


def test_a_declared_sum_and_none():
    source = _schema("s", {"weihai-2023": {"1.1": ["1.1", "1.4"], "1.2": "none", **{c: [c] for c in WEIHAI.codes[2:]}}})
    m = mapping(source, WEIHAI)
    assert m.feeds["1.1"] == ("1.1", "1.4") and "1.2" not in m.feeds and m.not_fed == ("1.2",)
    assert m.translate({"1.1": 3, "1.4": None})["1.1"] == 3 and m.translate({})["1.1"] is None
    # read backwards: only one-to-one pairs; the sum 1.1 + 1.4 → 1.1 cannot be split again
    back = mapping(WEIHAI, source)
    assert back.how == "reverse" and "1.1" not in back.feeds and "1.4" not in back.feeds
    assert back.feeds["1.3"] == ("1.3",) and {"1.1", "1.2", "1.4"} <= set(back.not_fed)


def test_by_label_and_unit_only_where_unambiguous():
    target = _schema("t", relabel={"1.1": "宣讲活动", "1.4": "宣讲活动"})  # two target blanks of one label
    m = mapping(_schema("s"), target)
    assert m.how == "label" and "1.1" not in m.feeds and "1.4" not in m.feeds and m.feeds["1.3"] == ("1.3",)
    renamed = mapping(_schema("s2", relabel={"1.3": "发表文章"}), _schema("t2"))
    assert "1.3" in renamed.not_fed


def test_a_declared_code_the_target_lacks_is_named():
    m = mapping(_schema("s", {"weihai-2023": {"9.9": ["1.1"]}}), WEIHAI)
    assert m.errors == ("9.9",) and len(m.not_fed) == len(WEIHAI.codes)
