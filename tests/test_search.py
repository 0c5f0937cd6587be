"""The fan-out: per-target connection pools, timeouts that say whose they are, DNS in time."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import aiohttp
from aiohttp import web
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.test_utils import TestServer

from federator.config import parse_settings
from federator.connectors import sru
from federator.connectors.base import Gate
from federator.errors import TargetTimeout
from federator.models import ErrorKind, SearchRequest, Target, TargetState
from federator.query import free_text_query
from federator.search import open_session, run_target
from federator.service import SearchService
from tests import fakesru


@asynccontextmanager
async def two_databases(never: asyncio.Event) -> AsyncIterator[str]:
    """One server, one host and port: /hung never answers, /good answers at once."""
    app = web.Application()
    app.router.add_route("*", "/hung", fakesru.hanging(never))
    app.router.add_route("*", "/good", fakesru.paging_handler(fakesru.sample_records(3)))
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url(""))
    finally:
        await server.close()


async def test_a_hung_database_does_not_starve_a_healthy_one_on_the_same_host() -> None:
    """Before: both shared aiohttp's pool for the host:port (4), so the healthy database
    timed out in about half of 8 concurrent searches, and its breaker counted it."""
    never = asyncio.Event()
    async with two_databases(never) as base:
        targets = [
            {"id": name, "name": name, "url": f"{base}/{name}", "timeout_s": 5}
            for name in ("hung", "good")
        ]
        data = {"targets": targets, "search": {"deadline_s": 0.8}, "http": {"limit_per_host": 2}}
        settings = parse_settings(data, environ={})
        async with open_session(settings) as session:
            service = SearchService(settings, session)
            requests = [
                SearchRequest(query=free_text_query(f"ord{n}"), fresh=True) for n in range(8)
            ]
            results = await asyncio.gather(*(service.search(r) for r in requests))
            await service.close()
    for result in results:
        by_id = {s.target: s for s in result.targets}
        assert by_id["good"].state is TargetState.OK and result.total == 3
        assert by_id["hung"].state is TargetState.TIMEOUT
    kinds = {s.error_kind for r in results for s in r.targets if s.target == "hung"}
    assert kinds <= {ErrorKind.TIMEOUT, ErrorKind.QUEUED} and ErrorKind.QUEUED in kinds
    views = await service.breakers.views(["hung", "good"])
    # Only the 2 that held a connection count against it; the 6 queued behind them are ours.
    assert views["hung"].consecutive_failures == 2
    assert views["good"].consecutive_failures == 0


async def test_a_timeout_after_a_long_wait_for_a_slot_is_ours_not_the_catalogues() -> None:
    """A search that waited for a slot until shortly before its deadline gave the catalogue
    no fair chance: its timeout must not count towards suspending the catalogue."""
    never = asyncio.Event()
    async with two_databases(never) as base:
        target = Target(id="hung", name="hung", url=f"{base}/hung", timeout_s=5)
        slots = asyncio.Semaphore(1)
        async with aiohttp.ClientSession() as session:
            loop = asyncio.get_running_loop()
            # Someone else holds the only slot for 0.5 of this search's 0.6 s.
            await slots.acquire()
            loop.call_later(0.5, slots.release)
            late = await run_target(
                session, target, free_text_query("x"), loop.time() + 0.6, 10_000, Gate(slots)
            )
            early = await run_target(
                session, target, free_text_query("x"), loop.time() + 0.3, 10_000, Gate(slots)
            )
    assert late.status.error_kind is ErrorKind.QUEUED
    assert early.status.error_kind is ErrorKind.TIMEOUT  # it had the catalogue all along


class HangingResolver(AbstractResolver):
    """A DNS server that never answers."""

    async def resolve(
        self, host: str, port: int = 0, family: Any = socket.AF_INET
    ) -> list[ResolveResult]:
        await asyncio.Event().wait()
        return []

    async def close(self) -> None:
        return None


async def test_a_dns_lookup_is_bounded_by_the_connect_timeout() -> None:
    """Before: only the TCP connect was; six unresolvable names took 5 s inside one search."""
    target = Target(
        id="far", name="Far", url="http://catalogue.invalid/db", timeout_s=5, connect_timeout_s=0.2
    )
    connector = aiohttp.TCPConnector(resolver=HangingResolver())
    async with aiohttp.ClientSession(connector=connector) as session:
        loop = asyncio.get_running_loop()
        started = loop.time()
        try:
            await sru.fetch(session, target, {"operation": "explain"})
        except TargetTimeout as exc:
            assert "no connection within 0.2 s" in str(exc)
        else:
            raise AssertionError("a hanging DNS lookup should time out")
        assert loop.time() - started < 2.0


def _outcome(target: str, fetched: int, next_record: int | None, state=TargetState.OK, first=0):  # type: ignore[no-untyped-def]
    from federator.models import SourceRecord, TargetOutcome, TargetStatus

    records = tuple(
        SourceRecord(target=target, record_id=f"{target}{n}", schema="marcxml", title=f"T{n}")
        for n in range(first, first + fetched)
    )
    status = TargetStatus(
        target=target, name=target, state=state, hits=200, fetched=fetched, next_record=next_record
    )
    return TargetOutcome(status=status, records=records)


def test_next_windows_go_on_where_each_cut_target_stopped_within_the_depth() -> None:
    from federator.search import Window, next_windows

    targets = [Target(id=i, name=i, url="http://127.0.0.1:1/x", max_records=50) for i in "abc"]
    outcomes = [_outcome("a", 50, 51), _outcome("b", 10, None), _outcome("c", 50, 481)]
    assert next_windows(outcomes, targets, wanted=30, depth=500) == {
        "a": Window(start=51, count=50),
        "c": Window(start=481, count=20),
    }
    assert next_windows(outcomes, targets, wanted=80, depth=500)["a"] == Window(51, 80)
    assert next_windows(outcomes, targets, wanted=0, depth=500) == {}
    assert next_windows(outcomes, targets, wanted=30, depth=50) == {}


def test_the_next_records_extend_a_target_and_a_failed_fetch_keeps_the_first() -> None:
    from federator.search import extended

    first, later = _outcome("a", 3, 4), _outcome("a", 5, 9, first=2)  # a2 again: once
    both = extended(first, later)
    assert both.status.fetched == 7 and both.status.next_record == 9
    assert [r.record_id for r in both.records][:3] == ["a0", "a1", "a2"]
    assert extended(first, _outcome("a", 0, None, TargetState.TIMEOUT)) == first
