"""The [[targets]] tables of federator.toml -> `Target`s, holdings profiles and branches."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any
from urllib.parse import urlsplit

from federator.config.holdings import parse_holdings
from federator.config.reader import ConfigError, Rules, Where, known_keys, read_table
from federator.config.z3950 import is_z3950_url, parse_z3950
from federator.models import (
    DEFAULT_INDEXES,
    Branch,
    Field,
    Format,
    IllRules,
    Protocol,
    Target,
)
from federator.normalise import fold
from federator.z3950.options import Z3950Options

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
    id: str = ""  # "" : a slug of the name ("Nora bibliotek" -> "nora-bibliotek")


_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def library_slug(name: str) -> str:
    return "-".join(fold(name).split())


def _library_id(data: Any, where: Where) -> str:
    if not isinstance(data, str) or (data and not _SLUG.match(data)):
        message = f"must be a lower-case slug (a-z, 0-9, -), got {data!r}"
        raise ConfigError(where, "id", message)
    return data


_LIBRARY_RULES = Rules(
    parsers={"branches": lambda v, w: _string_map(v, w, "branches"), "id": _library_id}
)


def _branches(data: Any, where: Where) -> tuple[Branch, ...]:
    if not isinstance(data, list):
        raise ConfigError(where, "libraries", "must be an array of tables ([[targets.libraries]])")
    branches = []
    for position, entry in enumerate(data, 1):
        at = Where(where.file, f"{where.context} library #{position}")
        library = _Library(**read_table(_Library, entry, at, _LIBRARY_RULES))
        branches += [
            Branch(
                code=code,
                name=name,
                library=library.name,
                municipality=library.municipality,
                library_id=library.id or library_slug(library.name),
            )
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


def _url(data: Any, where: Where) -> str:
    parts = urlsplit(data) if isinstance(data, str) else None
    if parts is None or parts.scheme not in ("http", "https", "z3950") or not parts.netloc:
        message = f"must be an http(s) URL (SRU) or z3950://host:port/database, got {data!r}"
        raise ConfigError(where, "url", message)
    return str(data)


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
        "libraries": _branches,
        "ill": _ill,
    },
    keys={"libraries": "branches"},
    extra=frozenset({"database", "z3950"}),
)
# Every key a [[targets]] table and its nested tables know, for the README check.
TARGET_KEYS = known_keys(Target, TARGET_RULES)
ILL_KEYS = known_keys(IllRules, _ILL_RULES)
LIBRARY_KEYS = known_keys(_Library, _LIBRARY_RULES)


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
    target = Target(**values)
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
    return tuple(targets), z3950
