"""The shared-state interfaces on Redis, each falling back to its process's own while Redis is
unreachable (`link.Unreachable`): a fault of Redis never fails a search or a request.

Answers and works are also kept in the process's own stores, which hold references and cost
little: Redis answers first, the process's own store when Redis misses or is away.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import uuid
from collections.abc import Sequence
from typing import Any

from federator.circuit import CircuitState, Ticket
from federator.models import TargetOutcome, TargetState, Work
from federator.shared import codec, scripts
from federator.shared.backends import BreakerView, ResultKey, Settlement
from federator.shared.link import Arg, Link, Unreachable
from federator.shared.local import LocalBreakers, LocalRates, RecentWorks, ResultCache

log = logging.getLogger(__name__)


class Keys:
    """Every key we write: the configured prefix, the codec's version, then the kind."""

    def __init__(self, prefix: str) -> None:
        self.base = f"{prefix}{codec.VERSION}:"
        self.order, self.sizes, self.total = (self.base + k for k in ("lru", "sizes", "bytes"))

    def rate(self, client: str) -> str:
        return f"{self.base}rate:{client}"

    def breaker(self, target_id: str) -> list[str]:
        return [f"{self.base}breaker:{target_id}", f"{self.base}probe:{target_id}"]

    def result(self, key: ResultKey) -> str:
        # repr of frozen dataclasses, enums and strings is the same in every process
        return f"{self.base}result:{hashlib.sha256(repr(key).encode()).hexdigest()[:32]}"

    def work(self, work_id: str) -> str:
        return f"{self.base}work:{work_id}"

    def cached(self, entries: Sequence[str]) -> list[str]:
        return [self.order, self.sizes, self.total, *entries]


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class RedisRates:
    def __init__(self, link: Link, keys: Keys, per_minute: int, burst: int, local: LocalRates):
        self.link, self.keys, self.local = link, keys, local
        self.args: list[Arg] = [per_minute / 60.0, burst]

    async def take(self, client: str) -> float:
        try:
            wait = await self.link.eval(scripts.TAKE_TOKEN, [self.keys.rate(client)], self.args)
        except Unreachable:
            return await self.local.take(client)
        return float(_text(wait))


class RedisBreakers:
    def __init__(
        self,
        link: Link,
        keys: Keys,
        rules: tuple[int, float, float],
        lease_s: float,
        local: LocalBreakers,
    ) -> None:
        self.link, self.keys, self.local = link, keys, local
        self.rules = rules  # failures to open, first cooldown, longest cooldown
        self.lease_ms = int(lease_s * 1000)  # a probe whose worker died frees the door by then

    def _pairs(self, target_ids: Sequence[str]) -> list[str]:
        return [key for target_id in target_ids for key in self.keys.breaker(target_id)]

    async def admit(self, target_ids: Sequence[str]) -> dict[str, Ticket | BreakerView]:
        if not target_ids:
            return {}
        token = uuid.uuid4().hex
        try:
            answers = await self.link.eval(
                scripts.ADMIT, self._pairs(target_ids), [token, self.lease_ms]
            )
        except Unreachable:
            return await self.local.admit(target_ids)
        admitted: dict[str, Ticket | BreakerView] = {}
        for target_id, answer in zip(target_ids, answers, strict=True):
            verdict = _text(answer[0])
            if verdict == "refused":
                admitted[target_id] = BreakerView(
                    state=CircuitState.HALF_OPEN if int(answer[3]) else CircuitState.OPEN,
                    consecutive_failures=int(answer[2]),
                    seconds_until_probe=float(_text(answer[1])),
                    last_error=_text(answer[4]) or None,
                )
            else:
                admitted[target_id] = Ticket(target_id, is_probe=verdict == "probe", token=token)
        return admitted

    async def settle(self, settlements: Sequence[Settlement]) -> None:
        # A ticket handed out while Redis was away belongs to this process's own breakers.
        await self.local.settle([s for s in settlements if not s.ticket.token])
        shared = [s for s in settlements if s.ticket.token]
        if not shared:
            return
        args: list[Arg] = list(self.rules)
        for s in shared:
            verdict = "-" if s.ok is None else "1" if s.ok else "0"
            args += [s.ticket.token, "1" if s.ticket.is_probe else "0", verdict, s.error or ""]
        target_ids = [s.ticket.target_id for s in shared]
        try:
            await self.link.eval(scripts.SETTLE, self._pairs(target_ids), args)
        except Unreachable:
            pass  # lost: a probe's lease runs out by itself, and the next failures count again

    async def views(self, target_ids: Sequence[str]) -> dict[str, BreakerView]:
        if not target_ids:
            return {}
        try:
            answers = await self.link.eval(scripts.VIEWS, self._pairs(target_ids), [])
        except Unreachable:
            return await self.local.views(target_ids)
        return {t: _view(a) for t, a in zip(target_ids, answers, strict=True)}


def _view(answer: list[Any]) -> BreakerView:
    opened, cooldown, failures, error, probing, now = (_text(v) for v in answer)
    if not opened:
        return BreakerView(
            state=CircuitState.CLOSED, consecutive_failures=int(failures), last_error=error or None
        )
    wait = max(0.0, float(opened) + float(cooldown) - float(now))
    is_open = wait > 0 and probing == "0"
    return BreakerView(
        state=CircuitState.OPEN if is_open else CircuitState.HALF_OPEN,
        consecutive_failures=int(failures),
        seconds_until_probe=wait,
        last_error=error or None,
    )


class RedisCached:
    """Compressed values under TTLs, bounded in bytes by us (least recently used out)."""

    def __init__(self, link: Link, keys: Keys, max_bytes: int) -> None:
        self.link, self.keys, self.max_bytes = link, keys, max_bytes

    async def fetch(self, names: Sequence[str]) -> list[bytes]:
        values = await self.link.eval(scripts.FETCH, [self.keys.order, *names], [])
        return [bytes(v) for v in values]

    async def store(self, names: Sequence[str], ttl_s: float, values: Sequence[bytes]) -> None:
        args: list[Arg] = [self.max_bytes]
        for value in values:
            args += [int(ttl_s * 1000), value]
        await self.link.eval(scripts.STORE, self.keys.cached(names), args)


def _decoded(cls: type[Any], values: Sequence[bytes]) -> list[Any]:
    found = []
    for value in values:
        try:
            found.append(codec.decode(cls, value) if value else None)
        except codec.UndecodablePayload:
            log.warning("undecodable entry in shared state; ignored")
            found.append(None)
    return found


class RedisResults:
    def __init__(self, cached: RedisCached, ttl_s: float, local: ResultCache) -> None:
        self.cached, self.ttl_s, self.local = cached, ttl_s, local

    async def recall(self, keys: Sequence[ResultKey]) -> dict[ResultKey, TargetOutcome]:
        found = await self.local.recall(keys)
        wanted = [k for k in keys if k not in found]
        if not wanted:
            return found
        try:
            values = await self.cached.fetch([self.cached.keys.result(k) for k in wanted])
        except Unreachable:
            return found
        outcomes = await asyncio.to_thread(_decoded, TargetOutcome, values)
        return found | {k: o for k, o in zip(wanted, outcomes, strict=True) if o is not None}

    async def keep(self, answers: Sequence[tuple[ResultKey, TargetOutcome]]) -> None:
        await self.local.keep(answers)
        kept = [(k, o) for k, o in answers if o.status.state is TargetState.OK]
        if not kept:
            return
        values = await asyncio.to_thread(lambda: [codec.encode(o) for _, o in kept])
        names = [self.cached.keys.result(k) for k, _ in kept]
        try:
            await self.cached.store(names, self.ttl_s, values)
        except Unreachable:
            pass  # this process's own store has them


class RedisWorks:
    def __init__(self, cached: RedisCached, ttl_s: float, local: RecentWorks) -> None:
        self.cached, self.ttl_s, self.local = cached, ttl_s, local

    async def keep(self, merged: Sequence[Work], shown: Sequence[Work]) -> None:
        await self.local.keep(merged, shown)
        if not shown:
            return
        values = await asyncio.to_thread(lambda: [codec.encode(w) for w in shown])
        try:
            await self.cached.store(
                [self.cached.keys.work(w.id) for w in shown], self.ttl_s, values
            )
        except Unreachable:
            pass

    async def find(self, work_id: str) -> Work | None:
        try:
            values = await self.cached.fetch([self.cached.keys.work(work_id)])
        except Unreachable:
            return await self.local.find(work_id)
        (work,) = await asyncio.to_thread(_decoded, Work, values)
        found: Work | None = work
        return found if found is not None else await self.local.find(work_id)
