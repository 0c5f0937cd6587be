"""Believable demo catalogues for the county's 13 library catalogues, the same on every machine.

A seeded pool of manifestations (pool.py) is shared by all catalogues; each draws a
collection weighted by popularity and its own leanings (libraries.py), then writes each
manifestation its own way (describe.py) with its own copies (copies.py). No network, no clock:
`generate_catalogues(seed, scale)` is a pure function of its arguments.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from lxml import etree

from federator.demo.copies import REFERENCE_DATE, holdings_fields, plan_copies
from federator.demo.describe import Choices, catalogue_habits
from federator.demo.editions import Manifestation
from federator.demo.libraries import CATALOGUES, CatalogueSpec, DemoLibrary
from federator.demo.pool import build_pool
from federator.demo.records import MARC_NS, render_record
from federator.xmlsafe import parse_xml

__all__ = [
    "DemoCatalogue",
    "DemoLibrary",
    "generate_catalogues",
    "read_catalogue",
    "write_catalogues",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class DemoCatalogue:
    id: str  # stable lower-case slug: "orebro", ..., "region"
    name: str  # display name, Swedish
    holdings_field: str  # "852" or "952"
    libraries: tuple[DemoLibrary, ...]
    records: tuple[str, ...]  # MARCXML <record> strings, NFC


def generate_catalogues(seed: int = 2026, scale: float = 1.0) -> tuple[DemoCatalogue, ...]:
    """The 13 catalogues in their fixed order; `scale` multiplies every catalogue's size."""
    if not scale > 0:
        raise ValueError(f"scale must be positive, got {scale!r}")
    pool = build_pool(seed)
    return tuple(
        _catalogue(spec, number, pool, seed, scale) for number, spec in enumerate(CATALOGUES)
    )


def _weight(m: Manifestation, spec: CatalogueSpec) -> float:
    weight = m.weight * dict(spec.domain_weights).get(m.domain, 1.0)
    weight *= dict(spec.kind_weights).get(m.kind.value, 1.0)
    return weight * (spec.foreign_weight if m.language != "swe" else 1.0)


def _select(
    pool: tuple[Manifestation, ...], spec: CatalogueSpec, rng: random.Random, count: int
) -> list[Manifestation]:
    """Weighted sampling without replacement (Efraimidis & Spirakis 2006: the largest keys
    u^(1/w), compared here as log(u)/w)."""
    keys = [math.log(1.0 - rng.random()) / _weight(m, spec) for m in pool]
    ranked = sorted(range(len(pool)), key=lambda i: keys[i], reverse=True)
    return [pool[i] for i in ranked[:count]]


def _entered(m: Manifestation, rng: random.Random) -> date:
    # Library systems hold records from about 1992 on; older books were converted then.
    start = date(max(m.year, 1992), 1, 1)
    return start + timedelta(days=rng.randint(0, (REFERENCE_DATE - start).days - 1))


def _catalogue(
    spec: CatalogueSpec, number: int, pool: tuple[Manifestation, ...], seed: int, scale: float
) -> DemoCatalogue:
    rng = random.Random(f"{seed}/{spec.id}")
    chosen = _select(pool, spec, rng, max(1, round(spec.size * scale)))
    habits = catalogue_habits(rng)
    dated = sorted(((_entered(m, rng), m) for m in chosen), key=lambda pair: (pair[0], pair[1].key))
    record_number = rng.randint(1000, 80000)
    barcodes = [(300 + number) * 10**9 + rng.randint(0, 10**6)]
    records = []
    for entered, m in dated:
        record_number += rng.randint(1, 40)  # ids are given in order; deleted records leave gaps
        copies = plan_copies(rng, m, spec, barcodes)
        records.append(
            render_record(
                m,
                record_id=f"{spec.record_prefix}{record_number:06d}",
                institution=spec.institution,
                entered=entered,
                choices=Choices.draw(habits, rng),
                holdings=holdings_fields(m, spec, copies),
                rng=rng,
            )
        )
    return DemoCatalogue(
        id=spec.id,
        name=spec.name,
        holdings_field=spec.holdings_field,
        libraries=spec.libraries,
        records=tuple(records),
    )


def write_catalogues(catalogues: Iterable[DemoCatalogue], directory: Path) -> None:
    """One MARCXML <collection> file per catalogue, `<id>.xml`, UTF-8."""
    directory.mkdir(parents=True, exist_ok=True)
    for catalogue in catalogues:
        body = "\n".join(catalogue.records)
        text = f'<?xml version="1.0" encoding="UTF-8"?>\n<collection xmlns="{MARC_NS}">\n'
        (directory / f"{catalogue.id}.xml").write_text(
            f"{text}{body}\n</collection>\n", encoding="utf-8"
        )


def read_catalogue(path: Path) -> tuple[str, ...]:
    """The records of a file written by `write_catalogues`, as the strings that were written."""
    root = parse_xml(path.read_bytes()).root
    return tuple(
        etree.tostring(record, encoding="unicode", with_tail=False)
        for record in root.iterchildren(f"{{{MARC_NS}}}record")
    )
