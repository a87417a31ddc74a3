"""Within-form rules declared in the schema, reported as warnings."""
from __future__ import annotations

from anquanyue.issues import Issue, make
from anquanyue.schema import Schema


def check_rules(schema: Schema, values: dict[str, int | None], locations: dict[str, str]) -> list[Issue]:
    issues: list[Issue] = []
    label = lambda code: schema.blanks[code].label  # noqa: E731

    def v(code: str) -> int:
        return values.get(code) or 0

    for pair in schema.rules.pairs:
        s, p = pair.sessions, pair.participants
        where = locations.get(p)
        if v(p) > 0 and v(s) == 0:
            issues.append(make("participants-without-sessions", location=where, field=p, participants=p,
                               p_label=label(p), p_value=v(p), sessions=s, s_label=label(s)))
        elif v(s) > 0 and v(p) > 0 and v(p) < v(s):
            issues.append(make("participants-below-sessions", location=where, field=p, participants=p,
                               p_label=label(p), p_value=v(p), sessions=s, s_label=label(s), s_value=v(s)))
    for rule in schema.rules.at_least:
        if values.get(rule.code) is not None and values.get(rule.than) is not None and v(rule.code) < v(rule.than):
            issues.append(make("at-least", location=locations.get(rule.code), field=rule.code, message=rule.message,
                               value=v(rule.code), other=rule.than, other_value=v(rule.than)))
    for rule in schema.rules.requires:
        if v(rule.code) > 0 and v(rule.needs) == 0:
            issues.append(make("requires", location=locations.get(rule.code), field=rule.code, message=rule.message,
                               value=v(rule.code), other=rule.needs))
    return issues
