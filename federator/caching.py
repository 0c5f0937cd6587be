"""What the service does with the cache index: a short-lived result cache, the stale fallback for
a catalogue that failed, and the bookkeeping write-through needs.

Cached availability is never passed off as fresh: records from the index carry `cached_at`, and
their target's status is `cached` with the age of the data.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import replace
from datetime import UTC, datetime

from federator.index.store import CachedRecord, record_key
from federator.models import Query, QueryNode, Target, TargetState, Work
from federator.search import TargetOutcome

# Failures the index can stand in for; a diagnostic or an unsupported query would fail again.
FALLBACK_KINDS = frozenset({"timeout", "unavailable", "protocol", "bug", None})
ResultKey = tuple[QueryNode, bool, str]


class ResultCache:
    """Recent successful answers by query and target, for `ttl_s`; bounded, least recently used
    out. Only answers: a target that failed is asked again by the next search."""

    def __init__(self, ttl_s: float, capacity: int) -> None:
        self.ttl_s, self.capacity = ttl_s, capacity
        self._entries: OrderedDict[ResultKey, tuple[float, TargetOutcome]] = OrderedDict()

    @staticmethod
    def key(query: Query, target: Target) -> ResultKey:
        # The tree, not the text: "title: röda" typed as free text is another search.
        return (query.root, query.is_expert_cql, target.id)

    def get(self, key: ResultKey, now: float) -> TargetOutcome | None:
        entry = self._entries.get(key)
        if entry is None or now - entry[0] > self.ttl_s:
            self._entries.pop(key, None)
            return None
        self._entries.move_to_end(key)
        return entry[1]

    def put(self, key: ResultKey, now: float, outcome: TargetOutcome) -> None:
        if outcome.status.state is not TargetState.OK:
            return
        self._entries[key] = (now, outcome)
        self._entries.move_to_end(key)
        while len(self._entries) > self.capacity:
            self._entries.popitem(last=False)


def needs_fallback(outcome: TargetOutcome) -> bool:
    status = outcome.status
    failed = status.state in (TargetState.TIMEOUT, TargetState.ERROR, TargetState.SKIPPED)
    return (
        failed and status.error_kind in FALLBACK_KINDS and "disabled" not in (status.message or "")
    )


def describe_age(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 172_800:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86_400:.0f} days"


def cached_outcome(failed: TargetOutcome, found: list[CachedRecord]) -> TargetOutcome:
    """The failed target's cached records, marked as such, with why the live search failed."""
    now = time.time()
    oldest = min(c.fetched_at for c in found)
    age = max(0.0, now - oldest)
    records = tuple(
        replace(c.record, cached_at=datetime.fromtimestamp(c.fetched_at, UTC)) for c in found
    )
    status = replace(
        failed.status,
        state=TargetState.CACHED,
        fetched=len(records),
        hits=None,
        cached_age_s=round(age, 1),
        message=f"from the cache, up to {describe_age(age)} old ({failed.status.message})",
    )
    return TargetOutcome(status=status, records=records)


def work_ids(works: Iterable[Work]) -> dict[str, str]:
    return {record_key(s): w.id for w in works for s in w.sources}
