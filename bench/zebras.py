"""Real Zebra catalogues for the benches: the demo county's records, each catalogue its own
`zebrasrv` process on a free 127.0.0.1 port (tests/realservers), so the catalogues never share
the federator's process, GIL or CPU accounting.

Every record gets a note with bench words: `benchall` (every record: full pages), and group
words `bga…`, `bhb…`, `bkc…` for distinct searches that still fill their pages.
"""

from __future__ import annotations

import os
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from federator.demo.generate import generate_catalogues  # noqa: E402
from federator.demo.records import MARC_NS  # noqa: E402
from tests.realservers import RunningServer, start_zebra  # noqa: E402

POOL = 400  # records per catalogue
GROUPS = {"bga": 20, "bhb": 20, "bkc": 25}  # word family -> groups in it


def group_words(i: int) -> list[str]:
    return [f"bga{i % 20}", f"bhb{(i // 20) % 20}", f"bkc{(i * 7 + 3) % 25}"]


def distinct_queries(count: int) -> list[str]:
    """CQL: two group words of different families OR'd, 1,400 in all, each fills a page."""
    families = [[f"{name}{n}" for n in range(groups)] for name, groups in GROUPS.items()]
    pairs = [
        f"cql.serverChoice = {a} or cql.serverChoice = {b}"
        for x in range(3)
        for y in range(x + 1, 3)
        for a in families[x]
        for b in families[y]
    ]
    stride = 37  # coprime with 1,400: a fixed shuffle, the same on every machine
    ordered = [pairs[(n * stride) % len(pairs)] for n in range(len(pairs))]
    return ordered[:count]


def _tagged(xml: str, i: int) -> str:
    words = " ".join(["benchall", *group_words(i)])
    note = (
        f'<datafield tag="590" ind1=" " ind2=" "><subfield code="a">{words}</subfield></datafield>'
    )
    return xml.replace("</record>", f"{note}</record>", 1)


@dataclass
class Catalogues:
    servers: list[RunningServer]
    targets: list[dict[str, Any]]  # [[targets]] tables, without max_records

    @property
    def process_groups(self) -> list[int]:
        return [s.process.pid for s in self.servers]  # each runs in its own session


def _catalogue_specs(count: int) -> list[tuple[str, str, Any]]:
    demo = generate_catalogues(scale=2.0)  # the smallest catalogue then still has 420 records
    specs = []
    for n in range(count):
        catalogue = demo[n % len(demo)]
        suffix = "" if n < len(demo) else f"-{n // len(demo) + 1}"
        specs.append((catalogue.id + suffix, catalogue.name + suffix, catalogue))
    return specs


@contextmanager
def zebra_catalogues(count: int, workdir: Path | None = None):  # type: ignore[no-untyped-def]
    """`count` Zebra catalogues of POOL records each; stopped (every process group) on exit."""
    base = workdir or Path(tempfile.mkdtemp(prefix="federator-bench-zebra-"))
    specs = _catalogue_specs(count)

    def start(spec: tuple[str, str, Any]) -> RunningServer:
        slug, _, catalogue = spec
        # A 14th catalogue reuses a demo catalogue's records from further along, as its own.
        offset = POOL if slug.endswith("-2") else 0
        records = catalogue.records[offset : offset + POOL]
        folder = base / slug
        folder.mkdir(parents=True, exist_ok=True)
        body = "\n".join(_tagged(xml, i) for i, xml in enumerate(records))
        path = folder / "records.xml"
        path.write_text(f'<collection xmlns="{MARC_NS}">\n{body}\n</collection>\n', "utf-8")
        return start_zebra(folder / "zebra", [path], database=slug.replace("-", "_"))

    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = [pool.submit(start, spec) for spec in specs]
    servers = []
    try:
        servers = [f.result() for f in futures]
        targets = [
            _target(slug, name, catalogue, server.base_url)
            for (slug, name, catalogue), server in zip(specs, servers, strict=True)
        ]
        yield Catalogues(servers=servers, targets=targets)
    finally:
        for future in futures:
            if future.done() and future.exception() is None:
                future.result().stop()


def _target(slug: str, name: str, catalogue: Any, url: str) -> dict[str, Any]:
    # A 14th catalogue's libraries are its own too ("Örebro stadsbibliotek-2"): one library,
    # one place to send a request to (config refuses a library in two catalogues).
    suffix = name[len(catalogue.name) :]
    return {
        "id": slug,
        "name": name,
        "url": url,
        "timeout_s": 5.0,
        "holdings": {"preset": "koha" if catalogue.holdings_field == "952" else "852"},
        "libraries": [
            {
                "name": lib.name + suffix,
                "municipality": lib.municipality,
                "branches": dict(lib.branches),
            }
            for lib in catalogue.libraries
        ],
    }


def group_cpu_s(process_groups: list[int]) -> float:
    """CPU seconds of every live process in these groups, plus what their reaped children used
    (zebrasrv forks one child per connection)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    wanted = set(process_groups)
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        if int(fields[2]) in wanted:  # pgrp
            total += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    return total / ticks
