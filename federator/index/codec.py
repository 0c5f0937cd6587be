"""SourceRecord <-> JSON bytes, for the records the cache index stores whole.

orjson writes the dataclasses, enums and dates itself, in field order: the same bytes as
`json.dumps(asdict(record), ensure_ascii=False, separators=(",", ":"))` with enums as their
values and dates in ISO form (tests/index/test_codec.py holds it to that), about 20 times
faster; `dataclasses.asdict` + `json` was most of the write-through's CPU (bench/federated.py).
"""

from __future__ import annotations

from dataclasses import fields as dataclass_fields
from datetime import date, datetime
from typing import Any

import orjson

from federator.models import (
    Author,
    Format,
    Holding,
    HoldingStatus,
    ItemFlag,
    OnlineLink,
    SourceRecord,
)

_FIELDS = tuple(f.name for f in dataclass_fields(SourceRecord))  # in order, as orjson writes
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


def encode_record(record: SourceRecord) -> bytes:
    if record.raw.isascii():
        return orjson.dumps(record)
    # orjson leaves a UTF-8 copy inside every non-ASCII str it writes (CPython's utf8 cache,
    # kept for the str's life): for `raw` a second copy of the record for as long as the
    # result cache holds it (bench/memory.py). So it writes a copy of raw that dies here.
    fields = {name: getattr(record, name) for name in _FIELDS}
    fields["raw"] = record.raw[:-1] + record.raw[-1:]
    return orjson.dumps(fields)


def _holding(raw: dict[str, Any]) -> Holding:
    due = raw.get("due_date")
    return Holding(
        **{k: v for k, v in raw.items() if k not in ("status", "due_date", "cached_at", "flags")},
        status=HoldingStatus(raw["status"]),
        due_date=date.fromisoformat(due) if due else None,
        flags=tuple(ItemFlag(f) for f in raw.get("flags", ())),
    )


def decode_record(data: bytes) -> SourceRecord:
    raw = orjson.loads(data)
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
