"""The [[targets]] tables of federator.toml -> `Target`s, holdings profiles and branches."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields
from typing import Any

from federator.config.holdings import parse_holdings
from federator.config.libraries import LIBRARY_KEYS, parse_branches, parse_libraries
from federator.config.reader import (
    ConfigError,
    Parser,
    Rules,
    Where,
    checked_url,
    known_keys,
    read_table,
    text_list,
)
from federator.config.z3950 import is_z3950_url, parse_z3950
from federator.ill.rules import NEVER_LENT
from federator.models import (
    DEFAULT_INDEXES,
    Field,
    Format,
    IllRules,
    Protocol,
    RelevanceOrder,
    Target,
    Widening,
)
from federator.z3950.options import Z3950Options

_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")


def _formats(data: Any, where: Where) -> frozenset[Format]:
    formats = []
    for value in text_list(data, where, "excluded_formats"):
        try:
            formats.append(Format(value))
        except ValueError:
            allowed = ", ".join(f.value for f in Format)
            message = f"{value!r} is not one of {allowed}"
            raise ConfigError(where, "excluded_formats", message) from None
    return frozenset(formats)


def _yes_no_map(data: Any, where: Where, key: str) -> dict[str, bool]:
    if not isinstance(data, dict):
        raise ConfigError(where, key, f"must be a table of true/false, got {data!r}")
    for inner_key, inner in data.items():
        if not isinstance(inner, bool):
            message = f"must be true (lent on ILL) or false, got {inner!r}"
            raise ConfigError(where, f"{key}.{inner_key}", message)
    return dict(data)


def _format_rules(data: Any, where: Where) -> tuple[tuple[Format, bool], ...]:
    rules = _yes_no_map(data, where, "formats")
    unknown = sorted(set(rules) - {f.value for f in Format})
    if unknown:
        allowed = ", ".join(f.value for f in Format)
        raise ConfigError(where, "formats", f"{unknown[0]!r} is not one of {allowed}")
    never = [f.value for f in NEVER_LENT if rules.get(f.value)]
    if never:
        message = f"{never[0]} is never lent on ILL: each library licenses its own"
        raise ConfigError(where, f"formats.{never[0]}", message)
    return tuple((Format(name), lends) for name, lends in rules.items())


_ILL_RULES = Rules(
    bounds={"min_age_months": (0, 600)},
    parsers={
        "excluded_formats": _formats,
        "formats": _format_rules,
        "item_types": lambda v, w: tuple(_yes_no_map(v, w, "item_types").items()),
    },
)


def _ill(data: Any, where: Where) -> IllRules:
    where = Where(where.file, f"{where.context} ill")
    return IllRules(**read_table(IllRules, data, where, _ILL_RULES))


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


def _url(data: Any, where: Where) -> str:
    describe = "an http(s) URL (SRU) or z3950://host:port/database"
    return checked_url(data, where, "url", ("http", "https", "z3950"), describe)


def _protocol(data: Any, where: Where) -> Protocol:
    try:
        return Protocol(data)
    except ValueError:
        choices = ", ".join(p.value for p in Protocol)
        raise ConfigError(where, "protocol", f"must be one of {choices}, got {data!r}") from None


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
        "url": _url,
        "protocol": _protocol,
        "record_url": _record_url,
        "indexes": _indexes,
        "holdings": parse_holdings,
        "libraries": parse_branches,
        "ill": _ill,
        "widening": _choice(Widening, "widening"),
        "relevance": _choice(RelevanceOrder, "relevance"),
    },
    keys={"libraries": "branches"},
    extra=frozenset({"database", "z3950"}),
    skip=frozenset({"libraries"}),  # the Library half of [[targets.libraries]], read below
)
# Every key a [[targets]] table and its nested tables know, for the README check.
TARGET_KEYS = known_keys(Target, TARGET_RULES)
ILL_KEYS = known_keys(IllRules, _ILL_RULES)
__all__ = ["ILL_KEYS", "LIBRARY_KEYS", "TARGET_KEYS", "parse_target", "parse_targets"]


_DEFAULT_MAX_RECORDS = next(f.default for f in fields(Target) if f.name == "max_records")


def parse_target(
    data: Any, source: str, position: int, environ: Mapping[str, str]
) -> tuple[Target, Z3950Options | None]:
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
    values["libraries"] = parse_libraries(data.get("libraries", []), where, target_id)
    target = Target(**values)
    _check_relevance(target, where)
    if (target.protocol is Protocol.Z3950) != is_z3950_url(target.url):
        message = "a z3950:// url needs protocol = 'z3950' (and protocol 'z3950' needs one)"
        raise ConfigError(where, "url", message)
    if target.protocol is not Protocol.Z3950:
        if "z3950" in data:
            raise ConfigError(where, "z3950", "only for protocol = 'z3950'")
        return target, None
    table = data.get("z3950", {})
    return target, parse_z3950(target.url, table, where, environ, target.connect_timeout_s)


def parse_targets(
    data: Any, source: str, environ: Mapping[str, str]
) -> tuple[tuple[Target, ...], dict[str, Z3950Options]]:
    """The targets, and the Z39.50 options of those that speak it."""
    if not isinstance(data, list):
        raise ConfigError(Where(source, "top level"), "targets", "must be [[targets]] tables")
    targets: list[Target] = []
    z3950: dict[str, Z3950Options] = {}
    seen: dict[str, int] = {}
    for position, entry in enumerate(data, 1):
        target, options = parse_target(entry, source, position, environ)
        if options is not None:
            z3950[target.id] = options
        if target.id in seen:
            where = Where(source, f"target #{position}")
            raise ConfigError(
                where, "id", f"duplicate id {target.id!r} (also target #{seen[target.id]})"
            )
        seen[target.id] = position
        targets.append(target)
    _unique_libraries(targets, source)
    return tuple(targets), z3950


def _unique_libraries(targets: list[Target], source: str) -> None:
    """A library is one place to send a request to: its id and ISIL name it alone."""
    owners: dict[str, str] = {}
    for target in targets:
        for library in target.libraries:
            for key in (library.id, library.isil):
                if key is None:
                    continue
                if key in owners and owners[key] != f"{target.id}/{library.name}":
                    where = Where(source, f"target {target.id!r} library {library.name!r}")
                    message = f"{key!r} is also {owners[key]}: libraries need their own"
                    raise ConfigError(where, "name" if key == library.id else "isil", message)
                owners[key] = f"{target.id}/{library.name}"
