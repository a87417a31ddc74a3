"""Adding up the included forms onto the target form: every blank, and item 7's records with their units."""
from __future__ import annotations

import operator
from dataclasses import replace

from anquanyue.formdata import OtherActivity
from anquanyue.issues import Issue, make
from anquanyue.reading.reader import FileResult
from anquanyue.schema import Schema


def value_rows(results: list[FileResult], codes: list[str]) -> list[tuple[int, ...]]:
    """Each form's values for ``codes``, in order; a blank left empty (or absent) as 0, as it is summed."""
    getter = operator.itemgetter(*codes) if len(codes) > 1 else (lambda values: (values[codes[0]],))
    rows = []
    for result in results:
        try:
            row = getter(result.values)  # the common case, in C: every code there, none empty
        except KeyError:
            row = tuple(result.values.get(c) or 0 for c in codes)
        else:
            if None in row:
                row = tuple(v or 0 for v in row)
        rows.append(row)
    return rows


def sum_forms(included: list[FileResult], target: Schema) -> tuple[dict[str, int], dict[str, int], list[OtherActivity]]:
    """(totals of the target's blanks, totals of codes the target has no blank for, item 7's records).

    An empty blank counts 0 here, and only here."""
    codes = list(target.codes)
    extra = sorted(set().union(*(r.values.keys() for r in included)) - set(codes))
    columns = codes + extra
    summed = {code: sum(values) for code, values in zip(columns, zip(*value_rows(included, columns)))}
    totals = {code: summed.get(code, 0) for code in codes}
    records: list[OtherActivity] = []
    for result in included:
        for record in result.other_activities:  # a copy naming its unit: already validated, not again
            records.append(replace(record, unit=record.unit or result.unit))
    totals[target.other.count.code] = sum(r.count or 0 for r in records)
    totals[target.other.people.code] = sum(r.people or 0 for r in records)
    return totals, {code: summed.get(code, 0) for code in extra}, records


def unmapped_issues(included: list[FileResult], target: Schema, unmapped: dict[str, int]) -> list[Issue]:
    """Codes the inputs carry but the target form has no blank for: reported with their totals, never dropped."""
    out = []
    for code, value in unmapped.items():
        label = next((r.form_schema.blanks[code].label for r in included
                      if r.form_schema is not None and code in r.form_schema.blanks), code)
        out.append(make("code-not-in-target", location=target.id, field=code, label=label, target=target.id,
                        value=value))
    return out
