"""``status``: before the deadline, who has reported, whose form is broken, who is missing — for cron."""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from anquanyue.chasing.roster import Roster
from anquanyue.formdata import chinese_date
from anquanyue.issues import make
from anquanyue.merging.classify import FileEntry, classify, target_schema
from anquanyue.merging.selection import supersedes
from anquanyue.reading.reader import FileResult
from anquanyue.reading.validate import read_inbox
from anquanyue.schema import Schema, load_schema


STATE_NAMES = {"received": "已报", "invalid": "有错误", "unreadable": "收到但无法读取", "missing": "未报"}


@dataclass(slots=True)
class UnitStatus:
    unit: str  # as on the roster
    state: Literal["received", "invalid", "unreadable", "missing"]
    file: str | None = None
    date: str | None = None
    on_time: bool | None = None
    name_on_form: str | None = None
    match: str | None = None  # exact / alias / fuzzy, or file-name when the form does not say which unit it is
    errors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class StatusResult:
    as_of: str
    deadline: str | None
    days_left: int | None
    schema_id: str | None
    title: str | None
    issuer: str | None
    units: list[UnitStatus]
    unknown: list[dict]
    unreadable: list[dict]
    warnings: list[str]

    def by_state(self, state: str) -> list[UnitStatus]:
        return [u for u in self.units if u.state == state]

    @property
    def exit_code(self) -> int:
        return 0 if all(u.state == "received" for u in self.units) and not self.unreadable else 1

    def to_json(self) -> dict:
        def entry(u: UnitStatus) -> dict:
            out = asdict(u)
            del out["state"]
            return out

        return {"as_of": self.as_of, "deadline": self.deadline, "days_left": self.days_left,
                "schema": self.schema_id,
                "received": [entry(u) for u in self.by_state("received")],
                "invalid": [entry(u) for u in self.by_state("invalid")],
                "unreadable_units": [entry(u) for u in self.by_state("unreadable")],
                "missing": [{"unit": u.unit} for u in self.by_state("missing")],
                "unknown": self.unknown, "unreadable": self.unreadable, "warnings": self.warnings}


@dataclass(slots=True)
class UnitStates:
    """Every roster unit's state, the forms of units not on it, the files no unit can be found for."""

    units: list[UnitStatus]
    unknown: list[dict]
    unreadable: list[dict]
    warnings: list[str]


def unit_states(results: list[FileResult], entries: list[FileEntry], roster: Roster,
                deadline: dt.date | None) -> UnitStates:
    """The roster against files already read and sorted (``merging.classify``): used by status and merge."""
    found: dict[str, UnitStatus] = {}
    counting: dict[str, FileResult] = {}
    unknown, unreadable, warnings = [], [], []
    by_file_name: dict[str, UnitStatus] = {}
    for entry, report in zip(entries, results):
        if entry.status in ("ignored", "superseded"):
            continue
        reasons = [i.message for i in entry.reasons]
        if not report.is_form or not report.unit:
            guessed = roster.match_file(entry.file)
            if guessed is None:
                unreadable.append({"file": entry.file, "reasons": reasons})
            elif guessed.name not in by_file_name:  # 收到但无法读取 / 未填写填报单位: the unit is told what to fix
                note = make("unit-from-file-name", location=entry.file, unit=guessed.name) if report.is_form else None
                by_file_name[guessed.name] = UnitStatus(
                    unit=guessed.name, state="invalid" if report.is_form else "unreadable", file=entry.file,
                    date=report.date, match="file-name",
                    errors=[note.message, *(i.message for i in entry.reasons if i.code != "unit-missing")]
                    if note else reasons)
            continue
        matched = roster.match(report.unit)
        if matched is None:
            unknown.append({"unit": report.unit, "file": entry.file, "date": report.date})
            continue
        if matched.how == "fuzzy":
            warnings.append(make("unit-fuzzy-match", location=entry.file, unit=report.unit,
                                 roster_unit=matched.unit.name, score=matched.score).message)
        state = "received" if entry.status in ("included", "subtotal") else "invalid"
        on_time = None if deadline is None or report.date is None else report.date <= deadline.isoformat()
        current = UnitStatus(unit=matched.unit.name, state=state, file=entry.file, date=report.date,
                             on_time=on_time, name_on_form=report.unit, match=matched.how,
                             errors=[] if state == "received" else reasons)
        previous = counting.get(matched.unit.name)
        if previous is None or supersedes(report, previous):  # two names of one roster unit: the same rule
            found[matched.unit.name], counting[matched.unit.name] = current, report
    units = [found.get(u.name) or by_file_name.get(u.name) or UnitStatus(unit=u.name, state="missing")
             for u in roster.units]
    return UnitStates(units=units, unknown=unknown, unreadable=unreadable, warnings=warnings)


def status(paths: list[str | Path], roster: Roster, *, schema: Schema | str | None = None,
           as_of: str | None = None) -> StatusResult:
    """Who has reported, whose form is broken, who is missing: the inbox read and sorted as merge sorts it."""
    forced = load_schema(schema) if schema is not None else None
    return status_of(read_inbox(paths, forced), roster, schema=forced, as_of=as_of)


def status_of(results: list[FileResult], roster: Roster, *, schema: Schema | str | None = None,
              as_of: str | None = None) -> StatusResult:
    """``status`` of forms already read (one result per form of each file, in order, as ``read_inbox`` gives
    them): no file is read here (the desk reads its inbox once for the merge and the roster)."""
    today = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
    forced = load_schema(schema) if schema is not None else None
    chosen = forced or target_schema(results)
    deadline = chosen.deadline if chosen else None
    states = unit_states(results, classify(results, chosen).entries, roster, deadline)
    return StatusResult(
        as_of=today.isoformat(), deadline=deadline.isoformat() if deadline else None,
        days_left=(deadline - today).days if deadline else None, schema_id=chosen.id if chosen else None,
        title=chosen.title if chosen else None, issuer=chosen.issuer if chosen else None, units=states.units,
        unknown=states.unknown, unreadable=states.unreadable, warnings=states.warnings)


def notice_text(result: StatusResult) -> str:
    """A ready-to-send 催报 message: the deadline, who is missing, and what each broken form must fix."""
    title = f"《{result.title}》" if result.title else "“安全生产月”活动进展情况统计表"
    lines = ["关于报送“安全生产月”活动进展情况统计表的催报通知", "", "各有关单位："]
    if result.deadline:
        left = result.days_left
        when = f"还剩 {left} 天" if left and left > 0 else ("今天截止" if left == 0 else f"已逾期 {-left} 天")
        lines.append(f"{title}报送截止时间为{chinese_date(result.deadline)}（{when}）。截至{chinese_date(result.as_of)}，情况如下：")
    else:
        lines.append(f"{title}报送情况如下（截至{chinese_date(result.as_of)}）：")
    missing, late = result.by_state("missing"), [u for u in result.by_state("received") if u.on_time is False]
    sections: list[list[str]] = []
    if missing:
        sections.append([f"尚未报送的单位（{len(missing)} 个）：{'、'.join(u.unit for u in missing)}。请尽快报送。"])
    for state, heading in (("invalid", "已报送但表中有错误、需修改后重新报送的单位"),
                           ("unreadable", "已收到文件但无法读取、需重新报送的单位")):
        units = result.by_state(state)
        if units:
            section = [f"{heading}（{len(units)} 个）："]
            for k, unit in enumerate(units, 1):
                section.append(f"  {k}. {unit.unit}（文件 {Path(unit.file).name}）：")
                section += [f"     - {message}" for message in unit.errors]
            sections.append(section)
    if late:
        sections.append([f"逾期报送的单位：{'、'.join(u.unit for u in late)}。"])
    for number, section in zip("一二三四", sections):
        lines += [f"{number}、{section[0]}", *section[1:]]
    if all(u.state == "received" for u in result.units):
        lines.append("名单上的单位均已报送且无错误，感谢配合。")
    lines += ["", result.issuer or "", chinese_date(result.as_of)]
    return "\n".join(lines).rstrip() + "\n"
