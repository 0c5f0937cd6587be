"""Peak memory of one `federator serve` worker over 1,000 distinct searches on 14 catalogues.

Starts 14 Zebra catalogues (bench/zebras.py), then for this tree's code and for --baseline
(exported from git, as bench/federated.py does) one `federator serve` process on 127.0.0.1
with the cache index on disk and its own rate limits (a bench is one very busy client).
Four clients send distinct searches (each fills every catalogue's 20-record page) through
/api/v1/search; RSS is sampled as they go. Prints peak RSS (VmHWM), RSS at checkpoints and
searches/s. About 4 minutes. Run: .venv/bin/python bench/memory.py [--searches N] [--no-baseline]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

sys.path.insert(0, str(Path(__file__).resolve().parent))

from federated import BASELINE, export  # noqa: E402
from zebras import ROOT, distinct_queries, zebra_catalogues  # noqa: E402

from tests.realservers import free_port  # noqa: E402


def toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, dict):
        return (
            "{ " + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
        )
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string is a JSON string


def config_text(targets: list[dict[str, Any]], index: Path) -> str:
    lines = [
        "[cache]",
        f"path = {toml_value(str(index))}",
        "[limits]",
        "requests_per_minute = 1000000",
        "burst = 100000",
    ]
    for target in targets:
        lines.append("[[targets]]")
        lines += [
            f"{k} = {toml_value(v)}"
            for k, v in target.items()
            if k not in ("holdings", "libraries")
        ]
        lines.append("max_records = 20")
        lines.append("[targets.holdings]")
        lines += [f"{k} = {toml_value(v)}" for k, v in target["holdings"].items()]
        for library in target["libraries"]:
            lines.append("[[targets.libraries]]")
            lines += [f"{k} = {toml_value(v)}" for k, v in library.items()]
    return "\n".join(lines) + "\n"


def status_kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


async def drive(port: int, pid: int, queries: list[str], clients: int) -> dict[str, Any]:
    base = f"http://127.0.0.1:{port}"
    pending = list(reversed(queries))
    checkpoints: dict[int, float] = {}
    done = failed = 0
    async with aiohttp.ClientSession() as session:
        for _ in range(100):  # wait for the server: at most 10 s
            try:
                async with session.get(f"{base}/health") as response:
                    if response.status == 200:
                        break
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
        started = time.perf_counter()

        async def client() -> None:
            nonlocal done, failed
            while pending:
                cql = pending.pop()
                async with session.get(f"{base}/api/v1/search", params={"cql": cql}) as response:
                    body = await response.json()
                    ok = response.status == 200 and all(
                        t["status"] == "ok" for t in body["targets"]
                    )
                failed += not ok
                done += 1
                if done % 100 == 0:
                    checkpoints[done] = status_kib(pid, "VmRSS") / 1024

        await asyncio.gather(*(client() for _ in range(clients)))
        elapsed = time.perf_counter() - started
    return {
        "searches": done,
        "failed": failed,
        "per_s": done / elapsed,
        "checkpoints_mib": checkpoints,
        "peak_mib": status_kib(pid, "VmHWM") / 1024,
        "anon_mib": status_kib(pid, "RssAnon") / 1024,  # the heap: Python, lxml, tantivy
        "file_mib": status_kib(pid, "RssFile") / 1024,  # mapped files: libraries, the index
    }


def measure(
    code: Path, targets: list[dict[str, Any]], queries: list[str], clients: int, extra: list[str]
) -> Any:
    folder = Path(tempfile.mkdtemp(prefix="federator-bench-memory-"))
    config = folder / "federator.toml"
    config.write_text(config_text(targets, folder / "index"), encoding="utf-8")
    port = free_port()
    launcher = (
        f"import sys; sys.path.insert(0, {str(code)!r}); "
        "from federator.cli import main; sys.exit(main())"
    )
    command = [
        sys.executable,
        "-c",
        launcher,
        "--config",
        str(config),
        "serve",
        "--port",
        str(port),
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("FEDERATOR_")}
    env |= dict(pair.split("=", 1) for pair in extra)
    process = subprocess.Popen(
        command, cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        return asyncio.run(asyncio.wait_for(drive(port, process.pid, queries, clients), 900))
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--searches", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--baseline", default=BASELINE)
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument(
        "--env", action="append", default=[], help="KEY=VALUE for the server, e.g. a knob"
    )
    args = parser.parse_args()
    codes = {"new": ROOT} | ({} if args.no_baseline else {"old": export(args.baseline)})
    queries = distinct_queries(args.searches)
    print("Starting 14 Zebra catalogues ...", file=sys.stderr)
    results = {}
    with zebra_catalogues(14) as catalogues:
        for name, code in codes.items():
            print(f"  {len(queries)} distinct searches, {name} code ...", file=sys.stderr)
            results[name] = measure(code, catalogues.targets, queries, args.clients, args.env)
    print(
        f"One `federator serve` worker, 14 catalogues x 20 records, {len(queries)} distinct "
        "searches"
    )
    for name, figures in results.items():
        points = ", ".join(f"{n}: {mib:.0f}" for n, mib in figures["checkpoints_mib"].items())
        print(
            f"  {name}: peak RSS {figures['peak_mib']:6.1f} MiB   "
            f"{figures['per_s']:5.1f} searches/s   at the end: heap {figures['anon_mib']:.0f} MiB, "
            f"files {figures['file_mib']:.0f} MiB"
            f"   failed {figures['failed']}\n        RSS by searches done (MiB): {points}"
        )
    if "old" in results:
        print(f"  new/old peak: {results['new']['peak_mib'] / results['old']['peak_mib']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
