"""Two federators sharing one real redis-server, as two machines behind a load balancer: each
its own uvicorn on its own port and its own cache index; rate limit, breakers, answers and
record pages shared; Redis killed under load and brought back."""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Iterator
from typing import Any

import aiohttp
from aiohttp import web
from redis.asyncio import Redis

from federator.config import Settings, parse_settings
from federator.shared.remote import Keys
from tests import fakesru
from tests.shared.redisserver import RedisServer
from tests.threaded import serve_federator, serve_in_thread
from tests.web.live import demo_catalogue


def machine(url: str, prefix: str, targets: dict[str, str], **sections: dict[str, Any]) -> Settings:
    data: dict[str, Any] = {
        "targets": [
            {"id": n, "name": n.title(), "url": u, "timeout_s": 2} for n, u in targets.items()
        ],
        "cache": {"path": ""},  # each machine its own index (in memory here)
        # patient: on a busy machine a slow Redis call would fall back and blur what is proven
        "shared": {"url": url, "key_prefix": prefix, "retry_s": 0.2, "timeout_s": 2.0},
        "limits": {"requests_per_minute": 100_000, "burst": 10_000},
    }
    for name, table in sections.items():
        data[name] = {**data.get(name, {}), **table}
    return parse_settings(data, environ={})


@contextlib.contextmanager
def two_machines(settings: Settings) -> Iterator[tuple[str, str]]:
    with serve_federator(settings) as first, serve_federator(settings) as second:
        yield first, second


async def get(session: aiohttp.ClientSession, url: str) -> tuple[int, Any]:
    async with session.get(url) as response:
        body = await response.json() if response.content_type == "application/json" else None
        return response.status, body


async def test_the_rate_limit_holds_across_both_machines(
    redis_server: RedisServer, prefix: str
) -> None:
    limits = {"requests_per_minute": 1, "burst": 5}
    with two_machines(machine(redis_server.url, prefix, {}, limits=limits)) as (a, b):
        async with aiohttp.ClientSession() as session:
            statuses = [(await get(session, f"{url}/api/v1/targets"))[0] for url in [a, b] * 4]
    assert statuses.count(200) == 5 and statuses.count(429) == 3  # one limit, not one each


async def test_a_breaker_opened_through_one_is_seen_by_the_other(
    redis_server: RedisServer, prefix: str
) -> None:
    down = {"laxa": lambda: fakesru.fixed(b"<html>down</html>", 503, "text/html")}
    search = {"breaker_failures": 3, "breaker_cooldown_s": 60.0}
    with serve_in_thread(down) as urls:
        with two_machines(machine(redis_server.url, prefix, urls, search=search)) as (a, b):
            async with aiohttp.ClientSession() as session:
                for n in range(3):
                    status, body = await get(session, f"{a}/api/v1/search?q=bok{n}&fresh=1")
                    assert status == 200 and body["targets"][0]["status"] == "error"
                _, targets = await get(session, f"{b}/api/v1/targets")
                _, searched = await get(session, f"{b}/api/v1/search?q=annan&fresh=1")
    circuit = targets[0]["circuit"]
    assert circuit["state"] == "open" and circuit["consecutive_failures"] == 3
    assert searched["targets"][0]["status"] == "skipped"  # b never asked it itself
    assert searched["targets"][0]["skip_reason"] == "suspended"


async def test_a_record_found_through_one_opens_through_the_other_and_answers_are_shared(
    redis_server: RedisServer, prefix: str
) -> None:
    with demo_catalogue() as catalogue:
        settings = machine(redis_server.url, prefix, {"demo": catalogue})
        with two_machines(settings) as (a, b):
            async with aiohttp.ClientSession() as session:
                _, found = await get(session, f"{a}/api/v1/search?q=strindberg")
                work = found["results"][0]
                # b has searched nothing yet, and its own index is empty: only Redis knows it
                status, record = await get(session, f"{b}/api/v1/record/{work['id']}")
                missing, _ = await get(session, f"{b}/api/v1/record/{'0' * 16}")
                _, again = await get(session, f"{b}/api/v1/search?q=strindberg")
    assert found["total"] > 0 and found["cached"] is False
    assert again["cached"] is True and again["total"] == found["total"]  # b asked no catalogue
    assert [r["id"] for r in again["results"]] == [r["id"] for r in found["results"]]
    assert status == 200 and record["title"] == work["title"]
    assert record["holdings"] == work["holdings"]
    assert missing == 404


class Load:
    """Searches from a thread of its own against both machines until told to stop; every
    status kept. Bounded: at most `limit` searches."""

    def __init__(self, urls: tuple[str, str], limit: int = 2000) -> None:
        self.urls, self.limit = urls, limit
        self.statuses: list[int] = []
        self.answered = threading.Condition()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)

    async def _run(self) -> None:
        async with aiohttp.ClientSession() as session:
            for n in range(self.limit):
                if self.stop.is_set():
                    return
                url = self.urls[n % 2]
                async with session.get(f"{url}/api/v1/search?q=lagerl%C3%B6f+{n % 7}") as r:
                    await r.read()
                with self.answered:
                    self.statuses.append(r.status)
                    self.answered.notify_all()
        with self.answered:
            self.answered.notify_all()  # the load is over: nobody waits for more

    def wait_for(self, count: int) -> None:
        with self.answered:
            self.answered.wait_for(
                lambda: len(self.statuses) >= count or not self.thread.is_alive(), timeout=60
            )


async def health(session: aiohttp.ClientSession, url: str) -> dict[str, Any]:
    _, body = await get(session, f"{url}/health")
    return dict(body)


async def test_killing_redis_under_load_keeps_every_search_answering(
    own_redis: RedisServer, prefix: str
) -> None:
    server = own_redis
    records = {"nora": lambda: fakesru.paging_handler(fakesru.sample_records(5))}
    try:
        with serve_in_thread(records) as urls:
            with two_machines(machine(server.url, prefix, urls)) as machines:
                load = Load(machines)
                load.thread.start()
                load.wait_for(20)
                server.kill()  # as a crash, mid-load
                load.wait_for(len(load.statuses) + 40)
                async with aiohttp.ClientSession() as session:
                    down = [await health(session, url) for url in machines]
                    counted = [await faults_counted(session, url) for url in machines]
                    server.start()  # the same port, empty
                    back = await until_reachable(session, machines)
                    load.wait_for(len(load.statuses) + 40)
                load.stop.set()
                load.thread.join(30)
    finally:
        server.stop()
    assert len(load.statuses) >= 100 and set(load.statuses) == {200}
    assert all(h["status"] == "degraded" and not h["shared"]["reachable"] for h in down)
    assert all(h["shared"]["faults"] >= 1 for h in down)
    assert all(n >= 1 for n in counted)  # and in /metrics
    assert all(h["status"] == "ok" and h["shared"]["reachable"] for h in back)


async def faults_counted(session: aiohttp.ClientSession, url: str) -> float:
    async with session.get(f"{url}/metrics") as response:
        text = await response.text()
    lines = [x for x in text.splitlines() if x.startswith("federator_shared_faults_total{")]
    return sum(float(x.split()[-1]) for x in lines)


async def until_reachable(
    session: aiohttp.ClientSession, machines: tuple[str, str]
) -> list[dict[str, Any]]:
    """/health of both, once both reach Redis again (it reconnects by itself; 10 s at most)."""
    loop = asyncio.get_running_loop()
    give_up = loop.time() + 10
    while True:
        seen = [await health(session, url) for url in machines]
        if all(h["shared"]["reachable"] for h in seen) or loop.time() > give_up:
            return seen
        await asyncio.sleep(0.05)  # retry_s is 0.2: /health itself tries Redis again


class Catalogue:
    """Down until told otherwise; then answers, holding each request until `release` is set."""

    def __init__(self) -> None:
        self.up = False
        self.requests = 0
        self.arrived = threading.Event()
        self.release = threading.Event()
        self.answer = fakesru.paging_handler(fakesru.sample_records(2))

    async def handle(self, request: web.Request) -> web.StreamResponse:
        self.requests += 1
        if not self.up:
            return web.Response(status=503, text="down")
        self.arrived.set()
        await asyncio.to_thread(self.release.wait, 20)
        return await self.answer(request)


async def test_one_probe_at_a_time_across_both_machines(
    redis_server: RedisServer, prefix: str
) -> None:
    catalogue = Catalogue()
    search = {"breaker_failures": 3, "breaker_cooldown_s": 60.0}
    with serve_in_thread({"laxa": lambda: catalogue.handle}) as urls:
        settings = machine(redis_server.url, prefix, urls, search=search)
        with two_machines(settings) as (a, b):
            raw = Redis.from_url(redis_server.url)
            try:
                async with aiohttp.ClientSession() as session:
                    for n in range(3):
                        await get(session, f"{a}/api/v1/search?q=bok{n}&fresh=1")
                    await raw.hset(Keys(prefix).breaker("laxa")[0], "opened_at", "0")  # cooled
                    catalogue.up = True
                    probe = asyncio.create_task(get(session, f"{b}/api/v1/search?q=x&fresh=1"))
                    assert await asyncio.to_thread(catalogue.arrived.wait, 10)
                    others = await asyncio.gather(
                        *(
                            get(session, f"{u}/api/v1/search?q=y{n}&fresh=1")
                            for n, u in enumerate([a, b, a, b])
                        )
                    )
                    asked_while_probing = catalogue.requests
                    catalogue.release.set()
                    _, probed = await probe
                    _, targets = await get(session, f"{a}/api/v1/targets")
            finally:
                catalogue.release.set()
                await raw.aclose()
    assert asked_while_probing == 4  # three failures, then the one probe
    assert [o[1]["targets"][0]["skip_reason"] for o in others] == ["suspended"] * 4
    assert probed["targets"][0]["status"] == "ok"
    assert targets[0]["circuit"]["state"] == "closed"  # the probe closed it for everyone
