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
import math
import statistics
from collections import defaultdict
from pathlib import Path

from .issues import Issue, make
from .reader import FormReport, read_form
from .collect import collect, ignore_reason
from .schema import AnomalySettings, Schema
from .textnorm import unit_key

MIN_NONZERO_FOR_COPY = 5  # identical forms with fewer non-zero values are too likely to be honest


def _fmt(x: float) -> str:
    return f"{x:.0f}" if x >= 100 else f"{x:.3g}"


def modified_z(values: list[float]) -> list[float]:
    """Iglewicz–Hoaglin modified z-scores; MAD = 0 falls back to the mean absolute deviation (× 1.2533)."""
    median = statistics.median(values)
    deviations = [abs(v - median) for v in values]
    mad = statistics.median(deviations)
    if mad > 0:
        return [0.6745 * (v - median) / mad for v in values]
    mean_ad = sum(deviations) / len(deviations)
    if mean_ad > 0:
        return [(v - median) / (1.253314 * mean_ad) for v in values]
    return [0.0 for _ in values]


def median_without(ordered: list[float], value: float) -> float:
    """The median of a sorted list with one occurrence of ``value`` left out, in O(log n)."""
    index = bisect.bisect_left(ordered, value)
    n = len(ordered) - 1

    def at(k: int) -> float:  # k-th element of the list without ordered[index]
        return ordered[k if k < index else k + 1]

    return at(n // 2) if n % 2 else (at(n // 2 - 1) + at(n // 2)) / 2


def _outliers(points: list[tuple[FormReport, float]], settings: AnomalySettings):
    """(report, value, median of the others, factor) for each point far from the rest on a log scale."""
    positive = [(r, v) for r, v in points if v > 0]
    if len(positive) < settings.min_units:
        return
    scores = modified_z([math.log10(v) for _, v in positive])
    ordered = sorted(v for _, v in positive)
    for (report, value), z in zip(positive, scores):
        if abs(z) <= settings.z_threshold:
            continue
        median = median_without(ordered, value)
        factor = max(value / median, median / value)
        if abs(z) > settings.z_threshold and factor >= settings.min_factor:
            yield report, value, median, factor


MIN_BLANKS_FOR_SIZE = 5


def unit_sizes(included: list[FormReport], codes: list[str], min_units: int) -> tuple[dict, dict]:
    """Per blank, the median of log10 values; per unit, its size: median log-distance from those medians."""
    logs = {code: {k: math.log10(r.values[code]) for k, r in enumerate(included) if (r.values.get(code) or 0) > 0}
            for code in codes}
    medians = {code: statistics.median(v.values()) for code, v in logs.items() if len(v) >= min_units}
    sizes = {}
    for k in range(len(included)):
        distances = [logs[c][k] - medians[c] for c in medians if k in logs[c]]
        sizes[k] = statistics.median(distances) if len(distances) >= MIN_BLANKS_FOR_SIZE else 0.0
    return medians, sizes


def cross_unit(included: list[FormReport], schema: Schema) -> list[Issue]:
    settings, issues = schema.anomaly, []
    medians, sizes = unit_sizes(included, schema.codes, settings.min_units)
    for code, median_log in medians.items():
        points = [(k, r) for k, r in enumerate(included) if (r.values.get(code) or 0) > 0]
        residuals = [math.log10(r.values[code]) - median_log - sizes[k] for k, r in points]
        for (k, report), z in zip(points, modified_z(residuals)):
            value = report.values[code]
            expected = 10 ** (median_log + sizes[k])
            if abs(z) <= settings.z_threshold or max(value / expected, expected / value) < settings.min_factor:
                continue
            others = median_without(sorted(r.values[code] for _, r in points), value)
            issues.append(make("anomaly-outlier", location=report.locations.get(code, report.file), field=code,
                               file=report.file, unit=report.unit, label=schema.blanks[code].label, value=value,
                               median=_fmt(others), factor=_fmt(max(value / others, others / value)),
                               expected=_fmt(expected)))
    for pair in schema.rules.pairs:
        points = [(r, r.values[pair.participants] / r.values[pair.sessions]) for r in included
                  if (r.values.get(pair.sessions) or 0) > 0 and (r.values.get(pair.participants) or 0) > 0]
        for report, ratio, median, factor in _outliers(points, settings):
            issues.append(make("anomaly-ratio", location=report.locations.get(pair.participants, report.file),
                               field=pair.participants, file=report.file, unit=report.unit,
                               sessions=pair.sessions, ratio=_fmt(ratio), median=_fmt(median), factor=_fmt(factor)))
    return issues


def copied_and_constant(included: list[FormReport], schema: Schema) -> list[Issue]:
    issues, seen = [], {}
    for report in included:
        values = tuple(report.values.get(code) or 0 for code in schema.codes)
        distinct = set(values)
        if len(distinct) == 1 and values[0] > 0:
            issues.append(make("anomaly-constant", location=report.file, file=report.file, unit=report.unit,
                               value=values[0]))
        if sum(1 for v in values if v) < MIN_NONZERO_FOR_COPY:
            continue
        first = seen.get(values)
        if first is not None and unit_key(first.unit or "") != unit_key(report.unit or ""):
            issues.append(make("anomaly-copied", location=report.file, file=report.file, unit=report.unit,
                               other=f"{first.unit}（{first.file}）"))
        seen.setdefault(values, report)
    return issues


def read_previous(paths: list[str | Path]) -> dict[str, FormReport]:
    """Last year's forms or deliverables by normalised unit name (any schema with the same codes)."""
    previous: dict[str, FormReport] = {}
    for path in collect(paths):
        if ignore_reason(path):
            continue
        report = read_form(path)
        if report.is_form and report.unit and not report.errors:
            key = unit_key(report.unit)
            if key not in previous or (report.date or "") > (previous[key].date or ""):
                previous[key] = report
    return previous


def hidiroglou_berthelot(pairs: list[tuple[FormReport, float, float]], settings: AnomalySettings):
    """(report, x, y) pairs of last year's and this year's value → the pairs flagged as outliers."""
    usable = [(r, x, y) for r, x, y in pairs if x > 0 and y > 0]
    if len(usable) < max(5, settings.min_units // 2):
        return []
    ratios = [y / x for _, x, y in usable]
    r_med = statistics.median(ratios)
    scores = []
    for (report, x, y), ratio in zip(usable, ratios):
        s = 1 - r_med / ratio if ratio < r_med else ratio / r_med - 1
        scores.append(s * max(x, y) ** settings.hb_u)
    q1, e_med, q3 = statistics.quantiles(scores, n=4, method="inclusive")
    d_q1 = max(e_med - q1, abs(settings.hb_a * e_med))
    d_q3 = max(q3 - e_med, abs(settings.hb_a * e_med))
    low, high = e_med - settings.hb_c * d_q1, e_med + settings.hb_c * d_q3
    return [(r, x, y) for (r, x, y), e in zip(usable, scores) if e < low or e > high]


def period_over_period(included: list[FormReport], schema: Schema, previous: dict[str, FormReport]) -> list[Issue]:
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


def find_anomalies(included: list[FormReport], schema: Schema,
                   previous: dict[str, FormReport] | None = None) -> list[Issue]:
    comparable = [r for r in included if r.schema_id and set(schema.codes) <= set(r.values)]
    issues = cross_unit(comparable, schema) + copied_and_constant(comparable, schema)
    if previous:
        issues += period_over_period(comparable, schema, previous)
    return issues


def count_by_unit(issues: list[Issue]) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for issue in issues:
        out[issue.file or ""] += 1
    return dict(out)
