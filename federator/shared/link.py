"""The connection to the Redis server, and what a fault on it means: not an outage.

Every call runs under `[shared] timeout_s` (the client's socket timeouts, and an asyncio timeout
over them). A call that fails or is too slow raises `Unreachable`, and the caller uses its own
process's state; so does every call for `retry_s` after, then one call at a time tries Redis
again (redis-py reconnects on it). The first fault of an outage is logged as a warning, the rest
only counted, and `health()` says so; coming back is logged once too.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar
from urllib.parse import urlsplit

from redis.asyncio import BlockingConnectionPool, Redis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.commands.core import AsyncScript
from redis.exceptions import RedisError

from federator.config import SharedSettings

log = logging.getLogger(__name__)
T = TypeVar("T")
POOL_SIZE = 16  # connections to Redis per process; each call holds one for one round trip
Arg = bytes | str | int | float  # what a script takes in ARGV
Listener = Callable[[str], None]  # hears each fault, by the error's kind (a class name)


class Unreachable(Exception):
    """Redis cannot be used for this call: use this process's own state."""


def redacted(url: str) -> str:
    """The server's address without any password, for logs and /health."""
    parts = urlsplit(url)
    if parts.scheme == "unix":
        return f"unix://{parts.path}"
    return f"{parts.scheme}://{parts.hostname}:{parts.port or 6379}{parts.path}"


class Link:
    def __init__(
        self, settings: SharedSettings, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.settings = settings
        self.server = redacted(settings.url)
        self._clock = clock
        self._client: Redis | None = None
        self._scripts: dict[str, AsyncScript] = {}
        self._down_since: float | None = None
        self._retry_at = 0.0
        self._trying = False
        self.faults = 0
        self.round_trips = 0
        self.last_fault: str | None = None
        self._listeners: list[Listener] = []
        self._trip_listeners: list[Callable[[], None]] = []

    def on_fault(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def on_round_trip(self, listener: Callable[[], None]) -> None:
        self._trip_listeners.append(listener)

    @property
    def is_up(self) -> bool:
        return self._client is not None and self._down_since is None

    async def open(self) -> None:
        """Make the client (it connects lazily, on this loop) and say hello; a Redis that does
        not answer now is a fault like any other, so the process starts all the same."""
        timeout = self.settings.timeout_s
        # A bounded pool: a burst of requests queues for a few connections (each new one costs
        # handshake round trips inside the caller's timeout) instead of opening one each.
        pool = BlockingConnectionPool.from_url(
            self.settings.url,
            max_connections=POOL_SIZE,
            timeout=timeout,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            retry=Retry(NoBackoff(), 0),  # our own retry window, never a hidden wait
            health_check_interval=0,
        )
        self._client = Redis.from_pool(pool)  # the client owns the pool and closes it
        await self.check()

    async def close(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    async def check(self) -> bool:
        """Is Redis answering now? (for /health, and to come back without traffic)."""
        try:
            await self.run(lambda redis: redis.ping())
        except Unreachable:
            return False
        return True

    async def eval(self, source: str, keys: Sequence[str], args: Sequence[Arg]) -> Any:
        """A script from `scripts.py`, in one round trip (EVALSHA; loaded once per server)."""

        def script(client: Redis) -> Awaitable[Any]:
            if source not in self._scripts:
                self._scripts[source] = client.register_script(source)
            return self._scripts[source](keys=list(keys), args=list(args), client=client)

        return await self.run(script)

    async def run(self, call: Callable[[Redis], Awaitable[T]]) -> T:
        """One round trip to Redis, or Unreachable."""
        client = self._client
        if client is None:
            raise Unreachable("not opened")
        if self._down_since is not None:
            if self._trying or self._clock() < self._retry_at:
                raise Unreachable("in the retry window")
            self._trying = True  # one call tries Redis again; the others go on locally
        try:
            async with asyncio.timeout(self.settings.timeout_s * 2):
                result = await call(client)
        except (RedisError, OSError, TimeoutError) as exc:
            self._fault(exc)
            raise Unreachable(type(exc).__name__) from exc
        finally:
            self._trying = False
        self.round_trips += 1
        for hear in self._trip_listeners:
            hear()
        if self._down_since is not None:
            down_s = round(self._clock() - self._down_since, 1)
            log.warning("shared state reachable again", extra={"down_s": down_s})
            self._down_since = None
        return result

    def _fault(self, exc: BaseException) -> None:
        kind = type(exc).__name__
        self.faults += 1
        self.last_fault = kind
        now = self._clock()
        self._retry_at = now + self.settings.retry_s
        if self._down_since is None:
            self._down_since = now
            log.warning(
                "shared state unreachable; each process uses its own until it is back",
                extra={"server": self.server, "error": kind},
            )
        for hear in self._listeners:
            hear(kind)

    def health(self) -> dict[str, object]:
        down_s = None if self._down_since is None else round(self._clock() - self._down_since, 1)
        return {
            "backend": "redis",
            "server": self.server,
            "reachable": self.is_up,
            "down_s": down_s,
            "faults": self.faults,
            "last_fault": self.last_fault,
        }
