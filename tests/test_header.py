import pytest

from anquanyue.reading.header import parse_date
from anquanyue.reading.reader import read_form
from anquanyue.schema import load_schema

from .forms import Filled, write_docx

WEIHAI = load_schema("weihai-2023")


@pytest.mark.parametrize("text, date", [
    ("2023年6月28日", "2023-06-28"),
    ("2023-06-28", "2023-06-28"),
    ("２０２３．６．２８", "2023-06-28"),
    ("二〇二三年六月二十八日", "2023-06-28"),
    ("二○二三年六月三十日", "2023-06-30"),  # ○ typed for 〇
    ("二零二三年6月28日", "2023-06-28"),
    ("二〇二三年二月三十日", None),  # no such day
    ("六月二十八日", None),  # no year
    ("", None),
])
def test_parse_date(text, date):
    assert parse_date(text) == date


def test_form_dated_in_chinese_numerals(tmp_path):
    form = Filled(WEIHAI, raw={c: "1" for c in WEIHAI.codes}, date="二〇二三年六月二十八日")
    report = read_form(write_docx(form, tmp_path / "f.docx"))
    assert report.date == "2023-06-28"
    assert [i.code for i in report.issues] == []


def test_unreadable_numerals_in_a_date_stay_quiet(recwarn):
    assert parse_date("二〇二三年六月百四日") is None
    assert len(recwarn) == 0  # cn2an's own warnings never reach the clerk's terminal


def test_a_date_written_under_the_form_is_read(tmp_path):
    import docx as python_docx

    form = Filled(WEIHAI, raw={c: "1" for c in WEIHAI.codes}, date="")
    path = write_docx(form, tmp_path / "f.docx")
    d = python_docx.Document(str(path))
    d.add_paragraph("填报日期：2023年6月29日")
    d.save(str(path))
    report = read_form(path)
    assert (report.unit, report.date) == ("环翠区工业和信息化局", "2023-06-29") and report.issues == []


def test_a_label_mentioned_in_an_instruction_is_no_header_label():
    from anquanyue.reading.document import Cell
    from anquanyue.reading.header import read_header

    cells = [Cell("注：1.填报单位（盖章）处须加盖单位公章；2.联系电话请填写手机。", "A1", 1, 1, 0),
             Cell("填报单位（盖章）：乳山市工业和信息化局  联系人：张三  电话：13800000000", "A2", 2, 1, 0)]
    values, where = read_header(cells)
    assert (values["unit"], values["contact"], values["phone"]) == ("乳山市工业和信息化局", "张三", "13800000000")
    assert where["unit"] == "A2"
