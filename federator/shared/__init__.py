"""State that every worker on every machine must share: rate-limit buckets, circuit breakers,
the per-target answer cache and the works behind record pages. `[shared] url` puts it on a
Redis server (`remote.py`); without it each process keeps its own (`local.py`), as before.
The interfaces are in `backends.py`: callers never ask which implementation they hold.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from federator.circuit import Breakers
from federator.config import Settings
from federator.shared.backends import BreakerStore, RateLimiter, ResultStore, WorkStore
from federator.shared.link import Link
from federator.shared.local import LocalBreakers, LocalRates, RecentWorks, ResultCache, TokenBuckets
from federator.shared.remote import (
    Keys,
    RedisBreakers,
    RedisCached,
    RedisRates,
    RedisResults,
    RedisWorks,
)

PROBE_LEASE_MARGIN_S = 5.0  # a probe holds the door for the search's deadline plus this


@dataclass(frozen=True, slots=True, kw_only=True)
class SharedState:
    rates: RateLimiter
    breakers: BreakerStore
    results: ResultStore
    works: WorkStore
    link: Link | None = None  # None: in-process state only

    async def open(self) -> None:
        if self.link is not None:
            await self.link.open()

    async def close(self) -> None:
        if self.link is not None:
            await self.link.close()

    async def health(self) -> dict[str, object]:
        """For /health: where the state lives, and whether it can be reached now."""
        if self.link is None:
            return {
                "backend": "local",
                "server": None,
                "reachable": True,
                "down_s": None,
                "faults": 0,
                "last_fault": None,
            }
        await self.link.check()
        return self.link.health()


def shared_state(settings: Settings, clock: Callable[[], float] = time.monotonic) -> SharedState:
    """The app's shared state; `open()` it on the event loop that will use it."""
    limits, search, cache = settings.limits, settings.search, settings.cache
    rates = LocalRates(
        TokenBuckets(limits.requests_per_minute, limits.burst, limits.clients_tracked, clock)
    )
    rules = (search.breaker_failures, search.breaker_cooldown_s, search.breaker_max_cooldown_s)
    breakers = LocalBreakers(Breakers(clock, *rules))
    results = ResultCache(cache.ttl_s, cache.results, clock)
    works = RecentWorks(search.recent_works)
    shared = settings.shared
    if not shared.is_enabled:
        return SharedState(rates=rates, breakers=breakers, results=results, works=works)
    link = Link(shared, clock)
    keys = Keys(shared.key_prefix)
    cached = RedisCached(link, keys, int(shared.max_memory_mb * 1024 * 1024))
    lease_s = search.deadline_s + PROBE_LEASE_MARGIN_S
    return SharedState(
        rates=RedisRates(link, keys, limits.requests_per_minute, limits.burst, rates),
        breakers=RedisBreakers(link, keys, rules, lease_s, breakers),
        results=RedisResults(cached, cache.ttl_s, results),
        works=RedisWorks(cached, shared.works_ttl_s, works),
        link=link,
    )
