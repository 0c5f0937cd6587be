"""What every connector returns: one target's answer to one search (errors: `federator.errors`)."""

from __future__ import annotations

from dataclasses import dataclass

from federator.models import SourceRecord


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchOutcome:
    """One target's answer to one search: its records, its hit count, what went wrong on the way."""

    target: str
    hits: int | None  # numberOfRecords; None when the server did not say (SRU 2.0 allows that)
    records: tuple[SourceRecord, ...]
    sru_version: str | None = None
    warnings: tuple[str, ...] = ()  # partial failures: a later page lost, a record skipped
