"""Which schemas a run knows: the built-in ones, the user's registered ones, and those found next to the inbox.

Where schemas are looked for (in this order):

- the built-in schemas shipped with the package;
- the user's data folder (``schemas add`` copies files there): ``<platformdirs user data>/anquanyue/schemas``,
  or ``$ANQUANYUE_DATA/schemas`` when that variable is set;
- every folder named in ``$ANQUANYUE_SCHEMAS`` (several joined by the system's path separator);
- a ``schemas`` folder inside or beside each folder given to ``validate``/``merge``/``status``.

A ``Registry`` is a plain frozen value (folders and their kinds): it is passed explicitly to worker processes,
which load the same files again, so nothing in the process's state has to be inherited or changed.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from anquanyue.issues import os_error_text
from anquanyue.schema.model import (
    Schema, SchemaError, builtin_file_name, list_schemas, load_schema, parse_schema,
)

ENV_DATA = "ANQUANYUE_DATA"
ENV_SCHEMAS = "ANQUANYUE_SCHEMAS"
INBOX_FOLDER = "schemas"
ORIGINS = {"builtin": "内置", "user": "已登记", "env": ENV_SCHEMAS, "inbox": "收件文件夹的 schemas"}
SUFFIXES = (".yaml", ".yml")
_NOT_IN_FILE_NAMES = '\\/:*?"<>|'  # Windows forbids these in a file name; the copy is named <id>.yaml


def user_schema_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The folder ``schemas add`` keeps the user's schemas in."""
    env = os.environ if environ is None else environ
    root = env.get(ENV_DATA)
    if root:
        return Path(root) / "schemas"
    import platformdirs

    return platformdirs.user_data_path("anquanyue", appauthor=False) / "schemas"


@dataclass(frozen=True)
class Entry:
    schema: Schema
    origin: str  # a key of ORIGINS
    file: str  # where it was read from


@dataclass(frozen=True)
class Registry:
    folders: tuple[tuple[str, str], ...] = ()  # (folder, origin), searched in this order

    @classmethod
    def discover(cls, inbox: Iterable[str | Path] = (), environ: Mapping[str, str] | None = None) -> "Registry":
        """The folders of the user's data, ``$ANQUANYUE_SCHEMAS`` and the ``schemas`` folder by each inbox path."""
        env = os.environ if environ is None else environ
        folders: list[tuple[str, str]] = [(str(user_schema_dir(env)), "user")]
        for part in (env.get(ENV_SCHEMAS) or "").split(os.pathsep):
            if part.strip():
                folders.append((part.strip(), "env"))
        for raw in inbox:
            path = Path(raw)
            base = path if path.is_dir() else path.parent
            for folder in (base / INBOX_FOLDER, base.parent / INBOX_FOLDER):
                if folder.is_dir():
                    folders.append((str(folder), "inbox"))
        seen: set[str] = set()
        unique = []
        for folder, origin in folders:
            key = os.path.normcase(os.path.abspath(folder))
            if key not in seen:
                seen.add(key)
                unique.append((folder, origin))
        return cls(tuple(unique))

    def entries(self) -> list[Entry]:
        """Every schema with where it comes from; a user schema reusing a known id is an error naming both files."""
        out = [Entry(s, "builtin", builtin_file_name(s.id)) for s in list_schemas()]
        by_id = {e.schema.id: e for e in out}
        for folder, origin in self.folders:
            for file in _yaml_files(folder):
                schema = _load_file(file, *_stamp(file))
                known = by_id.get(schema.id)
                if known is not None and known.origin == "builtin" and schema == known.schema:
                    continue  # a copy of the built-in (``schemas show ID --yaml``): the same form, as load_schema takes it
                if known is not None:
                    if known.origin == "builtin":
                        raise SchemaError(f"{file}: id “{schema.id}” 与内置表样 {known.file} 相同；"
                                          f"请把 id 改成别的名字（如 {schema.id}-local）")
                    raise SchemaError(f"{file}: id “{schema.id}” 与 {known.file} 相同；两张表样不能用同一个 id，"
                                      "请删去其中一个或改名")
                entry = Entry(schema, origin, file)
                by_id[schema.id] = entry
                out.append(entry)
        return out

    def schemas(self) -> list[Schema]:
        return [e.schema for e in self.entries()]

    def stamps(self) -> tuple[tuple[str, int, int], ...]:
        """Every schema file its folders hold now, with its modification time and size: equal stamps, equal
        ``entries`` (the desk reads its inbox again when they change)."""
        return tuple((file, *_stamp(file)) for folder, _ in self.folders for file in _yaml_files(folder))

    def get(self, ref: str | Path | Schema) -> Schema:
        """A schema by id (any of this registry's), or a YAML file by path."""
        if isinstance(ref, Schema) or str(ref).endswith(SUFFIXES) or Path(str(ref)).is_file():
            return load_schema(ref)
        for entry in self.entries():
            if entry.schema.id == str(ref):
                return entry.schema
        return load_schema(ref)  # raises the message listing the schemas there are


def _yaml_files(folder: str) -> list[str]:
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [os.path.join(folder, n) for n in names if n.lower().endswith(SUFFIXES) and not n.startswith((".", "~$"))]


def _stamp(file: str) -> tuple[int, int]:
    try:
        info = os.stat(file)
    except OSError:
        return (0, 0)
    return (info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=64)
def _load_file(file: str, mtime_ns: int, size: int) -> Schema:
    """A user's schema file, parsed once while it is unchanged (not yet known by its id: see ``entries``)."""
    try:
        text = Path(file).read_text(encoding="utf-8")
    except OSError as exc:
        raise SchemaError(f"{file}: 无法读取表样文件：{os_error_text(exc)}") from None
    except UnicodeDecodeError:
        raise SchemaError(f"{file}: 表样文件应为 UTF-8 编码的文本") from None
    schema = parse_schema(text, file)
    object.__setattr__(schema, "_source", str(Path(file).resolve()))  # frozen: set once, here
    return schema


# --- the user's folder: add and remove -------------------------------------------------------------------


def add_schema(file: str | Path, environ: Mapping[str, str] | None = None) -> tuple[Schema, Path]:
    """Check ``file`` and copy it into the user's schema folder as ``<id>.yaml``; returns the copy's path."""
    source = Path(file)
    try:
        text = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise SchemaError(f"{source}: 无法读取表样文件：{os_error_text(exc)}") from None
    except UnicodeDecodeError:
        raise SchemaError(f"{source}: 表样文件应为 UTF-8 编码的文本") from None
    schema = parse_schema(text, str(source))
    builtin = {s.id for s in list_schemas()}
    if schema.id in builtin:
        raise SchemaError(f"{source}: id “{schema.id}” 与内置表样 {builtin_file_name(schema.id)} 相同；"
                          f"请把 id 改成别的名字（如 {schema.id}-local）")
    bad = sorted(set(schema.id) & set(_NOT_IN_FILE_NAMES))
    if bad or schema.id.strip(" .") != schema.id:
        raise SchemaError(f"{source}: id “{schema.id}” 不能用作文件名（含 {' '.join(bad) or '首尾的空格或点'}），"
                          "请只用文字、数字和 - _")
    folder = user_schema_dir(environ)
    target = folder / f"{schema.id}.yaml"
    for existing in _yaml_files(str(folder)):
        if Path(existing) == target:
            continue
        try:
            other = _load_file(existing, *_stamp(existing))
        except SchemaError:
            continue
        if other.id == schema.id:
            raise SchemaError(f"{source}: id “{schema.id}” 与已登记的 {existing} 相同；请先 schemas remove {schema.id}")
    import shutil

    from anquanyue.writing.atomic import OutputError, write_atomic

    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(target, lambda tmp: shutil.copyfile(source, tmp))
    except OSError as exc:
        raise SchemaError(f"{target}: 无法写入：{os_error_text(exc)}") from None
    except OutputError as exc:
        raise SchemaError(str(exc)) from None
    return schema, target


def remove_schema(schema_id: str, environ: Mapping[str, str] | None = None) -> Path:
    """Delete a registered schema from the user's folder; built-in ones cannot be removed."""
    if schema_id in {s.id for s in list_schemas()}:
        raise SchemaError(f"{schema_id}: 这是内置表样，不能删除")
    folder = user_schema_dir(environ)
    for file in _yaml_files(str(folder)):
        try:
            found = _load_file(file, *_stamp(file)).id == schema_id
        except SchemaError:
            found = Path(file).stem == schema_id
        if found:
            try:
                os.remove(file)
            except OSError as exc:
                raise SchemaError(f"{file}: 无法删除：{os_error_text(exc)}") from None
            return Path(file)
    raise SchemaError(f"{schema_id}: 用户数据文件夹 {folder} 中没有登记这个表样")
