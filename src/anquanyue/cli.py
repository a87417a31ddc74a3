"""Command line: options → one library call → output. Exit 0 ok, 1 problems found, 2 usage mistakes."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from anquanyue import __version__
from anquanyue.cli_chinese import ChineseGroup, version_option

if TYPE_CHECKING:
    from rich.console import Console

    from anquanyue.schema import Schema

# The library, pydantic, numpy and rich are imported by the commands that use them, not here: `--help` and a
# usage mistake answer without loading them (issue 19).


def _console() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=False)


def _schema(ref: str | None, inbox=()) -> Schema | None:
    """A schema by id or path: built-in, registered, or in a ``schemas`` folder by the ``inbox`` paths given."""
    from anquanyue.schema import SchemaError

    if ref is None:
        return None
    from anquanyue.schema.registry import Registry

    try:
        return Registry.discover(inbox).get(ref)
    except SchemaError as exc:
        raise click.UsageError(str(exc)) from None


@click.group(cls=ChineseGroup, context_settings={"help_option_names": ["-h", "--help"]})
@version_option(__version__, prog_name="anquanyue")
def main() -> None:
    """安全月：“安全生产月”活动进展情况统计表的校验、汇总与催报。"""


_INBOX_HELP = "收件文件夹：其中或旁边的 schemas 文件夹里的表样也列出"


@main.group(invoke_without_command=True)
@click.option("--inbox", type=click.Path(exists=True, path_type=Path), help=_INBOX_HELP)
@click.pass_context
def schemas(ctx: click.Context, inbox: Path | None) -> None:
    """列出表样（内置的和已登记的）及其来源；子命令 show、infer、add、remove。"""
    from rich.table import Table

    if ctx.invoked_subcommand is not None:
        return
    from anquanyue.schema.registry import ORIGINS, Registry

    entries = _registry_entries(Registry.discover([inbox] if inbox else []))
    table = Table(title="表样")
    for column in ("ID", "标题", "年度", "截止日期", "空格数", "来源"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        schema = entry.schema
        deadline = schema.deadline.isoformat() if schema.deadline else "—"
        origin = ORIGINS[entry.origin] if entry.origin == "builtin" else f"{ORIGINS[entry.origin]}：{entry.file}"
        table.add_row(schema.id, schema.title, str(schema.year), deadline, str(len(schema.codes)), origin)
    _console().print(table)


def _registry_entries(registry):
    from anquanyue.schema import SchemaError

    try:
        return registry.entries()
    except SchemaError as exc:
        raise click.UsageError(str(exc)) from None


@schemas.command("show")
@click.argument("schema_ref", metavar="ID|PATH")
@click.option("--yaml", "as_yaml", is_flag=True, help="打印表样的 YAML 原文（可复制后修改）")
@click.option("--inbox", type=click.Path(exists=True, path_type=Path), help=_INBOX_HELP)
def schemas_show(schema_ref: str, as_yaml: bool, inbox: Path | None) -> None:
    """显示一张表样的项目、空格代码、内容和单位。"""
    from rich.table import Table
    from anquanyue.schema import SchemaError
    from anquanyue.schema.registry import Registry

    registry = Registry.discover([inbox] if inbox else [])
    _registry_entries(registry)
    try:
        schema = registry.get(schema_ref)
    except SchemaError as exc:
        raise click.UsageError(str(exc)) from None
    if as_yaml:
        click.echo(_schema_text(registry, schema), nl=False)
        return
    console = _console()
    deadline = schema.deadline.isoformat() if schema.deadline else "未规定"
    console.print(f"{schema.title}（{schema.id}，{schema.issuer}，截止 {deadline}）")
    table = Table()
    for column in ("项目", "代码", "统计内容", "单位"):
        table.add_column(column, overflow="fold")
    for item in schema.items:
        for index, code in enumerate(item.codes):
            blank = item.blanks[code]
            table.add_row(schema.item_row_title(item) if index == 0 else "", code, blank.label, blank.unit)
    other = schema.other
    table.add_row(schema.item_row_title(other), other.count.code, other.count.label, other.count.unit)
    table.add_row("", other.people.code, other.people.label, other.people.unit)
    console.print(table)
    if schema.rules.pairs:
        console.print("场次与人次：" + "，".join(f"{p.sessions}→{p.participants}" for p in schema.rules.pairs))
    for other_id, mapping in schema.maps_to.items():
        console.print(f"汇总到 {other_id}：声明了 {len(mapping)} 个空格的对应关系")


def _schema_text(registry, schema: Schema) -> str:
    from anquanyue.schema.model import builtin_text

    for entry in registry.entries():
        if entry.schema.id == schema.id and entry.origin == "builtin" and schema.ref == schema.id:
            return builtin_text(schema.id)
    try:
        return Path(schema.ref).read_text(encoding="utf-8")
    except OSError as exc:
        from anquanyue.issues import os_error_text

        raise click.UsageError(f"{schema.ref}: 无法读取表样文件：{os_error_text(exc)}") from None


@schemas.command("infer")
@click.argument("blank", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="写出的表样文件 .yaml")
@click.option("--id", "schema_id", help="表样 ID（默认取输出文件名，如 weihai-2024）")
@click.option("--issuer", help="下发单位全称（默认从标题推断）")
@click.option("--year", type=int, help="年度（默认从标题或文件名推断）")
@click.option("--deadline", "deadline_text", help="报送截止日期，如 2024-06-30")
@click.option("--like", "like_ref", metavar="ID|PATH",
              help="上一年度（或别处）的表样：写出到它的对应关系 maps_to（文字和单位相同的空格），供核对")
def schemas_infer(blank: Path, output: Path, schema_id: str | None, issuer: str | None, year: int | None,
                  deadline_text: str | None, like_ref: str | None) -> None:
    """从下发的空白统计表（.docx/.xlsx/.xls）推断表样，写出带注释的 YAML，供核对后登记。"""
    from anquanyue.writing.atomic import OutputError
    from anquanyue.schema import SchemaError
    import datetime as dt

    from anquanyue.reading.document import LoadError
    from anquanyue.schema.infer_file import infer_file

    if output.suffix.lower() not in (".yaml", ".yml"):
        raise click.UsageError(f"{output}：表样文件应以 .yaml 结尾。")
    deadline = None
    if deadline_text is not None:
        iso = _date_option(deadline_text)
        deadline = dt.date.fromisoformat(iso)
    try:
        inferred, text = infer_file(blank, output, schema_id=schema_id or output.stem, issuer=issuer, year=year,
                                    deadline=deadline, like=_schema(like_ref))
    except (SchemaError, LoadError, OutputError) as exc:
        from anquanyue.schema.infer_file import load_error_text

        raise click.UsageError(load_error_text(exc, blank)) from None
    schema = inferred.schema
    blanks = len(schema.codes)
    click.echo(f"已写出表样：{output}（{schema.id}，{schema.title}，{schema.year} 年，{len(schema.items)} 项，{blanks} 个空格，"
               f"{len(schema.rules.pairs)} 对场次/人次）")
    names = {"year": "年度", "issuer": "下发单位", "header": "表头"}
    for key, note in inferred.notes.items():
        click.echo(f"  请核对{names.get(key, key)}（{key}）：{note}")
    click.echo(f"请对照纸质表核对后登记：anquanyue schemas show {output}；anquanyue schemas add {output}")


@schemas.command("add")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def schemas_add(file: Path) -> None:
    """登记一张表样：复制到用户数据文件夹，此后 validate、merge、status 不用 --schema 也能识别。"""
    from anquanyue.schema import SchemaError
    from anquanyue.schema.registry import add_schema

    try:
        schema, target = add_schema(file)
    except SchemaError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"已登记表样 {schema.id}（{schema.title}）：{target}")


@schemas.command("remove")
@click.argument("schema_id", metavar="ID")
def schemas_remove(schema_id: str) -> None:
    """删除一张已登记的表样。"""
    from anquanyue.schema import SchemaError
    from anquanyue.schema.registry import remove_schema

    try:
        path = remove_schema(schema_id)
    except SchemaError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"已删除登记的表样 {schema_id}：{path}")


@main.command()
@click.argument("schema_ref", metavar="ID|PATH")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="输出文件：.xlsx 或 .docx")
@click.option("--style", type=click.Choice(["official", "structured"]), default="official", show_default=True,
              help="official：与下发表样一致；structured：一格一数的填报版（仅 .xlsx）")
def template(schema_ref: str, output: Path, style: str) -> None:
    """写出空白统计表（下发给各单位填报）。"""
    from anquanyue.writing.atomic import OutputError
    from anquanyue.writing import RenderError, write_form

    schema = _schema(schema_ref)
    try:
        write_form(schema, output, style=style)
    except (RenderError, OutputError) as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"已写出空白表：{output}（{schema.title}，{'填报版' if style == 'structured' else '正式版'}）")


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--schema", "schema_ref", metavar="ID|PATH", help="按指定表样读取（默认自动识别）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON 数组，每个文件一个对象")
def validate(files: tuple[Path, ...], schema_ref: str | None, as_json: bool) -> None:
    """校验填报的统计表（.xlsx/.xls/.docx，或含这些文件的文件夹）：逐空读取数字，列出错误和提醒。"""
    from anquanyue.schema import SchemaError
    from anquanyue.reading.validate import exit_code, validate_files

    schema = _schema(schema_ref, files)
    missing = [str(f) for f in files if not f.exists()]
    if missing:
        raise click.UsageError("文件不存在：" + "、".join(missing))
    try:
        reports = validate_files(files, schema)
    except SchemaError as exc:  # a broken or clashing user schema
        raise click.UsageError(str(exc)) from None
    if as_json:
        from anquanyue.writing.json_out import dumps

        click.echo(dumps([r.to_json() for r in reports]))
    else:
        from anquanyue.terminal import print_file_result

        console = _console()
        for report in reports:
            print_file_result(console, report)
    sys.exit(exit_code(reports))


def _roster(path: Path):
    from anquanyue.chasing.roster import RosterError, load_roster

    try:
        return load_roster(path)
    except RosterError as exc:
        raise click.UsageError(str(exc)) from None


def _date_option(value: str | None) -> str | None:
    from anquanyue.reading.header import parse_date

    if value is None:
        return None
    parsed = parse_date(value)
    if parsed is None:
        raise click.UsageError(f"日期“{value}”无法识别，请写成 2023-06-30 或 2023年6月30日。")
    return parsed


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="上报表：.xlsx、.docx 或 .json")
@click.option("--schema", "schema_ref", metavar="ID|PATH", help="按指定表样读取各单位的表（默认自动识别）")
@click.option("--to", "to_ref", metavar="ID|PATH", help="上报表用的表样（默认与各单位的表相同）")
@click.option("--unit", help="上报表的填报单位（默认为本表样的下发单位）")
@click.option("--contact", help="上报表的联系人（记住，下次不给出时沿用）")
@click.option("--phone", help="上报表的电话（记住，下次不给出时沿用）")
@click.option("--date", "date_text", help="上报表的填报日期（默认今天）")
@click.option("--report", "report_path", type=click.Path(dir_okay=False, path_type=Path),
              help="工作报告 .xlsx（默认 <输出文件名>.report.xlsx）")
@click.option("--previous", "previous", multiple=True, type=click.Path(exists=True, path_type=Path),
              help="去年的表或汇总表（文件或文件夹，可多次给出），用于同比异常检查")
@click.option("--roster", "roster_path", type=click.Path(dir_okay=False, path_type=Path),
              help="应报单位名单（CSV、Excel 或 YAML）：列出未报、有错误和无法读取的单位，有未计入的单位时退出码为 1")
@click.option("--allow-partial", is_flag=True,
              help="上报表中未能对应的空格留空写出（默认：有未能对应的空格时不生成上报表）")
@click.option("--quiet", is_flag=True, help="不显示进度条和摘要")
def merge(paths, output, schema_ref, to_ref, unit, contact, phone, date_text, report_path, previous, roster_path,
          allow_partial,
          quiet) -> None:
    """汇总各单位的统计表，写出上报表和工作报告。

    联系人、电话（--contact、--phone）给出一次即记住，以后不必再填。
    """
    from anquanyue.writing.atomic import OutputError
    from anquanyue.schema import SchemaError
    from anquanyue.merging.run import merge_to_files
    from anquanyue.settings import contact_for_merge
    from anquanyue.terminal import reading_progress

    schema, to = _schema(schema_ref, paths), _schema(to_ref, paths)
    date = _date_option(date_text)
    roster = _roster(roster_path) if roster_path else None
    if output.suffix.lower() != ".json":  # the .json carries no header line
        chosen = contact_for_merge(contact, phone)
        contact, phone = chosen.contact, chosen.phone
        for note in chosen.notes:
            click.echo(note, err=True)
    console = None if quiet else _console()  # rich is imported only to be shown (~35 ms, before any file is read)
    try:
        with reading_progress(console, show=console is not None and console.is_terminal) as on_file:
            result, written = merge_to_files(list(paths), output, schema=schema, to=to, unit=unit, contact=contact,
                                             phone=phone, date=date, report=report_path,
                                             previous=list(previous) or None, roster=roster, on_file=on_file,
                                             allow_partial=allow_partial)
    except (OutputError, SchemaError) as exc:
        raise click.UsageError(str(exc)) from None
    if not quiet:
        from anquanyue.terminal import print_merge_summary

        print_merge_summary(console, result, written)
    sys.exit(result.exit_code if written else 1)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--roster", "roster_path", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="应报单位名单：CSV（单位, 别名, 上级, 类别）或 YAML")
@click.option("--schema", "schema_ref", metavar="ID|PATH", help="表样（决定截止日期；默认按收到的表识别）")
@click.option("--as-of", "as_of_text", help="按哪一天统计（默认今天）")
@click.option("--json", "as_json", is_flag=True, help="输出 JSON")
@click.option("--notice", is_flag=True, help="输出可直接发送的催报通知")
def status(paths, roster_path, schema_ref, as_of_text, as_json, notice) -> None:
    """报送情况：已报、有错误、未报、名单外；全部已报且无错误时退出码为 0（适合 cron）。"""
    from anquanyue.schema import SchemaError
    from anquanyue.writing.json_out import dumps
    from anquanyue.chasing.status import notice_text
    from anquanyue.chasing.status import status as run_status
    from anquanyue.terminal import print_status

    schema = _schema(schema_ref, paths)
    as_of = _date_option(as_of_text)
    roster = _roster(roster_path)
    try:
        result = run_status(list(paths), roster, schema=schema, as_of=as_of)
    except SchemaError as exc:  # a broken or clashing user schema
        raise click.UsageError(str(exc)) from None
    if as_json:
        click.echo(dumps(result.to_json()))
    elif notice:
        click.echo(notice_text(result), nl=False)
    else:
        print_status(_console(), result)
    sys.exit(result.exit_code)


@main.command()
@click.argument("inbox", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--port", type=click.IntRange(1, 65535), help="端口（默认 8765，被占用时自动另选）")
@click.option("--no-browser", is_flag=True, help="不自动打开浏览器")
def desk(inbox: Path | None, port: int | None, no_browser: bool) -> None:
    """打开汇总台：在浏览器里收表、看报送情况、下载汇总表和催报通知（只在本机运行）。"""
    from anquanyue.desk import DeskError, serve

    def ready(url: str) -> None:
        click.echo(f"汇总台已启动：{url}")
        click.echo("请用浏览器打开上面的地址（地址中带有本次启动的密钥）；关闭本窗口或按 Ctrl+C 即停止。")

    try:
        serve(inbox, port=port, open_browser=not no_browser, on_ready=ready)
    except DeskError as exc:
        raise click.UsageError(str(exc)) from None
    except KeyboardInterrupt:  # Ctrl+C is how the desk is closed
        pass
    click.echo("汇总台已停止。")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
