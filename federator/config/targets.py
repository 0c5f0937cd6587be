"""The [[targets]] tables of federator.toml -> `Target`s, holdings profiles and branches."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from typing import Any
from urllib.parse import urlsplit

from federator.config.reader import ConfigError, Parser, Rules, Where, known_keys, read_table
from federator.models import (
    DEFAULT_INDEXES,
    Branch,
    Field,
    Format,
    HoldingsField,
    HoldingsProfile,
    HoldingStatus,
    IllRules,
    RelevanceOrder,
    Target,
    Widening,
)

# Presets: MARC holdings 852 (no circulation data unless a status subfield is configured) and
# Koha's embedded items 952 ($7 not for loan, $1 lost, $q due date, $k status text from
# Koha's z3950_responder --add-item-status).
HOLDINGS_PRESETS: dict[HoldingsField, HoldingsProfile] = {
    HoldingsField.MARC_852: HoldingsProfile(
        field=HoldingsField.MARC_852,
        branch_subfield="b",
        home_branch_subfield=None,
        call_number_subfields=("h", "i"),
        location_subfield="c",
        status_subfield=None,
        due_date_subfield=None,
        item_type_subfield=None,
        not_for_loan_subfield=None,
        lost_subfield=None,
        note_subfield="z",
    ),
    HoldingsField.KOHA_952: HoldingsProfile(
        field=HoldingsField.KOHA_952,
        branch_subfield="b",
        home_branch_subfield="a",
        call_number_subfields=("o",),
        location_subfield="c",
        status_subfield="k",
        due_date_subfield="q",
        item_type_subfield="y",
        not_for_loan_subfield="7",
        lost_subfield="1",
        note_subfield="z",
    ),
}

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


def _string_map(data: Any, where: Where, key: str) -> dict[str, str]:
    if not isinstance(data, dict):
        raise ConfigError(where, key, f"must be a table, got {data!r}")
    for inner_key, inner in data.items():
        if not isinstance(inner, str):
            raise ConfigError(where, f"{key}.{inner_key}", f"must be text, got {inner!r}")
    return dict(data)


def _strings(data: Any, where: Where, key: str) -> list[str]:
    if not isinstance(data, list) or not all(isinstance(v, str) for v in data):
        raise ConfigError(where, key, f"must be a list of text, got {data!r}")
    return list(data)


def _status_map(data: Any, where: Where) -> tuple[tuple[str, HoldingStatus], ...]:
    found = []
    for raw, status in _string_map(data, where, "status_map").items():
        try:
            found.append((raw.casefold(), HoldingStatus(status)))
        except ValueError:
            allowed = ", ".join(s.value for s in HoldingStatus)
            raise ConfigError(where, f"status_map.{raw}", f"must be one of {allowed}") from None
    return tuple(found)


def _holdings_field(data: Any, where: Where) -> HoldingsField:
    try:
        return HoldingsField(data if isinstance(data, str) else "")
    except ValueError:
        raise ConfigError(where, "field", "must be '852' or '952'") from None


_HOLDINGS_RULES = Rules(
    parsers={
        "field": _holdings_field,
        "status_map": _status_map,
        "call_number_subfields": lambda v, w: tuple(_strings(v, w, "call_number_subfields")),
        "no_ill_item_types": lambda v, w: frozenset(_strings(v, w, "no_ill_item_types")),
    }
)


def _holdings(data: Any, where: Where) -> HoldingsProfile:
    where = Where(where.file, f"{where.context} holdings")
    if not isinstance(data, dict) or "field" not in data:
        raise ConfigError(where, "field", "is required")
    preset = HOLDINGS_PRESETS[_holdings_field(data["field"], where)]
    values = read_table(HoldingsProfile, data, where, _HOLDINGS_RULES, defaults=preset)
    return replace(preset, **values)


def _formats(data: Any, where: Where) -> frozenset[Format]:
    formats = []
    for value in _strings(data, where, "excluded_formats"):
        try:
            formats.append(Format(value))
        except ValueError:
            allowed = ", ".join(f.value for f in Format)
            message = f"{value!r} is not one of {allowed}"
            raise ConfigError(where, "excluded_formats", message) from None
    return frozenset(formats)


_ILL_RULES = Rules(bounds={"min_age_months": (0, 600)}, parsers={"excluded_formats": _formats})


def _ill(data: Any, where: Where) -> IllRules:
    where = Where(where.file, f"{where.context} ill")
    return IllRules(**read_table(IllRules, data, where, _ILL_RULES))


@dataclass(frozen=True, slots=True, kw_only=True)
class _Library:
    """A [[targets.libraries]] table: one library and its branches by code."""

    name: str
    municipality: str
    branches: dict[str, str] = field(default_factory=dict)


_LIBRARY_RULES = Rules(parsers={"branches": lambda v, w: _string_map(v, w, "branches")})


def _branches(data: Any, where: Where) -> tuple[Branch, ...]:
    if not isinstance(data, list):
        raise ConfigError(where, "libraries", "must be an array of tables ([[targets.libraries]])")
    branches = []
    for position, entry in enumerate(data, 1):
        at = Where(where.file, f"{where.context} library #{position}")
        library = _Library(**read_table(_Library, entry, at, _LIBRARY_RULES))
        branches += [
            Branch(code=code, name=name, library=library.name, municipality=library.municipality)
            for code, name in library.branches.items()
        ]
    return tuple(branches)


def _indexes(data: Any, where: Where) -> tuple[tuple[Field, str], ...]:
    where = Where(where.file, f"{where.context} indexes")
    if not isinstance(data, dict):
        raise ConfigError(where, "-", f"must be a table, got {data!r}")
    mapping = dict(DEFAULT_INDEXES)
    for key, index in data.items():
        if key not in {f.value for f in Field}:
            known = ", ".join(f.value for f in Field)
            raise ConfigError(where, key, f"unknown key; known keys: {known}")
        if not isinstance(index, str):
            raise ConfigError(where, key, f"must be a CQL index name or '', got {index!r}")
        if index:
            mapping[Field(key)] = index
        else:  # "" says the catalogue has no such index
            mapping.pop(Field(key), None)
    return tuple(mapping.items())


def _http_url(data: Any, where: Where) -> str:
    parts = urlsplit(data) if isinstance(data, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(where, "url", f"must be an http(s) URL, got {data!r}")
    return str(data)


def _record_url(data: Any, where: Where) -> str:
    if not isinstance(data, str) or "{record_id}" not in data:
        raise ConfigError(where, "record_url", "must contain {record_id}")
    return data


def _choice(kind: type[Widening] | type[RelevanceOrder], key: str) -> Parser:
    def parse(data: Any, where: Where) -> Widening | RelevanceOrder:
        try:
            return kind(data if isinstance(data, str) else "")
        except ValueError:
            allowed = ", ".join(repr(v.value) for v in kind)
            raise ConfigError(where, key, f"must be one of {allowed}, got {data!r}") from None

    return parse


def _check_relevance(target: Target, where: Where) -> None:
    if target.relevance in (RelevanceOrder.SORTBY, RelevanceOrder.SORTKEYS):
        if not target.relevance_index:
            message = f"relevance = {target.relevance.value!r} needs the server's sort key"
            raise ConfigError(where, "relevance_index", message)
    if target.relevance is RelevanceOrder.SORTKEYS and target.sru_version == "1.2":
        message = "SRU 1.2 has no sortKeys parameter (1.1 and 2.0 do); use 'sortby'"
        raise ConfigError(where, "relevance", message)


TARGET_RULES = Rules(
    bounds={
        "timeout_s": (0.05, 300),
        "connect_timeout_s": (0.05, 60),
        "max_records": (1, 1000),
        "page_size": (1, 1000),
    },
    choices={
        "sru_version": ("1.1", "1.2", "2.0"),
        "record_packing": ("xml", "string"),
        "http_method": ("get", "post"),
    },
    parsers={
        "url": _http_url,
        "record_url": _record_url,
        "indexes": _indexes,
        "holdings": _holdings,
        "libraries": _branches,
        "ill": _ill,
        "widening": _choice(Widening, "widening"),
        "relevance": _choice(RelevanceOrder, "relevance"),
    },
    keys={"libraries": "branches"},
    extra=frozenset({"database"}),
)
# Every key a [[targets]] table and its nested tables know, for the README check.
TARGET_KEYS = known_keys(Target, TARGET_RULES)
HOLDINGS_KEYS = known_keys(HoldingsProfile, _HOLDINGS_RULES)
ILL_KEYS = known_keys(IllRules, _ILL_RULES)
LIBRARY_KEYS = known_keys(_Library, _LIBRARY_RULES)


_DEFAULT_MAX_RECORDS = next(f.default for f in fields(Target) if f.name == "max_records")


def parse_target(data: Any, source: str, position: int) -> Target:
    where = Where(source, f"target #{position}")
    target_id = data.get("id") if isinstance(data, dict) else None
    if not isinstance(target_id, str) or not _SLUG.match(target_id):
        message = f"must be a lower-case slug like 'orebro', got {target_id!r}"
        raise ConfigError(where, "id", message)
    where = Where(source, f"target {target_id!r}")  # from here on, errors name the target
    values = read_table(Target, data, where, TARGET_RULES)
    database = data.get("database")
    if database is not None:
        if not isinstance(database, str):
            raise ConfigError(where, "database", f"wrong type: expected str, got {database!r}")
        values["url"] = f"{values['url'].rstrip('/')}/{database.strip('/')}"
    if "page_size" not in values:  # a target that caps pages says so; else one page
        values["page_size"] = values.get("max_records", _DEFAULT_MAX_RECORDS)
    target = Target(**values)
    _check_relevance(target, where)
    return target


def parse_targets(data: Any, source: str) -> tuple[Target, ...]:
    if not isinstance(data, list):
        raise ConfigError(Where(source, "top level"), "targets", "must be [[targets]] tables")
    targets: list[Target] = []
    seen: dict[str, int] = {}
    for position, entry in enumerate(data, 1):
        target = parse_target(entry, source, position)
        if target.id in seen:
            where = Where(source, f"target #{position}")
            raise ConfigError(
                where, "id", f"duplicate id {target.id!r} (also target #{seen[target.id]})"
            )
        seen[target.id] = position
        targets.append(target)
    return tuple(targets)
