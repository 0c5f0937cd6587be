"""Throughput per added worker process: `federator serve --workers N` over the demo catalogues.

Starts `federator demo` for its 13 catalogues (ports 18701-18713), writes a config pointing at
them with one shared cache index, then for N = 1 and 2 runs `federator serve --workers N` and
sends distinct live searches from 16 clients for a bounded spell. Only 127.0.0.1 is contacted.
Run: .venv/bin/python bench/workers.py [--seconds 15]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))

from load import CATALOGUES, WORDS, start_demo, wait_ready  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FEDERATOR = str(ROOT / ".venv/bin/federator")


def write_config(base_port: int, cache: str) -> Path:
    lines = [
        f'[cache]\npath = "{cache}"\n',
        "[limits]\nrequests_per_minute = 10000000\nburst = 1000000\n",
    ]
    for number, name in enumerate(CATALOGUES):
        lines.append(
            f'[[targets]]\nid = "{name}"\nname = "{name}"\n'
            f'url = "http://127.0.0.1:{base_port + number}/{name}"\ntimeout_s = 3\n'
        )
    path = Path(tempfile.mkdtemp(prefix="federator-workers-")) / "federator.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


async def measure(base: str, seconds: float, clients: int = 16) -> float:
    done = 0
    until = time.monotonic() + seconds
    counter = iter(range(10**9))

    async def client(session: aiohttp.ClientSession) -> None:
        nonlocal done
        while time.monotonic() < until:
            query = f"{WORDS[next(counter) % len(WORDS)]} {next(counter)}"
            async with session.get(f"{base}/api/v1/search?" + urlencode({"q": query})) as response:
                await response.read()
                done += response.status == 200

    async with aiohttp.ClientSession() as session:
        await wait_ready(session, base)
        started = time.monotonic()
        await asyncio.gather(*(client(session) for _ in range(clients)))
        return done / (time.monotonic() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=15.0)
    args = parser.parse_args()
    demo = start_demo(18690, 18700)  # its own federator on 18690 is not used here
    try:
        asyncio.run(_wait(f"http://127.0.0.1:{18690}"))
        config = write_config(18700, tempfile.mkdtemp(prefix="federator-workers-cache-"))
        print(f"{'workers':>8} {'searches/s':>11} {'vs 1 worker':>12}")
        baseline = None
        for workers in (1, 2):
            port = 18800 + workers
            serve = subprocess.Popen(
                [
                    FEDERATOR,
                    "--config",
                    str(config),
                    "serve",
                    "--port",
                    str(port),
                    "--workers",
                    str(workers),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=os.environ.copy(),
            )
            try:
                rate = asyncio.run(measure(f"http://127.0.0.1:{port}", args.seconds))
            finally:
                serve.send_signal(signal.SIGINT)
                serve.wait(30)
            baseline = baseline or rate
            print(f"{workers:>8} {rate:>11.1f} {rate / baseline:>11.2f}x", flush=True)
    finally:
        demo.send_signal(signal.SIGINT)
        demo.wait(30)
    return 0


async def _wait(base: str) -> None:
    async with aiohttp.ClientSession() as session:
        await wait_ready(session, base)


if __name__ == "__main__":
    sys.exit(main())
