"""The in-process implementations of the shared-state interfaces: each process keeps its own
(the default, and what a process falls back to while Redis is unreachable)."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Sequence

from federator.circuit import Breakers, Ticket
from federator.lru import TimedLru
from federator.models import Query, Target, TargetOutcome, TargetState, Work
from federator.shared.backends import BreakerView, ResultKey, Settlement


class TokenBuckets:
    """A token bucket per client (refilled at `per_minute`, holding up to `burst`), in a bounded
    LRU so a flood of addresses cannot grow memory."""

    def __init__(
        self, per_minute: int, burst: int, capacity: int, clock: Callable[[], float]
    ) -> None:
        self.rate = per_minute / 60.0
        self.burst = float(burst)
        self.capacity = capacity
        self.clock = clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()  # tokens, time

    def take(self, client: str) -> float:
        """0 if the request may go ahead, else the seconds until it may."""
        now = self.clock()
        tokens, then = self._buckets.pop(client, (self.burst, now))
        tokens = min(self.burst, tokens + (now - then) * self.rate)
        wait = 0.0
        if tokens >= 1:
            tokens -= 1
        else:
            wait = (1 - tokens) / self.rate
        self._buckets[client] = (tokens, now)
        while len(self._buckets) > self.capacity:
            self._buckets.popitem(last=False)
        return wait


class LocalRates:
    """`TokenBuckets` behind the shared interface."""

    def __init__(self, buckets: TokenBuckets) -> None:
        self.buckets = buckets

    async def take(self, client: str) -> float:
        return self.buckets.take(client)


class LocalBreakers:
    """`circuit.Breakers` behind the shared interface."""

    def __init__(self, breakers: Breakers) -> None:
        self.breakers = breakers

    def view(self, target_id: str) -> BreakerView:
        breaker = self.breakers.get(target_id)
        return BreakerView(
            state=self.breakers.state(target_id),
            consecutive_failures=breaker.consecutive_failures,
            seconds_until_probe=self.breakers.seconds_until_probe(target_id),
            last_error=breaker.last_error,
        )

    async def admit(self, target_ids: Sequence[str]) -> dict[str, Ticket | BreakerView]:
        admitted: dict[str, Ticket | BreakerView] = {}
        for target_id in target_ids:
            ticket = self.breakers.admit(target_id)
            admitted[target_id] = ticket if ticket is not None else self.view(target_id)
        return admitted

    async def settle(self, settlements: Sequence[Settlement]) -> None:
        for settled in settlements:
            self.breakers.release(settled.ticket)
            if settled.ok is not None:
                self.breakers.record(settled.ticket, settled.ok, settled.error)

    async def views(self, target_ids: Sequence[str]) -> dict[str, BreakerView]:
        return {target_id: self.view(target_id) for target_id in target_ids}


class ResultCache:
    """Recent successful answers by query and target, for `ttl_s`; bounded, least recently used
    out. Only answers: a target that failed is asked again by the next search."""

    def __init__(
        self, ttl_s: float, capacity: int, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._clock = clock
        self._entries: TimedLru[ResultKey, TargetOutcome] = TimedLru(ttl_s, capacity)

    @staticmethod
    def key(query: Query, target: Target) -> ResultKey:
        return (query.root, query.is_expert_cql, target.id)

    def get(self, key: ResultKey, now: float) -> TargetOutcome | None:
        return self._entries.get(key, now)

    def put(self, key: ResultKey, now: float, outcome: TargetOutcome) -> None:
        if outcome.status.state is TargetState.OK:
            self._entries.put(key, now, outcome)

    async def recall(self, keys: Sequence[ResultKey]) -> dict[ResultKey, TargetOutcome]:
        now = self._clock()
        found = ((key, self.get(key, now)) for key in keys)
        return {key: outcome for key, outcome in found if outcome is not None}

    async def keep(self, answers: Sequence[tuple[ResultKey, TargetOutcome]]) -> None:
        now = self._clock()
        for key, outcome in answers:
            self.put(key, now, outcome)


class RecentWorks:
    """A bounded LRU of works by id. It holds references, so it keeps every merged work."""

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._works: OrderedDict[str, Work] = OrderedDict()

    def add(self, works: Sequence[Work]) -> None:
        for work in works:
            self._works[work.id] = work
            self._works.move_to_end(work.id)
        while len(self._works) > self._capacity:
            self._works.popitem(last=False)

    def get(self, work_id: str) -> Work | None:
        return self._works.get(work_id)

    def __len__(self) -> int:
        return len(self._works)

    async def keep(self, merged: Sequence[Work], shown: Sequence[Work]) -> None:
        self.add(merged)

    async def find(self, work_id: str) -> Work | None:
        return self.get(work_id)
