"""The SRU connector against real servers nobody here wrote: Zebra and yaz-ztest (Debian)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import aiohttp
import pytest

from federator.config.items import PRESETS
from federator.connectors import sru
from federator.connectors.base import SearchOutcome
from federator.errors import TargetDiagnostic, TargetProtocolError
from federator.models import Branch, ErrorKind, Field, Format, HoldingStatus, Target
from federator.query import expert_query, fielded_query, free_text_query

pytestmark = pytest.mark.realserver

BARE_INDEXES = tuple((f, f.value) for f in Field)  # Zebra here also knows title, author, ...
KOHA_BRANCHES = (
    Branch(
        code="MSB", name="Stadsbiblioteket", library="Örebro stadsbibliotek", municipality="Örebro"
    ),
    Branch(
        code="ROS", name="Rosta bibliotek", library="Örebro stadsbibliotek", municipality="Örebro"
    ),
)


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


def zebra(url: str, **changes: object) -> Target:
    target = Target(id="zebra", name="Zebra", url=url, timeout_s=5, max_records=50, page_size=50)
    return replace(target, **changes)  # type: ignore[arg-type]


def ids(outcome: SearchOutcome) -> list[str]:
    return sorted(r.record_id for r in outcome.records)


@pytest.mark.parametrize("version", ["1.1", "1.2", "2.0"])
@pytest.mark.parametrize("packing", ["xml", "string"])
async def test_zebra_title_search_in_every_version_and_packing(
    session: aiohttp.ClientSession, zebra_url: str, version: str, packing: str
) -> None:
    target = zebra(zebra_url, sru_version=version, record_packing=packing)
    outcome = await sru.search(session, target, fielded_query(title="röda rummet"))
    assert ids(outcome) == ["fed0001", "fed0002", "fed0003"]
    assert outcome.hits == 3 and outcome.sru_version == version
    assert {r.title for r in outcome.records} == {"Röda rummet"}
    assert {r.format for r in outcome.records} == {Format.BOOK, Format.AUDIOBOOK}


@pytest.mark.parametrize("indexes", ["dc", "bare"])
async def test_fields_through_either_index_naming(
    session: aiohttp.ClientSession, zebra_url: str, indexes: str
) -> None:
    target = zebra(zebra_url, **({"indexes": BARE_INDEXES} if indexes == "bare" else {}))
    by_author = await sru.search(session, target, fielded_query(author="strindberg"))
    assert ids(by_author) == ["fed0001", "fed0002", "fed0003", "fed0016", "fed0017"]
    by_subject = await sru.search(session, target, fielded_query(subject="konstnärer"))
    assert "fed0001" in ids(by_subject)
    by_year = await sru.search(session, target, fielded_query(title="rummet", year="1879"))
    assert ids(by_year) == ["fed0003"]
    in_range = await sru.search(
        session, target, fielded_query(author="strindberg", year="2010-2017")
    )
    assert ids(in_range) == ["fed0001", "fed0017"]


async def test_isbn_found_whichever_form_was_catalogued(
    session: aiohttp.ClientSession, zebra_url: str
) -> None:
    target = zebra(zebra_url)
    # fed0001 is catalogued as ISBN-13 with hyphens; search its ISBN-10 form.
    assert "fed0001" in ids(await sru.search(session, target, free_text_query("91-1-302345-4")))
    # fed0007 is catalogued as ISBN-10; search its ISBN-13 form.
    assert ids(await sru.search(session, target, free_text_query("978-91-7642-567-1"))) == [
        "fed0007"
    ]


async def test_free_text_with_swedish_letters(
    session: aiohttp.ClientSession, zebra_url: str
) -> None:
    outcome = await sru.search(session, zebra(zebra_url), free_text_query("Gösta Berlings saga"))
    assert ids(outcome) == ["fed0004"]
    assert outcome.records[0].authors[0].name == "Lagerlöf, Selma"


@pytest.mark.parametrize(("max_records", "expected"), [(13, 13), (7, 7), (50, 13)])
async def test_paging_in_parallel_pages(
    session: aiohttp.ClientSession, zebra_url: str, max_records: int, expected: int
) -> None:
    target = zebra(zebra_url, max_records=max_records, page_size=5)
    outcome = await sru.search(session, target, fielded_query(subject="Svensk skönlitteratur"))
    assert outcome.hits == 13 and len(outcome.records) == expected
    assert len(set(ids(outcome))) == expected and outcome.warnings == ()


async def test_post_requests(session: aiohttp.ClientSession, zebra_url: str) -> None:
    outcome = await sru.search(
        session, zebra(zebra_url, http_method="post"), fielded_query(title="aniara")
    )
    assert ids(outcome) == ["fed0009"]


async def test_dublin_core_schema(session: aiohttp.ClientSession, zebra_url: str) -> None:
    outcome = await sru.search(
        session, zebra(zebra_url, record_schema="dc"), fielded_query(title="aniara")
    )
    (record,) = outcome.records
    assert record.schema == "dc" and record.title.startswith("Aniara")
    assert record.isbns == ("9789100198763",)


async def test_koha_holdings_from_zebra(session: aiohttp.ClientSession, zebra_url: str) -> None:
    target = zebra(zebra_url, holdings=PRESETS["koha"], branches=KOHA_BRANCHES)
    outcome = await sru.search(session, target, fielded_query(title="utvandrarna", year="2013"))
    (record,) = outcome.records
    statuses = {(h.branch, h.status) for h in record.holdings}
    assert statuses == {
        ("Stadsbiblioteket", HoldingStatus.LOST),
        ("Rosta bibliotek", HoldingStatus.ON_LOAN),
    }


async def test_unsupported_index_is_diagnostic_16(
    session: aiohttp.ClientSession, zebra_url: str
) -> None:
    target = zebra(zebra_url, indexes=((Field.ANY, "dc.rights"),))
    with pytest.raises(TargetDiagnostic) as caught:
        await sru.search(session, target, free_text_query("x"))
    assert caught.value.number == 16 and caught.value.kind is ErrorKind.DIAGNOSTIC


@pytest.mark.parametrize("version", ["1.2", "2.0"])
async def test_unsupported_relation_is_a_diagnostic(
    session: aiohttp.ClientSession, zebra_url: str, version: str
) -> None:
    with pytest.raises(TargetDiagnostic, match="SRU diagnostic 19"):
        await sru.search(
            session, zebra(zebra_url, sru_version=version), expert_query("title adj rummet")
        )


async def test_unknown_schema_is_diagnostic_66(
    session: aiohttp.ClientSession, zebra_url: str
) -> None:
    with pytest.raises(TargetDiagnostic, match="SRU diagnostic 66"):
        await sru.search(
            session, zebra(zebra_url, record_schema="mods"), fielded_query(title="aniara")
        )


async def test_wrong_database_is_a_protocol_error(
    session: aiohttp.ClientSession, zebra_url: str
) -> None:
    wrong = zebra_url.rsplit("/", 1)[0] + "/Default"
    with pytest.raises(TargetProtocolError, match="HTTP 404"):
        await sru.search(session, zebra(wrong), free_text_query("x"))


@pytest.mark.parametrize("version", ["1.1", "1.2", "2.0"])
async def test_zebra_explain_lists_its_indexes(
    session: aiohttp.ClientSession, zebra_url: str, version: str
) -> None:
    info = await sru.explain(session, zebra(zebra_url, sru_version=version))
    assert {"dc.title", "dc.creator", "bath.isbn", "dc.date"} <= info.indexes
    assert info.sru_version == version
    assert info.truncates and info.ranks  # <supports> in its configInfo


@pytest.mark.parametrize("version", ["1.1", "1.2", "2.0"])
async def test_yaz_ztest_search_and_explain(
    session: aiohttp.ClientSession, ztest_url: str, version: str
) -> None:
    target = Target(id="ztest", name="yaz-ztest", url=ztest_url, sru_version=version, max_records=5)
    # yaz-ztest makes its hit count up from the query text; this one gives 6 in YAZ 5.34.
    outcome = await sru.search(session, target, fielded_query(title="rummet"))
    assert outcome.hits is not None and outcome.hits > 0
    assert outcome.records and all(r.title for r in outcome.records)
    assert outcome.sru_version == version
    info = await sru.explain(session, target)
    assert info.sru_version == version and info.indexes == frozenset()  # its explain is empty
