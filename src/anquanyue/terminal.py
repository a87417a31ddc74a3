"""Rich terminal views of library results (kept out of cli.py so the CLI stays options → call → output)."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from anquanyue.issues import SEVERITY_NAMES

if TYPE_CHECKING:
    from rich.console import Console

    from anquanyue.reading.reader import FileResult

# rich's progress bar and tables, and the merge and status vocabularies, are imported by the views that use them:
# ``validate`` of one form loads only rich's console (issue 19).

REFRESH_SECONDS = 0.1  # the progress bar is redrawn at most this often
_COLOUR = {"error": "red", "warning": "yellow", "info": "cyan"}
SEVERITY = {k: f"[{_COLOUR[k]}]{name}[/{_COLOUR[k]}]" for k, name in SEVERITY_NAMES.items()}


@contextmanager
def reading_progress(console: Console | None, show: bool) -> Iterator[Callable[[int, int, str], None] | None]:
    """A progress bar while forms are read: yields the callback the library calls after each file.

    The bar is redrawn from that callback, at most every ``REFRESH_SECONDS`` (and at the last file), never by a
    thread of its own: the reading forks its worker processes meanwhile, and forking a process that runs another
    thread may copy a lock that thread holds (the standard streams' among them) into every worker."""
    if not show:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (TextColumn("读取统计表"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
               TextColumn("{task.description}"))
    with Progress(*columns, console=console, transient=True, auto_refresh=False) as progress:
        task = progress.add_task("", total=None)
        shown = [0.0]

        def step(done: int, total: int, name: str) -> None:
            progress.update(task, completed=done, total=total, description=Path(name).name)
            now = time.monotonic()
            if now - shown[0] >= REFRESH_SECONDS or done == total:
                shown[0] = now
                progress.refresh()

        yield step


def print_file_result(console: Console, report: FileResult) -> None:
    schema = report.form_schema
    head = f"[bold]{report.file}[/bold]"
    if report.ignored is not None:
        console.print(f"{head}\n  [cyan]已忽略[/cyan]：{report.ignored.text}\n")
        return
    if schema:
        head += f" — {schema.title}（{schema.id}，{report.sheet}）"
    console.print(head)
    if report.is_form:
        console.print(f"  填报单位：{report.unit or '（未填写）'}  联系人：{report.contact or '—'}  "
                      f"电话：{report.phone or '—'}  填报日期：{report.date or '—'}")
    if report.issues:
        from rich.table import Table

        table = Table(show_lines=False)
        for column in ("空格", "内容", "填写值", "级别", "位置", "说明"):
            table.add_column(column, overflow="fold")
        empty = [i for i in report.issues if i.code == "blank-empty"]
        shown = [i for i in report.issues if i.code != "blank-empty" or len(empty) <= 3]
        for issue in sorted(shown, key=lambda i: i.severity != "error"):
            label = schema.blanks[issue.field].label if schema and issue.field in schema.blanks else ""
            value = report.values.get(issue.field) if issue.field else None
            table.add_row(issue.field or "", label, "" if value is None else str(value),
                          SEVERITY[issue.severity], issue.location or "", issue.text)
        if len(empty) > 3:
            codes = "、".join(i.field for i in empty)
            table.add_row("", "", "", SEVERITY["warning"], "", f"{len(empty)} 个空格未填写（{codes}），汇总时按 0 计；如确为 0 请填写 0。")
        console.print(table)
    errors = len(report.errors)
    warnings = len(report.issues) - errors
    if not report.is_form:
        console.print(f"  [red]✗ 无法读取[/red]：{errors} 处错误")
        return
    read = sum(1 for v in report.values.values() if v is not None)
    values = "，".join(f"{code}={'空' if v is None else v}" for code, v in report.values.items())
    mark = "[green]✓ 通过[/green]" if report.ok else "[red]✗ 有错误[/red]"
    console.print(f"  {mark}：{errors} 处错误，{warnings} 条提醒；读出 {read}/{len(report.values)} 个空格，"
                  f"其他特色活动 {len(report.other_activities)} 项。{values}", soft_wrap=True)
    console.print()


def print_merge_summary(console: Console, result, written) -> None:
    from anquanyue.chasing.status import STATE_NAMES
    from anquanyue.merging.classify import STATUS_NAMES

    counts = "，".join(f"{STATUS_NAMES[s]} {len(result.entries(s))} 个" for s in STATUS_NAMES
                      if s != "subtotal" or result.entries(s))
    files = len({r.source_file for r in result.results}) or len(result.files)
    forms = f"（{len(result.files)} 张表）" if files != len(result.files) else ""  # a workbook of several forms
    console.print(f"共 {files} 个文件{forms}：{counts}。")
    for entry in result.entries("excluded"):
        console.print(f"  [red]未计入[/red] {entry.file}：{entry.reasons[0].text if entry.reasons else ''}"
                      + (f"（另有 {len(entry.reasons) - 1} 处）" if len(entry.reasons) > 1 else ""))
    for entry in result.entries("superseded"):
        console.print(f"  [yellow]被替代[/yellow] {entry.file} → 以 {entry.by} 为准")
    for entry in result.entries("subtotal"):
        console.print(f"  [yellow]汇总表[/yellow] {entry.file}：" + "".join(i.text for i in entry.reasons))
    notable = [i for i in result.issues if i.code not in ("blank-empty", "unit-superseded")]
    if notable:
        console.print(f"问题 {len(notable)} 条（前 10 条）：")
        for issue in notable[:10]:
            console.print(f"  {SEVERITY[issue.severity]} {issue.message}")
    if result.not_counted:
        console.print(f"[red]名单上未计入汇总的单位 {len(result.not_counted)} 个：[/red]")
        for unit in result.not_counted:
            console.print(f"  {unit.unit}：{STATE_NAMES[unit.state]}" + (f"（{Path(unit.file).name}）" if unit.file else "")
                          + (f"——{unit.errors[0]}" if unit.errors else ""), soft_wrap=True)
    elif result.not_counted is not None:
        console.print("[green]名单上的单位均已计入汇总。[/green]")
    if written is None and result.blocked:
        console.print(f"[red]上报表有 {len(result.not_mapped)} 个空格未能对应（{'、'.join(result.not_mapped)}），未生成上报表；"
                      "请在表样中写明对应关系（maps_to），或确认后加 --allow-partial 留空写出。[/red]")
        return
    if written is None:
        console.print("[red]没有读到任何可识别的统计表，未生成上报表。[/red]")
        return
    out, report = written
    console.print(f"上报表：{out}（{result.unit}，{result.date}）")
    console.print(f"工作报告：{report}")


_STATE_COLOUR = {"received": "green", "invalid": "red", "unreadable": "red", "missing": "yellow"}


def print_status(console: Console, result) -> None:
    from rich.table import Table

    from anquanyue.chasing.status import STATE_NAMES

    state = {name: f"[{colour}]{STATE_NAMES[name]}[/{colour}]" for name, colour in _STATE_COLOUR.items()}
    table = Table(title=f"{result.title or '统计表'} 报送情况（截至 {result.as_of}）")
    for column in ("单位", "状态", "文件", "填报日期", "说明"):
        table.add_column(column, overflow="fold")
    for unit in result.units:
        note = ""
        if unit.state in ("invalid", "unreadable"):
            note = f"{len(unit.errors)} 处错误：" + unit.errors[0]
        elif unit.on_time is False:
            note = "逾期报送"
        if unit.match == "fuzzy":
            note = (note + "；" if note else "") + f"表上写的是“{unit.name_on_form}”"
        table.add_row(unit.unit, state[unit.state], Path(unit.file).name if unit.file else "", unit.date or "", note)
    for entry in result.unknown:
        table.add_row(entry["unit"], "[magenta]名单外[/magenta]", Path(entry["file"]).name, entry.get("date") or "", "不在名单上")
    for entry in result.unreadable:
        table.add_row("（无法识别）", "[red]无法读取[/red]", Path(entry["file"]).name, "", entry["reasons"][0] if entry["reasons"] else "")
    console.print(table)
    for warning in result.warnings:
        console.print(f"[yellow]提醒[/yellow] {warning}")
    counts = (f"已报 {len(result.by_state('received'))}，有错误 {len(result.by_state('invalid'))}，"
              f"未报 {len(result.by_state('missing'))}，名单外 {len(result.unknown)}")
    if result.deadline:
        left = result.days_left
        when = f"还剩 {left} 天" if left > 0 else ("今天截止" if left == 0 else f"已逾期 {-left} 天")
        console.print(f"截止日期 {result.deadline}（{when}）：{counts}。")
    else:
        console.print(f"{counts}。")
