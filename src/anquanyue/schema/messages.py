"""Every schema mistake in Chinese: pydantic's validation errors turned into the clerk's language.

No English library text reaches a user: each error type pydantic can raise for a schema's fields has its own
message here, and anything else still gets a Chinese message that names the key and what was written.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError

# pydantic error type -> message (str.format fields: the error's ctx plus ``value``)
_TYPES: dict[str, str] = {
    "extra_forbidden": "未知的键",
    "unexpected_keyword_argument": "未知的键",
    "missing": "缺少必填的键",
    "missing_keyword_only_argument": "缺少必填的键",
    "string_type": "应为文字，实为 {value}",
    "int_type": "应为整数，实为 {value}",
    "int_parsing": "应为整数，实为 {value}",
    "int_from_float": "应为整数，实为 {value}",
    "float_type": "应为数字，实为 {value}",
    "float_parsing": "应为数字，实为 {value}",
    "bool_type": "应为 true 或 false，实为 {value}",
    "bool_parsing": "应为 true 或 false，实为 {value}",
    "date_type": "应为日期（如 2024-06-30），实为 {value}",
    "date_parsing": "应为日期（如 2024-06-30），实为 {value}",
    "date_from_datetime_parsing": "应为日期（如 2024-06-30），实为 {value}",
    "date_from_datetime_inexact": "应为日期（如 2024-06-30），不要带时间，实为 {value}",
    "literal_error": "只能是 {expected} 之一，实为 {value}",
    "too_short": "至少应有 {min_length} 项，实有 {actual_length} 项",
    "too_long": "至多应有 {max_length} 项，实有 {actual_length} 项",
    "list_type": "应为列表（- 开头的若干行，或 [a, b]），实为 {value}",
    "dict_type": "应为映射（键: 值），实为 {value}",
    "model_type": "应为映射（键: 值），实为 {value}",
    "model_attributes_type": "应为映射（键: 值），实为 {value}",
    "dataclass_type": "应为映射（键: 值），实为 {value}",
    "dataclass_args_type": "应为映射（键: 值），实为 {value}",
    "none_required": "应为空（null），实为 {value}",
    "union_tag_invalid": "取值 {value} 不符合要求",
}
_VALUE_ERROR = "Value error, "
_LITERAL_OR = " or "


def _shown(value: object) -> str:
    if value is None:
        return "空值"
    if isinstance(value, str):
        return f"“{value}”"
    if isinstance(value, (dict, list)):
        return "映射" if isinstance(value, dict) else "列表"
    return str(value)


def _location(loc: tuple) -> str:
    parts = []
    for part in loc:
        if part == "[key]":
            parts.append("（键）")
        elif isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(f".{part}" if parts else str(part))
    return "".join(parts)


def error_text(err: dict) -> str:
    """One pydantic error's message, in Chinese."""
    kind = err["type"]
    if kind == "value_error":
        message = str(err.get("ctx", {}).get("error", err["msg"]))
        return message[len(_VALUE_ERROR):] if message.startswith(_VALUE_ERROR) else message
    template = _TYPES.get(kind)
    ctx = dict(err.get("ctx") or {})
    if "expected" in ctx:
        ctx["expected"] = str(ctx["expected"]).replace(_LITERAL_OR, ", ").replace("'", "")
    ctx["value"] = _shown(err.get("input"))
    if template is None:
        return f"取值 {ctx['value']} 不符合要求"
    if kind == "string_type" and isinstance(err.get("input"), (int, float)) and not isinstance(err.get("input"), bool):
        template += "（空格代码等请加引号，如 \"1.10\"，否则 1.10 会被当成数字 1.1）"
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return f"取值 {ctx['value']} 不符合要求"


def format_validation(source: str, exc: "ValidationError") -> str:
    lines = []
    for err in exc.errors():
        loc = _location(tuple(err["loc"]))
        lines.append(f"{source}: {loc + ': ' if loc else ''}{error_text(err)}")
    return "\n".join(lines)


# PyYAML's problems (English) → what to fix, in Chinese; matched by the start of the problem text
_YAML_PROBLEMS: tuple[tuple[str, str], ...] = (
    ("mapping values are not allowed", "此处不能再有“键: 值”；文字中含冒号“: ”时请给整段文字加引号"),
    ("could not find expected ':'", "缺少冒号“:”，或上一行的引号没有闭合"),
    ("did not find expected key", "缩进不对齐，或列表项“- ”放错了位置"),
    ("did not find expected node content", "缺少取值，或逗号、括号放错了位置"),
    ("did not find expected ',' or ']'", "方括号 [ ] 没有闭合，或缺少逗号"),
    ("did not find expected ',' or '}'", "花括号 { } 没有闭合，或缺少逗号"),
    ("did not find expected '-' indicator", "列表项的缩进不对齐"),
    ("expected <block end>", "缩进不对齐"),
    ("found character '\\t'", "不能用 Tab 缩进，请改用空格"),  # the pure-Python parser's words
    ("found a tab character", "不能用 Tab 缩进，请改用空格"),  # libyaml's
    ("found character", "含有不能出现在这里的字符（如 @ ` % 开头的文字），请给文字加引号"),
    ("found unexpected end of stream", "引号没有闭合"),
    ("found unknown escape character", "双引号中的反斜杠“\\”要写成“\\\\”，或改用单引号"),
    ("expected a comment or a line break", "引号闭合后还有多余的文字"),
    ("found undefined alias", "出现了未定义的别名“*”"),
    ("expected alphabetic or numeric character", "“*”或“&”后缺少名字，请给文字加引号"),
)


def yaml_problem(problem: str | None) -> str:
    """PyYAML's problem text in Chinese (texts already in Chinese, from our own loader, are kept)."""
    text = problem or ""
    if any("\u4e00" <= ch <= "\u9fff" for ch in text):
        return text
    for start, chinese in _YAML_PROBLEMS:
        if text.startswith(start):
            return chinese
    return "格式不正确，请检查这一行及上一行的缩进、冒号和引号"
