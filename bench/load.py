"""Load on the demo: 13 catalogues answering in 50 ms, 10 / 50 / 200 concurrent users.

Starts `federator demo` as a subprocess on 127.0.0.1 (every catalogue --slow 50), then for each
user count runs a bounded spell (default 20 s, 60 s in all) of a realistic mix: new searches
(distinct words), repeats of popular searches, record pages of results seen, facet clicks.
Prints requests/s, p50/p95/p99, errors (5xx or failed connections; 429/503 counted apart) and
the federator's RSS before and after. Then N distinct searches in a row, RSS at checkpoints:
bounded caches should make it level off. Only 127.0.0.1 is ever contacted.
Run: .venv/bin/python bench/load.py [--seconds 20] [--distinct 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
POPULAR = ["röda rummet", "astrid lindgren", "utvandrarna", "pippi", "strindberg", "kallocain"]
WORDS = [
    "sjö",
    "skog",
    "natt",
    "hus",
    "vinter",
    "flicka",
    "kärlek",
    "krig",
    "resa",
    "hav",
    "stad",
    "mord",
    "historia",
    "trädgård",
    "svampar",
    "kok",
    "barn",
    "hund",
    "katt",
    "sommar",
]
CATALOGUES = [
    "orebro",
    "karlskoga",
    "degerfors",
    "askersund",
    "hallsberg",
    "hallefors",
    "kumla",
    "laxa",
    "lekeberg",
    "lindesberg",
    "ljusnarsberg",
    "nora",
    "region",
]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def start_demo(port: int, base_port: int) -> subprocess.Popen[str]:
    slow = [arg for c in CATALOGUES for arg in ("--slow", f"{c}=50")]
    env = os.environ | {
        "FEDERATOR_LIMITS_REQUESTS_PER_MINUTE": "10000000",
        "FEDERATOR_LIMITS_BURST": "1000000",
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        str(ROOT / ".venv/bin/federator"),
        "demo",
        "--port",
        str(port),
        "--base-port",
        str(base_port),
        "--cache-dir",
        tempfile.mkdtemp(prefix="federator-load-"),
        *slow,
    ]
    return subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, text=True
    )


async def wait_ready(session: aiohttp.ClientSession, base: str) -> None:
    for _ in range(300):
        try:
            async with session.get(f"{base}/health") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.1)  # polling a starting subprocess: nothing to await
    raise RuntimeError("demo did not start")


class Stats:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.errors = 0
        self.refused = 0
        self.record_ids: list[str] = []


async def one_user(
    session: aiohttp.ClientSession, base: str, stats: Stats, until: float, rng: random.Random
) -> None:
    while time.monotonic() < until:
        roll = rng.random()
        if roll < 0.35:
            url = f"{base}/api/v1/search?" + urlencode(
                {"q": f"{rng.choice(WORDS)} {rng.choice(WORDS)}"}
            )
        elif roll < 0.65:
            url = f"{base}/api/v1/search?" + urlencode({"q": rng.choice(POPULAR)})
        elif roll < 0.85 and stats.record_ids:
            url = f"{base}/record/{rng.choice(stats.record_ids[-200:])}"
        else:
            url = f"{base}/api/v1/search?" + urlencode({"q": rng.choice(POPULAR), "format": "book"})
        started = time.perf_counter()
        try:
            async with session.get(url, timeout=aiohttp.ClientTimeout(total=30)) as response:
                body = await response.read()
                if response.status in (429, 503):
                    stats.refused += 1
                elif response.status >= 500:
                    stats.errors += 1
                elif "/api/v1/search" in url and response.status == 200:
                    stats.record_ids += [r["id"] for r in json.loads(body)["results"][:3]]
        except (aiohttp.ClientError, TimeoutError):
            stats.errors += 1
        stats.latencies.append(time.perf_counter() - started)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


async def run(seconds: float, distinct: int) -> None:
    port, base_port = 18500, 18600
    demo = start_demo(port, base_port)
    base = f"http://127.0.0.1:{port}"
    try:
        connector = aiohttp.TCPConnector(limit=0)
        async with aiohttp.ClientSession(connector=connector) as session:
            await wait_ready(session, base)
            columns = ["users", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "429/503"]
            print(" ".join(f"{c:>8}" for c in columns) + f" {'RSS start':>10} {'RSS end':>8}")
            for users in (10, 50, 200):
                stats, rng = Stats(), random.Random(users)
                before = rss_mb(demo.pid)
                started = time.monotonic()
                until = started + seconds
                await asyncio.gather(
                    *(one_user(session, base, stats, until, rng) for _ in range(users))
                )
                elapsed = time.monotonic() - started
                latencies = stats.latencies
                row = [
                    users,
                    f"{len(latencies) / elapsed:.1f}",
                    f"{statistics.median(latencies) * 1000:.0f}",
                    f"{percentile(latencies, 0.95):.0f}",
                    f"{percentile(latencies, 0.99):.0f}",
                    stats.errors,
                    stats.refused,
                ]
                rss = f" {before:>9.0f}M {rss_mb(demo.pid):>7.0f}M"
                print(" ".join(f"{value:>8}" for value in row) + rss, flush=True)
            print(f"{distinct} distinct searches in a row, 20 at a time (RSS of the federator):")
            rng = random.Random(7)
            queries = [f"{rng.choice(WORDS)} {n}" for n in range(distinct)]

            answered: dict[int, int] = {}

            async def fetch(query: str) -> None:
                async with session.get(
                    f"{base}/api/v1/search?" + urlencode({"q": query})
                ) as response:
                    await response.read()
                    answered[response.status] = answered.get(response.status, 0) + 1

            for start in range(0, distinct, 20):
                batch = queries[start : start + 20]
                await asyncio.gather(*(fetch(q) for q in batch))
                done = start + len(batch)
                if done % max(1, distinct // 5) == 0:
                    statuses = ", ".join(f"{n} x {code}" for code, n in sorted(answered.items()))
                    rss = rss_mb(demo.pid)
                    print(f"  after {done:>6}: RSS {rss:.0f} MB (so far {statuses})", flush=True)
    finally:
        demo.send_signal(signal.SIGINT)
        demo.wait(30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="per user count (3 counts)")
    parser.add_argument("--distinct", type=int, default=1000)
    args = parser.parse_args()
    asyncio.run(run(args.seconds, args.distinct))
    return 0


if __name__ == "__main__":
    sys.exit(main())
