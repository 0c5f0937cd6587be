"""A catalogue killed under load and started again is searched again within one cooldown,
through the API. Fails before the fix: the searches in flight when the breaker opened each
counted as failed probes, so 10 concurrent failures took the cooldown from 30 s to 600 s."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import aiohttp
from aiohttp import web

from federator.config import parse_settings
from tests import fakesru
from tests.realservers import free_port
from tests.threaded import serve_federator

COOLDOWN_S = 1.0


class Catalogue:
    """A real SRU server on a fixed port that can be killed and started again."""

    def __init__(self) -> None:
        self.port = free_port()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.runner: web.AppRunner | None = None

    def _call(self, coroutine: object) -> None:
        asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(10)  # type: ignore[arg-type]

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_route("*", "/db", fakesru.paging_handler(fakesru.sample_records(3)))
        self.runner = web.AppRunner(app, shutdown_timeout=0.1)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port, reuse_address=True).start()

    async def _stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None

    def start(self) -> None:
        self._call(self._start())

    def kill(self) -> None:
        self._call(self._stop())

    def close(self) -> None:
        self.kill()
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()  # its self-pipe sockets too: left open, gc warns in a later test


@contextmanager
def catalogue() -> Iterator[Catalogue]:
    server = Catalogue()
    try:
        yield server
    finally:
        server.close()


async def states(base: str, count: int, word: str) -> list[str]:
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=20)) as session:

        async def one(number: int) -> str:
            params = {"q": f"{word}{number}", "fresh": "1"}
            async with session.get(f"{base}/api/v1/search", params=params) as response:
                body = await response.json()
            return str(body["targets"][0]["status"])

        return list(await asyncio.gather(*(one(n) for n in range(count))))


def test_a_catalogue_back_after_an_outage_under_load_is_searched_within_one_cooldown() -> None:
    with catalogue() as server:
        server.start()
        target = {
            "id": "nora",
            "name": "Nora",
            "url": f"http://127.0.0.1:{server.port}/db",
            "timeout_s": 1,
            "connect_timeout_s": 0.5,
        }
        data = {
            "targets": [target],
            "search": {"deadline_s": 2, "breaker_failures": 3, "breaker_cooldown_s": COOLDOWN_S},
            "cache": {"enabled": False},
            "limits": {"requests_per_minute": 100_000, "burst": 100_000},
        }
        with serve_federator(parse_settings(data, environ={})) as base:
            assert asyncio.run(states(base, 2, "up")) == ["ok", "ok"]
            server.kill()
            down = asyncio.run(states(base, 20, "down"))  # 20 at once, all in flight together
            assert set(down) <= {"error", "skipped"} and "error" in down
            server.start()
            threading.Event().wait(COOLDOWN_S + 0.2)  # one cooldown, and a little
            assert asyncio.run(states(base, 1, "back")) == ["ok"]  # the probe, and it succeeds
            assert asyncio.run(states(base, 3, "again")) == ["ok", "ok", "ok"]
