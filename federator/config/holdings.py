"""A target's `[targets.holdings]` table -> its `ItemProfile`: a preset plus the target's own
codes (`status_map`, `[[targets.holdings.rules]]`) and subfield overrides."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from federator.config.items import ALIASES, PRESETS, text_rules
from federator.config.reader import ConfigError, Where, text_list
from federator.models import HoldingStatus, ItemFlag, ItemProfile, ItemRule

_SINGLE = (
    "field",
    "branch_subfield",
    "home_branch_subfield",
    "location_subfield",
    "item_type_subfield",
    "due_date_subfield",
    "group_subfield",
)
_LISTS = ("call_number_subfields", "note_subfields")
HOLDINGS_KEYS = [
    "preset",
    *_SINGLE,
    *_LISTS,
    "status_subfield",
    "status_map",
    "rules",
    "default_status",
    "no_ill_item_types",
]
RULE_KEYS = ("subfield", "match", "status", "flags")
# Koha's column names, as staff know them, for status_map keys ("notforloan=2").
_KOHA_COLUMNS = {
    "withdrawn": "0",
    "lost": "1",
    "damaged": "4",
    "restricted": "5",
    "notforloan": "7",
}


def _status(text: str, where: Where, key: str) -> HoldingStatus:
    try:
        return HoldingStatus(text)
    except ValueError:
        allowed = ", ".join(s.value for s in HoldingStatus)
        raise ConfigError(where, key, f"{text!r} is not one of {allowed}") from None


def _meaning(
    text: Any, where: Where, key: str
) -> tuple[HoldingStatus | None, tuple[ItemFlag, ...]]:
    """ "on_loan", "available+no_ill", "no_ill": a status, flags, or both."""
    if not isinstance(text, str) or not text:
        raise ConfigError(where, key, f"must be a status (optionally +flag), got {text!r}")
    status, flags = None, []
    for part in text.split("+"):
        if part in {f.value for f in ItemFlag}:
            flags.append(ItemFlag(part))
        else:
            status = _status(part, where, key)
    return status, tuple(flags)


def _map_rule(raw: str, meaning: Any, default: str, where: Where) -> ItemRule:
    key = f"status_map.{raw}"
    status, flags = _meaning(meaning, where, key)
    code, sep, value = raw.partition("=")
    if not sep:
        code, value = default, raw
    code = _KOHA_COLUMNS.get(code.casefold(), code)
    return ItemRule(subfield=code, match=f"^{re.escape(value)}$", status=status, flags=flags)


def _rule(data: Any, where: Where, position: int) -> ItemRule:
    at = Where(where.file, f"{where.context} rule #{position}")
    if not isinstance(data, dict) or not isinstance(data.get("subfield"), str):
        raise ConfigError(at, "subfield", "a rule needs a subfield")
    for key in data:
        if key not in RULE_KEYS:
            raise ConfigError(at, key, f"unknown key; known keys: {', '.join(RULE_KEYS)}")
    match = data.get("match", "")
    try:
        re.compile(match, re.IGNORECASE)
    except (re.error, TypeError) as exc:
        raise ConfigError(at, "match", f"not a regular expression: {exc}") from None
    status = _status(data["status"], at, "status") if "status" in data else None
    flags = tuple(_meaning(f, at, "flags")[1][0] for f in data.get("flags", []))
    return ItemRule(subfield=data["subfield"], match=match, status=status, flags=flags)


def parse_holdings(data: Any, where: Where) -> ItemProfile:
    where = Where(where.file, f"{where.context} holdings")
    if not isinstance(data, dict):
        raise ConfigError(where, "-", f"must be a table, got {data!r}")
    for key in data:
        if key not in HOLDINGS_KEYS:
            raise ConfigError(where, key, f"unknown key; known keys: {', '.join(HOLDINGS_KEYS)}")
    key = "preset" if "preset" in data else "field"
    name = data.get(key)
    preset = PRESETS.get(ALIASES.get(str(name), str(name)))
    if preset is None:
        known = ", ".join([*PRESETS, *ALIASES])
        raise ConfigError(where, key, f"must be a preset: one of {known}, got {name!r}")
    data = {k: v for k, v in data.items() if k != "field" or "preset" in data}
    changes: dict[str, Any] = {}
    for key in _SINGLE:
        if key in data:
            value = data[key]
            if not isinstance(value, str):
                raise ConfigError(where, key, f"must be a subfield code or '', got {value!r}")
            changes[key] = value or None
    if changes.get("field") is None:
        changes.pop("field", None)
    for key in _LISTS:
        if key in data:
            changes[key] = text_list(data[key], where, key)
    own: list[ItemRule] = []
    status_subfield = data.get("status_subfield")
    text_codes = (status_subfield,) if isinstance(status_subfield, str) else ()
    status_map = data.get("status_map", {})
    if not isinstance(status_map, dict):
        raise ConfigError(where, "status_map", "must be a table of value = status")
    notes = changes.get("note_subfields") or preset.note_subfields or ("",)
    default_code = status_subfield or notes[0]
    own += [_map_rule(raw, meaning, default_code, where) for raw, meaning in status_map.items()]
    own += [_rule(r, where, n) for n, r in enumerate(data.get("rules", []), 1)]
    changes["local_rules"] = tuple(own)
    changes["rules"] = (*text_rules(text_codes), *preset.rules)
    if "default_status" in data:
        changes["default_status"] = _status(data["default_status"], where, "default_status")
    if "no_ill_item_types" in data:
        types = text_list(data["no_ill_item_types"], where, "no_ill_item_types")
        changes["no_ill_item_types"] = frozenset(types)
    return replace(preset, **changes)
