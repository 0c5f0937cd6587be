"""The federated search end to end, against 13 local SRU catalogues of 50 records each.

Catalogues run in a separate process (13 ports; aiohttp), so they do not share the GIL with the
federator. Prints, all measured in this run:
  (a) no added latency: SearchService.search (fan-out, parse, merge, rank, facets) against a
      floor of a bare asyncio.gather of the same 13 requests plus an lxml parse of each answer;
  (b) latencies spread 50-500 ms: the federator's own overhead, the time from the slowest
      catalogue's answer to the finished result (p50/p95);
  (c) searches per second with 1, 4 and 16 concurrent clients (service + JSON encoding).
Run: .venv/bin/python bench/federated.py [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import statistics
import sys
import time
from pathlib import Path

import aiohttp
from aiohttp import web
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from federator.config import parse_settings  # noqa: E402
from federator.models import SearchRequest  # noqa: E402
from federator.query import free_text_query  # noqa: E402
from federator.search import open_session  # noqa: E402
from federator.service import SearchService  # noqa: E402
from federator.web import encode  # noqa: E402
from federator.xmlsafe import serialise  # noqa: E402

TARGETS = 13
RECORDS = 50
MARC = "{http://www.loc.gov/MARC21/slim}"


def catalogue_records(number: int) -> list[str]:
    """50 records per catalogue; popular titles recur across catalogues, as in real life."""
    root = etree.parse(str(ROOT / "tests/data/zebra/records.xml")).getroot()
    base = list(root.iter(f"{MARC}record"))
    records = []
    for i in range(RECORDS):
        record = base[(i + number) % len(base)]
        copy = etree.fromstring(serialise(record))
        copy.find(f"{MARC}controlfield[@tag='001']").text = f"c{number}-r{i}"  # type: ignore[union-attr]
        records.append(serialise(copy))
    return records


def envelope(records: list[str]) -> bytes:
    body = "".join(
        "<zs:record><zs:recordSchema>marcxml</zs:recordSchema>"
        f"<zs:recordPacking>xml</zs:recordPacking><zs:recordData>{r}</zs:recordData>"
        f"<zs:recordPosition>{i + 1}</zs:recordPosition></zs:record>"
        for i, r in enumerate(records)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><zs:searchRetrieveResponse '
        'xmlns:zs="http://www.loc.gov/zing/srw/"><zs:version>1.2</zs:version>'
        f"<zs:numberOfRecords>{len(records)}</zs:numberOfRecords><zs:records>{body}</zs:records>"
        "</zs:searchRetrieveResponse>"
    ).encode()


def serve_catalogues(ports: list[int], delays_ms: list[int], ready: object) -> None:
    async def main() -> None:
        runners = []
        for number, (port, delay) in enumerate(zip(ports, delays_ms, strict=True)):
            body = envelope(catalogue_records(number))

            async def handle(
                request: web.Request, body: bytes = body, delay: int = delay
            ) -> web.Response:
                await asyncio.sleep(delay / 1000)
                return web.Response(body=body, content_type="text/xml")

            app = web.Application()
            app.router.add_get("/{db}", handle)
            runner = web.AppRunner(app, access_log=None)
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", port).start()
            runners.append(runner)
        ready.set()  # type: ignore[attr-defined]
        await asyncio.Event().wait()

    asyncio.run(main())


def free_ports(count: int) -> list[int]:
    import socket

    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [int(s.getsockname()[1]) for s in sockets]
    for sock in sockets:
        sock.close()
    return ports


def start_catalogues(delays_ms: list[int]) -> tuple[multiprocessing.Process, list[str]]:
    ports = free_ports(TARGETS)
    ready = multiprocessing.Event()
    process = multiprocessing.Process(
        target=serve_catalogues, args=(ports, delays_ms, ready), daemon=True
    )
    process.start()
    assert ready.wait(30), "catalogue process did not start"
    return process, [f"http://127.0.0.1:{p}/db{n}" for n, p in enumerate(ports)]


def settings_for(urls: list[str]):  # type: ignore[no-untyped-def]
    targets = [
        {
            "id": f"t{n}",
            "name": f"Catalogue {n}",
            "url": url,
            "max_records": RECORDS,
            "timeout_s": 5,
            "holdings": {"field": "952"},
        }
        for n, url in enumerate(urls)
    ]
    # The cache index off: its write-through (bench/cache.py measures it) would share the GIL
    # with the floor measured next and blur the comparison.
    data = {"search": {"deadline_s": 5}, "cache": {"enabled": False}, "targets": targets}
    return parse_settings(data, environ={})


async def floor_once(session: aiohttp.ClientSession, urls: list[str]) -> float:
    started = time.perf_counter()

    async def one(url: str) -> None:
        params = {
            "operation": "searchRetrieve",
            "version": "1.2",
            "query": "x",
            "maximumRecords": str(RECORDS),
        }
        async with session.get(url, params=params) as response:
            etree.fromstring(await response.read())

    await asyncio.gather(*(one(u) for u in urls))
    return time.perf_counter() - started


# fresh: every round asks the catalogues (the result cache would answer repeats in microseconds).
REQUEST = SearchRequest(query=free_text_query("strindberg"), page_size=20, fresh=True)


async def federator_once(service: SearchService) -> float:
    started = time.perf_counter()
    result = await service.search(REQUEST)
    assert all(t.state.value == "ok" for t in result.targets), [t.message for t in result.targets]
    return time.perf_counter() - started


def ms(seconds: float) -> str:
    return f"{seconds * 1000:8.1f}"


async def part_a(rounds: int) -> None:
    process, urls = start_catalogues([0] * TARGETS)
    try:
        settings = settings_for(urls)
        async with open_session(settings) as session:
            service = SearchService(settings, session)
            await federator_once(service)  # warm up connections and caches alike
            await floor_once(session, urls)
            floors, ours = [], []
            for _ in range(rounds):
                floors.append(await floor_once(session, urls))
                ours.append(await federator_once(service))
        floor, federator = statistics.median(floors), statistics.median(ours)
        print(f"(a) {TARGETS} targets x {RECORDS} records, no added latency, {rounds} rounds (ms)")
        print(f"    floor: gather + lxml parse   {ms(floor)}")
        ratio = f"ratio {federator / floor:.2f}x (target <= 1.5x)"
        print(f"    federator end to end        {ms(federator)}   {ratio}")
        await part_c(settings)
    finally:
        process.terminate()


async def part_b(rounds: int) -> None:
    delays = [50 + (450 * n) // (TARGETS - 1) for n in range(TARGETS)]  # 50 ... 500 ms
    process, urls = start_catalogues(delays)
    try:
        settings = settings_for(urls)
        async with open_session(settings) as session:
            service = SearchService(settings, session)
            await federator_once(service)
            overheads = []
            for _ in range(rounds):
                total = await federator_once(service)
                overheads.append(total - max(delays) / 1000)
        overheads.sort()
        p95 = overheads[min(len(overheads) - 1, int(len(overheads) * 0.95))]
        print(f"(b) latencies 50-500 ms: overhead after the slowest answer, {rounds} rounds (ms)")
        print(f"    p50 {ms(statistics.median(overheads))}   p95 {ms(p95)}   (target p50 <= 15 ms)")
    finally:
        process.terminate()


async def clients_for(service: SearchService, clients: int, seconds: float) -> int:
    done = 0
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        nonlocal done
        while time.perf_counter() < deadline:
            json.dumps(encode.search_result(await service.search(REQUEST)))
            done += 1

    await asyncio.gather(*(client() for _ in range(clients)))
    return done


async def part_c(settings) -> None:  # type: ignore[no-untyped-def]
    print("(c) searches per second, service + JSON encoding, no added latency")
    async with open_session(settings) as session:
        service = SearchService(settings, session)
        for clients in (1, 4, 16):
            started = time.perf_counter()
            done = await clients_for(service, clients, 5.0)
            elapsed = time.perf_counter() - started
            print(f"    {clients:>2} clients: {done / elapsed:7.1f} searches/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    asyncio.run(part_a(args.rounds))
    asyncio.run(part_b(args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
