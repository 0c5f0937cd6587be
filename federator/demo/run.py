"""`federator demo`: the county's 13 catalogues as local SRU servers, and the federator over them.

Everything runs in one event loop: 13 aiohttp SRU servers (one port each, like 13 library
systems) and the federator's web app under uvicorn. Ctrl-C stops uvicorn, then every catalogue.
"""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import uvicorn
from aiohttp import web

from federator.config import Settings, parse_settings, process_environment
from federator.demo.catalogue import DemoIndex
from federator.demo.generate import DemoCatalogue, generate_catalogues
from federator.demo.server import catalogue_app
from federator.web.app import create_app, uvicorn_options

DEFAULT_BASE_PORT = 8101


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoOptions:
    host: str = "127.0.0.1"
    port: int = 8000
    base_port: int = DEFAULT_BASE_PORT  # catalogue n listens on base_port + n
    slow_ms: dict[str, int] = field(default_factory=dict)  # catalogue id -> added delay
    down: frozenset[str] = frozenset()  # catalogues that are not started at all
    scale: float = 1.0
    seed: int = 2026
    cache_dir: str = str(Path.home() / ".cache" / "federator" / "demo-index")


def catalogue_url(options: DemoOptions, number: int, catalogue: DemoCatalogue) -> str:
    return f"http://{options.host}:{options.base_port + number}/{catalogue.id}"


def _target(options: DemoOptions, number: int, catalogue: DemoCatalogue) -> dict[str, Any]:
    holdings: dict[str, Any] = {"field": catalogue.holdings_field}
    if catalogue.holdings_field == "852":  # the demo's 852 convention: status text $y, due date $d
        holdings |= {"status_subfield": "y", "due_date_subfield": "d"}
    url = catalogue_url(options, number, catalogue)
    return {
        "id": catalogue.id,
        "name": catalogue.name,
        "url": url,
        "sru_version": "2.0" if number % 3 == 2 else "1.2",  # both versions in play, as in the wild
        "record_url": f"{url}/post/{{record_id}}",
        "timeout_s": 3.0,
        "max_records": 50,
        "widening": "truncation",  # the demo's search takes right truncation (catalogue.py)
        "holdings": holdings,
        "libraries": [
            {"name": lib.name, "municipality": lib.municipality, "branches": dict(lib.branches)}
            for lib in catalogue.libraries
        ],
    }


def demo_settings(options: DemoOptions, catalogues: tuple[DemoCatalogue, ...]) -> Settings:
    targets = [_target(options, n, c) for n, c in enumerate(catalogues)]
    data = {
        "search": {"deadline_s": 5.0},
        "cache": {"path": options.cache_dir},
        "server": {"public_url": f"http://{options.host}:{options.port}"},
        "targets": targets,
    }
    # FEDERATOR_* still overrides, as with a file: FEDERATOR_LIMITS_REQUESTS_PER_MINUTE for a bench.
    return parse_settings(data, environ=process_environment(), source="demo")


async def _start_catalogues(
    options: DemoOptions, catalogues: tuple[DemoCatalogue, ...], settings: Settings, out: TextIO
) -> list[web.AppRunner]:
    runners = []
    for number, (catalogue, target) in enumerate(zip(catalogues, settings.targets, strict=True)):
        url = catalogue_url(options, number, catalogue)
        if catalogue.id in options.down:
            out.write(f"  {catalogue.name:<48} DOWN (not started)  {url}\n")
            continue
        index = await asyncio.to_thread(DemoIndex, target, catalogue.records)
        delay = options.slow_ms.get(catalogue.id, 0)
        runner = web.AppRunner(catalogue_app(index, catalogue.id, delay), access_log=None)
        await runner.setup()
        await web.TCPSite(runner, options.host, options.base_port + number).start()
        runners.append(runner)
        note = f"slow: +{delay} ms" if delay else f"{len(catalogue.records)} records"
        out.write(f"  {catalogue.name:<48} {note:<19} {url}\n")
        out.flush()
    return runners


async def run_demo(options: DemoOptions, out: TextIO = sys.stdout) -> None:
    started = time.perf_counter()
    out.write("Generating the demo catalogues of Region Örebro län ...\n")
    out.flush()
    catalogues = await asyncio.to_thread(generate_catalogues, options.seed, options.scale)
    unknown = (set(options.slow_ms) | options.down) - {c.id for c in catalogues}
    if unknown:
        known = ", ".join(c.id for c in catalogues)
        raise ValueError(f"unknown catalogue id(s) {', '.join(sorted(unknown))}; known: {known}")
    total = sum(len(c.records) for c in catalogues)
    seconds = time.perf_counter() - started
    out.write(f"  {total} records in {len(catalogues)} catalogues ({seconds:.1f} s)\n")
    out.write("Starting the catalogues (SRU):\n")
    settings = demo_settings(options, catalogues)
    runners = await _start_catalogues(options, catalogues, settings, out)
    try:
        app = create_app(settings)
        config = uvicorn.Config(
            app, host=options.host, port=options.port, lifespan="on", **uvicorn_options(settings)
        )
        server = _QuietServer(config)
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, server.stop)
        base = f"http://{options.host}:{options.port}"
        out.write(
            f"\nfederator is ready ({time.perf_counter() - started:.1f} s):\n"
            f"  search     {base}/\n"
            f"  JSON API   {base}/api/v1/search?q=r%C3%B6da+rummet\n"
            f"  SRU        {base}/sru?operation=searchRetrieve&version=1.2&query=lindgren\n"
            f"  targets    {base}/api/v1/targets\n"
            "Ctrl-C stops everything.\n"
        )
        out.flush()
        await server.serve()
    finally:
        for runner in runners:
            await runner.cleanup()


class _QuietServer(uvicorn.Server):
    """uvicorn re-raises a captured Ctrl-C after its shutdown, which would end the process
    before the catalogues are stopped; here the demo owns the signals and stops in order."""

    @contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    def stop(self) -> None:
        self.should_exit = True


def parse_slow(values: list[str]) -> dict[str, int]:
    """["nora=3000", "laxa"] -> {"nora": 3000, "laxa": 2000}."""
    slow = {}
    for value in values:
        name, _, millis = value.partition("=")
        slow[name] = int(millis) if millis else 2000
    return slow
