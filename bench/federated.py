"""The federator end to end against real Zebra catalogues, today's code beside the old.

Starts 14 Zebra servers (bench/zebras.py: the demo county's records, 400 a catalogue, each
server its own process on 127.0.0.1), then measures two workloads, 14 catalogues x 20 records
and 13 x 50, each in a fresh process (bench/federated_worker.py) for the code in this tree and
for --baseline (a git revision, exported to a temporary directory: "old"). Every figure has a
floor measured in the same process: a bare asyncio.gather of the same SRU requests plus an lxml
parse of each answer. Printed: CPU ms per search by stage, p50/p95, searches/s at 1/4/10
clients, the cached repeat, peak RSS; PNGs of latency against load and of one search's
waterfall go to bench/out/. About 4 minutes.
Run: .venv/bin/python bench/federated.py [--baseline REV | --no-baseline] [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any

import aiohttp
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

from zebras import ROOT, group_cpu_s, zebra_catalogues  # noqa: E402

# The last commit before issue #17's work: "today's" code, measured in the same run.
BASELINE = "54d1df2"
WORKLOADS = (("14x20", 14, 20), ("13x50", 13, 50))
OUT = ROOT / "bench" / "out"
PARAMS = {"operation": "searchRetrieve", "version": "1.2", "query": "benchall"}


def export(revision: str) -> Path:
    """The federator package as it was at `revision`, in a temporary directory."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision, "federator"],
        check=True,
        capture_output=True,
    ).stdout
    folder = Path(tempfile.mkdtemp(prefix=f"federator-{revision}-"))
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def run_worker(code: Path, targets: list[dict[str, Any]], records: int, args: Any) -> Any:
    config = Path(tempfile.mkstemp(suffix=".json")[1])
    config.write_text(json.dumps({"targets": targets, "records": records}))
    command = [
        sys.executable,
        str(ROOT / "bench" / "federated_worker.py"),
        "--code",
        str(code),
        "--config",
        str(config),
        "--rounds",
        str(args.rounds),
        "--seconds",
        str(args.seconds),
    ]
    for _ in range(2):  # once more if the shared machine made a catalogue time out
        done = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=code)
        if done.returncode == 0:
            break
    if done.returncode != 0:
        raise RuntimeError(f"worker for {code} failed:\n{done.stderr[:3000]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


async def zebra_share(targets: list[dict[str, Any]], groups: list[int], rounds: int) -> Any:
    """Zebra's CPU and the floor's own per search, at the floor: what the box can do at best."""
    params = PARAMS | {"maximumRecords": "20"}
    async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0)) as session:

        async def one(url: str) -> None:
            async with session.get(url, params=params) as response:
                etree.fromstring(await response.read())

        await asyncio.gather(*(one(t["url"]) for t in targets))
        zebra_before, own_before = group_cpu_s(groups), time.process_time()
        for _ in range(rounds):
            await asyncio.gather(*(one(t["url"]) for t in targets))
        zebra = (group_cpu_s(groups) - zebra_before) / rounds
        own = (time.process_time() - own_before) / rounds
    return zebra * 1000, own * 1000


def row(label: str, new: float, old: float | None, floor: float | None, unit: str = "") -> str:
    text = f"  {label:<34}{new:9.1f}{unit}"
    if floor:
        text += f"   {new / floor:6.2f}x floor"
    if old is not None:
        text += f"   old {old:8.1f}{unit}  new/old {new / old if old else 0:5.2f}"
    return text


def report(name: str, new: Any, old: Any | None) -> None:
    def get(source: Any, *keys: str) -> Any:
        for key in keys:
            source = None if source is None else source.get(key)
        return source

    cpu_floor = new["cpu_ms"]["floor"]
    print(f"\n== {name}: CPU ms per search (floor in this process: {cpu_floor:.1f} ms)")
    print(
        row(
            "federator, all threads",
            new["cpu_ms"]["federator"],
            get(old, "cpu_ms", "federator"),
            cpu_floor,
        )
    )
    for stage, value in sorted(new["cpu_ms"]["stages"].items()):
        print(
            row(f"  {stage} (thread-CPU timer)", value, get(old, "cpu_ms", "stages", stage), None)
        )
    for thread, value in sorted(new["cpu_ms"]["threads"].items()):
        print(row(f"  thread: {thread}", value, get(old, "cpu_ms", "threads", thread), None))
    print(
        row(
            "  JSON encoding (in the loop)", new["cpu_ms"]["json"], get(old, "cpu_ms", "json"), None
        )
    )
    print(row("  garbage collection", new["cpu_ms"]["gc"], get(old, "cpu_ms", "gc"), None))
    print(
        f"  collections by generation: new {new['cpu_ms']['gc_collections']}"
        + (f", old {old['cpu_ms']['gc_collections']}" if old else "")
    )
    floor_p50, floor_p95 = new["latency_ms"]["floor"]
    p50, p95 = new["latency_ms"]["federator"]
    print(f"== {name}: end to end, one client (ms)")
    print(row("p50", p50, get(old, "latency_ms", "federator")[0] if old else None, floor_p50))
    print(row("p95", p95, get(old, "latency_ms", "federator")[1] if old else None, floor_p95))
    print(f"== {name}: searches/s under load (floor's rate in brackets)")
    for clients, figures in new["load"].items():
        rate, floor_rate = figures["federator"][0], figures["floor"][0]
        old_rate = get(old, "load", clients, "federator")
        print(
            row(
                f"{clients:>2} clients [{floor_rate:.1f}/s]",
                rate,
                old_rate[0] if old_rate else None,
                floor_rate,
            )
        )
    cached = new["cached_repeat_ms"]
    old_cached = get(old, "cached_repeat_ms")
    print(row("cached repeat p50 (ms)", cached[0], old_cached[0] if old_cached else None, None))
    if new.get("failure_count"):
        print(f"  {new['failure_count']} catalogue answers failed, e.g. {new['failures'][:3]}")
    print(row("peak RSS of the process (MiB)", new["peak_rss_mib"], get(old, "peak_rss_mib"), None))


def plot(results: dict[str, Any]) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.patches import Patch
    except ImportError:
        print("(no PNGs: pip install -e '.[bench]' brings matplotlib)")
        return
    OUT.mkdir(parents=True, exist_ok=True)
    figure, axes = plt.subplots(1, len(WORKLOADS), figsize=(11, 4))
    for axis, (name, _, _) in zip(axes, WORKLOADS, strict=True):
        for code, style in (("new", "-o"), ("old", "--s")):
            load = results.get(code, {}).get(name, {}).get("load")
            if not load:
                continue
            clients = [int(c) for c in load]
            axis.plot(
                clients,
                [v["federator"][1] for v in load.values()],
                style,
                label=f"federator ({code})",
            )
            if code == "new":
                axis.plot(clients, [v["floor"][1] for v in load.values()], ":^", label="floor")
        axis.set(
            title=f"{name}: p50 latency against load", xlabel="concurrent clients", ylabel="ms"
        )
        axis.legend()
    figure.tight_layout()
    figure.savefig(OUT / "latency_vs_load.png", dpi=100)
    spans = results["new"][WORKLOADS[0][0]]["waterfall"]
    rows = sorted({r for r, *_ in spans}, key=lambda r: (r in ("parse thread", "arrange"), r))
    figure, axis = plt.subplots(figsize=(11, 0.35 * len(rows) + 1.5))
    colours = {
        "http": "tab:blue",
        "mapping": "tab:orange",
        "envelope": "tab:green",
        "arrange": "tab:red",
    }
    for row_name, kind, start, end in spans:
        axis.barh(
            rows.index(row_name), (end - start) * 1000, left=start * 1000, color=colours[kind]
        )
    axis.set_yticks(range(len(rows)), rows)
    axis.invert_yaxis()
    axis.set(
        xlabel="ms since the search began",
        title="one search (14 x 20, new code): HTTP, envelope, mapping, arrange",
    )
    handles = [Patch(color=c) for c in colours.values()]
    axis.legend(handles, list(colours), loc="lower right")
    figure.tight_layout()
    figure.savefig(OUT / "waterfall.png", dpi=100)
    print(f"\nPNGs: {OUT / 'latency_vs_load.png'}, {OUT / 'waterfall.png'}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE, help="git revision of the old code")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--seconds", type=float, default=4.0, help="per load level")
    args = parser.parse_args()
    codes = {"new": ROOT}
    if not args.no_baseline:
        codes["old"] = export(args.baseline)
    results: dict[str, Any] = {code: {} for code in codes}
    print("Starting 14 Zebra catalogues ...", file=sys.stderr)
    with zebra_catalogues(14) as catalogues:
        for name, count, records in WORKLOADS:
            targets = catalogues.targets[:count]
            for code, path in codes.items():
                print(f"  {name}, {code} code ...", file=sys.stderr)
                results[code][name] = run_worker(path, targets, records, args)
        zebra_ms, floor_ms = asyncio.run(
            zebra_share(catalogues.targets, catalogues.process_groups, args.rounds)
        )
    for name, _, _ in WORKLOADS:
        report(name, results["new"][name], results.get("old", {}).get(name))
    ceiling = 2000 / (zebra_ms + floor_ms)
    print(
        f"\nZebra CPU per search of 14 x 20 at the floor: {zebra_ms:.1f} ms (floor's own "
        f"{floor_ms:.1f} ms): this 2-core box's ceiling is about {ceiling:.0f} searches/s"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "federated.json").write_text(json.dumps(results, indent=1))
    plot(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
