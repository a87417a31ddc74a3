"""Form schemas: plain data classes over the YAML files in ``schemas/``.

A schema is data. Each item's prose is the form's own wording with its blanks written ``{code}`` inside the
form's parentheses; the same string is rendered into blank and filled forms and drives the reading of filled
ones, so a round trip holds by construction.

A user's YAML file is checked by pydantic (``schema_from_data``: every key's type, unknown keys, in Chinese); the
built-in files, checked the same way by the test suite, are built directly (``Schema.from_data``), so reading a
form never imports pydantic. Both end in ``Schema.__post_init__``, which checks what the types cannot say.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import asdict, dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Callable, Literal

from anquanyue.issues import os_error_text
from anquanyue.schema.messages import format_validation, yaml_problem
from anquanyue.speed.compiled_regex import ModulePatterns

_patterns = ModulePatterns(__name__)
_PLACEHOLDER = _patterns.compile(r"\{([^{}]*)\}")
_CODE = _patterns.compile(r"^[^\s{}]+$")  # a blank code is a free identifier: "1.1", "宣讲场次", "a3"
NONE_WORDS = ("none", "无")  # what ``maps_to`` writes for a target blank no source blank feeds
_STRICT = {"extra": "forbid"}  # pydantic's configuration for each class: an unknown key is an error


class SchemaError(Exception):
    """A schema file that cannot be used; the message names the file and the key."""


@dataclass(frozen=True)
class Blank:
    __pydantic_config__ = _STRICT
    label: str
    unit: str


@dataclass(frozen=True)
class HeaderField:
    __pydantic_config__ = _STRICT
    key: Literal["unit", "contact", "phone", "date"]
    label: str


@dataclass(frozen=True)
class Item:
    __pydantic_config__ = _STRICT
    number: int
    title: str
    prose: str
    blanks: dict[str, Blank]

    def parts(self) -> list[tuple[str, str]]:
        """The prose as ("text", literal) and ("blank", code) parts, left to right."""
        return split_template(self.prose)

    @property
    def codes(self) -> list[str]:
        return [value for kind, value in self.parts() if kind == "blank"]


@dataclass(frozen=True)
class RecordValue:
    __pydantic_config__ = _STRICT
    code: str
    label: str
    unit: str


@dataclass(frozen=True, kw_only=True)
class Other:
    """Item 7: a repeatable record {name, count, people}; free text after a record is its description."""

    __pydantic_config__ = _STRICT
    number: int
    title: str
    record: str
    note: str | None = None
    count: RecordValue
    people: RecordValue

    def parts(self) -> list[tuple[str, str]]:
        return split_template(self.record)


@dataclass(frozen=True)
class Pair:
    __pydantic_config__ = _STRICT
    sessions: str
    participants: str


@dataclass(frozen=True)
class AtLeast:
    __pydantic_config__ = _STRICT
    code: str
    than: str
    message: str


@dataclass(frozen=True)
class Requires:
    __pydantic_config__ = _STRICT
    code: str
    needs: str
    message: str


@dataclass(frozen=True)
class Rules:
    __pydantic_config__ = _STRICT
    pairs: list[Pair] = field(default_factory=list)
    at_least: list[AtLeast] = field(default_factory=list)
    requires: list[Requires] = field(default_factory=list)


@dataclass(frozen=True)
class AnomalySettings:
    """Thresholds for the cross-unit and period-over-period checks of ``merge``."""

    __pydantic_config__ = _STRICT
    min_units: int = 8
    z_threshold: float = 3.5
    min_factor: float = 5.0
    hb_u: float = 0.5
    hb_a: float = 0.05
    hb_c: float = 4.0


@dataclass(frozen=True, kw_only=True)
class Schema:
    __pydantic_config__ = _STRICT
    id: str
    version: int = 1
    title: str
    issuer: str
    year: int
    deadline: dt.date | None = None
    deadline_grace_days: int = 0  # a 填报日期 this many days after the deadline is not late
    recipients: str | None = None
    header_separator: str = ":"
    header: list[HeaderField]
    columns: list[str]  # two: the item column's and the prose column's headings
    items: list[Item]
    other: Other
    rules: Rules = field(default_factory=Rules)
    anomaly: AnomalySettings = field(default_factory=AnomalySettings)
    # another schema's id → {that form's blank code: this form's codes summed into it, or None (none feeds it)}
    maps_to: dict[str, dict[str, list[str] | None]] = field(default_factory=dict)
    # the user's YAML file, when not a built-in schema (set by ``load_schema``)
    _source: str | None = field(default=None, init=False, compare=False, repr=False)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> "Schema":
        """A schema from a YAML mapping already known to have the right shape (the built-in files, which the test
        suite checks through ``schema_from_data``): the nested mappings become their classes, nothing is checked
        but what ``__post_init__`` checks."""
        data = dict(data)
        data["header"] = [HeaderField(**h) for h in data["header"]]
        data["items"] = [Item(**{**i, "blanks": {c: Blank(**b) for c, b in i["blanks"].items()}})
                         for i in data["items"]]
        other = data["other"]
        data["other"] = Other(**{**other, "count": RecordValue(**other["count"]),
                                 "people": RecordValue(**other["people"])})
        if "rules" in data:
            rules = data["rules"]
            data["rules"] = Rules([Pair(**r) for r in rules.get("pairs", [])],
                                  [AtLeast(**r) for r in rules.get("at_least", [])],
                                  [Requires(**r) for r in rules.get("requires", [])])
        if "anomaly" in data:
            data["anomaly"] = AnomalySettings(**data["anomaly"])
        if "maps_to" in data:
            data["maps_to"] = maps_to_lists(data["maps_to"])
        return cls(**data)

    @property
    def ref(self) -> str:
        """What ``load_schema`` needs to load this schema again (in another process, say)."""
        return self._source or self.id

    def __reduce__(self):
        """Pickled by reference where it can be loaded again (a result passed back from a worker carries its
        schema as a name, not a copy); a schema made in memory is pickled whole."""
        if self._source is not None or (self.id in _builtin_files() and _builtin(self.id) is self):
            return (_by_ref, (self.ref,))
        return super().__reduce__()

    def __post_init__(self) -> None:
        """What the types cannot say: the blanks' codes, item numbers, rules and mappings agree with each other."""
        for key, value, low, high in (("columns", self.columns, 2, 2), ("items", self.items, 1, None)):
            if len(value) < low:
                raise ValueError(f"{key}: 至少应有 {low} 项，实有 {len(value)} 项")
            if high is not None and len(value) > high:
                raise ValueError(f"{key}: 至多应有 {high} 项，实有 {len(value)} 项")
        if self.deadline_grace_days < 0:
            raise ValueError(f"deadline_grace_days: 应不小于 0，实为 {self.deadline_grace_days}")
        keys = [h.key for h in self.header]
        if "unit" not in keys:
            raise ValueError("header: 缺少 key 为 unit 的填报单位字段")
        seen: dict[str, str] = {}
        for index, item in enumerate(self.items):
            where = f"items[{index}]"
            if item.number != index + 1:
                raise ValueError(f"{where}.number: 应为 {index + 1}，实为 {item.number}")
            try:
                placed = item.codes
            except ValueError as exc:
                raise ValueError(f"{where}.prose: {exc}") from None
            for code in placed:
                if code in seen and seen[code] != where:
                    raise ValueError(f"{where}.prose: 空格代码 {code} 重复（{seen[code]} 已有）")
                if placed.count(code) > 1:
                    raise ValueError(f"{where}.prose: 空格代码 {code} 在文字中出现了 {placed.count(code)} 次")
                if not _CODE.match(code):
                    raise ValueError(f"{where}.prose: 空格代码 {{{code}}} 不能含空格或花括号")
                seen[code] = where
            for code in item.blanks:
                if code not in placed:
                    raise ValueError(f"{where}.blanks.{code}: 已定义，但文字（prose）中没有 {{{code}}}")
            for code in placed:
                if code not in item.blanks:
                    raise ValueError(f"{where}.prose: 文字中有 {{{code}}}，但 blanks 中没有它的定义")
        if self.other.number != len(self.items) + 1:
            raise ValueError(f"other.number: 应为 {len(self.items) + 1}，实为 {self.other.number}")
        try:
            record_names = [v for k, v in self.other.parts() if k == "blank"]
        except ValueError as exc:
            raise ValueError(f"other.record: {exc}") from None
        if sorted(record_names) != ["count", "name", "people"]:
            raise ValueError(f"other.record: 应含 {{name}}、{{count}}、{{people}} 各一次，实为 {record_names}")
        for key in ("count", "people"):
            code = getattr(self.other, key).code
            if code in seen:
                raise ValueError(f"other.{key}.code: 空格代码 {code} 与 {seen[code]} 重复")
        if self.other.count.code == self.other.people.code:
            raise ValueError(f"other.people.code: 空格代码 {self.other.people.code} 与 other.count.code 重复")
        known = set(seen)
        totals = known | {self.other.count.code, self.other.people.code}
        for other_id, table in self.maps_to.items():
            if other_id == self.id:
                raise ValueError(f"maps_to.{other_id}: 不需要写到本表自己的对应关系")
            for target, sources in table.items():
                for code in sources or []:
                    if code not in totals:
                        raise ValueError(f"maps_to.{other_id}.{target}: 本表没有空格代码 {code}")
        for kind, rules in (("pairs", self.rules.pairs), ("at_least", self.rules.at_least), ("requires", self.rules.requires)):
            for index, rule in enumerate(rules):
                for name, code in asdict(rule).items():
                    if name != "message" and code not in known:
                        raise ValueError(f"rules.{kind}[{index}].{name}: 未知的空格代码 {code}")

    @cached_property
    def codes(self) -> list[str]:
        """Codes of items 1..n in form order (not item 7's totals)."""
        return [code for item in self.items for code in item.codes]

    @cached_property
    def blanks(self) -> dict[str, Blank]:
        table = {code: blank for item in self.items for code, blank in item.blanks.items()}
        table[self.other.count.code] = Blank(label=self.other.count.label, unit=self.other.count.unit)
        table[self.other.people.code] = Blank(label=self.other.people.label, unit=self.other.people.unit)
        return table

    @property
    def total_codes(self) -> list[str]:
        """Every code a total carries: items 1..n, then item 7's count and people."""
        return self.codes + [self.other.count.code, self.other.people.code]

    def header_label(self, key: str) -> str:
        for header_field in self.header:
            if header_field.key == key:
                return header_field.label
        return key

    def header_line(self, values: dict[str, str] | None = None) -> str:
        values = values or {}
        sep = self.header_separator
        return "  ".join(f"{f.label}{sep}{values.get(f.key) or ''}" for f in self.header)

    def item_row_title(self, item: Item | Other) -> str:
        return f"{item.number}.{item.title}"

    def render_prose(self, item: Item, values: dict[str, int | None] | None = None) -> str:
        return render_template(item.prose, {c: (values or {}).get(c) for c in item.codes})

    def render_record(self, name: str | None = None, count: int | None = None, people: int | None = None) -> str:
        return render_template(self.other.record, {"name": name, "count": count, "people": people})


def split_template(template: str) -> list[tuple[str, str]]:
    return list(_split_template(template))


@lru_cache(maxsize=256)
def _split_template(template: str) -> tuple[tuple[str, str], ...]:
    parts: list[tuple[str, str]] = []
    pos = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > pos:
            parts.append(("text", template[pos : match.start()]))
        name = match.group(1).strip()
        if not name:
            raise ValueError("空的占位符 {}")
        parts.append(("blank", name))
        pos = match.end()
    if pos < len(template):
        parts.append(("text", template[pos:]))
    if any("{" in v or "}" in v for k, v in parts if k == "text"):
        raise ValueError("花括号 { } 不成对")
    return tuple(parts)


def render_template(template: str, values: dict[str, object | None]) -> str:
    """Fill ``{name}`` placeholders; an empty one renders as a single space, so ``（{1.1}）`` gives ``（ ）``."""
    out = []
    for kind, value in split_template(template):
        if kind == "text":
            out.append(value)
        else:
            filled = values.get(value)
            out.append(" " if filled is None or filled == "" else str(filled))
    return "".join(out)


# --- loading --------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _loader() -> type:
    """PyYAML's safe loader refusing duplicate mapping keys (PyYAML keeps the last one silently), made the first
    time a YAML text is parsed: a run whose schemas all come from the start-up cache never imports PyYAML.

    libyaml's parser when PyYAML was built with it (every wheel is): a tenth of the pure-Python parser's time."""
    import yaml

    class UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        pass

    def construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False):
        seen = set()
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(None, None, f"键 {key!r} 重复", key_node.start_mark)
            seen.add(key)
        return loader.construct_mapping(node, deep=deep)

    UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
    return UniqueKeyLoader


def maps_to_lists(value: Any) -> Any:
    """``none``/``无`` (or null) for a blank nothing feeds; one code written bare for a one-code list."""
    if not isinstance(value, dict):
        return value
    out = {}
    for other, table in value.items():
        if not isinstance(table, dict):
            out[other] = table
            continue
        out[other] = {
            target: None if source is None or (isinstance(source, str) and source.strip().lower() in NONE_WORDS)
            else [source] if isinstance(source, str) else source
            for target, source in table.items()
        }
    return out


def _yaml_mapping(text: str, source: str) -> dict:
    import yaml

    try:
        data = yaml.load(text, Loader=_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"第 {mark.line + 1} 行: " if mark else ""
        raise SchemaError(f"{source}: {where}YAML 格式错误：{yaml_problem(exc.problem or exc.context)}") from None
    except yaml.YAMLError:
        raise SchemaError(f"{source}: YAML 格式错误：{yaml_problem(None)}") from None
    except (ValueError, TypeError, OverflowError):  # a date that does not exist (2024-06-31), read by PyYAML itself
        raise SchemaError(f"{source}: 有无法识别的取值（常见原因：不存在的日期，如 2024-06-31），请改正") from None
    if not isinstance(data, dict):
        raise SchemaError(f"{source}: 表样文件应是一个 YAML 映射（键: 值）")
    return data


@lru_cache(maxsize=1)
def _validator():
    from pydantic import TypeAdapter  # only for a user's schema file: reading forms never imports pydantic

    return TypeAdapter(Schema)


def schema_from_data(data: dict[str, Any], source: str = "表样") -> Schema:
    """A schema from a YAML mapping, every key checked (its type, unknown keys, the rules between them); every
    mistake is a ``SchemaError`` in Chinese naming ``source`` and the key."""
    from pydantic import ValidationError

    if "maps_to" in data:
        data = {**data, "maps_to": maps_to_lists(data["maps_to"])}
    try:
        return _validator().validate_python(data)
    except ValidationError as exc:
        raise SchemaError(format_validation(source, exc)) from None


def parse_schema(text: str, source: str) -> Schema:
    """A schema from a user's YAML text (``source`` names it in messages). A text that passed every check in an
    earlier run is built from that run's result (``_remembered``): the same schema, without PyYAML or pydantic."""
    return _remembered(text, lambda: schema_from_data(_yaml_mapping(text, source), source))


def _remembered(text: str, make: Callable[[], Schema]) -> Schema:
    """``make()``, the schema of the YAML ``text``; its data kept in the start-up cache under the text itself, so
    that the next run (and every worker process) rebuilds it with ``Schema.from_data`` alone. Only a schema
    ``make`` returned is ever stored: a text with a mistake is checked, and reported, every time."""
    from anquanyue.speed.disk_cache import cached
    import hashlib

    made: list[Schema] = []

    def plain() -> dict[str, Any]:
        made.append(make())
        return _plain(made[0])

    name = "schema-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]
    data = cached(name, (text, _shape(Schema)), plain)
    return made[0] if made else _from_plain(data)


@lru_cache(maxsize=None)
def _shape(cls: type) -> tuple:
    """The schema classes' fields and their types, nested: part of a cached schema's key, so that data stored by
    a version with other fields (a new key read from the same YAML text, say) is never taken for this one's."""
    from dataclasses import fields

    nested = {c.__name__: c for c in (Blank, HeaderField, Item, RecordValue, Other, Pair, AtLeast, Requires, Rules,
                                      AnomalySettings)}
    return tuple((f.name, str(f.type), *(_shape(nested[word]) for word in re.findall(r"\w+", str(f.type))
                                         if word in nested)) for f in fields(cls))


def _plain(schema: Schema) -> dict[str, Any]:
    """The schema as marshal-able data that ``_from_plain`` makes into an equal schema."""
    data = asdict(schema)
    del data["_source"]
    if data["deadline"] is not None:
        data["deadline"] = data["deadline"].isoformat()
    return data


def _from_plain(data: dict[str, Any]) -> Schema:
    if data["deadline"] is not None:
        data = {**data, "deadline": dt.date.fromisoformat(data["deadline"])}
    return Schema.from_data(data)


@lru_cache(maxsize=1)
def _builtin_files() -> dict[str, Path]:
    """The built-in schema files, by id: the ``anquanyue.schemas`` package's folder (found through its import, as
    ``importlib.resources`` would, without that module's imports: tempfile, shutil, ~5 ms a process)."""
    import anquanyue.schemas

    root = Path(anquanyue.schemas.__file__).parent
    return {f.name[: -len(".yaml")]: f for f in sorted(root.iterdir()) if f.name.endswith(".yaml")}


@lru_cache(maxsize=None)
def _builtin(schema_id: str) -> Schema:
    file = _builtin_files()[schema_id]
    text = file.read_text(encoding="utf-8")
    schema = _remembered(text, lambda: Schema.from_data(_yaml_mapping(text, f"schemas/{file.name}")))
    if schema.id != schema_id:
        raise SchemaError(f"schemas/{file.name}: id: 应与文件名一致（{schema_id}），实为 {schema.id}")
    return schema


def builtin_file_name(schema_id: str) -> str:
    """Where a built-in schema's YAML lives, for messages (``schemas show --yaml`` prints it)."""
    return str(_builtin_files()[schema_id])


def builtin_text(schema_id: str) -> str:
    return _builtin_files()[schema_id].read_text(encoding="utf-8")


def list_schemas() -> list[Schema]:
    """The built-in schemas, sorted by id."""
    return [_builtin(schema_id) for schema_id in sorted(_builtin_files())]


@lru_cache(maxsize=64)
def _by_ref(ref: str) -> Schema:
    """A schema named in a pickle: loaded once per process however many results carry it."""
    return load_schema(ref)


_LOADED: dict[str, Schema] = {}  # users' schemas loaded from files in this process, by id


def load_schema(ref: str | Path | Schema) -> Schema:
    """A built-in schema by id, or a user's YAML file by path.

    A schema loaded from a file is remembered by its id in this process (a cache: the results of reading hold the
    schema itself). A file with a built-in's id is that built-in when its content is the same, else an error
    naming both files.
    """
    if isinstance(ref, Schema):
        return ref
    text = str(ref)
    path = Path(text)
    if text.endswith((".yaml", ".yml")) or path.is_file():
        try:
            content = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise SchemaError(f"{text}: 无法读取表样文件：{os_error_text(exc)}") from None
        schema = parse_schema(content, text)
        if schema.id in _builtin_files():
            builtin = _builtin(schema.id)
            if schema == builtin:
                return builtin  # a copy of the built-in (``schemas show ID --yaml``): the same form
            raise SchemaError(f"{text}: id “{schema.id}” 与内置表样 {builtin_file_name(schema.id)} 相同，但内容不同；"
                              "请给自己的表样另起一个 id（例如加上年份或地区）")
        object.__setattr__(schema, "_source", str(path.resolve()))  # frozen: set once, here
        _LOADED[schema.id] = schema
        return schema
    if text in _LOADED:
        return _LOADED[text]
    if text in _builtin_files():
        return _builtin(text)
    from anquanyue.schema.registry import Registry  # the user's registered schemas (it imports this module)

    registered = [s for s in Registry.discover().schemas() if s.id not in _builtin_files()]
    for schema in registered:
        if schema.id == text:
            return schema
    known = "、".join(sorted(_builtin_files()))
    also = f"，已登记的有 {'、'.join(s.id for s in registered)}" if registered else ""
    raise SchemaError(f"{text}: 没有这个表样；内置表样有 {known}{also}，也可以给出自己的 YAML 文件路径")
