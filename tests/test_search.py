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
from federator.errors import TargetTimeout
from federator.models import ErrorKind, SearchRequest, Target, TargetState
from federator.query import free_text_query
from federator.search import open_session
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
