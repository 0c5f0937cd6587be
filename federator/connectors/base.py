"""What every connector returns: one target's answer to one search (errors: `federator.errors`)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
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
    next_record: int | None = None  # the catalogue holds more: the position to go on from


class Gate:
    """One search's way into one target's connection slots: each target has a pool of its
    own, so a hung database cannot starve a healthy one on the same host and port. When a
    slot was first had (`entered_at`, loop time) tells a timeout spent waiting here (ours) from
    one spent on the catalogue (its)."""

    def __init__(self, slots: asyncio.Semaphore) -> None:
        self._slots = slots
        self.entered_at: float | None = None

    @asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._slots:
            if self.entered_at is None:
                self.entered_at = asyncio.get_running_loop().time()
            yield


class TargetGates:
    """The connection slots of every target (`[http] limit_per_host` each)."""

    def __init__(self, per_target: int) -> None:
        self._per_target = per_target
        self._slots: dict[str, asyncio.Semaphore] = {}

    def gate(self, target_id: str) -> Gate:
        slots = self._slots.setdefault(target_id, asyncio.Semaphore(self._per_target))
        return Gate(slots)
