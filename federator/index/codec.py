"""SourceRecord <-> JSON bytes, for the records the cache index stores whole."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from federator.models import (
    Author,
    Format,
    Holding,
    HoldingStatus,
    ItemFlag,
    OnlineLink,
    SourceRecord,
)

_TUPLES = (
    "isbns",
    "invalid_isbns",
    "issns",
    "languages",
    "subjects",
    "series",
    "notes",
    "contents",
    "classifications",
    "original_script",
)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value.value if hasattr(value, "value") and not isinstance(value, str) else value


def encode_record(record: SourceRecord) -> bytes:
    return json.dumps(_plain(asdict(record)), ensure_ascii=False, separators=(",", ":")).encode()


def _holding(raw: dict[str, Any]) -> Holding:
    due = raw.get("due_date")
    return Holding(
        **{k: v for k, v in raw.items() if k not in ("status", "due_date", "cached_at", "flags")},
        status=HoldingStatus(raw["status"]),
        due_date=date.fromisoformat(due) if due else None,
        flags=tuple(ItemFlag(f) for f in raw.get("flags", ())),
    )


def decode_record(data: bytes) -> SourceRecord:
    raw = json.loads(data)
    authors = tuple(Author(**a) for a in raw.pop("authors"))
    holdings = tuple(_holding(h) for h in raw.pop("holdings"))
    online = tuple(OnlineLink(**link) for link in raw.pop("online", ()))
    record_format = Format(raw.pop("format"))
    cached_at = raw.pop("cached_at", None)
    rest: dict[str, Any] = {k: tuple(v) if k in _TUPLES else v for k, v in raw.items()}
    return SourceRecord(
        **rest,
        authors=authors,
        holdings=holdings,
        online=online,
        format=record_format,
        cached_at=datetime.fromisoformat(cached_at) if cached_at else None,
    )
