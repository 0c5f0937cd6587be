"""`federator demo`: the county's 13 catalogues as local SRU servers, and the federator over them.

Everything runs in one event loop: 13 aiohttp SRU servers (one port each, like 13 library
systems) and the federator's web app under uvicorn. Ctrl-C stops uvicorn, then every catalogue.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import uvicorn
from aiohttp import web

from federator.config import Settings, parse_settings, process_environment
from federator.demo.catalogue import DemoIndex
from federator.demo.generate import DemoCatalogue, generate_catalogues
from federator.demo.ill_facts import HUB_ROUTE, ILL_RULES, library_facts
from federator.demo.libraries import CatalogueSpec
from federator.demo.server import catalogue_app
from federator.demo.zebra import ZEBRA_ATTRIBUTES, zebra_catalogue, zebra_installed
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
    # This catalogue answers over Z39.50 from a real Zebra, as Koha's Zebra does, when
    # Debian's idzebra-2.0 is installed (SRU from the in-process server otherwise).
    z3950_catalogue: str | None = "lekeberg"

    def speaks_z3950(self, catalogue_id: str) -> bool:
        return catalogue_id == self.z3950_catalogue and zebra_installed()


def catalogue_url(
    options: DemoOptions, number: int, catalogue: DemoCatalogue | CatalogueSpec
) -> str:
    return f"http://{options.host}:{options.base_port + number}/{catalogue.id}"


DEMO_TIMEOUT_S = 3.0  # a demo catalogue answers in milliseconds; this is for --slow ones
DEMO_DEADLINE_S = 5.0


def _timeout_s(options: DemoOptions, catalogue_id: str) -> float:
    """--slow makes a catalogue answer late, not time out: its delay plus the usual timeout."""
    return DEMO_TIMEOUT_S + options.slow_ms.get(catalogue_id, 0) / 1000


def _target(
    options: DemoOptions, number: int, catalogue: DemoCatalogue | CatalogueSpec
) -> dict[str, Any]:
    # Koha's standard 952, or an 852 whose $z notes carry the status: the presets as they are.
    holdings: dict[str, Any] = {"preset": "koha" if catalogue.holdings_field == "952" else "852"}
    url = catalogue_url(options, number, catalogue)
    protocol: dict[str, Any] = {
        "url": url,
        "sru_version": "2.0" if number % 3 == 2 else "1.2",  # both versions in play, as in the wild
    }
    if options.speaks_z3950(catalogue.id):
        protocol = {
            "protocol": "z3950",
            "url": url.replace("http://", "z3950://"),
            "z3950": {
                "record_syntax": "xml",
                "element_set": "marcxml",
                "attributes": ZEBRA_ATTRIBUTES,
            },
        }
    return {
        "id": catalogue.id,
        "name": catalogue.name,
        **protocol,
        "record_url": f"{url}/post/{{record_id}}",
        "timeout_s": _timeout_s(options, catalogue.id),
        "max_records": 50,
        "widening": "truncation",  # the demo's search takes right truncation (catalogue.py)
        "holdings": holdings,
        "libraries": [
            {
                "name": lib.name,
                "municipality": lib.municipality,
                "branches": dict(lib.branches),
                **library_facts(lib.name),
            }
            for lib in catalogue.libraries
        ],
        **({"ill": ILL_RULES[catalogue.id]} if catalogue.id in ILL_RULES else {}),
    }


def demo_data(
    options: DemoOptions, catalogues: Sequence[DemoCatalogue | CatalogueSpec]
) -> dict[str, Any]:
    """The demo's configuration as the tables of a federator.toml (`federator init --demo`)."""
    targets = [_target(options, n, c) for n, c in enumerate(catalogues)]
    slowest = max((_timeout_s(options, c.id) for c in catalogues), default=DEMO_TIMEOUT_S)
    return {
        # The search waits for the slowest catalogue's late answer, and a little more.
        "search": {"deadline_s": max(DEMO_DEADLINE_S, slowest + 1.0)},
        "cache": {"path": options.cache_dir},
        "server": {"public_url": f"http://{options.host}:{options.port}"},
        "ill": {"hub_route": HUB_ROUTE},
        "targets": targets,
    }


def demo_settings(options: DemoOptions, catalogues: tuple[DemoCatalogue, ...]) -> Settings:
    data = demo_data(options, catalogues)
    # FEDERATOR_* still overrides, as with a file: FEDERATOR_LIMITS_REQUESTS_PER_MINUTE for a bench.
    return parse_settings(data, environ=process_environment(), source="demo")


async def _start_catalogues(
    options: DemoOptions,
    catalogues: tuple[DemoCatalogue, ...],
    settings: Settings,
    out: TextIO,
    servers: contextlib.AsyncExitStack,
) -> list[web.AppRunner]:
    runners = []
    for number, (catalogue, target) in enumerate(zip(catalogues, settings.targets, strict=True)):
        url = catalogue_url(options, number, catalogue)
        if catalogue.id in options.down:
            out.write(f"  {catalogue.name:<48} DOWN (not started)  {url}\n")
            continue
        if options.speaks_z3950(catalogue.id):
            port = options.base_port + number
            zebra = zebra_catalogue(catalogue.records, options.host, port, catalogue.id)
            await servers.enter_async_context(zebra)
            note = f"{len(catalogue.records)} records"
            out.write(f"  {catalogue.name:<48} {note:<19} {target.url} (Z39.50, Zebra)\n")
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
    out.write("Starting the catalogues (SRU, and Z39.50 where marked):\n")
    settings = demo_settings(options, catalogues)
    async with contextlib.AsyncExitStack() as servers:
        await _serve(options, catalogues, settings, out, servers, started)


async def _serve(
    options: DemoOptions,
    catalogues: tuple[DemoCatalogue, ...],
    settings: Settings,
    out: TextIO,
    servers: contextlib.AsyncExitStack,
    started: float,
) -> None:
    runners = await _start_catalogues(options, catalogues, settings, out, servers)
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
