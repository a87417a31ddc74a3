"""Numbers that look wrong across units and against last year — warnings for the clerk, never corrections.

- per blank: median and MAD on a log scale (modified z-score, Iglewicz & Hoaglin) among the units that reported
  a positive value, after taking out each unit's own size (the median of its log-distances from the blank
  medians over all its blanks) — a small unit is small everywhere, a typo stands out against the unit's other
  blanks; a flag also needs the value ``min_factor`` times away from what the unit's size predicts;
- per participants-per-session ratio (size-free by nature): the same test on the ratios;
- against last year (``--previous``): the Hidiroglou–Berthelot method per blank, and a form identical to last year's;
- two different units with identical values (a copied form); a unit whose every value is the same number.
"""
from __future__ import annotations

import bisect
import statistics

import numpy as np

from anquanyue.issues import Issue, make
from anquanyue.merging.totals import value_rows
from anquanyue.reading.reader import FileResult
from anquanyue.schema import AnomalySettings, Schema
from anquanyue.reading.textnorm import unit_key

MIN_NONZERO_FOR_COPY = 5  # identical forms with fewer non-zero values are too likely to be honest


def _fmt(x: float) -> str:
    return f"{x:.0f}" if x >= 100 else f"{x:.3g}"


def modified_z(values) -> list[float]:
    """Iglewicz–Hoaglin modified z-scores; MAD = 0 falls back to the mean absolute deviation (× 1.2533)."""
    return _modified_z(np.asarray(values, dtype=float)).tolist()


def _modified_z(x: np.ndarray) -> np.ndarray:
    if x.size == 0:
        return x
    median = nanmedian(x, 0)
    deviations = np.abs(x - median)
    mad = nanmedian(deviations, 0)
    if mad > 0:
        return 0.6745 * (x - median) / mad
    mean_ad = deviations.mean()
    if mean_ad > 0:
        return (x - median) / (1.253314 * mean_ad)
    return np.zeros_like(x)


def nanmedian(a: np.ndarray, axis: int) -> np.ndarray:
    """``np.nanmedian(a, axis)`` (and so ``np.median`` where there is no NaN) for an array with at least one number
    in each line along ``axis`` and no -0.0 (log10 of positive numbers, and their differences): the same values,
    bit for bit (the middle one, or the two middle ones added and halved). numpy's own look for masked arrays, and
    importing ``numpy.ma`` for that took 17 ms of every merge."""
    ordered = np.sort(a, axis=axis)  # NaN last
    counts = (~np.isnan(ordered)).sum(axis=axis, keepdims=True)
    low = np.take_along_axis(ordered, (counts - 1) // 2, axis=axis)
    high = np.take_along_axis(ordered, counts // 2, axis=axis)
    return ((low + high) / 2.0).squeeze(axis)


def median_without(ordered: list[float], value: float) -> float:
    """The median of a sorted list with one occurrence of ``value`` left out, in O(log n)."""
    index = bisect.bisect_left(ordered, value)
    n = len(ordered) - 1

    def at(k: int) -> float:  # k-th element of the list without ordered[index]
        return ordered[k if k < index else k + 1]

    return at(n // 2) if n % 2 else (at(n // 2 - 1) + at(n // 2)) / 2


def _outliers(values: np.ndarray, reports: list[FileResult], settings: AnomalySettings):
    """(report, value, median of the others, factor) for each of the positive ``values`` (one for each of
    ``reports``) far from the rest on a log scale."""
    if len(values) < settings.min_units:
        return
    scores = _modified_z(np.log10(values))
    ordered = None
    for index in np.flatnonzero(np.abs(scores) > settings.z_threshold).tolist():
        if ordered is None:
            ordered = sorted(values.tolist())
        value = float(values[index])
        median = median_without(ordered, value)
        factor = max(value / median, median / value)
        if factor >= settings.min_factor:
            yield reports[index], value, median, factor


MIN_BLANKS_FOR_SIZE = 5


def cross_unit(included: list[FileResult], schema: Schema, rows: list[tuple[int, ...]] | None = None) -> list[Issue]:
    """Per blank: log-scale residuals after each unit's own size, judged by modified z; then the ratios."""
    settings, issues, codes = schema.anomaly, [], schema.codes
    if len(included) < settings.min_units:
        return issues
    matrix = np.array(value_rows(included, schema.codes) if rows is None else rows, dtype=float)
    positive = matrix > 0
    logs = np.where(positive, np.log10(np.where(positive, matrix, 1.0)), np.nan)
    usable = positive.sum(axis=0) >= settings.min_units
    medians = np.full(len(codes), np.nan)
    if usable.any():
        medians[usable] = nanmedian(logs[:, usable], axis=0)
    distances = logs[:, usable] - medians[usable]
    counted = (~np.isnan(distances)).sum(axis=1)
    sizes = np.zeros(len(included))
    enough = counted >= MIN_BLANKS_FOR_SIZE
    if enough.any():
        sizes[enough] = nanmedian(distances[enough], axis=1)
    for j in np.flatnonzero(usable):
        rows = np.flatnonzero(positive[:, j])
        residuals = logs[rows, j] - medians[j] - sizes[rows]
        expected = 10 ** (medians[j] + sizes[rows])
        values = matrix[rows, j]
        factors = np.maximum(values / expected, expected / values)
        flagged = (np.abs(_modified_z(residuals)) > settings.z_threshold) & (factors >= settings.min_factor)
        if not flagged.any():
            continue
        ordered = sorted(values.tolist())
        code = codes[j]
        for k in np.flatnonzero(flagged):
            report, value = included[rows[k]], int(values[k])
            others = median_without(ordered, value)
            issues.append(make("anomaly-outlier", location=report.locations.get(code, report.file), field=code,
                               file=report.file, unit=report.unit, label=schema.blanks[code].label, value=value,
                               median=_fmt(others), factor=_fmt(max(value / others, others / value)),
                               expected=_fmt(float(expected[k]))))
    column = {code: j for j, code in enumerate(codes)}
    for pair in schema.rules.pairs:
        s, p = matrix[:, column[pair.sessions]], matrix[:, column[pair.participants]]
        rows = np.flatnonzero((s > 0) & (p > 0))
        reports = [included[i] for i in rows.tolist()]
        for report, ratio, median, factor in _outliers(p[rows] / s[rows], reports, settings):
            issues.append(make("anomaly-ratio", location=report.locations.get(pair.participants, report.file),
                               field=pair.participants, file=report.file, unit=report.unit,
                               sessions=pair.sessions, ratio=_fmt(ratio), median=_fmt(median), factor=_fmt(factor)))
    return issues


def copied_and_constant(included: list[FileResult], schema: Schema,
                        rows: list[tuple[int, ...]] | None = None) -> list[Issue]:
    issues, seen = [], {}
    for report, values in zip(included, value_rows(included, schema.codes) if rows is None else rows):
        if values[0] > 0 and values.count(values[0]) == len(values):
            issues.append(make("anomaly-constant", location=report.file, file=report.file, unit=report.unit,
                               value=values[0]))
        if len(values) - values.count(0) < MIN_NONZERO_FOR_COPY:
            continue
        first = seen.get(values)
        if first is not None and unit_key(first.unit or "") != unit_key(report.unit or ""):
            issues.append(make("anomaly-copied", location=report.file, file=report.file, unit=report.unit,
                               other=f"{first.unit}（{first.file}）"))
        seen.setdefault(values, report)
    return issues


def hidiroglou_berthelot(pairs: list[tuple[FileResult, float, float]], settings: AnomalySettings):
    """(report, x, y) pairs of last year's and this year's value → the pairs flagged as outliers."""
    usable = [(r, x, y) for r, x, y in pairs if x > 0 and y > 0]
    if len(usable) < max(5, settings.min_units // 2):
        return []
    ratios = [y / x for _, x, y in usable]
    r_med = statistics.median(ratios)
    scores = []
    for (_report, x, y), ratio in zip(usable, ratios):
        s = 1 - r_med / ratio if ratio < r_med else ratio / r_med - 1
        scores.append(s * max(x, y) ** settings.hb_u)
    q1, e_med, q3 = statistics.quantiles(scores, n=4, method="inclusive")
    d_q1 = max(e_med - q1, abs(settings.hb_a * e_med))
    d_q3 = max(q3 - e_med, abs(settings.hb_a * e_med))
    low, high = e_med - settings.hb_c * d_q1, e_med + settings.hb_c * d_q3
    return [(r, x, y) for (r, x, y), e in zip(usable, scores) if e < low or e > high]


def period_over_period(included: list[FileResult], schema: Schema, previous: dict[str, FileResult]) -> list[Issue]:
    issues = []
    matched = [(r, previous[unit_key(r.unit)]) for r in included if r.unit and unit_key(r.unit) in previous]
    for report, last in matched:
        now = [report.values.get(c) or 0 for c in schema.codes if c in last.values]
        before = [last.values.get(c) or 0 for c in schema.codes if c in last.values]
        if now and now == before and any(now):
            issues.append(make("anomaly-same-as-previous", location=report.file, file=report.file, unit=report.unit))
    for code in schema.codes:
        pairs = [(r, float(last.values.get(code) or 0), float(r.values.get(code) or 0)) for r, last in matched
                 if code in last.values]
        for report, x, y in hidiroglou_berthelot(pairs, schema.anomaly):
            issues.append(make("anomaly-period", location=report.locations.get(code, report.file), field=code,
                               file=report.file, unit=report.unit, label=schema.blanks[code].label,
                               value=int(y), previous=int(x)))
    return issues


def find_anomalies(included: list[FileResult], schema: Schema,
                   previous: dict[str, FileResult] | None = None) -> list[Issue]:
    codes = set(schema.codes)
    comparable = [r for r in included if r.schema_id and codes <= r.values.keys()]
    rows = value_rows(comparable, schema.codes)
    issues = cross_unit(comparable, schema, rows) + copied_and_constant(comparable, schema, rows)
    if previous:
        issues += period_over_period(comparable, schema, previous)
    return issues
