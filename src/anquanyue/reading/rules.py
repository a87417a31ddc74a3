"""Within-form rules declared in the schema, reported as warnings."""
from __future__ import annotations

from anquanyue.issues import Issue, make
from anquanyue.schema import Schema


def check_rules(schema: Schema, values: dict[str, int | None], locations: dict[str, str],
                unreadable: set[str] | frozenset[str] = frozenset()) -> list[Issue]:
    """The within-form checks. A blank in ``unreadable`` (its value could not be read: an error says so) is in
    none of them: it is not known to be 0, as an empty blank is."""
    issues: list[Issue] = []
    label = lambda code: schema.blanks[code].label  # noqa: E731
    get = values.get

    for pair in schema.rules.pairs:
        s, p = pair.sessions, pair.participants
        if s in unreadable or p in unreadable:
            continue
        sessions, participants = get(s) or 0, get(p) or 0  # an empty blank counts as 0 here
        if participants > 0 and sessions == 0:
            issues.append(make("participants-without-sessions", location=locations.get(p), field=p, participants=p,
                               p_label=label(p), p_value=participants, sessions=s, s_label=label(s)))
        elif sessions > 0 and participants > 0 and participants < sessions:
            issues.append(make("participants-below-sessions", location=locations.get(p), field=p, participants=p,
                               p_label=label(p), p_value=participants, sessions=s, s_label=label(s),
                               s_value=sessions))
    for rule in schema.rules.at_least:
        value, than = get(rule.code), get(rule.than)
        if value is not None and than is not None and value < than:
            issues.append(make("at-least", location=locations.get(rule.code), field=rule.code, message=rule.message,
                               value=value, other=rule.than, other_value=than))
    for rule in schema.rules.requires:
        if rule.code in unreadable or rule.needs in unreadable:
            continue
        value = get(rule.code) or 0
        if value > 0 and (get(rule.needs) or 0) == 0:
            issues.append(make("requires", location=locations.get(rule.code), field=rule.code, message=rule.message,
                               value=value, other=rule.needs))
    return issues
