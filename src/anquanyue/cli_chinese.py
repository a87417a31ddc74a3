"""The command line in Chinese: click's own words (用法, 选项, 错误, 缺少选项, 不存在, 已中止 …) translated while a
command runs, and "您是不是要找…" for a mistyped path.

Click asks ``gettext`` for every message it shows. ``ChineseGroup.main`` answers those calls from ``MESSAGES``
for the time of one invocation and puts click's own functions back afterwards, so nothing stays changed in the
process. Help texts click made while ``cli.py`` was imported (the version option's) are translated by
``ChineseFormatter`` when the help is written.
"""
from __future__ import annotations

import gettext
import os
import re
import unicodedata
from contextlib import contextmanager
from pathlib import Path

import click

# click's message ids → Chinese. A plural id's translation is keyed by its singular id (tuple: singular, plural).
MESSAGES: dict[str, str | tuple[str, str]] = {
    # core.py
    "Aborted!": "已中止。",
    "deprecated": "已弃用",
    "Options": "选项",
    "Positional arguments": "参数",
    "Commands": "命令",
    "Got unexpected extra argument ({args})": ("多余的参数：{args}", "多余的参数：{args}"),
    "Missing command.": "缺少命令。",
    "Value must be an iterable.": "值必须是一组值。",
    "Takes {nargs} values but 1 was given.": ("需要 {nargs} 个值，只给了 1 个。", "需要 {nargs} 个值，给了 {len} 个。"),
    "env var: {var}": "环境变量：{var}",
    "default: {default}": "默认：{default}",
    "(dynamic)": "（随情况而定）",
    "required": "必填",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": "提示：命令“{name}”已弃用。{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": "提示：{param_type}“{name}”已弃用。{extra_message}",
    # exceptions.py
    "Did you mean {possibility}?": ("您是不是要找 {possibility}？", "（您是不是要找其中之一：{possibilities}？）"),
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "输入“{command} {option}”查看帮助。",
    "Invalid value: {message}": "值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such option {name!r}.": "没有选项“{name}”。",
    "No such command {name!r}.": "没有命令“{name}”。",
    "unknown error": "未知错误",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    # formatting.py
    "Usage:": "用法：",
    # types.py
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "{value!r} is not {choice}.": ("“{value}”不是 {choice}。", "“{value}”不在可选值 {choices} 之中。"),
    "Choice({choices})": "可选（{choices}）",
    "{value!r} does not match the format {format}.": ("“{value}”不符合格式 {format}。", "“{value}”不符合任何一种格式 {formats}。"),
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的{number_type}。",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是有效的是/否值，可用：{states}",
    "{value!r} is not a valid UUID.": "“{value}”不是有效的 UUID。",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "{name}“{filename}”不存在。",
    "{name} {filename!r} is a file.": "“{filename}”是一个文件，这里要的是文件夹。",
    "{name} {filename!r} is a directory.": "“{filename}”是一个文件夹，这里要的是文件。",
    "{name} {filename!r} is not readable.": "{name}“{filename}”没有读取权限。",
    "{name} {filename!r} is not writable.": "{name}“{filename}”没有写入权限。",
    "{name} {filename!r} is not executable.": "{name}“{filename}”不能执行。",
    "{len_type} values are required, but {len_value} was given.": ("需要 {len_type} 个值，给了 {len_value} 个。",
                                                                   "需要 {len_type} 个值，给了 {len_value} 个。"),
    # parser.py
    "Invalid start character for option ({option})": "选项开头的字符无效（{option}）",
    "Argument {name!r} takes {nargs} values.": "参数“{name}”需要 {nargs} 个值。",
    "Option {name!r} does not take a value.": "选项“{name}”后面不能带值。",
    "Option {name!r} requires an argument.": ("选项“{name}”后面要写一个值。", "选项“{name}”后面要写 {nargs} 个值。"),
    # decorators.py
    "Do you want to continue?": "是否继续？",
    "Confirm the action without prompting.": "不再询问，直接执行。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "Show the version and exit.": "显示版本号并退出。",
    "Show this message and exit.": "显示本帮助并退出。",
    # termui.py
    "Repeat for confirmation": "请再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入的不一致。",
    "Error: invalid input": "错误：输入无效",
    "Press any key to continue...": "按任意键继续……",
}

# words click puts into a message from its own English (the kind of path or number, the kind of parameter)
WORDS = {"File": "文件", "Directory": "文件夹", "Path": "路径", "file": "文件", "directory": "文件夹", "path": "路径",
         "integer": "整数", "float": "数字", "option": "选项", "argument": "参数", "parameter": "参数",
         "integer range": "整数", "float range": "数字", "boolean": "是/否值"}

_CLICK_MODULES = ("core", "exceptions", "formatting", "types", "parser", "decorators", "termui", "utils")


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


_TOKEN = re.compile(r"[A-Za-z0-9_.\-/]+|\s|.")  # a Latin word or number is never cut; a CJK character may be


def wrap_display(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` terminal columns, broken between any two Chinese characters and at the edges of
    Latin words (``remove``, ``--schema``), never inside one; spaces at a break are dropped."""
    lines, line = [], ""
    for token in _TOKEN.findall(text):
        if line and display_width(line) + display_width(token) > width:
            lines.append(line.rstrip())
            line = "" if token.isspace() else token
        else:
            line += token
    return [*lines, line] if line or not lines else lines


def did_you_mean(filename: str) -> str:
    """For a path that does not exist: the closest name in its folder, if one is close."""
    import difflib  # only for a mistyped path: not imported by every command (--help included)

    path = Path(filename)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        names = os.listdir(folder)
    except OSError:
        return ""
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.5)
    if not close:
        return ""
    return f"您是不是要找“{os.path.join(str(path.parent), close[0]) if str(path.parent) != '.' else close[0]}”？"


class _Template(str):
    """A translated message: its ``format`` also translates click's English words given to it and, for a path
    that does not exist, adds the closest existing name."""

    suggest = False

    def format(self, *args, **kwargs) -> str:  # noqa: A003 - str's own method
        kwargs = {k: WORDS.get(v, v) if isinstance(v, str) else v for k, v in kwargs.items()}
        text = str.format(self, *args, **kwargs)
        if self.suggest and "filename" in kwargs:
            text += did_you_mean(str(kwargs["filename"]))
        return text


def _template(text: str, msgid: str) -> str:
    out = _Template(text)
    out.suggest = msgid == "{name} {filename!r} does not exist."
    return out


def translate(message: str) -> str:
    found = MESSAGES.get(message)
    if found is None:
        return message
    return _template(found[0] if isinstance(found, tuple) else found, message)


def translate_plural(singular: str, plural: str, n: int) -> str:
    found = MESSAGES.get(singular)
    if found is None:
        return singular if n == 1 else plural
    text = found if isinstance(found, str) else found[0 if n == 1 else 1]
    return _template(text, singular)


@contextmanager
def speaking_chinese():
    """Click's messages in Chinese for the time of the ``with``; click's own functions put back afterwards."""
    import importlib

    saved = []
    for name in _CLICK_MODULES:
        module = importlib.import_module(f"click.{name}")
        for attribute, replacement in (("_", translate), ("ngettext", translate_plural)):
            if getattr(module, attribute, None) in (gettext.gettext, gettext.ngettext):
                saved.append((module, attribute, getattr(module, attribute)))
                setattr(module, attribute, replacement)
    try:
        yield
    finally:
        for module, attribute, original in saved:
            setattr(module, attribute, original)


class ChineseFormatter(click.HelpFormatter):
    """Help written with Chinese headings; help texts click made before any command ran are translated too."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix if prefix is not None else "用法：")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{translate(heading)}：\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        """Two columns lined up by display width (a Chinese character takes two columns of the terminal)."""
        rows = [(term, translate(text)) for term, text in rows]
        first = min(max((display_width(term) for term, _ in rows), default=0), col_max) + col_spacing
        indent = " " * self.current_indent
        text_width = max(self.width - first - self.current_indent, 20)
        for term, text in rows:
            self.write(f"{indent}{term}")
            if not text:
                self.write("\n")
                continue
            if display_width(term) <= first - col_spacing:
                self.write(" " * (first - display_width(term)))
            else:
                self.write("\n" + indent + " " * first)
            lines = wrap_display(text, text_width)
            self.write(lines[0] + "\n")
            for line in lines[1:]:
                self.write(f"{indent}{' ' * first}{line}\n")


class ChineseContext(click.Context):
    formatter_class = ChineseFormatter


# what a value is called in usage lines and messages, by argument name or by type, instead of PATHS, INTEGER …
ARGUMENT_NAMES = {"paths": "路径", "files": "文件", "inbox": "收件文件夹"}


def _type_name(param: click.Parameter) -> str | None:
    kind = param.type
    if isinstance(kind, click.Path):
        return "文件夹" if not kind.file_okay else ("文件" if not kind.dir_okay else "路径")
    if isinstance(kind, (click.IntRange, type(click.INT))):
        return "整数"
    if isinstance(kind, (click.FloatRange, type(click.FLOAT))):
        return "数字"
    if kind is click.STRING:
        return "文字"
    return None


def name_values(command: click.Command) -> None:
    """Chinese metavars for the command's own parameters (where the command gave none)."""
    command.options_metavar = "[选项]" if command.options_metavar == "[OPTIONS]" else command.options_metavar
    for param in command.params:
        if param.metavar is not None:
            continue
        if isinstance(param, click.Argument):
            name = ARGUMENT_NAMES.get(param.name or "") or _type_name(param)
            if name:
                name += "..." if param.nargs != 1 else ""
                param.metavar = name if param.required else f"[{name}]"
        elif isinstance(param, click.Option) and not param.is_flag and not param.count:
            name = _type_name(param)
            if name:
                param.metavar = name


class ChineseCommand(click.Command):
    context_class = ChineseContext

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        name_values(self)


class ChineseGroup(click.Group):
    """The ``anquanyue`` group: its subcommands and subgroups speak Chinese too."""

    context_class = ChineseContext
    command_class = ChineseCommand
    group_class = type  # subgroups are ChineseGroups

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        name_values(self)
        self.subcommand_metavar = self.subcommand_metavar.replace("COMMAND", "命令").replace("ARGS", "参数")

    def main(self, *args, **kwargs):
        with speaking_chinese():
            return super().main(*args, **kwargs)


def version_option(version: str, prog_name: str):
    """``click.version_option`` with a Chinese message and help (click makes both when the decorator runs)."""
    return click.version_option(version, prog_name=prog_name, message="%(prog)s 版本 %(version)s",
                                help="显示版本号并退出。")
