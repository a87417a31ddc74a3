"""Mapping one form's blanks onto another's by meaning, never by bare code.

A source form feeds a target form's blank in one of three ways, tried in this order:

1. the same schema: every blank feeds itself;
2. a declared mapping: the source schema's ``maps_to: {target_id: {target_code: [source codes] | none}}``
   (several source codes are summed), or, read backwards, the target schema's ``maps_to`` for the source where a
   target blank is declared to come from exactly one source blank that feeds nothing else;
3. otherwise, by meaning: a target blank whose label and unit (normalised) are those of exactly one source blank.

Every target blank nothing feeds is 未能对应: merge names it, leaves it empty and, unless the clerk allows a
partial form, writes no deliverable. A source blank that feeds nothing keeps its total in the report.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace

from anquanyue.issues import Issue, make
from anquanyue.reading.reader import FileResult
from anquanyue.reading.textnorm import significant
from anquanyue.schema import Schema

HOW_NAMES = {"same": "同一表样", "declared": "表样中声明的对应关系", "reverse": "目标表样中声明的对应关系（反向）",
             "label": "按空格内容和单位对应"}


@dataclass(frozen=True)
class Mapping:
    source: str  # schema ids
    target: str
    how: str  # a key of HOW_NAMES
    feeds: dict[str, tuple[str, ...]]  # target code → the source codes summed into it
    not_fed: tuple[str, ...]  # target codes nothing feeds, in the target's order
    errors: tuple[str, ...] = ()  # a declared mapping's own mistakes (unknown target codes)

    @property
    def used(self) -> set[str]:
        return {code for sources in self.feeds.values() for code in sources}

    def translate(self, values: dict[str, int | None]) -> dict[str, int | None]:
        """Source values → target values; a target blank whose sources were all left empty stays empty."""
        out: dict[str, int | None] = {}
        for target, sources in self.feeds.items():
            found = [values.get(code) for code in sources]
            out[target] = None if all(v is None for v in found) else sum(v or 0 for v in found)
        return out


def label_key(label: str, unit: str) -> tuple[str, str]:
    """A blank's meaning for matching: its label and unit without width, spaces, punctuation or quotes."""
    return significant(label), significant(unit)


def mapping(source: Schema, target: Schema) -> Mapping:
    codes = list(target.codes)
    if source.id == target.id:
        return Mapping(source.id, target.id, "same", {c: (c,) for c in codes}, ())
    declared = source.maps_to.get(target.id)
    if declared is not None:
        feeds = {t: tuple(s) for t, s in declared.items() if s and t in target.blanks and t in codes}
        errors = tuple(t for t in declared if t not in target.blanks)
        return Mapping(source.id, target.id, "declared", feeds, tuple(c for c in codes if c not in feeds), errors)
    backwards = target.maps_to.get(source.id)
    if backwards is not None:
        uses: dict[str, int] = {}
        for sources in backwards.values():
            for code in sources or []:
                uses[code] = uses.get(code, 0) + 1
        feeds = {}
        for source_code, target_codes in backwards.items():  # read backwards: their code ← our codes
            if target_codes and len(target_codes) == 1 and uses[target_codes[0]] == 1 \
                    and target_codes[0] in codes and source_code in source.codes:
                feeds[target_codes[0]] = (source_code,)
        # only a one-to-one pair means the same blank both ways; a sum cannot be split again
        return Mapping(source.id, target.id, "reverse", feeds, tuple(c for c in codes if c not in feeds))
    by_meaning: dict[tuple[str, str], list[str]] = {}
    for code in source.codes:
        blank = source.blanks[code]
        by_meaning.setdefault(label_key(blank.label, blank.unit), []).append(code)
    targets_by_meaning: dict[tuple[str, str], list[str]] = {}
    for code in codes:
        blank = target.blanks[code]
        targets_by_meaning.setdefault(label_key(blank.label, blank.unit), []).append(code)
    feeds = {}
    for key, targets in targets_by_meaning.items():
        sources = by_meaning.get(key, [])
        if len(targets) == 1 and len(sources) == 1:  # an ambiguous label maps nothing
            feeds[targets[0]] = (sources[0],)
    return Mapping(source.id, target.id, "label", feeds, tuple(c for c in codes if c not in feeds))


@dataclass
class Mapped:
    """The included forms with their values in the target's codes, and what could not be mapped."""

    results: list[FileResult]
    not_mapped: list[str] = field(default_factory=list)  # target codes left empty (未能对应), in the target's order
    issues: list[Issue] = field(default_factory=list)


def map_forms(included: list[FileResult], target: Schema, allow_partial: bool = False) -> Mapped:
    """Each included form's values moved onto the target's blanks by ``mapping``; every target blank some form
    cannot feed is named (an error unless ``allow_partial``). A source blank fed nowhere keeps its value under its
    own code (``totals.unmapped_issues`` reports it) or, where that code is a target blank's, is reported here."""
    by_source: dict[str, tuple[Schema, Mapping]] = {}
    for result in included:
        schema = result.form_schema
        if schema is not None and schema.id not in by_source:
            by_source[schema.id] = (schema, mapping(schema, target))
    if all(m.how == "same" for _, m in by_source.values()):
        return Mapped(list(included))
    out = Mapped([])
    for result in included:
        m = by_source[result.form_schema.id][1] if result.form_schema is not None else None
        if m is None or m.how == "same":
            out.results.append(result)
            continue
        values = m.translate(result.values)
        values.update((c, v) for c, v in result.values.items() if c not in m.used and c not in target.blanks)
        out.results.append(replace(result, values=values))
    missing: dict[str, list[str]] = {}
    for source_id, (_, m) in sorted(by_source.items()):
        for code in m.not_fed:
            missing.setdefault(code, []).append(source_id)
        for code in m.errors:
            out.issues.append(make("mapping-unknown-code", location=source_id, field=code, source=source_id,
                                   target=target.id))
    out.not_mapped = [code for code in target.codes if code in missing]
    for code in out.not_mapped:
        blank = target.blanks[code]
        sources = "、".join(f"“{s}”（{HOW_NAMES[by_source[s][1].how]}）" for s in missing[code])
        out.issues.append(make("blank-unmapped-partial" if allow_partial else "blank-unmapped", location=target.id,
                               field=code, label=blank.label, unit=blank.unit, target=target.id, sources=sources))
    for source_id, (source, m) in sorted(by_source.items()):
        if m.how == "same":
            continue
        for code in source.codes:
            if code in m.used or code not in target.blanks:
                continue  # fed into the target, or kept under its own code and reported with the other extras
            total = sum(r.values.get(code) or 0 for r in included if r.schema_id == source_id)
            out.issues.append(make("code-not-in-target", location=target.id, field=code,
                                   label=source.blanks[code].label, target=target.id, value=total))
    return out
