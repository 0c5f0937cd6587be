"""One measured process of bench/federated.py: a federator (the code under --code) against the
Zebra catalogues in --config, beside a floor of the same requests (asyncio.gather + lxml).

Uses only the API both the old and the new code have (SearchService, parse_settings, the
connector's module names), so the same harness measures both. Prints one JSON object.
CPU is read per thread from /proc/self/task (a sampling of every thread's clock, tantivy's
Rust threads included) and, inside the parse thread, split by thread-CPU timers around the
envelope parse and the mapping.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

parser = argparse.ArgumentParser()
parser.add_argument("--code", required=True, help="a directory holding the federator package")
parser.add_argument("--config", required=True, help="JSON: targets, workload")
parser.add_argument("--rounds", type=int, default=30)
parser.add_argument("--seconds", type=float, default=4.0, help="per load level")
parser.add_argument(
    "--gc", help="thresholds to try, e.g. 50000,20,100 (freezing startup's objects)"
)
ARGS = parser.parse_args()
sys.path.insert(0, ARGS.code)

import aiohttp  # noqa: E402
from lxml import etree  # noqa: E402

import federator  # noqa: E402
import federator.connectors.sru as sru  # noqa: E402
import federator.service as service_module  # noqa: E402
from federator.config import parse_settings  # noqa: E402
from federator.models import SearchRequest  # noqa: E402
from federator.query import free_text_query, render_cql  # noqa: E402
from federator.search import open_session  # noqa: E402
from federator.service import SearchService  # noqa: E402
from federator.sru.request import search_params  # noqa: E402
from federator.web import app as web_app  # noqa: E402
from federator.web import encode  # noqa: E402

assert Path(federator.__file__).resolve().is_relative_to(Path(ARGS.code).resolve())
TICKS = os.sysconf("SC_CLK_TCK")
STAGE_CPU: dict[str, float] = {"envelope": 0.0, "mapping": 0.0, "arrange": 0.0}
SPANS: list[tuple[str, str, float, float]] = []  # (row, kind, start, end) for the waterfall
RECORD_SPANS = False


def _timed(name: str, function: Any, row_of: Any = None) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        cpu, wall = time.thread_time(), time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            STAGE_CPU[name] += time.thread_time() - cpu
            if RECORD_SPANS:
                row = row_of(*args) if row_of else name
                SPANS.append((row, name, wall, time.perf_counter()))

    return wrapper


sru.parse_search_response = _timed(  # type: ignore[attr-defined]
    "envelope", sru.parse_search_response, lambda _: "parse thread"
)
sru.map_records = _timed("mapping", sru.map_records, lambda _, target: target.id)  # type: ignore[attr-defined]
service_module.arrange = _timed("arrange", service_module.arrange)
_fetch = sru.fetch


async def _fetch_spanned(session: Any, target: Any, *args: Any, **kwargs: Any) -> bytes:
    started = time.perf_counter()
    try:
        return await _fetch(session, target, *args, **kwargs)
    finally:
        if RECORD_SPANS:
            SPANS.append((target.id, "http", started, time.perf_counter()))


sru.fetch = _fetch_spanned


def thread_cpu() -> dict[str, float]:
    """CPU seconds of every thread of this process, by role."""
    names = {t.native_id: t.name for t in threading.enumerate()}
    roles: dict[str, float] = {}
    for tid in os.listdir("/proc/self/task"):
        try:
            stat = Path(f"/proc/self/task/{tid}/stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        seconds = (int(fields[11]) + int(fields[12])) / TICKS
        name = names.get(int(tid))
        if name is None:
            role = "index (tantivy threads)"
        elif name == "MainThread":
            role = "event loop"
        elif name.startswith("federator-parse"):
            role = "parse thread"
        elif name == "cache-writer":
            role = "write-through"
        else:
            role = "worker threads"
        roles[role] = roles.get(role, 0.0) + seconds
    return roles


def json_bytes(result: Any) -> bytes:
    body = encode.search_result(result)
    dumps = getattr(encode, "dumps", None)  # the new code's orjson encoder, if it has one
    if dumps is not None:
        return bytes(dumps(body))
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


class Floor:
    """The same requests the federator sends, gathered, each answer parsed by lxml."""

    def __init__(self, settings: Any, request: SearchRequest) -> None:
        self.requests = []
        for target in settings.enabled_targets:
            cql = render_cql(request.query, target)
            params = search_params(target, cql, 1, min(target.page_size, target.max_records))
            self.requests.append((target.url, params))
        self.session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))

    async def once(self) -> None:
        async def one(url: str, params: dict[str, str]) -> None:
            async with self.session.get(url, params=params) as response:
                etree.fromstring(await response.read())

        await asyncio.gather(*(one(u, p) for u, p in self.requests))


async def timed_loop(action: Any, count: int) -> list[float]:
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        await action()
        samples.append(time.perf_counter() - started)
    return samples


async def under_load(action: Any, clients: int, seconds: float) -> tuple[float, list[float]]:
    samples: list[float] = []
    started = time.perf_counter()
    stop_at = started + seconds

    async def client() -> None:
        while time.perf_counter() < stop_at:
            begun = time.perf_counter()
            await action()
            samples.append(time.perf_counter() - begun)

    await asyncio.gather(*(client() for _ in range(clients)))
    return len(samples) / (time.perf_counter() - started), samples


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


class GcClock:
    def __init__(self) -> None:
        self.seconds = 0.0
        self.collections = [0, 0, 0]
        self._started = 0.0
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started
            self.collections[info["generation"]] += 1


async def measure(config: dict[str, Any]) -> dict[str, Any]:
    global RECORD_SPANS
    index_dir = tempfile.mkdtemp(prefix="federator-bench-index-")
    data = {
        "search": {"deadline_s": 10.0},
        "cache": {"path": index_dir},  # on, on disk: as in production
        "targets": [t | {"max_records": config["records"]} for t in config["targets"]],
    }
    settings = parse_settings(data, environ={})
    live = SearchRequest(query=free_text_query("benchall"), page_size=20, fresh=True)
    floor = Floor(settings, live)
    out: dict[str, Any] = {}
    async with open_session(settings) as session:
        service = SearchService(settings, session)

        failures: list[str] = []

        async def search() -> None:
            result = await service.search(live)
            failures.extend(f"{t.target}: {t.message}" for t in result.targets if t.state != "ok")
            json_bytes(result)

        for _ in range(3):  # warm up connections, caches, the index
            await search()
            await floor.once()
        await service.cache.flush()
        if ARGS.gc:
            gc.freeze()
            gc.set_threshold(*(int(n) for n in ARGS.gc.split(",")))
        elif hasattr(web_app, "tune_gc"):
            web_app.tune_gc()  # what `federator serve` does, in the code that has it
        out["gc_thresholds"] = gc.get_threshold()
        clock = GcClock()
        floor_cpu = fed_cpu = 0.0
        floor_wall: list[float] = []
        fed_wall: list[float] = []
        stage_threads: dict[str, float] = {}
        json_cpu = gc_fed = 0.0
        half = ARGS.rounds // 2
        for _ in range(2):  # floor, federator, floor, federator: the machine's noise shared
            started = time.process_time()
            floor_wall += await timed_loop(floor.once, half)
            floor_cpu += time.process_time() - started
            before, started, gc_before = thread_cpu(), time.process_time(), clock.seconds
            for _ in range(half):
                begun = time.perf_counter()
                result = await service.search(live)
                cpu = time.thread_time()
                json_bytes(result)
                json_cpu += time.thread_time() - cpu
                fed_wall.append(time.perf_counter() - begun)
            await service.cache.flush()  # the write-through of these searches counts too
            fed_cpu += time.process_time() - started
            gc_fed += clock.seconds - gc_before
            after = thread_cpu()
            for role, seconds in after.items():
                stage_threads[role] = stage_threads.get(role, 0.0) + seconds - before.get(role, 0)
        searches = 2 * half
        stages = {k: v / searches * 1000 for k, v in STAGE_CPU.items()}
        threads = {k: v / searches * 1000 for k, v in stage_threads.items()}
        out["cpu_ms"] = {
            "floor": floor_cpu / searches * 1000,
            "federator": fed_cpu / searches * 1000,
            "stages": stages,
            "threads": threads,
            "json": json_cpu / searches * 1000,
            "gc": gc_fed / searches * 1000,
            "gc_collections": clock.collections,
        }
        out["latency_ms"] = {
            "floor": [statistics.median(floor_wall) * 1000, percentile(floor_wall, 0.95) * 1000],
            "federator": [statistics.median(fed_wall) * 1000, percentile(fed_wall, 0.95) * 1000],
        }
        out["load"] = {}
        for clients in (1, 4, 10):
            rate_floor, lat_floor = await under_load(floor.once, clients, ARGS.seconds)
            rate_fed, lat_fed = await under_load(search, clients, ARGS.seconds)
            await service.cache.flush()
            out["load"][str(clients)] = {
                "floor": [rate_floor, statistics.median(lat_floor) * 1000],
                "federator": [rate_fed, statistics.median(lat_fed) * 1000],
                "federator_p95": percentile(lat_fed, 0.95) * 1000,
            }
        SPANS.clear()
        RECORD_SPANS = True
        origin = time.perf_counter()
        await search()
        RECORD_SPANS = False
        out["waterfall"] = [(row, kind, a - origin, b - origin) for row, kind, a, b in SPANS]
        repeat = SearchRequest(query=free_text_query("benchall"), page_size=20)
        await service.search(repeat)

        async def cached() -> None:
            json_bytes(await service.search(repeat))

        repeats = await timed_loop(cached, 60)
        out["cached_repeat_ms"] = [
            statistics.median(repeats) * 1000,
            percentile(repeats, 0.95) * 1000,
        ]
        await service.close()
    await floor.session.close()
    out["failures"] = failures[:20]
    out["failure_count"] = len(failures)
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def main() -> int:
    config = json.loads(Path(ARGS.config).read_text())
    print(json.dumps(asyncio.run(measure(config))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
