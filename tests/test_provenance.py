"""The city's own forms are never counted twice: deliverables say what they are, merge reads that back."""
from dataclasses import replace
import shutil

import pytest

from anquanyue.merging.merge import merge
from anquanyue.reading.reader import read_form
from anquanyue.writing.outputs import write_outputs

from .conftest import SAMPLES

INBOX = SAMPLES / "weihai-2023"


@pytest.fixture
def inbox(tmp_path):
    shutil.copytree(INBOX, tmp_path / "in")
    return tmp_path / "in"


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_a_deliverable_records_what_it_is_and_the_units_it_sums(inbox, tmp_path, suffix):
    result = merge([inbox], date="2023-06-30")
    out, _ = write_outputs(result, tmp_path / f"city_total{suffix}")
    back = read_form(out)
    assert back.ok and back.provenance is not None
    assert (back.provenance.schema_id, back.provenance.unit, back.provenance.date) == (
        "weihai-2023", "威海市工业和信息化局", "2023-06-30")
    included = result.included_results
    assert [(s.unit, s.digest) for s in back.provenance.sources] == [(r.unit, r.digest) for r in included]
    assert len(back.provenance.sources) == 10 and all(len(s.digest) == 16 for s in back.provenance.sources)


@pytest.mark.parametrize("suffix", [".xlsx", ".docx"])
def test_merging_again_with_the_clerks_own_summary_in_the_inbox_gives_the_same_totals(inbox, suffix):
    first = merge([inbox], date="2023-06-30")
    write_outputs(first, inbox / f"city_total{suffix}")
    again = merge([inbox], date="2023-06-30")
    assert again.totals == first.totals
    entry = next(f for f in again.files if f.file.endswith(f"city_total{suffix}"))
    assert entry.status == "ignored"
    assert entry.reasons[0].text == "这是本级（威海市工业和信息化局）的汇总表，不计入本次汇总。"
    report = next(f for f in again.files if f.file.endswith("city_total.report.xlsx"))
    assert report.status == "ignored"  # the clerk's own working report: named in the list, never summed
    assert report.reasons[0].text == "anquanyue 写出的工作报告（不是统计表）"


def test_a_citys_summary_and_one_of_its_units_forms_in_one_inbox_are_not_counted_twice(inbox, tmp_path):
    city = merge([inbox], date="2023-06-30")
    province = tmp_path / "province"
    province.mkdir()
    write_outputs(city, province / "威海市.xlsx")
    (province / "威海市.report.xlsx").unlink()
    shutil.copy(inbox / "环翠区工信局.xlsx", province / "环翠区工信局.xlsx")
    result = merge([province], unit="山东省工业和信息化厅", date="2023-07-02")
    assert [(f.file.rsplit("/", 1)[-1], f.status) for f in result.files] == [
        ("威海市.xlsx", "excluded"), ("环翠区工信局.xlsx", "excluded")]
    assert [i.message for i in result.files[0].reasons] == [
        f"{province / '威海市.xlsx'}：与 环翠区工信局.xlsx 都含有 环翠区工业和信息化局 的数字（其中有一份是汇总表），"
        "同一单位不能计入两次，两份都未计入；请只保留其中一份后重新汇总。"]
    assert result.exit_code == 1


def test_a_summary_from_an_older_version_without_properties_is_known_by_its_unit(inbox, tmp_path):
    from anquanyue.writing import write_form

    first = merge([inbox], date="2023-06-30")
    data = replace(first.deliverable(), provenance=None)  # as versions before provenance wrote it
    write_form(first.form_schema, inbox / "汇总.xlsx", data)
    assert read_form(inbox / "汇总.xlsx").provenance is None
    again = merge([inbox], date="2023-06-30")
    assert again.totals == first.totals
    assert next(f for f in again.files if f.file.endswith("汇总.xlsx")).status == "ignored"


def test_validate_names_the_working_report_as_ignored_and_exits_0(inbox, tmp_path):
    from click.testing import CliRunner

    from anquanyue.cli import main

    write_outputs(merge([inbox], date="2023-06-30"), tmp_path / "t.xlsx")
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "t.report.xlsx")])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == "  已忽略：anquanyue 写出的工作报告（不是统计表）"


def test_two_cities_summaries_that_both_sum_a_district_of_the_same_name_are_both_counted(tmp_path):
    from anquanyue.writing import write_form

    from .forms import Filled, write_xlsx

    schema = read_form(INBOX / "环翠区工信局.xlsx").form_schema
    province = tmp_path / "province"
    province.mkdir()
    for city, value in (("济南市", 3), ("枣庄市", 4)):
        inbox = tmp_path / city
        inbox.mkdir()
        write_xlsx(Filled(schema, raw={c: str(value) for c in schema.codes}, unit="市中区工信局"), inbox / "a.xlsx")
        result = merge([inbox], unit=f"{city}工业和信息化局", date="2023-06-30")
        write_form(schema, province / f"{city}.xlsx", result.deliverable())
    result = merge([province], unit="山东省工业和信息化厅", date="2023-07-02")
    assert [f.status for f in result.files] == ["included", "included"]
    assert result.totals["1.1"] == 7


def test_the_docx_custom_properties_part_is_what_lxml_writes_element_by_element(weihai, tmp_path):
    import zipfile

    from lxml import etree

    from anquanyue.formdata import FormData, Provenance, Source
    from anquanyue.writing import write_form
    from anquanyue.writing.provenance import _NS, _VT, FMTID

    units = ["甲&乙<丙>", ' "引号" ', "换行\r\n回车\t制表", "]]>", "", "𠀀\u3000\xa0"]
    provenance = Provenance("weihai-2023", "威海市&<>", None, [Source(u, f"{k:016x}") for k, u in enumerate(units)])
    path = write_form(weihai, tmp_path / "f.docx", FormData(form_schema=weihai, provenance=provenance))
    root = etree.Element(f"{{{_NS}}}Properties", nsmap={None: _NS, "vt": _VT})
    for pid, (name, value) in enumerate(provenance.to_properties().items(), start=2):
        prop = etree.SubElement(root, f"{{{_NS}}}property", fmtid=FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{_VT}}}lpwstr").text = value
    expected = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    assert zipfile.ZipFile(path).read("docProps/custom.xml") == expected
    assert read_form(path).provenance.sources[0].unit == "甲&乙<丙>"
