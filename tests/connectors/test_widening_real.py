"""What patrons type, against a real Zebra (which indexes words as catalogued and never stems):
widening per target capability, identifiers pasted with prefixes, relevance order."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import aiohttp
import pytest

from federator.connectors import sru
from federator.connectors.base import SearchOutcome
from federator.models import RelevanceOrder, Target, Widening
from federator.understand import understand
from federator.widen import render_for_target

pytestmark = pytest.mark.realserver


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


def zebra(url: str, **changes: object) -> Target:
    target = Target(id="zebra", name="Zebra", url=url, timeout_s=5, max_records=50, page_size=50)
    return replace(target, **changes)  # type: ignore[arg-type]


def ids(outcome: SearchOutcome) -> list[str]:
    return sorted(r.record_id for r in outcome.records)


async def found(session: aiohttp.ClientSession, target: Target, typed: str) -> list[str]:
    return ids(await sru.search(session, target, understand(typed)[0]))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("gösta berling", ["fed0004"]),  # Gösta Berlings saga: a genitive
        ("hobbiten", ["fed0010"]),  # The hobbit: a definite form
        ("utvandrare", ["fed0006", "fed0013"]),  # Utvandrarna: a plural
        ("pannkakstårta", ["fed0024"]),  # Pannkakstårtan
        ("nils holgersson", ["fed0015"]),  # Nils Holgerssons underbara resa
    ],
)
@pytest.mark.parametrize("widening", [Widening.TRUNCATION, Widening.FORMS])
async def test_widening_finds_the_forms_zebra_does_not(
    session: aiohttp.ClientSession,
    zebra_url: str,
    typed: str,
    expected: list[str],
    widening: Widening,
) -> None:
    assert await found(session, zebra(zebra_url, widening=Widening.NONE), typed) == []
    assert await found(session, zebra(zebra_url, widening=widening), typed) == expected


async def test_each_capability_renders_its_own_cql(zebra_url: str) -> None:
    query = understand("hobbiten")[0]
    rendered = {w: render_for_target(query, zebra(zebra_url, widening=w)) for w in Widening}
    assert rendered[Widening.NONE] == 'cql.serverChoice = "hobbiten"'
    assert rendered[Widening.TRUNCATION] == 'cql.serverChoice = "hobbit*"'
    assert rendered[Widening.FORMS].count(" or ") >= 5 and "*" not in rendered[Widening.FORMS]


async def test_a_phrase_is_not_widened_on_zebra_either(
    session: aiohttp.ClientSession, zebra_url: str
) -> None:
    target = zebra(zebra_url, widening=Widening.TRUNCATION)
    assert await found(session, target, '"gösta berling"') == []
    assert await found(session, target, '"gösta berlings saga"') == ["fed0004"]


@pytest.mark.parametrize(
    "typed",
    ["ISBN 978-91-1-302345-8", "isbn:9789113023458", "ISBN-10: 91-1-302345-4 (inb.)"],
)
async def test_an_isbn_pasted_with_its_prefix(
    session: aiohttp.ClientSession, zebra_url: str, typed: str
) -> None:
    target = zebra(zebra_url, widening=Widening.TRUNCATION)
    assert await found(session, target, typed) == ["fed0001", "fed0002"]


async def test_an_issn_and_a_pasted_isbd_title(
    session: aiohttp.ClientSession, zebra_url: str
) -> None:
    target = zebra(zebra_url, widening=Widening.TRUNCATION)
    assert await found(session, target, "ISSN 2000-1592") == ["fed0014"]
    pasted = "Röda rummet : skildringar ur artist- och författarlivet / August Strindberg"
    assert await found(session, target, pasted) == ["fed0001", "fed0002", "fed0003"]


async def test_relevance_is_asked_for_in_each_way_zebra_takes(
    session: aiohttp.ClientSession, zebra_url: str
) -> None:
    query = understand("strindberg")[0]
    truncating = zebra(zebra_url, widening=Widening.TRUNCATION)
    plain = await sru.search(session, truncating, query)
    modifier = replace(truncating, relevance=RelevanceOrder.MODIFIER)
    ranked = await sru.search(session, modifier, query)
    assert sorted(r.record_id for r in ranked.records) == ids(plain)
    assert [r.record_id for r in ranked.records] != [r.record_id for r in plain.records]
    # Zebra has no relevance sort key; a year key shows that the order asked for is used.
    by_sortby = zebra(
        zebra_url, relevance=RelevanceOrder.SORTBY, relevance_index="year/sort.descending"
    )
    by_keys = zebra(
        zebra_url, sru_version="1.1", relevance=RelevanceOrder.SORTKEYS, relevance_index="year,,0"
    )
    for target in (by_sortby, by_keys):
        years = [r.year or 0 for r in (await sru.search(session, target, query)).records]
        assert years == sorted(years, reverse=True), target.relevance
