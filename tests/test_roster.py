import pytest

from anquanyue.chasing.roster import RosterError, load_roster

from .conftest import SAMPLES


def test_sample_roster_and_matching():
    roster = load_roster(SAMPLES / "roster-weihai.csv")
    assert len(roster.units) == 12
    gao = roster.units[4]
    assert (gao.name, gao.aliases, gao.parent, gao.category) == (
        "威海火炬高技术产业开发区经济发展局", ["高区经济发展局", "高区经发局"], "威海市工业和信息化局", "功能区")
    assert roster.match("环翠区工信局（盖章）").how == "exact"  # 工信局 ↔ 工业和信息化局, （盖章） dropped
    assert roster.match("环翠区 工业和信息化局").unit.name == "环翠区工业和信息化局"
    assert roster.match("高区经发局").how == "alias"
    # the city in front of a district's own name is the same unit (issue 14: name variants are one unit)
    assert roster.match("威海市环翠区工业和信息化局").how == "exact"
    assert roster.match("环翠区工信局（公章）").how == "exact"
    fuzzy = roster.match("环翠区工信委")
    assert (fuzzy.how, fuzzy.unit.name) == ("fuzzy", "环翠区工业和信息化局")
    assert roster.match("青岛市工业和信息化局") is None
    typo = roster.match("环翠区工业和信息化居")
    assert (typo.how, typo.unit.name) == ("fuzzy", "环翠区工业和信息化局")
    assert roster.match("文山区工业和信息化局") is None  # one character from 文登区, but another place


def test_yaml_roster_and_gbk_csv(tmp_path):
    (tmp_path / "r.yaml").write_text("units:\n  - 单位: 甲区工信局\n    别名: 甲区、甲\n  - 乙区工信局\n", encoding="utf-8")
    roster = load_roster(tmp_path / "r.yaml")
    assert [(u.name, u.aliases) for u in roster.units] == [("甲区工信局", ["甲区", "甲"]), ("乙区工信局", [])]
    (tmp_path / "r.csv").write_bytes("单位,别名\n丙区工信局,丙区;丙\n".encode("gb18030"))
    assert load_roster(tmp_path / "r.csv").units[0].aliases == ["丙区", "丙"]


@pytest.mark.parametrize("content,message", [
    ("名称\n甲\n", "名单缺少“单位”列（可选列：别名、上级、类别）。"),
    ("单位\n", "名单中没有任何单位。"),
])
def test_roster_mistakes(tmp_path, content, message):
    (tmp_path / "r.csv").write_text(content, encoding="utf-8")
    with pytest.raises(RosterError) as info:
        load_roster(tmp_path / "r.csv")
    assert str(info.value) == f"{tmp_path / 'r.csv'}：{message}"


def test_an_excel_roster_and_a_gbk_csv_read_like_the_utf8_csv(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["单位", "别名", "上级", "类别"], ["甲区工业和信息化局", "甲区工信局、甲工信", "市局", "区市"],
                [None, None, None, None], ["乙区工业和信息化局", None, None, "区市"]):
        sheet.append(row)
    book.save(tmp_path / "名单.xlsx")
    (tmp_path / "名单.csv").write_bytes("单位,别名,上级,类别\n甲区工业和信息化局,甲区工信局、甲工信,市局,区市\n"
                                        "乙区工业和信息化局,,,区市\n".encode("gbk"))
    for name in ("名单.xlsx", "名单.csv"):
        roster = load_roster(tmp_path / name)
        assert [(u.name, u.aliases, u.parent, u.category) for u in roster.units] == [
            ("甲区工业和信息化局", ["甲区工信局", "甲工信"], "市局", "区市"), ("乙区工业和信息化局", [], None, "区市")]


def test_a_roster_without_the_unit_column_names_it(tmp_path):
    (tmp_path / "名单.csv").write_text("名称\n甲\n", encoding="utf-8")
    with pytest.raises(RosterError) as caught:
        load_roster(tmp_path / "名单.csv")
    assert str(caught.value) == f"{tmp_path / '名单.csv'}：名单缺少“单位”列（可选列：别名、上级、类别）。"
