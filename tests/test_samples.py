"""The shipped samples read back exactly as the script that made them says."""
import importlib.util

import pytest

from anquanyue.reading.reader import read_form

from .conftest import SAMPLES

spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
make_samples = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_samples)

SHANGHAI = {"1.1": 9216, "1.2": 781937, "1.3": 14681, "1.4": 16083, "1.5": 545234, "2.1": 112746, "2.2": 707633,
            "2.3": 1975, "3.1": 4216, "3.2": 126588, "3.3": 3404, "3.4": 3186, "3.5": 124798, "3.6": 2426,
            "3.7": 47361, "3.8": 3146, "3.9": 31215, "3.10": 1848, "3.11": 116971, "3.12": 3524, "4.1": 4982,
            "4.2": 0, "4.3": 55, "5.1": 33807, "5.2": 1459084, "5.3": 6992, "5.4": 372728, "5.5": 6862,
            "5.6": 485767, "6.1": 4818, "6.2": 288844, "6.3": 3182, "6.4": 180350}


@pytest.fixture(scope="module")
def expected(tmp_path_factory):
    return make_samples.build_weihai(tmp_path_factory.mktemp("regenerated"))


def test_every_weihai_sample_reads_back_exactly(expected):
    folder = SAMPLES / "weihai-2023"
    assert sorted(p.name for p in folder.iterdir() if p.suffix != ".txt") == sorted(expected)
    for name, data in expected.items():
        report = read_form(folder / name)
        assert report.ok, (name, report.issues)
        assert report.issues == []
        assert report.values == data.values, name
        assert (report.unit, report.contact, report.phone, report.date) == (
            data.unit.replace("（盖章）", ""), data.contact, data.phone, data.date)
        assert [(a.name, a.count, a.people, a.description) for a in report.other_activities] == [
            (a.name, a.count, a.people, a.description) for a in data.other_activities], name


def test_samples_use_the_number_styles_units_really_type():
    import docx
    import openpyxl

    assert "（五十三）" in openpyxl.load_workbook(SAMPLES / "weihai-2023" / "荣成市工信局.xlsx").active["B4"].value
    assert "（21场）场" in openpyxl.load_workbook(SAMPLES / "weihai-2023" / "经区经济发展局.xlsx").active["B4"].value
    assert "（２７）" in docx.Document(str(SAMPLES / "weihai-2023" / "文登区工信局.docx")).tables[0].rows[1].cells[1].text
    assert "万）" in docx.Document(str(SAMPLES / "weihai-2023" / "乳山市工信局.docx")).tables[0].rows[2].cells[1].text


def test_shanghai_national_form_reads_exactly():
    report = read_form(SAMPLES / "national" / "上海市应急管理局.xlsx")
    assert report.schema_id == "national-2023" and report.ok and report.issues == []
    assert report.values == SHANGHAI
    assert (report.unit, report.contact, report.phone, report.date) == ("上海市应急管理局", "杨靖", "021-23305878", "2023-07-03")
    [record] = report.other_activities
    assert (record.name, record.count, record.people) == ("上海市安全生产共建共治共享推进会", 1, 200)
    assert record.description.startswith("为全面贯彻落实习近平总书记关于安全生产工作的重要论述")
    assert record.description.endswith("进行了分享交流。")
