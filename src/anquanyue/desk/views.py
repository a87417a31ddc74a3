"""What the page shows, built from the library's results: the status rows, one form as read, the anomaly list
and the chart. Only public fields are used (``issue.message``, ``.code``, ``.field``, ``.location``)."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from anquanyue.chasing.status import STATE_NAMES, StatusResult
from anquanyue.merging.merge import STATUS_NAMES, MergeResult
from anquanyue.reading.reader import FileResult

UNREADABLE = "无法读取"  # a file no unit could be found for


@dataclass
class Row:
    unit: str
    state: str  # received / invalid / missing / unreadable / unknown
    state_name: str
    file: str | None = None  # relative to the inbox: what the unit page is opened with
    date: str | None = None
    on_time: bool | None = None
    problems: list[str] = field(default_factory=list)
    note: str = ""


def relative(inbox: Path, file: str | None) -> str | None:
    if not file:
        return None
    try:
        return Path(file).relative_to(inbox).as_posix()
    except ValueError:
        return Path(file).name


def roster_rows(inbox: Path, result: StatusResult) -> list[Row]:
    rows = []
    for unit in result.units:
        note = "" if unit.match in (None, "exact") else f"表上写作“{unit.name_on_form}”"
        rows.append(Row(unit=unit.unit, state=unit.state, state_name=STATE_NAMES[unit.state],
                        file=relative(inbox, unit.file), date=unit.date, on_time=unit.on_time,
                        problems=list(unit.errors), note=note))
    return rows


def outside_rows(inbox: Path, result: StatusResult) -> list[Row]:
    """Forms of units not on the roster, then files that could not be read as a form at all."""
    rows = [Row(unit=entry["unit"], state="unknown", state_name="名单外", file=relative(inbox, entry["file"]),
                date=entry.get("date")) for entry in result.unknown]
    rows += [Row(unit="—", state="unreadable", state_name=UNREADABLE,
                 file=relative(inbox, entry["file"]), problems=list(entry["reasons"])) for entry in result.unreadable]
    return rows


def other_files(inbox: Path, merged: MergeResult) -> list[Row]:
    """With a roster: the files that count for no unit (sent again and replaced, or not a form at all)."""
    rows = []
    for entry in merged.files:
        if entry.status == "superseded":
            rows.append(Row(unit=entry.unit or "—", state="superseded", state_name="被更正版替代",
                            file=relative(inbox, entry.file), date=entry.date,
                            note=f"以 {relative(inbox, entry.by)} 为准"))
        elif entry.status == "ignored":
            rows.append(Row(unit="—", state="ignored", state_name="已忽略", file=relative(inbox, entry.file),
                            note=entry.reasons[0].message if entry.reasons else ""))
    return rows


def file_rows(inbox: Path, merged: MergeResult) -> list[Row]:
    """Without a roster: one row per file, as merge sorted it."""
    names = {"included": "已报", "excluded": "有错误", "superseded": "被更正版替代", "ignored": "已忽略"}
    rows = []
    for entry in merged.files:
        state = entry.status
        if state == "excluded" and not entry.unit:
            state_name = UNREADABLE
        else:
            state_name = names.get(state, STATUS_NAMES[state])
        note = f"以 {relative(inbox, entry.by)} 为准" if entry.by else ""
        rows.append(Row(unit=entry.unit or "—", state=state, state_name=state_name, file=relative(inbox, entry.file),
                        date=entry.date, problems=[i.message for i in entry.reasons] if state != "superseded" else [],
                        note=note))
    return rows


@dataclass
class BlankView:
    code: str
    label: str
    unit: str
    value: int | None
    location: str | None
    problems: list[str]


@dataclass
class ItemView:
    title: str
    parts: list[tuple[str, str]]  # ("text", literal) / ("blank", code)
    blanks: dict[str, BlankView]


def form_view(report: FileResult) -> dict:
    """One form as read: each item's prose with the values in its blanks, every blank with code, label, value,
    place and problems; the item-7 records; problems that belong to no blank."""
    by_field: dict[str, list[str]] = {}
    general = []
    for issue in report.issues:
        if issue.field:
            by_field.setdefault(issue.field, []).append(issue.message)
        else:
            general.append({"message": issue.message, "severity": issue.severity})
    items: list[ItemView] = []
    other = None
    schema = report.form_schema
    if schema is not None:
        for item in schema.items:
            blanks = {code: BlankView(code=code, label=item.blanks[code].label, unit=item.blanks[code].unit,
                                      value=report.values.get(code), location=report.locations.get(code),
                                      problems=by_field.pop(code, [])) for code in item.codes}
            items.append(ItemView(title=schema.item_row_title(item), parts=item.parts(), blanks=blanks))
        other = {"title": schema.item_row_title(schema.other), "count": schema.other.count,
                 "people": schema.other.people, "records": report.other_activities}
    leftover = [message for messages in by_field.values() for message in messages]
    return {"schema": schema, "items": items, "other": other,
            "general": general + [{"message": m, "severity": "error"} for m in leftover],
            "errors": len(report.errors), "warnings": len(report.issues) - len(report.errors)}


def anomalies(merged: MergeResult) -> list[dict]:
    """Merge's warnings about the numbers (outliers, copies, last year's figures): what to check before sending."""
    return [{"message": i.message, "field": i.field, "code": i.code} for i in merged.issues
            if i.code.startswith("anomaly-") or i.code == "code-not-in-target"]


def chart(merged: MergeResult) -> dict | None:
    """Participants (人次) per included unit, for a bar chart drawn by the page's CSS."""
    schema = merged.form_schema
    if schema is None:
        return None
    codes = [code for code, blank in schema.blanks.items() if blank.unit == "人次"]
    if not codes:
        return None
    bars = []
    for report in merged.included_results:
        total = sum(report.values.get(code) or 0 for code in codes)
        total += sum(record.people or 0 for record in report.other_activities) if schema.other.people.code in codes else 0
        bars.append({"unit": report.unit or Path(report.file).name, "value": total})
    if not bars:
        return None
    bars.sort(key=lambda bar: -bar["value"])
    top = max(bar["value"] for bar in bars) or 1
    for bar in bars:
        bar["percent"] = round(100 * bar["value"] / top, 1)
    return {"title": "各单位参与人次合计（计入汇总的表）", "bars": bars}


def totals_view(merged: MergeResult) -> list[dict]:
    schema = merged.form_schema
    if schema is None:
        return []
    return [{"code": code, "label": schema.blanks[code].label, "unit": schema.blanks[code].unit,
             "value": merged.totals.get(code, 0)} for code in schema.total_codes]
