import pickle
from dataclasses import replace

from anquanyue.formdata import OtherActivity
from anquanyue.issues import Issue
from anquanyue.reading.reader import FileResult, read_form
from anquanyue.schema import load_schema

from .forms import Filled, write_xlsx

WEIHAI = load_schema("weihai-2023")


def test_a_result_comes_back_from_a_worker_with_every_field_issue_and_record(tmp_path):
    raw = {c: str(k) for k, c in enumerate(WEIHAI.codes, 1)} | {"1.3": "若干", "2.1": ""}
    form = Filled(WEIHAI, raw=raw, records=[("安全知识进企业", "2", "", "走进3家企业。"), ("应急演练", "1", "30", "")])
    report = read_form(write_xlsx(form, tmp_path / "f.xlsx"))
    assert [i.code for i in report.issues] == ["blank-not-a-number", "blank-empty", "record-incomplete"]
    back = pickle.loads(pickle.dumps(report))
    assert type(back) is FileResult and back == report
    assert back.form_schema is WEIHAI and back.locations == report.locations and back.digest == report.digest
    assert [i.message for i in back.issues] == [i.message for i in report.issues]
    assert [type(i) for i in back.issues] == [Issue] * 3
    assert [(a.name, a.count, a.people, a.description, a.unit) for a in back.other_activities] == [
        ("安全知识进企业", 2, None, "走进3家企业。", None), ("应急演练", 1, 30, "", None)]
    assert back.to_json() == report.to_json()
    back.unit = "另一单位"  # a rebuilt result is an ordinary one: fields can be set, copies made
    assert report.unit == "环翠区工业和信息化局" and back.unit == "另一单位"
    assert replace(back.issues[0], file="f.xlsx").file == "f.xlsx" and back.issues[0].file is None
    record = back.other_activities[0]
    again = replace(record, unit="甲")
    assert (again.name, again.unit, record.unit) == ("安全知识进企业", "甲", None)


def test_a_result_that_could_not_be_read_comes_back_the_same(tmp_path):
    path = tmp_path / "empty.xlsx"
    path.write_bytes(b"")
    report = read_form(path)
    back = pickle.loads(pickle.dumps(report))
    assert back == report and [i.message for i in back.issues] == [f"{path}：文件是空的，没有任何内容，请重新导出后报送。"]


def test_a_result_travels_as_its_field_values_without_their_names(tmp_path):
    report = read_form(write_xlsx(Filled(WEIHAI, raw={c: "1" for c in WEIHAI.codes}), tmp_path / "f.xlsx"))
    data = pickle.dumps(report)
    assert b"other_activities" not in data and b"locations" not in data and b"severity" not in data
    assert b"weihai-2023" in data and pickle.loads(data) == report  # the schema goes by its name


def test_an_issue_and_a_record_come_back_equal():
    issue = Issue(severity="error", code="unit-missing", location="x", params={"a": 1})
    record = OtherActivity(name="演练", count=1, people=None, description="d", unit="甲")
    assert pickle.loads(pickle.dumps(issue)) == issue and pickle.loads(pickle.dumps(record)) == record
