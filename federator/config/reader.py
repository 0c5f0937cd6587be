"""One reader for every table of federator.toml: the keys, types and defaults are the
dataclass's own fields; only what a field cannot say (bounds, choices, nested tables, renamed
keys) is given beside it, in a `Rules`. Every mistake is a `ConfigError` naming where."""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from typing import Any
from urllib.parse import urlsplit

_BOOLEAN_WORDS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}
_SCALARS = (bool, int, float, str)


@dataclass(frozen=True, slots=True)
class Where:
    file: str
    context: str  # "target 'orebro'", "[search]", ...


class ConfigError(ValueError):
    def __init__(self, where: Where, key: str, message: str) -> None:
        super().__init__(f"{where.file}: {where.context}: key {key!r}: {message}")
        self.file, self.context, self.key = where.file, where.context, key


Parser = Callable[[Any, Where], Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class Rules:
    """What a table's dataclass cannot say about its keys."""

    bounds: Mapping[str, tuple[float, float]] = field(default_factory=dict)  # inclusive
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    parsers: Mapping[str, Parser] = field(default_factory=dict)  # nested or composite values
    keys: Mapping[str, str] = field(default_factory=dict)  # TOML key -> field, when they differ
    extra: frozenset[str] = frozenset()  # keys the caller reads itself (not fields)
    skip: frozenset[str] = frozenset()  # fields that are not keys (derived by the caller)
    positive: bool = False  # every number must be > 0 (the [section] settings)


def known_keys(cls: type, rules: Rules = Rules()) -> list[str]:
    renamed = {f: k for k, f in rules.keys.items()}
    names = [renamed.get(f.name, f.name) for f in fields(cls) if f.name not in rules.skip]
    return names + sorted(rules.extra)


def read_table(
    cls: type,
    data: Any,
    where: Where,
    rules: Rules = Rules(),
    *,
    defaults: object | None = None,
    environ: Mapping[str, str] | None = None,
    env_prefix: str = "",
) -> dict[str, Any]:
    """Keyword arguments for `cls` from a TOML table (and `env_prefix + KEY` in `environ`).

    Keys missing from both keep the field's default (or `defaults`' value); a field without a
    default is required. Returns only what was given or is required, so `cls(**values)` works.
    """
    if not isinstance(data, dict):
        raise ConfigError(where, "-", f"must be a table, got {data!r}")
    known = known_keys(cls, rules)
    for key in data:
        if key not in known:
            raise ConfigError(where, key, f"unknown key; known keys: {', '.join(known)}")
    hints = typing.get_type_hints(cls)
    values: dict[str, Any] = {}
    for key in known:
        name = rules.keys.get(key, key)
        if key in rules.extra:
            continue
        env_name = f"{env_prefix}{key}".upper()
        if environ is not None and env_name in environ:
            raw, at = environ[env_name], Where("environment", env_name)
        elif key in data:
            raw, at = data[key], where
        else:
            if _is_required(cls, name) and defaults is None:
                raise ConfigError(where, key, "is required")
            continue
        if key in rules.parsers:
            values[name] = rules.parsers[key](raw, at)
        else:
            values[name] = _scalar(raw, hints[name], key, at, rules)
    return values


def _is_required(cls: type, name: str) -> bool:
    spec = next(f for f in fields(cls) if f.name == name)
    return spec.default is MISSING and spec.default_factory is MISSING


def _scalar(raw: Any, hint: Any, key: str, where: Where, rules: Rules) -> Any:
    expected, optional = _unwrap(hint)
    if optional and raw == "":
        return None  # "" says: this catalogue has none
    if expected not in _SCALARS:
        raise TypeError(f"no parser for {key!r} ({hint!r})")  # a gap in Rules, not bad input
    value = _convert(raw, expected) if where.file == "environment" else raw
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
        raise ConfigError(where, key, f"wrong type: expected {expected.__name__}, got {value!r}")
    if key in rules.choices and value not in rules.choices[key]:
        raise ConfigError(where, key, f"must be one of {rules.choices[key]}, got {value!r}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        low, high = rules.bounds.get(key, (float("-inf"), float("inf")))
        if rules.positive and value <= 0:
            raise ConfigError(where, key, f"must be greater than 0, got {value!r}")
        if not low <= value <= high:
            raise ConfigError(where, key, f"must be between {low:g} and {high:g}, got {value!r}")
    return value


def _unwrap(hint: Any) -> tuple[Any, bool]:
    if isinstance(hint, types.UnionType):
        members = [m for m in hint.__args__ if m is not type(None)]
        if len(members) == 1:
            return members[0], True
    return hint, False


def _convert(text: str, expected: type) -> Any:
    """Environment values are text: read them as the field's type where they can be."""
    if expected is bool:
        return _BOOLEAN_WORDS.get(text.lower(), text)
    for kind in (int, float):
        if expected is kind:
            try:
                return kind(text)
            except ValueError:
                return text
    return text


def text_list(data: Any, where: Where, key: str) -> tuple[str, ...]:
    """A list of strings, or an error naming `key`."""
    if not isinstance(data, list) or not all(isinstance(v, str) for v in data):
        raise ConfigError(where, key, f"must be a list of text, got {data!r}")
    return tuple(data)


def text_map(data: Any, where: Where, key: str) -> dict[str, str]:
    """A table of strings, or an error naming `key` (and the inner key at fault)."""
    if not isinstance(data, dict):
        raise ConfigError(where, key, f"must be a table, got {data!r}")
    for inner_key, inner in data.items():
        if not isinstance(inner, str):
            raise ConfigError(where, f"{key}.{inner_key}", f"must be text, got {inner!r}")
    return dict(data)


def checked_url(
    data: Any,
    where: Where,
    key: str,
    schemes: tuple[str, ...],
    describe: str,
    *,
    needs_host: bool = True,
) -> str:
    """A URL of one of `schemes` (with a host, unless `needs_host` is off), or an error saying
    what it must be (`describe`); a URL urllib cannot read ("http://[::1", port 99999) is
    refused too."""
    try:
        parts = urlsplit(data) if isinstance(data, str) else None
        host = parts.hostname if parts is not None else None
        _ = parts.port if parts is not None else None  # raises for a port out of range
    except ValueError:
        parts = host = None
    if parts is None or parts.scheme not in schemes or (needs_host and not host):
        raise ConfigError(where, key, f"must be {describe}, got {data!r}")
    return str(data)
