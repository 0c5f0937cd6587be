"""Throughput per added worker process, with and without shared state on Redis.

Starts `federator demo` for its 13 catalogues (ports 18701-18713, 50 ms each) and a real
redis-server on a free port, then for N = 1, 2 and 4 workers, each without and with `[shared]`
on that Redis, runs `federator serve --workers N` with a fresh cache index and sends live
searches (`fresh=1`, words that find records) from 16 clients for a bounded spell; three
rounds, alternating which backend goes first. Prints the median searches/s, the ratios within
this run, and the Redis round trips per search (from /metrics, added up over the workers).
Only 127.0.0.1 is contacted.
Run: .venv/bin/python bench/workers.py [--seconds 10] [--rounds 3] (about 8 minutes)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
from redis import Redis

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from load import CATALOGUES, WORDS, start_demo, wait_ready  # noqa: E402

from tests.shared.redisserver import start_redis  # noqa: E402

FEDERATOR = str(ROOT / ".venv/bin/federator")
WORKERS = (1, 2, 4)


def write_config(base_port: int, redis_url: str | None) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="federator-workers-"))
    lines = [
        f'[cache]\npath = "{folder / "index"}"\n',
        "[limits]\nrequests_per_minute = 10000000\nburst = 1000000\n",
    ]
    if redis_url:
        lines.append(
            f'[shared]\nurl = "{redis_url}"\nkey_prefix = "bench-{uuid.uuid4().hex[:6]}:"\n'
        )
    for number, name in enumerate(CATALOGUES):
        lines.append(
            f'[[targets]]\nid = "{name}"\nname = "{name}"\n'
            f'url = "http://127.0.0.1:{base_port + number}/{name}"\ntimeout_s = 3\n'
        )
    path = folder / "federator.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def metric(text: str, name: str) -> float:
    return sum(float(line.split()[-1]) for line in text.splitlines() if line.startswith(name + " "))


async def measure(base: str, seconds: float, clients: int = 16) -> tuple[float, float, float]:
    """Searches/s, Redis round trips per search (0 without Redis), and Redis faults."""
    done = 0
    until = time.monotonic() + seconds
    counter = iter(range(10**9))

    async def client(session: aiohttp.ClientSession) -> None:
        nonlocal done
        while time.monotonic() < until:
            # fresh=1: every search asks every catalogue, finds records and stores them
            params = {"q": WORDS[next(counter) % len(WORDS)], "fresh": "1"}
            try:
                async with session.get(f"{base}/api/v1/search?" + urlencode(params)) as r:
                    await r.read()
                    done += r.status == 200
            except aiohttp.ClientError:
                ERRORS.append(base)  # counted and shown: a run with errors is not a figure

    async with aiohttp.ClientSession() as session:
        await wait_ready(session, base)
        async with session.get(f"{base}/metrics") as response:
            before = await response.text()
        started = time.monotonic()
        await asyncio.gather(*(client(session) for _ in range(clients)))
        rate = done / (time.monotonic() - started)
        async with session.get(f"{base}/metrics") as response:
            after = await response.text()
    trips = metric(after, "federator_shared_round_trips_total") - metric(
        before, "federator_shared_round_trips_total"
    )
    searches = metric(after, "federator_search_latency_seconds_count") - metric(
        before, "federator_search_latency_seconds_count"
    )
    faults = metric(after, "federator_shared_faults_total")
    return rate, trips / max(searches, 1), faults


def worker_rss_mb(parent: int) -> list[float]:
    """Resident memory of each worker process (the children of `federator serve`), or of the
    one process itself when it has none."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        cmdline = (stat.parent / "cmdline").read_bytes()
        if int(fields[1]) == parent and b"spawn_main" in cmdline and b"tracker" not in cmdline:
            pids.append(int(stat.parent.name))
    sizes = []
    for pid in pids or [parent]:
        status = Path(f"/proc/{pid}/status").read_text()
        line = next(x for x in status.splitlines() if x.startswith("VmRSS:"))
        sizes.append(int(line.split()[1]) / 1024)
    return sizes


RSS: list[float] = []
ERRORS: list[str] = []


def run(config: Path, workers: int, port: int, seconds: float) -> tuple[float, float, float]:
    argv = [FEDERATOR, "--config", str(config), "serve", "--port", str(port)]
    log = config.with_name("serve.log").open("wb")
    serve = subprocess.Popen(
        [*argv, "--workers", str(workers)],
        stdout=subprocess.DEVNULL,
        stderr=log,
        env=os.environ.copy(),
    )
    log.close()
    errors_before = len(ERRORS)
    try:
        measured = asyncio.run(measure(f"http://127.0.0.1:{port}", seconds))
        RSS.extend(worker_rss_mb(serve.pid))
        if len(ERRORS) > errors_before:
            failed = len(ERRORS) - errors_before
            print(f"{failed} failed requests; see {config.with_name('serve.log')}")
        return measured
    finally:
        serve.send_signal(signal.SIGINT)
        serve.wait(30)


def print_table(
    rates: dict[tuple[int, str], tuple[float, float, float]], counts: list[int]
) -> None:
    first = counts[0]
    print(
        f"{'workers':>7} | {'local /s':>8} | {'redis /s':>8} | {'redis/local':>11} | "
        f"{f'local vs {first}':>10} | {f'redis vs {first}':>10} | "
        f"{'Redis round trips/search':>24} | {'Redis faults':>12}"
    )
    for workers in counts:
        local = rates[workers, "local"][0]
        shared, trips, faults = rates[workers, "redis"]
        local_gain = local / rates[first, "local"][0]
        shared_gain = shared / rates[first, "redis"][0]
        print(
            f"{workers:>7} | {local:>8.1f} | {shared:>8.1f} | {shared / local:>10.2f}x | "
            f"{local_gain:>9.2f}x | {shared_gain:>9.2f}x | {trips:>24.1f} | {faults:>12.0f}",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--workers", type=int, nargs="*", default=list(WORKERS))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    demo = start_demo(18690, 18700)  # its own federator on 18690 is not used here
    redis = start_redis(Path(tempfile.mkdtemp(prefix="federator-workers-redis-")))
    try:
        asyncio.run(_wait(f"http://127.0.0.1:{18690}"))
        # Unmeasured: the demo catalogues' first searches are slower than the rest.
        run(write_config(18700, None), 1, 18799, min(args.seconds, 5.0))
        # Rounds alternate which backend goes first; each figure is the median over rounds.
        runs: dict[tuple[int, str], list[tuple[float, float, float]]] = {}
        for round_number in range(args.rounds):
            for workers in args.workers:
                backends = [("local", None), ("redis", redis.url)]
                for backend, url in backends[:: 1 if round_number % 2 == 0 else -1]:
                    port = 18800 + workers * 2 + (backend == "redis")
                    measured = run(write_config(18700, url), workers, port, args.seconds)
                    runs.setdefault((workers, backend), []).append(measured)
                    print(f"  round {round_number + 1}: {workers} × {backend}: {measured[0]:.1f}/s")
        rates = {
            key: (
                statistics.median(r[0] for r in found),
                statistics.median(r[1] for r in found),
                sum(r[2] for r in found),
            )
            for key, found in runs.items()
        }
        print(f"searches/s: median of {args.rounds} rounds of {args.seconds:g} s")
        print_table(rates, args.workers)
        memory = Redis.from_url(redis.url).info("memory")
        print(
            f"RSS per worker after its run: {min(RSS):.0f}-{max(RSS):.0f} MB; Redis after all "
            f"runs: used_memory {memory['used_memory'] / 2**20:.1f} MB, peak "
            f"{memory['used_memory_peak'] / 2**20:.1f} MB"
        )
    finally:
        redis.stop()
        demo.send_signal(signal.SIGINT)
        demo.wait(30)
    return 0


async def _wait(base: str) -> None:
    async with aiohttp.ClientSession() as session:
        await wait_ready(session, base)


if __name__ == "__main__":
    sys.exit(main())
