"""What one item field says about its copy: status, due date and flags, from the target's
profile (`ItemProfile`: the preset's rules and the target's own codes). Pure.

Every sign in the field is read (Koha's $7 and $q, an 852's two $z: "Utlånad t.o.m.
2025-02-03" and "Ej fjärrlån"); when they disagree, `STATUS_PRECEDENCE` decides, so a copy on
loan is on loan whatever its loan category says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from federator.connectors.marc import DataField
from federator.models import (
    STATUS_PRECEDENCE,
    HoldingStatus,
    ItemFlag,
    ItemProfile,
    ItemRule,
)

_DATE = re.compile(r"(\d{4})-?(\d{2})-?(\d{2})")
_RANK = {status: n for n, status in enumerate(STATUS_PRECEDENCE)}


@dataclass(frozen=True, slots=True)
class ItemState:
    status: HoldingStatus
    raw: str | None  # the codes it came from, for staff ("7=2; q=2026-12-05")
    due_date: date | None
    flags: tuple[ItemFlag, ...]
    unexplained_notes: tuple[str, ...]  # note values no rule read: shown as notes


def parse_due_date(text: str | None) -> date | None:
    match = _DATE.search(text or "")
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern or r"\S", re.IGNORECASE)


def values_by_code(field: DataField) -> dict[str, list[str]]:
    """A field's non-empty values by subfield code, in order: `field.all(code)` for every code
    in one pass (a profile reads some ten codes per copy)."""
    found: dict[str, list[str]] = {}
    for code, value in field.subfields:
        if value:
            if code in found:
                found[code].append(value)
            else:
                found[code] = [value]
    return found


def _apply(
    rules: tuple[ItemRule, ...], values: dict[str, list[str]], skip: frozenset[str]
) -> list[tuple[ItemRule, str, re.Match[str]]]:
    found = []
    for rule in rules:
        if rule.subfield in skip:
            continue
        for value in values.get(rule.subfield, ()):
            match = _compiled(rule.match).search(value)
            if match:
                found.append((rule, value, match))
    return found


def item_state(
    field: DataField, profile: ItemProfile, values: dict[str, list[str]] | None = None
) -> ItemState:
    """values: `values_by_code(field)`, when the caller has it already."""
    values = values_by_code(field) if values is None else values
    local = _apply(profile.local_rules, values, frozenset())
    shadowed = frozenset(rule.subfield for rule, _, _ in local)
    matches = local + _apply(profile.rules, values, shadowed)
    statuses: list[HoldingStatus] = []
    flags: list[ItemFlag] = []
    raws: list[str] = []
    due_texts = values.get(profile.due_date_subfield or "")
    due_text = due_texts[0] if due_texts else None
    due = parse_due_date(due_text)
    if due is not None:
        statuses.append(HoldingStatus.ON_LOAN)
        raws.append(f"{profile.due_date_subfield}={due_text}")
    read_values: set[str] = set()
    for rule, value, match in matches:
        if rule.status is not None:
            statuses.append(rule.status)
        flags += [f for f in rule.flags if f not in flags]
        captured = match.groupdict().get("due")
        due = due or parse_due_date(captured)
        label = f"{rule.subfield}={value}"
        if label not in raws:
            raws.append(label)
        read_values.add(value)
    status = min(statuses, key=_RANK.__getitem__, default=profile.default_status)
    notes = tuple(
        v for code in profile.note_subfields for v in values.get(code, ()) if v not in read_values
    )
    return ItemState(
        status=status,
        raw="; ".join(raws) or None,
        due_date=due if status is HoldingStatus.ON_LOAN else None,
        flags=tuple(flags),
        unexplained_notes=notes,
    )
