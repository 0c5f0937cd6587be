"""What patrons type, before and after issue #13, in one run: the labelled queries of
bench/patron_queries.toml against the county's 13 demo catalogues (our in-memory CQL search,
which folds diacritics and truncates but does not stem) and against the same records in 13
real Zebra databases (which neither fold nor stem).

  before            literal=1: the words as typed, no reading, no widening, no correction,
                    the catalogues' own order (what federator did before)
  after             the text read, words widened per target (truncation on both), Zebra asked
                    for relevance order, corrections when nothing is found; the cache index
                    first learns the catalogues' words from the "warmup" searches (earlier
                    patrons' genre searches, disjoint from the scored ones)
  after, cold       the same with an empty cache index: no corrections to offer

Reports known-item success@1 and @10 (the labelled item among the first 1 / 10 results) and,
for broad queries, the mean number of merged results and of catalogue hits (the sum of
numberOfRecords: what widening could flood), per backend and mode; then success@10 per
category and the known items still missed. Only 127.0.0.1; about two minutes.
Run: .venv/bin/python bench/patron_queries.py [--backend demo|zebra] [--json PATH]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
import tomllib
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from aiohttp import web
from starlette.datastructures import QueryParams

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from federator.config import Settings, parse_settings  # noqa: E402
from federator.demo.catalogue import DemoIndex  # noqa: E402
from federator.demo.generate import DemoCatalogue, generate_catalogues, write_catalogues  # noqa: E402
from federator.demo.run import DemoOptions, _target  # noqa: E402
from federator.demo.server import catalogue_app  # noqa: E402
from federator.models import RankedWork, SearchResult  # noqa: E402
from federator.normalise import fold  # noqa: E402
from federator.params import search_request  # noqa: E402
from federator.search import open_session  # noqa: E402
from federator.service import SearchService  # noqa: E402
from tests.realservers import RunningServer, free_port, start_zebra  # noqa: E402

LABELS = Path(__file__).with_name("patron_queries.toml")
MODES = ("before", "after", "after, cold")
PAGE = 10


@dataclass(frozen=True, slots=True)
class Label:
    q: str
    kind: str
    category: str = ""
    title: str = ""
    author: str = ""
    format: str = ""
    isbn: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    backend: str
    mode: str
    q: str
    kind: str
    category: str
    rank: int | None  # of the labelled item, 1-based, among the first PAGE results
    results: int
    hits: int
    corrected_to: str | None
    elapsed_ms: float


def load_labels() -> list[Label]:
    data = tomllib.loads(LABELS.read_text(encoding="utf-8"))
    return [Label(**entry) for entry in data["query"]]


def is_the_item(ranked: RankedWork, label: Label) -> bool:
    work = ranked.work
    if not fold(work.title).startswith(fold(label.title)):
        return False
    if label.author and not any(fold(label.author) in fold(a.name) for a in work.authors):
        return False
    if label.format and work.format.value != label.format:
        return False
    return not label.isbn or label.isbn in work.isbns


def rank_of(result: SearchResult, label: Label) -> int | None:
    for position, ranked in enumerate(result.results, 1):
        if is_the_item(ranked, label):
            return position
    return None


async def start_demo(
    catalogues: tuple[DemoCatalogue, ...],
) -> tuple[list[web.AppRunner], list[str]]:
    runners, urls = [], []
    probe = demo_settings([f"http://127.0.0.1:1/{c.id}" for c in catalogues], catalogues, "after")
    for catalogue, target in zip(catalogues, probe.targets, strict=True):
        index = await asyncio.to_thread(DemoIndex, target, catalogue.records)
        runner = web.AppRunner(catalogue_app(index, catalogue.id), access_log=None)
        await runner.setup()
        port = free_port()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        runners.append(runner)
        urls.append(f"http://127.0.0.1:{port}/{catalogue.id}")
    return runners, urls


def start_zebras(catalogues: tuple[DemoCatalogue, ...], work: Path) -> list[RunningServer]:
    """Each catalogue in its own zebrasrv, indexed from the same MARCXML the demo serves."""
    write_catalogues(catalogues, work / "records")

    def start(catalogue: DemoCatalogue) -> RunningServer:
        records = work / "records" / f"{catalogue.id}.xml"
        return start_zebra(work / catalogue.id, [records], database=catalogue.id)

    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(start, catalogues))


def demo_settings(
    urls: list[str], catalogues: tuple[DemoCatalogue, ...], mode: str, *, zebra: bool = False
) -> Settings:
    targets = []
    for number, (catalogue, url) in enumerate(zip(catalogues, urls, strict=True)):
        # The demo's own target settings (timeouts, holdings, widening), at this address.
        target = _target(DemoOptions(), number, catalogue) | {"url": url}
        del target["record_url"]
        if mode == "before":
            target |= {"widening": "none", "relevance": "none"}
        elif zebra:
            target |= {"widening": "truncation", "relevance": "modifier"}
        targets.append(target)
    data = {"search": {"deadline_s": 5.0}, "cache": {"path": ""}, "targets": targets}
    return parse_settings(data, environ={}, source=f"bench {mode}")


async def run_mode(backend: str, mode: str, settings: Settings, labels: list[Label]) -> list[Row]:
    rows = []
    async with open_session(settings) as session:
        service = SearchService(settings, session)
        try:
            if mode == "after":
                for label in (lb for lb in labels if lb.kind == "warmup"):
                    await service.search(request(settings, label.q, mode))
                await service.cache.flush()
            for label in (lb for lb in labels if lb.kind != "warmup"):
                started = time.perf_counter()
                result = await service.search(request(settings, label.q, mode))
                elapsed = (time.perf_counter() - started) * 1000
                rows.append(
                    Row(
                        backend=backend,
                        mode=mode,
                        q=label.q,
                        kind=label.kind,
                        category=label.category,
                        rank=rank_of(result, label) if label.kind == "known" else None,
                        results=result.total,
                        hits=sum(t.hits or 0 for t in result.targets),
                        corrected_to=result.corrected_to,
                        elapsed_ms=round(elapsed, 1),
                    )
                )
        finally:
            await service.close()
    return rows


def request(settings: Settings, text: str, mode: str):  # type: ignore[no-untyped-def]
    params = {"q": text, "page_size": str(PAGE), "fresh": "1"}
    if mode == "before":
        params["literal"] = "1"
    return search_request(QueryParams(params), settings.targets)


def summary(rows: list[Row]) -> dict[str, float]:
    known = [r for r in rows if r.kind == "known"]
    broad = [r for r in rows if r.kind == "broad"]
    return {
        "known": len(known),
        "at1": sum(r.rank == 1 for r in known) / len(known),
        "at10": sum(r.rank is not None for r in known) / len(known),
        "broad": len(broad),
        "broad_results": statistics.mean(r.results for r in broad),
        "broad_hits": statistics.mean(r.hits for r in broad),
        "corrected": sum(r.corrected_to is not None for r in rows),
        "ms_p50": statistics.median(r.elapsed_ms for r in rows),
    }


def report(rows: list[Row], out: Any = sys.stdout) -> None:
    backends = list(dict.fromkeys(r.backend for r in rows))
    out.write(
        "\n| catalogues | mode | known items | success@1 | success@10 | broad: mean results |"
        " broad: mean catalogue hits | searched instead | p50 ms |\n"
        "|---|---|---|---|---|---|---|---|---|\n"
    )
    for backend in backends:
        for mode in MODES:
            chosen = [r for r in rows if r.backend == backend and r.mode == mode]
            if not chosen:
                continue
            s = summary(chosen)
            out.write(
                f"| {backend} | {mode} | {s['known']} | {s['at1']:.3f} | {s['at10']:.3f} | "
                f"{s['broad_results']:.1f} | {s['broad_hits']:.1f} | {s['corrected']} | "
                f"{s['ms_p50']:.0f} |\n"
            )
    for backend in backends:
        before = summary([r for r in rows if r.backend == backend and r.mode == "before"])
        after = summary([r for r in rows if r.backend == backend and r.mode == "after"])
        out.write(
            f"\n{backend}: broad queries after/before: results "
            f"{after['broad_results'] / max(before['broad_results'], 1e-9):.2f}x, catalogue hits "
            f"{after['broad_hits'] / max(before['broad_hits'], 1e-9):.2f}x\n"
        )
    out.write("\nsuccess@10 by category (before -> after), per backend\n\n")
    categories: dict[tuple[str, str], dict[str, list[bool]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for r in rows:
        if r.kind == "known":
            categories[(r.backend, r.category)][r.mode].append(r.rank is not None)
    out.write(
        "| catalogues | category | queries | before | after | after, cold |\n"
        "|---|---|---|---|---|---|\n"
    )
    for (backend, category), modes in categories.items():
        cells = [f"{sum(modes[m])}/{len(modes[m])}" if modes[m] else "-" for m in MODES]
        out.write(f"| {backend} | {category} | {len(modes['before'])} | {' | '.join(cells)} |\n")
    missed = [r for r in rows if r.kind == "known" and r.mode == "after" and r.rank is None]
    out.write(
        "\nknown items missed after: "
        + (", ".join(f"{r.backend}: {r.q!r}" for r in missed) or "none")
        + "\n"
    )


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("demo", "zebra"), action="append")
    parser.add_argument("--json", type=Path, help="also write every row here")
    args = parser.parse_args()
    backends = args.backend or ["demo", "zebra"]
    labels = load_labels()
    scored = [lb for lb in labels if lb.kind != "warmup"]
    print(
        f"{sum(lb.kind == 'known' for lb in scored)} known items, "
        f"{sum(lb.kind == 'broad' for lb in scored)} broad queries, "
        f"{sum(lb.kind == 'warmup' for lb in labels)} warm-up searches"
    )
    catalogues = await asyncio.to_thread(generate_catalogues)
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as work:
        runners, demo_urls = await start_demo(catalogues)
        zebras: list[RunningServer] = []
        try:
            if "zebra" in backends:
                started = time.perf_counter()
                zebras = await asyncio.to_thread(start_zebras, catalogues, Path(work))
                print(f"13 zebrasrv indexed and started in {time.perf_counter() - started:.1f} s")
            urls = {"demo": demo_urls, "zebra": [z.base_url for z in zebras]}
            for backend in backends:
                for mode in MODES:
                    settings = demo_settings(
                        urls[backend], catalogues, mode, zebra=backend == "zebra"
                    )
                    started = time.perf_counter()
                    rows += await run_mode(backend, mode, settings, labels)
                    print(f"  {backend}, {mode}: {time.perf_counter() - started:.1f} s")
        finally:
            for runner in runners:
                await runner.cleanup()
            for zebra in zebras:
                zebra.stop()
    report(rows)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps([asdict(r) for r in rows], ensure_ascii=False, indent=1))


if __name__ == "__main__":
    asyncio.run(main())
