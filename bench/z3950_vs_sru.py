"""Z39.50 against SRU: the same 50 records from the same Zebra, per search, wall time and CPU.

One zebrasrv (a separate process) holds tests/data/zebra/records.xml copied to 270 records
(distinct 001s); one query matches 52 of them, and every search asks for 50. Compared:
  SRU 1.2, MARCXML          the SRU connector (one aiohttp session, keep-alive)
  Z39.50, XML, no reuse     the Z39.50 connector on a new connection each search (init too)
  Z39.50, XML syntax        the same, on the connection the last search left open
  Z39.50, USMARC MARC-8     the Z39.50 connector, ISO 2709 in MARC-8 converted by YAZ
Per search: wall time (p50, p95), process CPU (all threads: event loop, parse thread, ZOOM
reactor), and the event loop thread's own CPU (what other searches wait behind). Then 8
searches at once, to show the reactor multiplexing. Bounded: --rounds (default 40) each,
and the whole run stops adding rounds after --budget seconds (default 60).
Run: .venv/bin/python bench/z3950_vs_sru.py [--rounds N] [--budget S]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import aiohttp
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from federator.connectors import sru, z3950  # noqa: E402
from federator.connectors.base import SearchOutcome  # noqa
from federator.models import Target  # noqa: E402
from federator.query import fielded_query  # noqa: E402
from federator.z3950 import reactor  # noqa: E402
from federator.z3950.options import Z3950Options  # noqa: E402
from tests.realservers import ZEBRA_RECORDS  # noqa: E402
from tests.z3950.servers import start_marc_zebra  # noqa: E402

COPIES = 10  # 27 records x 10
WANTED = 50
MARC = "{http://www.loc.gov/MARC21/slim}"
QUERY = fielded_query(subject="svensk skönlitteratur")  # 13 of 27, so 130 of 270: 50 asked


@dataclass
class Figures:
    wall_ms: list[float]
    process_cpu_ms: list[float]
    loop_cpu_ms: list[float]


def copied_records(directory: Path) -> Path:
    root = etree.parse(str(ZEBRA_RECORDS)).getroot()
    originals = list(root.iter(f"{MARC}record"))
    collection = etree.Element(f"{MARC}collection", nsmap={None: MARC[1:-1]})
    for copy_number in range(COPIES):
        for record in originals:
            copy = etree.fromstring(etree.tostring(record))
            field = copy.find(f"{MARC}controlfield[@tag='001']")
            assert field is not None and field.text
            field.text = f"{field.text}-{copy_number}"
            collection.append(copy)
    path = directory / "bench-records.xml"
    path.write_bytes(etree.tostring(collection, xml_declaration=True, encoding="UTF-8"))
    return path


async def measure(
    search: Callable[[], Awaitable[SearchOutcome]], rounds: int, stop: float
) -> Figures:
    figures = Figures([], [], [])
    await search()  # warm: first connection, imports, the reactor thread
    for _ in range(rounds):
        if time.monotonic() > stop:
            break
        wall, process, loop = time.perf_counter(), time.process_time(), time.thread_time()
        outcome = await search()
        figures.loop_cpu_ms.append((time.thread_time() - loop) * 1000)
        figures.process_cpu_ms.append((time.process_time() - process) * 1000)
        figures.wall_ms.append((time.perf_counter() - wall) * 1000)
        assert len(outcome.records) == WANTED, (len(outcome.records), outcome.warnings)
    return figures


async def fresh_connection(search: Awaitable[SearchOutcome]) -> SearchOutcome:
    """The search on a new connection (connect and init), as before connections were kept."""
    kept, reactor.KEEP_S = reactor.KEEP_S, 0.0
    try:
        return await search
    finally:
        reactor.KEEP_S = kept


async def concurrent(search: Callable[[], Awaitable[SearchOutcome]], width: int = 8) -> float:
    started = time.perf_counter()
    outcomes = await asyncio.gather(*(search() for _ in range(width)))
    assert all(len(o.records) == WANTED for o in outcomes)
    return (time.perf_counter() - started) * 1000


def p(values: list[float], quantile: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(quantile * len(ordered)))]


async def main(rounds: int, budget_s: float) -> None:
    with tempfile.TemporaryDirectory(prefix="bench-z3950-") as tmp:
        records = copied_records(Path(tmp))
        server = start_marc_zebra(Path(tmp) / "zebra", [records])
        try:
            await run_all(server.base_url, rounds, time.monotonic() + budget_s)
        finally:
            server.stop()


async def run_all(base_url: str, rounds: int, stop: float) -> None:
    host, port = base_url.split("//")[1].split("/")[0].split(":")
    target = Target(
        id="zebra", name="Zebra", url=base_url, timeout_s=10, max_records=WANTED, page_size=WANTED
    )
    common = {"host": host, "port": int(port), "database": "catalogue"}
    attributes = {"subject": "1=subject"}
    xml = Z3950Options.create(
        attributes=attributes, record_syntax="xml", element_set="marcxml", **common
    )
    marc8 = Z3950Options.create(attributes=attributes, element_set="marc8", **common)
    async with aiohttp.ClientSession() as session:
        searches: dict[str, Callable[[], Awaitable[SearchOutcome]]] = {
            "SRU 1.2, MARCXML": lambda: sru.search(session, target, QUERY),
            "Z39.50, XML, no reuse": lambda: fresh_connection(z3950.search(target, xml, QUERY)),
            "Z39.50, XML syntax": lambda: z3950.search(target, xml, QUERY),
            "Z39.50, USMARC MARC-8": lambda: z3950.search(target, marc8, QUERY),
        }
        results = {name: await measure(search, rounds, stop) for name, search in searches.items()}
        widths = {name: await concurrent(search) for name, search in searches.items()}
    report(results, widths)


def report(results: dict[str, Figures], widths: dict[str, float]) -> None:
    base = results["SRU 1.2, MARCXML"]
    base_wall, base_cpu = statistics.median(base.wall_ms), statistics.mean(base.process_cpu_ms)
    print(f"{WANTED} records a search, {len(base.wall_ms)} searches each (after one warm-up)\n")
    header = (
        f"{'protocol':<24}{'wall p50':>10}{'wall p95':>10}{'proc CPU':>10}{'loop CPU':>10}"
        f"{'x wall':>8}{'x CPU':>8}{'8 at once':>11}"
    )
    print(header)
    print("-" * len(header))
    for name, figures in results.items():
        wall = statistics.median(figures.wall_ms)
        cpu = statistics.mean(figures.process_cpu_ms)
        print(
            f"{name:<24}{wall:>8.1f}ms{p(figures.wall_ms, 0.95):>8.1f}ms{cpu:>8.1f}ms"
            f"{statistics.mean(figures.loop_cpu_ms):>8.1f}ms{wall / base_wall:>8.2f}"
            f"{cpu / base_cpu:>8.2f}{widths[name]:>9.1f}ms"
        )
    print(
        "\nproc CPU: this process, all threads, mean per search; loop CPU: the event loop"
        " thread alone.\nx: ratio to SRU (wall p50, proc CPU). Zebra's own CPU is not counted."
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--budget", type=float, default=60.0, help="seconds for all rounds")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.rounds, arguments.budget))
