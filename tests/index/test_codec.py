"""The cache index's record codec: orjson bytes, the same as the json-based encoding they
replaced (records already in an index stay readable, and keys and order do not move), and a
round trip that gives the record back."""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from federator.config import parse_settings
from federator.connectors.marc import find_marc_records
from federator.connectors.marcxml import map_marc_record
from federator.index.codec import decode_record, encode_record
from federator.models import Holding, HoldingStatus, ItemFlag, SourceRecord
from federator.xmlsafe import XmlError, parse_xml

DATA = Path(__file__).resolve().parent.parent / "data"


def _plain(value: Any) -> Any:
    """The encoding before orjson: asdict, then enums as values and dates in ISO form."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value.value if hasattr(value, "value") and not isinstance(value, str) else value


def json_encoding(record: SourceRecord) -> bytes:
    return json.dumps(_plain(asdict(record)), ensure_ascii=False, separators=(",", ":")).encode()


def real_records() -> list[SourceRecord]:
    settings = parse_settings(
        {
            "targets": [
                {
                    "id": "t",
                    "name": "T",
                    "url": "http://127.0.0.1:1/x",
                    "holdings": {"preset": "852"},
                }
            ]
        },
        environ={},
    )
    target = settings.targets[0]
    found = []
    for path in sorted([*DATA.glob("zebra/*.xml"), *DATA.glob("real/**/*.xml")]):
        try:
            root = parse_xml(path.read_bytes()).root
        except XmlError:
            continue  # the samples of broken answers
        for n, element in enumerate(find_marc_records(root)):
            found.append(map_marc_record(element, target, fallback_id=f"{path.stem}:{n}"))
    return found


RECORDS = real_records()


def test_there_are_records_to_compare() -> None:
    assert len(RECORDS) > 50


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.record_id)
def test_bytes_are_the_json_encodings(record: SourceRecord) -> None:
    assert encode_record(record) == json_encoding(record)


@pytest.mark.parametrize("record", RECORDS, ids=lambda r: r.record_id)
def test_round_trip(record: SourceRecord) -> None:
    assert decode_record(encode_record(record)) == record


def test_dates_enums_flags_and_odd_text_alike() -> None:
    holding = Holding(
        target="t",
        record_id="1",
        library="Nora bibliotek",
        status=HoldingStatus.ON_LOAN,
        due_date=date(2026, 12, 5),
        flags=(ItemFlag.NO_ILL, ItemFlag.DAMAGED),
        note='"Hemma" \\ tab\t ny rad\n \x1f \u2028 å',
    )
    record = SourceRecord(
        target="t",
        record_id="1",
        schema="marcxml",
        title="Röda rummet 🌹",
        holdings=(holding,),
        cached_at=datetime(2026, 1, 2, 3, 4, 5, 600, tzinfo=UTC),
    )
    assert encode_record(record) == json_encoding(record)
    assert decode_record(encode_record(replace(record, cached_at=None))) == replace(
        record, cached_at=None
    )
