"""The [[targets]] tables of federator.toml -> `Target`s, holdings profiles and branches."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urlsplit

from federator.models import (
    DEFAULT_INDEXES,
    Branch,
    Field,
    Format,
    HoldingsField,
    HoldingsProfile,
    HoldingStatus,
    IllRules,
    Target,
)


@dataclass(frozen=True, slots=True)
class Where:
    file: str
    context: str  # "target 'orebro'", "[search]", ...


class ConfigError(ValueError):
    def __init__(self, where: Where, key: str, message: str) -> None:
        super().__init__(f"{where.file}: {where.context}: key {key!r}: {message}")
        self.file, self.context, self.key = where.file, where.context, key


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

TARGET_KEYS = (
    "id name url database sru_version record_schema record_packing http_method indexes holdings "
    "libraries record_url ill timeout_s connect_timeout_s max_records page_size enabled"
).split()
ILL_KEYS = ["excluded_formats", "min_age_months", "lends_reference_copies", "lends_reserved_copies"]
HOLDINGS_KEYS = ["field", "status_map", "no_ill_item_types"] + [
    name
    for name in HoldingsProfile.__dataclass_fields__
    if name.endswith(("_subfield", "_subfields"))
]
LIBRARY_KEYS = ["name", "municipality", "branches"]
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
_CHOICES = {
    "sru_version": ("1.1", "1.2", "2.0"),
    "record_packing": ("xml", "string"),
    "http_method": ("get", "post"),
}


class _Table:
    """Typed access to one TOML table, with errors that say where."""

    def __init__(self, data: Any, where: Where, known: list[str]) -> None:
        if not isinstance(data, dict):
            raise ConfigError(where, "-", f"must be a table, got {data!r}")
        for key in data:
            if key not in known:
                raise ConfigError(where, key, f"unknown key; known keys: {', '.join(known)}")
        self.data, self.where = data, where

    def get(self, key: str, expected: type | tuple[type, ...], default: Any = None) -> Any:
        if key not in self.data:
            if default is _REQUIRED:
                raise ConfigError(self.where, key, "is required")
            return default
        value = self.data[key]
        if not isinstance(value, expected) or (isinstance(value, bool) and expected is not bool):
            raise ConfigError(self.where, key, f"wrong type: got {value!r}")
        if key in _CHOICES and value not in _CHOICES[key]:
            raise ConfigError(self.where, key, f"must be one of {_CHOICES[key]}, got {value!r}")
        return value

    def number(self, key: str, default: float, low: float, high: float) -> float:
        value = self.get(key, (int, float), default)
        if not low <= value <= high:
            raise ConfigError(self.where, key, f"must be between {low} and {high}, got {value!r}")
        return float(value)

    def string_map(self, key: str) -> dict[str, str]:
        value = self.get(key, dict, {})
        for inner_key, inner in value.items():
            if not isinstance(inner, str):
                raise ConfigError(self.where, f"{key}.{inner_key}", f"must be text, got {inner!r}")
        return dict(value)


_REQUIRED = object()


def _holdings(data: Any, where: Where) -> HoldingsProfile:
    table = _Table(data, Where(where.file, f"{where.context} holdings"), HOLDINGS_KEYS)
    try:
        preset = HOLDINGS_PRESETS[HoldingsField(str(table.get("field", str, _REQUIRED)))]
    except ValueError:
        raise ConfigError(table.where, "field", "must be '852' or '952'") from None
    overrides: dict[str, Any] = {}
    for key in HOLDINGS_KEYS:
        if key.endswith("_subfields"):
            overrides[key] = tuple(table.get(key, list, list(getattr(preset, key))))
        elif key.endswith("_subfield") and key in table.data:
            overrides[key] = table.get(key, str) or None
    status_map = []
    for raw, status in table.string_map("status_map").items():
        try:
            status_map.append((raw.casefold(), HoldingStatus(status)))
        except ValueError:
            allowed = ", ".join(s.value for s in HoldingStatus)
            raise ConfigError(
                table.where, f"status_map.{raw}", f"must be one of {allowed}"
            ) from None
    overrides["status_map"] = tuple(status_map)
    overrides["no_ill_item_types"] = frozenset(table.get("no_ill_item_types", list, []))
    return replace(preset, **overrides)


def _branches(data: Any, where: Where) -> list[Branch]:
    if not isinstance(data, list):
        raise ConfigError(where, "libraries", "must be an array of tables ([[targets.libraries]])")
    branches = []
    for position, entry in enumerate(data, 1):
        table = _Table(
            entry, Where(where.file, f"{where.context} library #{position}"), LIBRARY_KEYS
        )
        library = table.get("name", str, _REQUIRED)
        municipality = table.get("municipality", str, _REQUIRED)
        for code, name in table.string_map("branches").items():
            branches.append(
                Branch(code=code, name=name, library=library, municipality=municipality)
            )
    return branches


def _ill(data: Any, where: Where) -> IllRules:
    table = _Table(data, Where(where.file, f"{where.context} ill"), ILL_KEYS)
    formats = []
    for value in table.get("excluded_formats", list, []):
        try:
            formats.append(Format(value))
        except ValueError:
            allowed = ", ".join(f.value for f in Format)
            raise ConfigError(
                table.where, "excluded_formats", f"{value!r} is not one of {allowed}"
            ) from None
    return IllRules(
        excluded_formats=frozenset(formats),
        min_age_months=int(table.number("min_age_months", 0, 0, 600)),
        lends_reference_copies=table.get("lends_reference_copies", bool, False),
        lends_reserved_copies=table.get("lends_reserved_copies", bool, False),
    )


def _indexes(data: Any, where: Where) -> tuple[tuple[Field, str], ...]:
    table = _Table(data, Where(where.file, f"{where.context} indexes"), [f.value for f in Field])
    mapping = dict(DEFAULT_INDEXES)
    for key, index in table.data.items():
        if not isinstance(index, str):
            raise ConfigError(table.where, key, f"must be a CQL index name or '', got {index!r}")
        if index:
            mapping[Field(key)] = index
        else:  # "" says the catalogue has no such index
            mapping.pop(Field(key), None)
    return tuple(mapping.items())


def _url(table: _Table) -> str:
    url = table.get("url", str, _REQUIRED)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(table.where, "url", f"must be an http(s) URL, got {url!r}")
    database = table.get("database", str)
    return f"{url.rstrip('/')}/{database.strip('/')}" if database else url


def parse_target(data: Any, source: str, position: int) -> Target:
    where = Where(source, f"target #{position}")
    target_id = data.get("id") if isinstance(data, dict) else None
    if not isinstance(target_id, str) or not _SLUG.match(target_id):
        message = f"must be a lower-case slug like 'orebro', got {target_id!r}"
        raise ConfigError(where, "id", message)
    where = Where(source, f"target {target_id!r}")  # from here on, errors name the target
    table = _Table(data, where, TARGET_KEYS)
    record_url = table.get("record_url", str)
    if record_url is not None and "{record_id}" not in record_url:
        raise ConfigError(where, "record_url", "must contain {record_id}")
    max_records = int(table.number("max_records", 50, 1, 1000))
    return Target(
        id=target_id,
        name=table.get("name", str, _REQUIRED),
        url=_url(table),
        sru_version=table.get("sru_version", str, "1.2"),
        record_schema=table.get("record_schema", str, "marcxml"),
        record_packing=table.get("record_packing", str, "xml"),
        http_method=table.get("http_method", str, "get"),
        indexes=_indexes(data.get("indexes", {}), where),
        holdings=_holdings(data["holdings"], where) if "holdings" in data else None,
        branches=tuple(_branches(data.get("libraries", []), where)),
        record_url=record_url,
        ill=_ill(data["ill"], where) if "ill" in data else IllRules(),
        timeout_s=table.number("timeout_s", 5.0, 0.05, 300),
        connect_timeout_s=table.number("connect_timeout_s", 2.0, 0.05, 60),
        max_records=max_records,
        page_size=int(table.number("page_size", max_records, 1, 1000)),
        enabled=table.get("enabled", bool, True),
    )


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
