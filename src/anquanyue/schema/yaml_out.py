"""A schema written out as commented YAML, in the format of ``schemas/*.yaml``.

The comments are for the clerk checking it against the paper form: each item's row as printed, each blank's
words around it, and what was guessed rather than read (the issuer, the year). Strings are written as JSON
strings, which YAML reads as they are, whatever quotes, colons or braces they hold.
"""
from __future__ import annotations

import json
from dataclasses import asdict

from anquanyue.schema.model import Schema, parse_schema, render_template


def _q(text: object) -> str:
    return json.dumps(text, ensure_ascii=False)


def _note(notes: dict[str, str], key: str) -> str:
    return f"  # {notes[key]}" if key in notes else ""


def schema_yaml(schema: Schema, *, contexts: dict[str, str] | None = None, notes: dict[str, str] | None = None,
                heading: list[str] | None = None, map_notes: dict[str, dict[str, str]] | None = None) -> str:
    """YAML text that ``parse_schema`` reads back as ``schema`` (checked before it is returned). ``map_notes``:
    a comment for entries of ``maps_to`` ({other id: {code: comment}})."""
    contexts, notes, map_notes = contexts or {}, notes or {}, map_notes or {}
    lines = [f"# {line}" if line else "#" for line in heading or []]
    lines += [
        f"id: {_q(schema.id)}  # 表样的名字：命令中用它指明表样（--schema、--to），也是登记后的文件名",
        f"version: {schema.version}",
        f"title: {_q(schema.title)}  # 表头标题，须与纸质表一致：识别各单位的表靠它",
        f"issuer: {_q(schema.issuer)}{_note(notes, 'issuer') or '  # 下发单位：汇总表默认的填报单位'}",
        f"year: {schema.year}{_note(notes, 'year')}",
        f"deadline: {schema.deadline.isoformat() if schema.deadline else 'null'}  # 报送截止日期（如 2024-06-30），催报用；没有写 null",
        f"recipients: {_q(schema.recipients) if schema.recipients else 'null'}",
        f"header_separator: {_q(schema.header_separator)}",
        f"header:{_note(notes, 'header') or '  # 表头一行的各栏：key 只能是 unit（填报单位，必有）、contact、phone、date'}",
    ]
    lines += [f"  - {{key: {h.key}, label: {_q(h.label)}}}" for h in schema.header]
    lines.append(f"columns: [{_q(schema.columns[0])}, {_q(schema.columns[1])}]")
    lines.append("items:  # 每项：prose 是表中原文，{代码} 是一个空格；blanks 给出每个空格统计什么（label）、单位（unit）")
    for item in schema.items:
        lines.append(f"  # 第 {item.number} 项，表中原文：{render_template(item.prose, {})}")
        lines += [f"  - number: {item.number}", f"    title: {_q(item.title)}", f"    prose: {_q(item.prose)}",
                  "    blanks:"]
        for code in item.codes:
            blank = item.blanks[code]
            where = f"  # {contexts[code]}" if code in contexts else ""
            lines.append(f"      {_q(code)}: {{label: {_q(blank.label)}, unit: {_q(blank.unit)}}}{where}")
    other = schema.other
    lines += [
        "other:  # 最后一项：可自行添加的记录行，{name} 活动名称、{count} 组织场次、{people} 参与人次",
        f"  number: {other.number}", f"  title: {_q(other.title)}", f"  record: {_q(other.record)}",
        f"  note: {_q(other.note) if other.note else 'null'}",
        f"  count: {{code: {_q(other.count.code)}, label: {_q(other.count.label)}, unit: {_q(other.count.unit)}}}",
        f"  people: {{code: {_q(other.people.code)}, label: {_q(other.people.label)}, unit: {_q(other.people.unit)}}}",
        "rules:",
        "  pairs:  # 场次与参与人次：人次少于场次、有人次无场次时提醒" + ("" if schema.rules.pairs else "\n    []"),
    ]
    for pair in schema.rules.pairs:
        s, p = schema.blanks[pair.sessions], schema.blanks[pair.participants]
        lines.append(f"    - {{sessions: {_q(pair.sessions)}, participants: {_q(pair.participants)}}}"
                     f"  # {s.label}（{s.unit}）→ {p.label}（{p.unit}）")
    for kind in ("at_least", "requires"):
        rules = getattr(schema.rules, kind)
        if rules:
            lines.append(f"  {kind}:")
            lines += [f"    - {{{', '.join(f'{k}: {_q(v)}' for k, v in asdict(r).items())}}}" for r in rules]
    if schema.maps_to:
        lines.append("maps_to:  # 汇总到别的表样时：上报表的空格代码: [本表的空格代码, …]（几个相加），或 none")
        for other_id, table in schema.maps_to.items():
            lines.append(f"  {_q(other_id)}:")
            for target, sources in table.items():
                value = "none" if sources is None else "[" + ", ".join(_q(c) for c in sources) + "]"
                note = map_notes.get(other_id, {}).get(target)
                lines.append(f"    {_q(target)}: {value}" + (f"  # {note}" if note else ""))
    else:
        lines += ["# maps_to:  # 要汇总到别的表样（如上一年度的）时写明对应关系，例如：",
                  "#   national-2023:", '#     "1.1": ["1.1"]', '#     "6.4": none']
    text = "\n".join(lines) + "\n"
    back = parse_schema(text, schema.id)
    if back != schema:  # a writer's mistake, never the user's
        raise AssertionError(f"{schema.id}: 写出的 YAML 读回后不一致")
    return text
