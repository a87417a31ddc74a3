"""``schemas infer``: a blank form's file in, its schema's commented YAML out (written atomically)."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from anquanyue.issues import make
from anquanyue.reading.document import LoadError
from anquanyue.reading.loaders import load_document
from anquanyue.schema.infer import Inferred, infer_schema
from anquanyue.schema.model import Schema, parse_schema
from anquanyue.schema.yaml_out import schema_yaml


def inferred_yaml(inferred: Inferred, like: Schema | None = None) -> str:
    """The commented YAML; with ``like`` (last year's schema, say), a suggested ``maps_to`` onto it."""
    schema, map_notes = inferred.schema, {}
    if like is not None:
        from anquanyue.schema.like import suggest_mapping

        table, notes = suggest_mapping(schema, like)
        schema = parse_schema(schema_yaml(replace(schema, maps_to={like.id: table})), schema.id)
        map_notes = {like.id: notes}
    heading = [
        f"由 anquanyue schemas infer 从 {inferred.source}（{inferred.grid}）推断的表样。",
        "请对照纸质表逐项核对：标题、每项原文（prose）、每个空格统计什么（label）和单位（unit）。",
        "空格代码（如 1.1）可以改成任何名字，改时 prose 中的 {代码} 与 blanks 要一起改。",
        "核对无误后登记：anquanyue schemas add 本文件；之后 validate、merge、status 不用 --schema 即可识别这张表。",
        "",
    ]
    if like is not None:
        heading.insert(-1, f"maps_to 中 {like.id} 的对应关系是按两张表中文字和单位都相同的空格写出的；写 none 的空格请逐一核对。")
    contexts = {code: blank.context for code, blank in inferred.blanks.items()}
    return schema_yaml(schema, contexts=contexts, notes=inferred.notes, heading=heading, map_notes=map_notes)


def infer_file(blank: str | Path, output: str | Path, *, schema_id: str, issuer: str | None = None,
               year: int | None = None, deadline: dt.date | None = None,
               like: Schema | None = None) -> tuple[Inferred, str]:
    """Infer the schema of the blank form ``blank`` and write it to ``output``; raises ``LoadError`` for a file
    that cannot be read, ``SchemaError`` for one a schema cannot be inferred from, ``OutputError``."""
    from anquanyue.writing.atomic import write_atomic

    document = load_document(blank)
    inferred = infer_schema(document, schema_id=schema_id, issuer=issuer, year=year, deadline=deadline,
                            file_name=Path(blank).name)
    text = inferred_yaml(inferred, like)
    write_atomic(Path(output), lambda tmp: tmp.write_text(text, encoding="utf-8"), [Path(blank)])
    return inferred, text


def load_error_text(exc: Exception, path: str | Path) -> str:
    """The Chinese message for any error ``infer_file`` raises."""
    if isinstance(exc, LoadError):
        params = {k: v for k, v in exc.params.items() if k != "location"}
        return make(exc.code, location=str(path), **params).message
    return str(exc)
