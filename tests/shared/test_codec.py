"""Values <-> compressed JSON for Redis: every value comes back equal; anything else that
Redis might hold (another version's payload, garbage, a bomb) is a miss, never an error."""

from __future__ import annotations

import json
import zlib
from datetime import UTC, date, datetime

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from federator.merge import merge_records
from federator.models import (
    Author,
    ErrorKind,
    Format,
    Holding,
    HoldingStatus,
    SourceRecord,
    TargetOutcome,
    TargetState,
    TargetStatus,
    Work,
)
from federator.shared.codec import MAX_DECODED_BYTES, UndecodablePayload, decode, encode

text = st.text(max_size=30)
maybe_text = st.none() | text
holdings = st.builds(
    Holding,
    target=st.just("nora"),
    record_id=text,
    library=text,
    branch=maybe_text,
    status=st.sampled_from(HoldingStatus),
    due_date=st.none() | st.dates(),
    ill_allowed=st.none() | st.booleans(),
    cached_at=st.none() | st.datetimes(timezones=st.just(UTC)),
)
records = st.builds(
    SourceRecord,
    target=st.just("nora"),
    record_id=text,
    schema=st.sampled_from(["marcxml", "dc"]),
    title=text,
    subtitle=maybe_text,
    authors=st.lists(st.builds(Author, name=text, dates=maybe_text), max_size=3).map(tuple),
    year=st.none() | st.integers(1000, 2100),
    isbns=st.lists(st.from_regex(r"97[89]\d{10}", fullmatch=True), max_size=2).map(tuple),
    format=st.sampled_from(Format),
    subjects=st.lists(text, max_size=3).map(tuple),
    holdings=st.lists(holdings, max_size=3).map(tuple),
    raw=text,
)
statuses = st.builds(
    TargetStatus,
    target=st.just("nora"),
    name=text,
    state=st.sampled_from(TargetState),
    error_kind=st.none() | st.sampled_from(ErrorKind),
    hits=st.none() | st.integers(0, 10**6),
    elapsed_ms=st.floats(0, 1e5, allow_nan=False),
    warnings=st.lists(text, max_size=2).map(tuple),
    cached_age_s=st.none() | st.floats(0, 1e6, allow_nan=False),
)


@given(statuses, st.lists(records, max_size=4))
@example(
    TargetStatus(target="nora", name="Nora", state=TargetState.OK, elapsed_ms=3),  # int -> float
    [SourceRecord(target="nora", record_id="1", schema="dc", title="Röda rummet\x00\ud7ff")],
)
def test_an_answer_comes_back_equal(status: TargetStatus, found: list[SourceRecord]) -> None:
    outcome = TargetOutcome(status=status, records=tuple(found))
    assert decode(TargetOutcome, encode(outcome)) == outcome


@given(st.lists(records, min_size=1, max_size=6))
def test_merged_works_come_back_equal(found: list[SourceRecord]) -> None:
    for work in merge_records(found):
        assert decode(Work, encode(work)) == work


def test_dates_stay_dates_and_times_stay_times() -> None:
    holding = Holding(
        target="nora",
        record_id="1",
        library="Nora",
        due_date=date(2025, 1, 31),
        cached_at=datetime(2025, 1, 2, 3, 4, tzinfo=UTC),
    )
    record = SourceRecord(target="nora", record_id="1", schema="dc", title="x", holdings=(holding,))
    back = decode(SourceRecord, encode(record)).holdings[0]
    assert type(back.due_date) is date and back.cached_at == holding.cached_at


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"not zlib at all",
        zlib.compress(b"{not json"),
        zlib.compress(json.dumps({"status": {"target": "x"}}).encode()),  # a field missing
        zlib.compress(json.dumps({"status": {}, "records": [], "colour": 1}).encode()),
        zlib.compress(json.dumps([1, 2, 3]).encode()),
        zlib.compress(b" " * (MAX_DECODED_BYTES + 1), 9),  # a bomb: refused, never inflated
    ],
)
def test_what_is_not_one_of_our_values_is_refused(payload: bytes) -> None:
    with pytest.raises(UndecodablePayload):
        decode(TargetOutcome, payload)
