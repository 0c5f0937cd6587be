"""The Redis backends against a real redis-server: two SharedStates are two processes (or two
machines) sharing it. Rate limits, breakers, answers, works; Redis away and back."""

from __future__ import annotations

import asyncio
import base64
import logging
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from typing import Any

import pytest
from redis.asyncio import Redis

from federator.circuit import CircuitState, Ticket
from federator.config import parse_settings
from federator.merge import merge_records
from federator.models import SourceRecord, TargetOutcome, TargetState, TargetStatus
from federator.query import free_text_query
from federator.shared import SharedState, shared_state
from federator.shared.backends import BreakerView, Settlement
from federator.shared.remote import Keys
from tests.realservers import free_port
from tests.shared.redisserver import RedisServer


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def config(url: str, prefix: str, **sections: dict[str, Any]) -> Any:
    data: dict[str, Any] = {"targets": [], "shared": {"url": url, "key_prefix": prefix}}
    for name, table in sections.items():
        data[name] = {**data.get(name, {}), **table}
    return parse_settings(data, environ={})


# Atomicity tests must not pass by a fallback: Redis may be slow on a busy machine, so give it
# time, and check that no call fell back.
PATIENT = {"timeout_s": 2.0}


def faults(*states: SharedState) -> int:
    return sum(state.link.faults for state in states if state.link is not None)


async def pair(settings: Any, clock: Clock | None = None) -> tuple[SharedState, SharedState]:
    states = (shared_state(settings, clock or Clock()), shared_state(settings, clock or Clock()))
    for state in states:
        await state.open()
    return states


@pytest.fixture
async def raw(redis_server: RedisServer) -> AsyncIterator[Redis]:
    client = Redis.from_url(redis_server.url)
    yield client
    await client.aclose()


def record(n: int, raw: str = "<record/>") -> SourceRecord:
    return SourceRecord(
        target="nora", record_id=f"r{n}", schema="marcxml", title=f"Bok {n}", raw=raw
    )


def outcome(*records: SourceRecord, state: TargetState = TargetState.OK) -> TargetOutcome:
    status = TargetStatus(target="nora", name="Nora", state=state, hits=len(records))
    return TargetOutcome(status=status, records=records)


async def test_the_rate_limit_holds_across_processes(
    redis_server: RedisServer, prefix: str
) -> None:
    limits = {"requests_per_minute": 1, "burst": 10}
    settings = config(redis_server.url, prefix, limits=limits, shared=PATIENT)
    first, second = await pair(settings)
    try:
        waits = await asyncio.gather(
            *(state.rates.take("198.51.100.7") for state in (first, second) for _ in range(30))
        )
        assert faults(first, second) == 0  # else a process's own bucket answered
        assert sum(wait == 0 for wait in waits) == 10  # one bucket, not one per process
        assert min(w for w in waits if w > 0) > 1  # a token a minute: the wait says so
        assert await first.rates.take("198.51.100.8") == 0  # another client, its own bucket
    finally:
        await first.close()
        await second.close()


async def failures(state: SharedState, target: str, count: int) -> None:
    for _ in range(count):
        ticket = (await state.breakers.admit([target]))[target]
        assert isinstance(ticket, Ticket)
        await state.breakers.settle([Settlement(ticket=ticket, ok=False, error="HTTP 503")])


async def test_a_breaker_opened_through_one_is_open_for_the_other(
    redis_server: RedisServer, prefix: str, raw: Redis
) -> None:
    search = {"breaker_failures": 3, "breaker_cooldown_s": 30.0, "breaker_max_cooldown_s": 600.0}
    first, second = await pair(config(redis_server.url, prefix, search=search, shared=PATIENT))
    try:
        in_flight = (await second.breakers.admit(["nora"]))["nora"]  # asked before it opened
        await failures(first, "nora", 3)
        refused = (await second.breakers.admit(["nora"]))["nora"]
        assert isinstance(refused, BreakerView) and refused.state is CircuitState.OPEN
        assert refused.consecutive_failures == 3 and refused.last_error == "HTTP 503"
        assert 29 < refused.seconds_until_probe <= 30
        assert isinstance(in_flight, Ticket)
        await second.breakers.settle([Settlement(ticket=in_flight, ok=False, error="late")])
        key = Keys(prefix).breaker("nora")[0]
        assert float(await raw.hget(key, "cooldown") or 0) == 30  # in-flight failures prove nothing
        await raw.hset(key, "opened_at", "0")  # the cooldown has passed
        admitted = await asyncio.gather(
            *(s.breakers.admit(["nora"]) for s in (first, second) for _ in range(10))
        )
        probes = [a["nora"] for a in admitted if isinstance(a["nora"], Ticket)]
        assert len(probes) == 1 and probes[0].is_probe  # one probe, county-wide
        views = await first.breakers.views(["nora"])
        assert views["nora"].state is CircuitState.HALF_OPEN
        await first.breakers.settle([Settlement(ticket=probes[0], ok=False, error="still down")])
        assert float(await raw.hget(key, "cooldown") or 0) == 60  # only the probe doubles it
        await raw.hset(key, "opened_at", "0")
        probe = (await second.breakers.admit(["nora"]))["nora"]
        assert isinstance(probe, Ticket) and probe.is_probe
        await second.breakers.settle([Settlement(ticket=probe, ok=None)])  # cancelled
        again = (await first.breakers.admit(["nora"]))["nora"]  # the door is free again
        assert isinstance(again, Ticket) and again.is_probe
        await first.breakers.settle([Settlement(ticket=again, ok=True)])
        assert (await second.breakers.views(["nora"]))["nora"].state is CircuitState.CLOSED
        assert faults(first, second) == 0
    finally:
        await first.close()
        await second.close()


async def test_answers_and_works_found_through_one_are_found_through_the_other(
    redis_server: RedisServer, prefix: str, raw: Redis
) -> None:
    settings = config(redis_server.url, prefix, cache={"ttl_s": 120.0})
    first, second = await pair(settings)
    query = free_text_query("Lagerlöf")
    key = (query.root, False, "nora")
    try:
        answer = outcome(record(1), record(2))
        failed = outcome(state=TargetState.ERROR)
        await first.results.keep([(key, answer), ((query.root, False, "laxa"), failed)])
        assert await second.results.recall([key, (query.root, False, "laxa")]) == {key: answer}
        ttl_ms = await raw.pttl(Keys(prefix).result(key))
        assert 110_000 < ttl_ms <= 120_000
        works = merge_records(answer.records)
        await first.works.keep(works, works[:1])
        assert await second.works.find(works[0].id) == works[0]
        assert await second.works.find(works[1].id) is None  # not shown: not copied to Redis
        assert await first.works.find(works[1].id) == works[1]  # its own process has it
    finally:
        await first.close()
        await second.close()


async def test_cached_entries_stay_within_the_memory_bound(
    redis_server: RedisServer, prefix: str, raw: Redis
) -> None:
    bound = 1024 * 1024
    first, second = await pair(config(redis_server.url, prefix, shared={"max_memory_mb": 1.0}))
    query = free_text_query("stort")
    keys = [(query.root, False, f"t{n}") for n in range(6)]
    noise = [base64.b64encode(os.urandom(300_000)).decode() for _ in keys]  # barely compresses
    try:
        for key, text in zip(keys, noise, strict=True):
            await first.results.keep([(key, outcome(record(1, raw=text)))])
        names = Keys(prefix)
        assert int(await raw.get(names.total) or 0) <= bound
        stored = [await raw.exists(names.result(k)) for k in keys]
        assert stored[-1] == 1 and stored[0] == 0  # the least recently used went first
        sizes = await raw.hgetall(names.sizes)
        assert sum(int(v) for v in sizes.values()) == int(await raw.get(names.total) or 0)
        assert keys[-1] in await second.results.recall([keys[-1]])
    finally:
        await first.close()
        await second.close()


async def test_a_dead_redis_is_a_fault_not_an_outage(
    prefix: str, caplog: pytest.LogCaptureFixture
) -> None:
    settings = config(
        f"redis://127.0.0.1:{free_port()}/0",  # nobody listens there
        prefix,
        limits={"requests_per_minute": 60, "burst": 2},
        shared={"timeout_s": 0.2},
    )
    clock = Clock()
    state = shared_state(settings, clock)
    with caplog.at_level(logging.WARNING, logger="federator.shared.link"):
        await state.open()
        waits = [await state.rates.take("a") for _ in range(3)]
        clock.now += 10  # past the retry window: each call tries Redis again, and fails
        admitted = await state.breakers.admit(["nora"])
        clock.now += 10
        key = (free_text_query("x").root, False, "nora")
        await state.results.keep([(key, outcome(record(1)))])
    try:
        assert waits[:2] == [0, 0] and waits[2] > 0  # this process's own bucket
        assert isinstance(admitted["nora"], Ticket) and not admitted["nora"].token
        assert key in await state.results.recall([key])
        warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warnings) == 1  # said once, then counted
        health = await state.health()
        assert health["reachable"] is False and int(str(health["faults"])) >= 3
    finally:
        await state.close()


async def test_a_hanging_redis_costs_at_most_its_timeout(prefix: str) -> None:
    held: list[asyncio.StreamWriter] = []
    never = asyncio.Event()

    async def accept_and_say_nothing(reader: asyncio.StreamReader, w: asyncio.StreamWriter) -> None:
        held.append(w)
        await never.wait()

    server = await asyncio.start_server(accept_and_say_nothing, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    settings = config(f"redis://127.0.0.1:{port}/0", prefix, shared={"timeout_s": 0.1})
    state = shared_state(settings, Clock())
    loop = asyncio.get_running_loop()
    try:
        started = loop.time()
        await state.open()
        assert await state.rates.take("a") == 0
        assert loop.time() - started < 3.0  # two calls' timeouts (0.2 s each), never a hang
        assert state.link is not None and not state.link.is_up
    finally:
        await state.close()
        never.set()
        for writer in held:
            writer.close()
        server.close()
        await server.wait_closed()


async def test_it_reconnects_by_itself_when_redis_is_back(
    own_redis: RedisServer, prefix: str
) -> None:
    server = own_redis
    clock = Clock()
    state = shared_state(config(server.url, prefix, shared={"retry_s": 1.0}), clock)
    await state.open()
    try:
        assert state.link is not None and state.link.is_up
        server.kill()
        assert await state.rates.take("a") == 0  # answered locally
        assert not state.link.is_up
        server.start()
        assert await state.rates.take("a") == 0  # still in the retry window: local
        assert not state.link.is_up
        clock.now += 1.5
        assert await state.rates.take("a") == 0
        assert state.link.is_up  # back on Redis, scripts loaded again into the new server
        assert (await state.health())["reachable"] is True
    finally:
        await state.close()


def test_result_keys_are_the_same_in_every_process() -> None:
    code = (
        "from federator.query import free_text_query; from federator.shared.remote import Keys;"
        "print(Keys('p:').result((free_text_query('röda rummet').root, False, 'nora')))"
    )
    run = [sys.executable, "-c", code]
    seen = {
        subprocess.run(
            run,
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2")
    }
    assert seen == {Keys("p:").result((free_text_query("röda rummet").root, False, "nora")) + "\n"}
