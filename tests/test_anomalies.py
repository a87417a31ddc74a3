from dataclasses import replace
import importlib.util
import math
import random

from click.testing import CliRunner
from openpyxl import load_workbook

import numpy as np
from hypothesis import given, settings, strategies as st
from hypothesis.extra.numpy import arrays

from anquanyue.merging.anomalies import (copied_and_constant, cross_unit, find_anomalies, hidiroglou_berthelot,
                                         modified_z, nanmedian)
from anquanyue.cli import main
from anquanyue.reading.reader import FileResult
from anquanyue.schema import AnomalySettings, load_schema

from .conftest import SAMPLES
from .forms import Filled, write_xlsx

WEIHAI = load_schema("weihai-2023")
spec = importlib.util.spec_from_file_location("make_samples", SAMPLES / "make_samples.py")
make_samples = importlib.util.module_from_spec(spec)
spec.loader.exec_module(make_samples)


def ordinary(rng: random.Random, n: int) -> list[FileResult]:
    """Units of ordinary sizes (about 3× apart either way) with the sample generator's ordinary spread."""
    out = []
    for u in range(n):
        values = make_samples.unit_values(rng, math.exp(rng.gauss(0, 0.6)))
        out.append(FileResult(file=f"u{u}.xlsx", unit=f"单位{u}", form_schema=WEIHAI, values=values, is_form=True))
    return out


def test_modified_z_handles_mad_zero():
    assert modified_z([1, 1, 1, 1, 5]) == [0.0, 0.0, 0.0, 0.0, 4 / (1.253314 * 0.8)]
    assert modified_z([2, 2, 2]) == [0.0, 0.0, 0.0]


def test_ordinary_data_gives_few_false_alarms():
    rng = random.Random(1)
    flags = checks = 0
    for _ in range(200):
        units = ordinary(rng, rng.randint(8, 30))
        flags += len(cross_unit(units, WEIHAI))
        checks += len(units) * (len(WEIHAI.codes) + len(WEIHAI.rules.pairs))
    # measured with the defaults (z 3.5, factor 5): 0 of 172,920 unit-checks flagged in 200 ordinary merges of
    # 8–30 units; with factor 3 it was 5 (0.003 %). Without the size adjustment it was 0.23 %, all small units.
    assert flags == 0 and checks == 172920


def test_seeded_anomalies_are_found_with_unit_and_blank():
    rng = random.Random(2)
    units = ordinary(rng, 12)
    units[3].values["1.2"] *= 10  # a zero added
    units[5].values["3.1"] = units[5].values["3.2"]  # 人次 typed into 场
    issues = cross_unit(units, WEIHAI)
    flagged = {(i.file, i.field, i.code) for i in issues}
    assert ("u3.xlsx", "1.2", "anomaly-outlier") in flagged or ("u3.xlsx", "1.2", "anomaly-ratio") in flagged
    assert ("u5.xlsx", "3.1", "anomaly-outlier") in flagged
    assert ("u5.xlsx", "3.2", "anomaly-ratio") in flagged
    assert {f for f, _, _ in flagged} == {"u3.xlsx", "u5.xlsx"}
    outlier = next(i for i in issues if (i.file, i.field, i.code) == ("u5.xlsx", "3.1", "anomaly-outlier"))
    assert outlier.message.startswith(f"{outlier.location}：单位5 的 3.1（企业主要负责人“安全承诺践诺”活动）为 {units[5].values['3.1']}，"
                                      "其他单位中位数为 ")
    assert "倍；按该单位其他各项的规模推算约为 " in outlier.message
    assert outlier.message.endswith("请核实是否多填或少填了位数、是否把人次填进了场次。")


def test_too_few_units_are_not_judged():
    units = ordinary(random.Random(3), 7)
    units[0].values["1.1"] *= 100
    assert cross_unit(units, WEIHAI) == []


def test_copied_and_constant_forms():
    units = ordinary(random.Random(4), 3)
    units[2].values = dict(units[0].values)
    units[1].values = {c: 7 for c in WEIHAI.codes}
    issues = copied_and_constant(units, WEIHAI)
    assert [(i.code, i.file) for i in issues] == [("anomaly-constant", "u1.xlsx"), ("anomaly-copied", "u2.xlsx")]
    assert issues[1].message == "u2.xlsx：单位2 与 单位0（u0.xlsx） 的填报数字完全相同，可能抄用了其他单位的表，请核实。"


def test_hidiroglou_berthelot_flags_the_jump_only():
    rng = random.Random(5)
    pairs = [(FileResult(file=f"u{k}", unit=f"u{k}"), x, x * rng.uniform(0.9, 1.2))
             for k, x in enumerate(rng.uniform(50, 500) for _ in range(15))]
    jumped = pairs[4][0]
    pairs[4] = (jumped, pairs[4][1], pairs[4][1] * 12)
    flagged = hidiroglou_berthelot(pairs, AnomalySettings())
    assert [r.file for r, _, _ in flagged] == ["u4"]


def test_period_over_period_and_same_as_previous():
    rng = random.Random(6)
    now = ordinary(rng, 10)
    last = {f"单位{k}": FileResult(file=f"old{k}", unit=f"单位{k}", form_schema=WEIHAI, is_form=True,
                                  values={c: max(1, round(v / 1.05)) for c, v in r.values.items()})
            for k, r in enumerate(now)}
    last["单位2"] = replace(last["单位2"], values=dict(now[2].values))
    now[7].values["5.2"] = now[7].values["5.2"] * 15
    issues = find_anomalies(now, WEIHAI, last)
    assert ("anomaly-same-as-previous", "u2.xlsx", None) in {(i.code, i.file, i.field) for i in issues}
    period = [(i.file, i.field) for i in issues if i.code == "anomaly-period"]
    assert ("u7.xlsx", "5.2") in period


def test_merge_report_explains_anomalies_one_line_each(tmp_path):
    (tmp_path / "in").mkdir()
    rng = random.Random(7)
    for k, report in enumerate(ordinary(rng, 10)):
        values = dict(report.values)
        if k == 4:
            values["1.1"] = values["1.2"]  # 人次 typed into 场
        write_xlsx(Filled(WEIHAI, raw={c: str(v) for c, v in values.items()}, unit=f"第{k}区工信局"),
                   tmp_path / "in" / f"{k}.xlsx")
    result = CliRunner().invoke(main, ["merge", str(tmp_path / "in"), "-o", str(tmp_path / "t.json"), "--quiet"])
    assert result.exit_code == 0
    import json

    data = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))
    flagged = [(i["file"], i["field"], i["code"]) for i in data["issues"] if i["code"].startswith("anomaly-")]
    assert (str(tmp_path / "in" / "4.xlsx"), "1.1", "anomaly-outlier") in flagged
    assert {f for f, _, _ in flagged} == {str(tmp_path / "in" / "4.xlsx")}
    rows = list(load_workbook(tmp_path / "t.report.xlsx")["异常"].iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(flagged) and rows[0][0] == "第4区工信局"
    assert all("\n" not in r[2] for r in rows)


def test_merge_previous_flags_a_form_resent_from_last_year(tmp_path):
    import json

    for folder in ("now", "last"):
        (tmp_path / folder).mkdir()
    rng = random.Random(8)
    for k, report in enumerate(ordinary(rng, 6)):
        values = {c: str(v) for c, v in report.values.items()}
        write_xlsx(Filled(WEIHAI, raw=values, unit=f"第{k}区工信局", date="2022年6月28日"), tmp_path / "last" / f"{k}.xlsx")
        if k != 2:
            values = {c: str(round(int(v) * 1.1)) for c, v in values.items()}
        write_xlsx(Filled(WEIHAI, raw=values, unit=f"第{k}区工信局"), tmp_path / "now" / f"{k}.xlsx")
    result = CliRunner().invoke(main, ["merge", str(tmp_path / "now"), "-o", str(tmp_path / "t.json"), "--quiet",
                                       "--previous", str(tmp_path / "last")])
    assert result.exit_code == 0, result.output
    issues = json.loads((tmp_path / "t.json").read_text(encoding="utf-8"))["issues"]
    same = [i for i in issues if i["code"] == "anomaly-same-as-previous"]
    assert [(i["file"], i["field"]) for i in same] == [(str(tmp_path / "now" / "2.xlsx"), None)]
    assert same[0]["message"] == f"{tmp_path / 'now' / '2.xlsx'}：第2区工信局 本年度填报数字与去年完全相同，可能报送了去年的表，请核实。"


def test_median_without_one_value():
    from anquanyue.merging.anomalies import median_without

    values = [1.0, 2.0, 3.0, 10.0, 40.0]
    for v in values:
        rest = list(values)
        rest.remove(v)
        import statistics

        assert median_without(values, v) == statistics.median(rest)


# log10 values as cross_unit holds them, NaN where a unit left the blank at 0; shapes on both sides of numpy's own
# switch (a masked array below 600 along the axis, one line at a time above)
# (never -0.0: log10 of a positive number is +0.0 at 1, and x - x is +0.0; numpy itself gives -0.0 for it one way
# and +0.0 the other); ties from the grid of thousandths
_LOGS = st.floats(min_value=-3, max_value=9, allow_nan=False, allow_subnormal=False).map(lambda x: x + 0.0) | \
    st.integers(-3000, 9000).map(lambda i: i / 1000) | st.just(float("nan"))


@settings(max_examples=200, deadline=None)
@given(arrays(float, st.tuples(st.integers(1, 12), st.integers(1, 12)), elements=_LOGS), st.sampled_from([0, 1]))
def test_nanmedian_is_numpys_bit_for_bit(a, axis):
    if (~np.isnan(a)).any(axis=axis).all():
        assert nanmedian(a, axis).tobytes() == np.nanmedian(a, axis=axis).tobytes()
    line = a[:, 0][~np.isnan(a[:, 0])]
    if line.size:  # one line, as the modified z-scores take it: numpy's median
        assert nanmedian(line, 0).tobytes() == np.median(line).tobytes()


def test_nanmedian_is_numpys_bit_for_bit_for_many_units():
    rng = np.random.default_rng(2023)
    for rows in (599, 600, 601, 1000, 1001):
        a = np.log10(rng.lognormal(3, 1.5, size=(rows, 33)))
        a[rng.random(a.shape) < 0.3] = np.nan
        for axis in (0, 1):
            assert nanmedian(a, axis).tobytes() == np.nanmedian(a, axis=axis).tobytes()


def test_nanmedian_of_lines_with_an_even_and_an_odd_count():
    a = np.array([[1.0, 2.0, np.nan, 4.0], [5.0, np.nan, 7.0, 0.5]])
    assert nanmedian(a, axis=1).tolist() == [2.0, 5.0]
    assert nanmedian(a, axis=0).tolist() == [3.0, 2.0, 7.0, 2.25]


def test_the_checks_come_without_numpys_masked_arrays():
    """numpy.ma (17 ms to import) came with np.nanmedian's small-array path; the checks on real forms need none."""
    import subprocess
    import sys

    code = ("import sys\nfrom pathlib import Path\nfrom anquanyue.merging.merge import merge\n"
            "result = merge([Path(sys.argv[1])], date='2023-06-30')\n"
            "print(len(result.included_results), 'numpy' in sys.modules, 'numpy.ma' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code, str(SAMPLES / "weihai-2023")], capture_output=True,
                          text=True, timeout=120)
    assert done.stdout.split() == ["10", "True", "False"], done.stderr
