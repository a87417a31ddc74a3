"""A schema inferred from a blank form: title, header, every item's prose with its blanks, item 7's record.

Works on any loader's ``Document`` (whatever the file's format): the form is the visible grid with the most
rows of the shape ``N.title | prose with （ ） blanks``. Every blank gets a positional code (``item.position``),
the counter word after it as its unit, and the clause it sits in as its label (made distinct within the form);
场…参与…人次 pairs become rules. What was guessed is listed in ``Inferred.notes`` for the YAML's comments.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from anquanyue.reading.document import Cell, Document, Grid
from anquanyue.reading.textnorm import significant
from anquanyue.schema.model import Schema, SchemaError, parse_schema
from anquanyue.speed.compiled_regex import ModulePatterns

# an empty blank as printed: parentheses of either width around nothing but spaces, or a run of underscores
_patterns = ModulePatterns(__name__)
BLANK = _patterns.compile(r"[（(][ \t\u3000\u00a0]*[）)]|_{2,}")
ROW_TITLE = _patterns.compile(r"^\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[.．、]\s*(\S.*)$", re.S)
# counter words a blank is followed by, longest first so that 人次 is not taken for 人
COUNTERS = sorted("""人次 场/次 场次 家次 户次 个次 批次 万人次 万人 万元 课时 小时 场 篇 个 人 次 家 处 起 项 期 条 份 部 件
所 名 台 套 天 户 批 幅 张 本 册 块 座 辆 艘 支 队 只 元 吨 米 轮 堂 节 间 栋""".split(), key=len, reverse=True)
_CLAUSE_END = "；;。，,：:\n"  # not 、: it lists things inside one clause
_EDGE = "　 \t\n；;。，,、：:"
_YEAR_TITLE = _patterns.compile(r"(20\d{2})\s*年")
_YEAR_FILE = _patterns.compile(r"(?<!\d)(20\d{2})(?!\d)")
_HEADER_FIELD = _patterns.compile(r"\s*([^:：\s][^:：]*?)\s*([:：])")
_HEADER_KEYS = (("unit", ("单位",)), ("contact", ("联系人",)), ("phone", ("电话", "手机", "联系方式")),
                ("date", ("日期", "时间")))
_GENERIC = 2  # a clause of this many significant characters or fewer ("参与", "答题") is named after the one before


class InferError(SchemaError):
    """A blank form a schema cannot be inferred from; the message says what was missing, in Chinese."""


@dataclass
class InferredBlank:
    code: str
    label: str
    unit: str
    context: str  # the words around it as printed, for the clerk to find it on paper


@dataclass
class Inferred:
    schema: Schema
    blanks: dict[str, InferredBlank]
    notes: dict[str, str] = field(default_factory=dict)  # YAML key → what to check ("issuer": "从标题推断")
    source: str = ""
    grid: str = ""


def infer_schema(document: Document, *, schema_id: str, issuer: str | None = None, year: int | None = None,
                 deadline: dt.date | None = None, file_name: str | None = None) -> Inferred:
    """The schema a blank form asks for. ``issuer``/``year`` override what the title and file name say."""
    grid, rows = _form_rows(document)
    file_name = file_name or Path(document.path).name
    where = f"{file_name} {grid.name}"
    header_at = next((k for k, row in enumerate(rows) if any(_is_header(c.text) for c in row)), None)
    first_item = next(k for k, row in enumerate(rows) if _item_row(row) is not None)
    title = _title(rows[: first_item])
    if title is None:
        raise InferError(f"{where}：表格上方没有找到标题（如“××“安全生产月”活动进展情况统计表”），请确认这是下发的空白表")
    notes: dict[str, str] = {}
    if year is None:
        found = _YEAR_TITLE.search(title) or _YEAR_FILE.search(file_name)
        if found is None:
            raise InferError(f"{where}：标题和文件名中都没有年份，请用 --year 给出表样的年度（如 --year 2024）")
        year = int(found.group(1))
        notes["year"] = "从标题推断" if _YEAR_TITLE.search(title) else "从文件名推断"
    if issuer is None:
        issuer = _issuer_from_title(title)
        notes["issuer"] = "从标题推断，请改为下发单位的全称（如 ××市应急管理局）"
    header_text = "  ".join(c.text for c in rows[header_at]) if header_at is not None else ""
    header, separator = _header(header_text)
    if not header:
        header, separator = [{"key": "unit", "label": "填报单位（盖章）"}], "："
        notes["header"] = "表中没有找到“填报单位”一行，已按通常写法填写，请核对"
    columns = _columns(rows[:first_item]) or ["活动项目", "活动进展情况"]
    items, blanks, other = _items(rows[first_item:], where)
    data = {
        "id": schema_id, "version": 1, "title": title, "issuer": issuer, "year": year,
        "deadline": deadline.isoformat() if deadline else None, "header_separator": separator, "header": header,
        "columns": columns, "items": items, "other": other, "rules": {"pairs": _pairs(items, blanks)},
    }
    import yaml

    schema = parse_schema(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), where)
    return Inferred(schema, blanks, notes, source=file_name, grid=grid.name)


# --- finding the form's rows -------------------------------------------------------------------------------


def _rows(grid: Grid) -> list[list[Cell]]:
    rows: dict[tuple[int, int], list[Cell]] = {}
    for cell in grid.cells:
        rows.setdefault((cell.block, cell.row), []).append(cell)
    return [sorted(row, key=lambda c: c.col) for row in rows.values()]


def _item_row(row: list[Cell]) -> tuple[int, str, str] | None:
    """(number, title, prose) when the row reads ``N.title | prose with blanks``."""
    texts = [c.text for c in row if c.text.strip()]
    if len(texts) < 2:
        return None
    match = ROW_TITLE.match(texts[0])
    prose = "\n".join(texts[1:])
    if match is None or not BLANK.search(prose):
        return None
    number = int(match.group(1)) if match.group(1).isdigit() else 0  # 一、二、…: numbered by order anyway
    return number, match.group(2).strip(), prose.strip()


def _form_rows(document: Document) -> tuple[Grid, list[list[Cell]]]:
    best: tuple[int, Grid, list[list[Cell]]] | None = None
    for grid in document.grids:
        if grid.hidden:
            continue
        rows = _rows(grid)
        count = sum(1 for row in rows if _item_row(row) is not None)
        if count and (best is None or count > best[0]):
            best = (count, grid, rows)
    if best is None:
        raise InferError(f"{Path(document.path).name}：没有找到“序号.活动项目 | 含（ ）空格的进展情况”这样的表格行，"
                         "请确认这是下发的空白统计表（已填写数字的表请先清空）")
    return best[1], best[2]


def _is_header(text: str) -> bool:
    return "填报单位" in re.sub(r"\s+", "", text)


def _title(rows: list[list[Cell]]) -> str | None:
    texts = [c.text.strip() for row in rows for c in row if c.text.strip()]
    return next((t for t in texts if "统计表" in t and len(t) < 80),
                next((t for t in texts if not _is_header(t) and len(t) < 80), None))


def _issuer_from_title(title: str) -> str:
    cut = re.split(r"[“\"]?安全生产月|[“\"]", title, maxsplit=1)[0]
    cut = _YEAR_TITLE.sub("", cut).strip()
    return cut or title


def _header(text: str) -> tuple[list[dict], str]:
    fields, separator, seen = [], "：", set()
    for match in _HEADER_FIELD.finditer(text):
        label = match.group(1).strip()
        key = next((k for k, words in _HEADER_KEYS if any(w in label for w in words)), None)
        if key is None or key in seen:
            continue
        seen.add(key)
        separator = match.group(2) if not fields else separator
        fields.append({"key": key, "label": label})
    return fields, separator


def _columns(rows: list[list[Cell]]) -> list[str] | None:
    for row in reversed(rows):
        texts = [c.text.strip() for c in row if c.text.strip()]
        if len(texts) == 2 and not any(_is_header(t) or "统计表" in t for t in texts):
            return texts
    return None


# --- items, blanks, labels ---------------------------------------------------------------------------------


def _counter(text: str) -> str:
    stripped = text.lstrip(" \u3000")
    return next((c for c in COUNTERS if stripped.startswith(c)), "")


def _clause_before(text: str) -> str:
    """The words of the clause ending at the end of ``text``: back to the last clause mark."""
    cut = max(text.rfind(ch) for ch in _CLAUSE_END)
    return text[cut + 1 :].strip(_EDGE)


def _clause_after(text: str) -> str:
    cut = min((i for i in (text.find(ch) for ch in _CLAUSE_END) if i >= 0), default=len(text))
    return text[:cut].strip(_EDGE)


def _parse_prose(prose: str) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:
    """Literal/blank parts of a printed prose, and per blank (clause before, unit, words after the unit)."""
    parts: list[tuple[str, str]] = []
    info = []
    pos = 0
    matches = list(BLANK.finditer(prose))
    for k, match in enumerate(matches):
        before = prose[pos : match.start()]
        parts.append(("text", before))
        parts.append(("blank", match.group(0)))
        nxt = matches[k + 1].start() if k + 1 < len(matches) else len(prose)
        after = prose[match.end() : nxt]
        unit = _counter(after)
        rest = after.lstrip(" \u3000")[len(unit):]
        clause_text = before
        if k:  # the text before starts with the previous blank's own counter word
            clause_text = before.lstrip(" \u3000")
            clause_text = clause_text[len(_counter(clause_text)):]
        info.append((_clause_before(clause_text), unit, _clause_after(rest)))
        pos = match.end()
    parts.append(("text", prose[pos:]))
    return parts, info


def _template(parts: list[tuple[str, str]], names: list[str]) -> str:
    out, k = [], 0
    for kind, value in parts:
        if kind == "text":
            out.append(value.replace("{", "｛").replace("}", "｝"))
        else:
            name = names[k]
            k += 1
            out.append(f"{value[0]}{{{name}}}{value[-1]}" if value[0] in "（(" else f"__{{{name}}}__")
    return "".join(out)


def _items(rows: list[list[Cell]], where: str) -> tuple[list[dict], dict[str, InferredBlank], dict]:
    return items_from([r for r in (_item_row(row) for row in rows) if r is not None], where)


def items_from(parsed: list[tuple[int, str, str]], where: str) -> tuple[list[dict], dict[str, InferredBlank], dict]:
    """Items, blanks and item 7's record from the printed rows (number, title, prose), the last one the record."""
    if len(parsed) < 2:
        raise InferError(f"{where}：只找到 {len(parsed)} 个带空格的项目，至少应有一项统计项目和一项“其他特色活动”记录")
    *numbered, last = parsed
    items, blanks, labels = [], {}, {}
    previous_label = ""
    for index, (_number, title, prose) in enumerate(numbered, start=1):
        first_line = prose
        parts, info = _parse_prose(first_line)
        codes = [f"{index}.{k}" for k in range(1, len(info) + 1)]
        table = {}
        previous_label = significant(title) and title
        for code, (clause, unit, after) in zip(codes, info):
            label = clause
            if len(significant(clause)) <= _GENERIC:
                label = f"{previous_label}{clause}{after if not clause else ''}"
            label = _distinct(label, index, code, labels)
            previous_label = clause if len(significant(clause)) > _GENERIC else previous_label
            table[code] = {"label": label, "unit": unit}
            blanks[code] = InferredBlank(code, label, unit, _context(parts, codes.index(code)))
        items.append({"number": index, "title": title, "prose": _template(parts, codes), "blanks": table})
    other = _other(last, len(numbered) + 1, where)
    for key in ("count", "people"):
        blanks[other[key]["code"]] = InferredBlank(other[key]["code"], other[key]["label"], other[key]["unit"],
                                                   other["record"])
    return items, blanks, other


def _distinct(label: str, item: int, code: str, labels: dict[str, str]) -> str:
    """A label no other blank of the form has (compared without punctuation): else qualified by its item."""
    label = label or code
    for candidate in (label, f"{label}（第{item}项）", f"{label}（{code}）"):
        key = significant(candidate)
        if key not in labels:
            labels[key] = code
            return candidate
    return f"{label}（{code}）"


def _context(parts: list[tuple[str, str]], index: int) -> str:
    """The printed words around the ``index``-th blank (about a dozen characters each side)."""
    text, k, at, size = "", 0, 0, 0
    for kind, value in parts:
        if kind == "blank":
            if k == index:
                at, size = len(text), len(value)
            k += 1
        text += value
    start, end = max(0, at - 12), min(len(text), at + size + 8)
    return ("…" if start else "") + text[start:end].replace("\n", " ") + ("…" if end < len(text) else "")


def _other(row: tuple[int, str, str], number: int, where: str) -> dict:
    _n, title, prose = row
    record, _, note = prose.partition("\n")
    parts, info = _parse_prose(record)
    if len(info) != 3 or info[0][1]:
        raise InferError(f"{where}：最后一项“{title}”应是可自行添加的记录行（如“活动名称（ ），组织（ ）场/次，参与（ ）人次”），"
                         f"实为“{record}”；请确认这是下发的空白表")
    labels = [f"{title}{clause}" if clause else title for clause, _unit, _after in info]
    return {
        "number": number, "title": title, "record": _template(parts, ["name", "count", "people"]),
        "note": note.strip() or None,
        "count": {"code": f"{number}.1", "label": labels[1], "unit": info[1][1]},
        "people": {"code": f"{number}.2", "label": labels[2] if labels[2] != labels[1] else f"{labels[2]}人次",
                   "unit": info[2][1]},
    }


def _pairs(items: list[dict], blanks: dict[str, InferredBlank]) -> list[dict]:
    """场 followed in the same item by 参与/参加 … 人次: sessions and their participants."""
    pairs = []
    for item in items:
        codes = list(item["blanks"])
        for a, b in zip(codes, codes[1:]):
            first, second = item["blanks"][a], item["blanks"][b]
            clause = blanks[b].label
            if first["unit"] in ("场", "场次") and second["unit"] == "人次" and ("参与" in clause or "参加" in clause):
                pairs.append({"sessions": a, "participants": b})
    return pairs
