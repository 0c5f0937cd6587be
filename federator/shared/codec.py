"""Frozen values <-> compressed JSON bytes, for what we keep in Redis: answers and works.

Driven by the dataclasses' own type hints, like the config reader, so a new field needs no code
here. JSON, not pickle: whoever can write to the Redis server must not be able to run code in
ours. A payload that does not decode (another version's, or damaged) is a miss, not an error.
"""

from __future__ import annotations

import json
import types
import typing
import zlib
from dataclasses import fields, is_dataclass
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar

T = TypeVar("T")
MAX_DECODED_BYTES = 64 * 1024 * 1024  # a bigger payload is refused, never inflated in memory
VERSION = "v1"  # in every key: a change of the models' shape changes it, and old keys age out


class UndecodablePayload(ValueError):
    """Bytes from Redis that are not one of our values (any more)."""


@cache
def _names(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def plain(value: Any) -> Any:
    """A value as JSON-ready lists, dicts, strings and numbers."""
    if isinstance(value, str | int | float | None):
        return value
    if is_dataclass(value) and not isinstance(value, type):
        return {name: plain(getattr(value, name)) for name in _names(type(value))}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list | frozenset):
        return [plain(v) for v in value]
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _union_member(hint: Any) -> Any:
    members = [m for m in typing.get_args(hint) if m is not type(None)]
    if len(members) != 1:
        raise TypeError(f"cannot decode a union of {members}")
    return members[0]


def rebuild(hint: Any, raw: Any) -> Any:
    """The value of type `hint` that `plain` turned into `raw`."""
    origin = typing.get_origin(hint)
    if origin is types.UnionType or origin is typing.Union:
        return None if raw is None else rebuild(_union_member(hint), raw)
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(rebuild(args[0], v) for v in raw)
        return tuple(rebuild(a, v) for a, v in zip(args, raw, strict=True))
    if origin is frozenset:
        return frozenset(rebuild(typing.get_args(hint)[0], v) for v in raw)
    if isinstance(hint, type):
        if is_dataclass(hint):
            known = _hints(hint)
            return hint(**{k: rebuild(known[k], v) for k, v in raw.items()})
        if issubclass(hint, Enum):
            return hint(raw)
        if issubclass(hint, datetime):
            return datetime.fromisoformat(raw)
        if issubclass(hint, date):
            return date.fromisoformat(raw)
        if hint is float and isinstance(raw, int):
            return float(raw)
    return raw


def encode(value: object) -> bytes:
    text = json.dumps(plain(value), ensure_ascii=False, separators=(",", ":"))
    return zlib.compress(text.encode(), 1)  # level 1: MARCXML shrinks ~8x for little CPU


def decode(cls: type[T], data: bytes) -> T:
    try:
        inflater = zlib.decompressobj()
        text = inflater.decompress(data, MAX_DECODED_BYTES)
        if inflater.unconsumed_tail:
            raise UndecodablePayload(f"inflates to more than {MAX_DECODED_BYTES} bytes")
        value = rebuild(cls, json.loads(text))
    except (zlib.error, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise UndecodablePayload(str(exc)) from exc
    if not isinstance(value, cls):
        raise UndecodablePayload(f"not a {cls.__name__}")
    return value
