"""[[targets.libraries]] tables -> the target's `Branch`es (by the codes its copies carry) and
its `Library`s (what interlibrary loan needs: codes, contact, transport address and route)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from federator.config.reader import (
    ConfigError,
    Rules,
    Where,
    known_keys,
    read_table,
    text_map,
)
from federator.ill.copies import library_id
from federator.models import Branch, Library, PostalAddress

# ISO 15511: a prefix (the country, "SE"), a hyphen, the library's own part; 16 at most.
_ISIL = re.compile(r"^[A-Za-z0-9]{1,4}-[A-Za-z0-9:/-]{1,11}$")
_SIGEL = re.compile(r"^[^\W_]{1,12}$")  # Libris codes: letters (å ä ö too) and digits
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\".]+$")


def _matching(pattern: re.Pattern[str], key: str, example: str) -> Any:
    def parse(data: Any, where: Where) -> str | None:
        if data == "":
            return None
        if not isinstance(data, str) or not pattern.match(data):
            raise ConfigError(where, key, f"must look like {example!r}, got {data!r}")
        return data

    return parse


_ADDRESS_RULES = Rules()
ADDRESS_KEYS = known_keys(PostalAddress, _ADDRESS_RULES)


def _address(data: Any, where: Where) -> PostalAddress:
    at = Where(where.file, f"{where.context} address")
    address = PostalAddress(**read_table(PostalAddress, data, at, _ADDRESS_RULES))
    if not re.match(r"^[A-Z]{2}$", address.country):
        message = f"must be an ISO 3166 code like 'SE', got {address.country!r}"
        raise ConfigError(at, "country", message)
    return address


@dataclass(frozen=True, slots=True, kw_only=True)
class _Library:
    """A [[targets.libraries]] table: one library, its branches by code, its ILL facts."""

    name: str
    municipality: str
    id: str = ""  # "": a slug of the name ("Nora bibliotek" -> "nora-bibliotek")
    branches: dict[str, str] = field(default_factory=dict)
    isil: str | None = None
    sigel: str | None = None
    ill_email: str | None = None
    address: PostalAddress | None = None
    route: str | None = None
    network: str | None = None
    ill_lent: int | None = None
    ill_borrowed: int | None = None


_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")


def _library_slug(data: Any, where: Where) -> str:
    if not isinstance(data, str) or (data and not _SLUG.match(data)):
        message = f"must be a lower-case slug (a-z, 0-9, -), got {data!r}"
        raise ConfigError(where, "id", message)
    return data


_LIBRARY_RULES = Rules(
    bounds={"ill_lent": (0, 10_000_000), "ill_borrowed": (0, 10_000_000)},
    parsers={
        "branches": lambda v, w: text_map(v, w, "branches"),
        "id": _library_slug,
        "isil": _matching(_ISIL, "isil", "SE-Ob"),
        "sigel": _matching(_SIGEL, "sigel", "Ob"),
        "ill_email": _matching(_EMAIL, "ill_email", "fjarrlan@bibliotek.example.se"),
        "address": _address,
    },
)
LIBRARY_KEYS = known_keys(_Library, _LIBRARY_RULES)


def _read(data: Any, where: Where) -> list[tuple[_Library, Where]]:
    if not isinstance(data, list):
        raise ConfigError(where, "libraries", "must be an array of tables ([[targets.libraries]])")
    tables = []
    for position, entry in enumerate(data, 1):
        at = Where(where.file, f"{where.context} library #{position}")
        tables.append((_Library(**read_table(_Library, entry, at, _LIBRARY_RULES)), at))
    return tables


def parse_branches(data: Any, where: Where) -> tuple[Branch, ...]:
    return tuple(
        Branch(
            code=code,
            name=name,
            library=library.name,
            municipality=library.municipality,
            library_id=library.id or library_id(library.name),
        )
        for library, _ in _read(data, where)
        for code, name in library.branches.items()
    )


def parse_libraries(data: Any, where: Where, target_id: str) -> tuple[Library, ...]:
    libraries: list[Library] = []
    for table, at in _read(data, where):
        library = Library(
            id=table.id or library_id(table.name),
            name=table.name,
            municipality=table.municipality,
            isil=table.isil,
            sigel=table.sigel,
            ill_email=table.ill_email,
            address=table.address,
            route=table.route or None,
            network=table.network or target_id,
            ill_lent=table.ill_lent,
            ill_borrowed=table.ill_borrowed,
        )
        if any(known.id == library.id for known in libraries):
            raise ConfigError(at, "name", f"{table.name!r}: the target names this library twice")
        libraries.append(library)
    return tuple(libraries)
