"""A catalogue's copies of one manifestation, written as 852 or Koha 952 holdings fields.

About 55% of copies are on the shelf and 30% out on loan, the rest in transit, waiting for
pickup, on order, reference-only or lost. Due dates fall in the weeks after REFERENCE_DATE, a
fixed "today", so the output never depends on the day it is generated.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from federator.demo.editions import Kind, Manifestation
from federator.demo.fields import datafield
from federator.demo.libraries import CatalogueSpec
from federator.demo.shelving import call_number

REFERENCE_DATE = date(2026, 11, 26)


class Status(StrEnum):
    AVAILABLE = "available"
    ON_LOAN = "on_loan"
    IN_TRANSIT = "in_transit"
    ON_HOLD = "on_hold"
    ON_ORDER = "on_order"
    REFERENCE = "reference"
    LOST = "lost"


_BASE_SHARES = {
    Status.AVAILABLE: 0.55,
    Status.ON_LOAN: 0.30,
    Status.IN_TRANSIT: 0.04,
    Status.ON_HOLD: 0.04,
    Status.ON_ORDER: 0.02,
    Status.REFERENCE: 0.03,
    Status.LOST: 0.02,
}
# The demo's 852 convention: status text in $y (Swedish, as a library system displays it).
# The status texts of Swedish library systems' 852 exports, in repeated $z notes beside the
# copy's other notes (a loan carries its date in the text: "Utlånad t.o.m. 2026-12-05").
_STATUS_852 = {
    Status.AVAILABLE: "Tillgänglig",
    Status.ON_LOAN: "Utlånad t.o.m.",
    Status.IN_TRANSIT: "På väg",
    Status.ON_HOLD: "Reserverad",
    Status.ON_ORDER: "Beställd",
    Status.REFERENCE: "Referensexemplar",
    Status.LOST: "Saknas",
}
ITEM_TYPES = {
    Kind.BOOK: "BOK",
    Kind.POCKET: "BOK",
    Kind.EBOOK: "EBOK",
    Kind.AUDIOBOOK: "LJUDBOK",
    Kind.TALKING_BOOK: "TALBOK",
    Kind.LARGE_PRINT: "STORSTIL",
    Kind.DVD: "DVD",
    Kind.PERIODICAL: "TIDSKRIFT",
    Kind.MUSIC: "CD",
}
_COPY_FACTOR = {Kind.BOOK: 1.0, Kind.POCKET: 0.8, Kind.LARGE_PRINT: 0.4, Kind.DVD: 0.5}


@dataclass(frozen=True, slots=True)
class Copy:
    home: str  # branch code that owns the copy
    held_at: str  # where it is now: another branch while in transit
    status: Status
    due: date | None
    barcode: str
    acquired: date


def _status(rng: random.Random, m: Manifestation) -> Status:
    if m.kind is Kind.EBOOK:
        return Status.AVAILABLE
    shares = dict(_BASE_SHARES)
    shares[Status.ON_LOAN] *= 0.5 + m.demand  # popular books are out more
    shares[Status.ON_ORDER] *= 3.0 if m.year >= 2025 else 0.3  # only new books are on order
    if m.kind is Kind.PERIODICAL:
        shares[Status.REFERENCE] = 0.4  # the latest issue is read in the library
    return rng.choices(list(shares), list(shares.values()))[0]


def _copy_count(rng: random.Random, m: Manifestation, spec: CatalogueSpec) -> int:
    if m.kind is Kind.EBOOK:
        return 1
    recency = 1.5 if m.year >= 2018 else 1.0 if m.year >= 2005 else 0.5
    factor = _COPY_FACTOR.get(m.kind, 0.3)
    expected_extra = spec.size / 400 * factor * recency * m.demand * 2
    return min(10, 1 + int(expected_extra * rng.random() * 2))


def _branch_weights(m: Manifestation, spec: CatalogueSpec) -> tuple[list[str], list[float]]:
    codes = [code for library in spec.libraries for code, _ in library.branches]
    weights = [3.0 if i == 0 else 1.5 if m.children else 1.0 for i in range(len(codes))]
    for code, domain in spec.specialist_branches:
        position = codes.index(code)
        weights[position] *= 8.0 if m.domain == domain else 0.2
    return codes, weights


def plan_copies(
    rng: random.Random, m: Manifestation, spec: CatalogueSpec, barcodes: list[int]
) -> list[Copy]:
    codes, weights = _branch_weights(m, spec)
    copies = []
    for number in range(_copy_count(rng, m, spec)):
        home = codes[0] if number == 0 and m.kind is Kind.EBOOK else rng.choices(codes, weights)[0]
        status = _status(rng, m)
        held_at = home
        if status is Status.IN_TRANSIT and len(codes) > 1:
            held_at = rng.choice([c for c in codes if c != home])
        due = (
            REFERENCE_DATE + timedelta(days=rng.randint(1, 42))
            if status is Status.ON_LOAN
            else None
        )
        start = date(max(m.year, 2000), 1, 1)
        acquired = start + timedelta(days=rng.randint(0, max(0, (REFERENCE_DATE - start).days)))
        barcodes[0] += rng.randint(1, 9)
        copies.append(Copy(home, held_at, status, due, str(barcodes[0]), acquired))
    return copies


def _location(m: Manifestation, copy: Copy) -> str:
    if copy.status is Status.REFERENCE:
        return "Referens"
    if m.children:
        return "Barn"
    # Old editions go to the closed stacks; the barcode's last digit stands in for chance.
    if m.year < 1990 and copy.barcode.endswith(("1", "2", "3")):
        return "Magasin"
    return "Vuxen"


def holdings_fields(m: Manifestation, spec: CatalogueSpec, copies: list[Copy]) -> list[str]:
    shelf = call_number(m)
    if spec.holdings_field == "952":
        return [_koha_item(m, copy, shelf) for copy in copies]
    return [
        datafield(
            "852",
            (
                ("a", spec.institution),
                ("b", copy.home),
                ("c", _location(m, copy)),
                ("h", shelf),
                ("z", _status_note(copy)),
                ("z", "Ej fjärrlån" if _not_on_ill(m, copy) else None),
                ("z", "Stor stil" if m.kind is Kind.LARGE_PRINT else None),
            ),
        )
        for copy in copies
    ]


def _status_note(copy: Copy) -> str:
    text = _STATUS_852[copy.status]
    return f"{text} {copy.due.isoformat()}" if copy.due else text


def _not_on_ill(m: Manifestation, copy: Copy) -> bool:
    """This year's titles stay at home: many Swedish libraries note it on the copy."""
    return m.year >= REFERENCE_DATE.year and copy.status is not Status.ON_ORDER


def _koha_item(m: Manifestation, copy: Copy, shelf: str) -> str:
    # Koha's standard items mapping (kohastructure items -> 952): $7 notforloan (-1 ordered,
    # 1 reference), $1 itemlost, $q onloan (the due date), $a home and $b holding branch (a
    # copy in transit is held elsewhere). Nothing else: standard Koha has no status text.
    not_for_loan = {Status.ON_ORDER: "-1", Status.REFERENCE: "1"}.get(copy.status, "0")
    return datafield(
        "952",
        (
            ("7", not_for_loan),
            ("1", "1" if copy.status is Status.LOST else None),
            ("a", copy.home),
            ("b", copy.held_at),
            ("c", _location(m, copy).upper()),
            ("d", copy.acquired.isoformat()),
            ("o", shelf),
            ("p", copy.barcode),
            ("q", copy.due.isoformat() if copy.due else None),
            ("y", ITEM_TYPES[m.kind]),
        ),
    )
