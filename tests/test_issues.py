"""The one catalogue: every code builds its message from data, location first."""
import string

import pytest

from anquanyue.issues import CATALOGUE, SEVERITY_NAMES, Problem, make


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_catalogue_message_builds(code):
    severity, template = CATALOGUE[code]
    assert severity in SEVERITY_NAMES
    params = {name: f"<{name}>" for name in _fields(template) - {"field"}}
    issue = make(code, location="甲.xlsx Sheet1!B4", field="1.1", **params)
    assert issue.message == f"甲.xlsx Sheet1!B4：{issue.text}"
    assert "{" not in issue.message and "}" not in issue.message
    for name in params:
        assert f"<{name}>" in issue.text
    assert not template.startswith("{location}")  # the location is put in front when shown, never twice


def test_an_issue_keeps_its_parts_and_builds_the_message_when_shown():
    issue = make("blank-not-a-number", location="Sheet1!B4", field="1.3", label="发表评论文章或心得体会", text="若干",
                 unit="篇")
    assert (issue.code, issue.field, issue.location, issue.severity) == ("blank-not-a-number", "1.3", "Sheet1!B4", "error")
    assert issue.params == {"label": "发表评论文章或心得体会", "text": "若干", "unit": "篇"}
    assert issue.text == "1.3（发表评论文章或心得体会）填写的“若干”不是数字，请填写一个不小于 0 的整数（单位：篇）。"
    assert issue.to_json() == {"severity": "error", "code": "blank-not-a-number", "field": "1.3",
                                  "location": "Sheet1!B4", "file": None, "message": "Sheet1!B4：" + issue.text}


def test_an_issue_without_a_location_is_its_text():
    assert make("output-no-forms").message == "没有读到任何可识别的统计表，无法生成上报表；请看上面各文件的问题。"


def test_an_unknown_code_is_a_programming_error():
    with pytest.raises(KeyError):
        make("no-such-code")


def test_a_usage_problem_carries_its_issue():
    problem = Problem("output-is-folder", location="out")
    assert str(problem) == "out：这是一个文件夹，请给出输出文件名。" and problem.issue.code == "output-is-folder"


def test_every_catalogue_code_has_a_chinese_name():
    from anquanyue.issues import CODE_NAMES

    assert set(CODE_NAMES) == set(CATALOGUE)
    assert all(name and not name.isascii() for name in CODE_NAMES.values())
