"""The Z39.50 connector against real servers nobody here wrote: Zebra and yaz-ztest (Debian).

The same Zebra answers SRU on the same port, so every Z39.50 answer is checked against the SRU
connector's answer to the same query: same records, same mapping, by either protocol.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import replace

import aiohttp
import pytest

from federator.connectors import sru, z3950
from federator.connectors.base import SearchOutcome
from federator.errors import TargetZ3950Diagnostic
from federator.models import ErrorKind, Query, SourceRecord, Target
from federator.query import expert_query, fielded_query, free_text_query
from federator.z3950.options import RecordCharset, RecordSyntax, Z3950Options
from tests.z3950.conftest import Address

pytestmark = pytest.mark.realserver

# The test Zebra names its indexes after marc2index.xsl; Bib-1 4, 1003, 1016 and 7 map onto
# them by name (Zebra's bib1.att), 21 and 31 do not: the overrides a real target would need.
ZEBRA_ATTRIBUTES = {"subject": "1=subject", "year": "1=year 4=109"}
QUERIES = [
    fielded_query(author="strindberg"),
    fielded_query(title="röda rummet"),
    fielded_query(subject="svensk skönlitteratur"),
    fielded_query(author="strindberg", year="2010-2017"),
    free_text_query("91-1-302345-4"),
    free_text_query("malmö"),
    expert_query("title=rumm* or author=lagerlöf"),
]


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


def target(url: str = "http://127.0.0.1:1/unused", **changes: object) -> Target:
    base = Target(id="zebra", name="Zebra", url=url, timeout_s=5, max_records=50, page_size=50)
    return replace(base, **changes)  # type: ignore[arg-type]


def zebra_options(
    where: Address, attributes: dict[str, str] = ZEBRA_ATTRIBUTES, **changes: object
) -> Z3950Options:
    values: dict[str, object] = {
        "host": where[0],
        "port": where[1],
        "database": "catalogue",
        "record_syntax": "xml",
        "element_set": "marcxml",
    }
    return Z3950Options.create(attributes=attributes, **(values | changes))


def comparable(outcome: SearchOutcome) -> list[SourceRecord]:
    # raw keeps the record as each protocol delivered it (ISO 2709 comes back re-serialised).
    return [replace(record, raw="") for record in outcome.records]


async def sru_outcome(
    session: aiohttp.ClientSession, zebra_url: str, query: Query
) -> SearchOutcome:
    return await sru.search(session, target(zebra_url), query)


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.source)
async def test_same_records_as_sru_from_the_same_zebra(
    session: aiohttp.ClientSession, zebra_url: str, zebra_z3950: Address, query: Query
) -> None:
    expected = await sru_outcome(session, zebra_url, query)
    outcome = await z3950.search(target(zebra_url), zebra_options(zebra_z3950), query)
    assert outcome.hits == expected.hits and outcome.hits
    assert comparable(outcome) == comparable(expected)
    assert outcome.warnings == ()


@pytest.mark.parametrize("element_set", ["marc8", "utf8", "latin1"])
async def test_iso2709_in_every_charset_maps_like_marcxml_over_sru(
    session: aiohttp.ClientSession,
    zebra_url: str,
    marc_zebra: Address,
    element_set: str,
) -> None:
    charset = {"marc8": "marc-8", "utf8": "utf-8", "latin1": "latin-1"}[element_set]
    options = zebra_options(
        marc_zebra, record_syntax="usmarc", element_set=element_set, records_charset=charset
    )
    query = fielded_query(subject="svensk skönlitteratur")
    expected = await sru_outcome(session, zebra_url, query)
    outcome = await z3950.search(target(zebra_url), options, query)
    assert [r.record_id for r in outcome.records] == [r.record_id for r in expected.records]
    # Latin-1 has no Arabic (fed0011 is not in this set) but all of Swedish.
    assert comparable(outcome) == comparable(expected)


DIACRITIC_TITLES = {
    "dia0001": ("Über die Spectra der Gase", "Ångström, Anders Jonas"),
    "dia0002": ("Rusalka", "Dvořák, Antonín"),
    "dia0003": ("Jane Eyre", "Brontë, Charlotte"),
    "dia0004": ("Łódź i Kraków", "Miłosz, Czesław"),
    "dia0005": ("São Paulo à noite", "Saramago, José"),
    "dia0006": ("Gösta Berlings saga", "Lagerlöf, Selma"),
}


@pytest.mark.parametrize("syntax", ["usmarc", "marc21"])
async def test_marc8_combining_diacritics_come_back_composed(
    marc_zebra: Address, syntax: str
) -> None:
    options = zebra_options(marc_zebra, record_syntax=syntax, element_set="marc8")
    assert options.records_charset is RecordCharset.MARC8
    outcome = await z3950.search(target(), options, fielded_query(subject="diakritiska tecken"))
    found = {r.record_id: (r.title, r.authors[0].name) for r in outcome.records}
    assert found == DIACRITIC_TITLES
    assert "Solljusets färger i Åre och Övik" in {r.subtitle for r in outcome.records}
    assert all(r.schema == "marcxml" for r in outcome.records)


async def test_latin1_records_read_as_latin1(marc_zebra: Address) -> None:
    options = zebra_options(
        marc_zebra, record_syntax="usmarc", element_set="latin1", records_charset="latin-1"
    )
    outcome = await z3950.search(target(), options, fielded_query(author="lagerlöf"))
    titles = {r.title for r in outcome.records}
    assert {"Gösta Berlings saga", "Nils Holgerssons underbara resa genom Sverige"} <= titles


async def test_paging_piggybacks_the_first_page_and_presents_the_rest(
    session: aiohttp.ClientSession, zebra_url: str, zebra_z3950: Address
) -> None:
    from tests.z3950.faults import fault_server

    query = fielded_query(subject="svensk skönlitteratur")
    expected = await sru_outcome(session, zebra_url, query)
    async with fault_server("relay", zebra_z3950) as relay:
        options = zebra_options((relay.host, relay.port))
        outcome = await z3950.search(target(page_size=5), options, query)
    assert outcome.hits == 13 and len(outcome.records) == 13
    assert comparable(outcome) == comparable(expected)  # same order: result-set order
    assert relay.requests == 4  # init, search with 5 piggybacked, present 5, present 3
    limited = await z3950.search(
        target(page_size=5), zebra_options(zebra_z3950), query, max_records=7
    )
    assert [r.record_id for r in limited.records] == [r.record_id for r in expected.records[:7]]


async def test_unsupported_use_attribute_is_a_bib1_diagnostic(zebra_z3950: Address) -> None:
    options = zebra_options(zebra_z3950, attributes={})  # Bib-1 21 (subject): unknown here
    with pytest.raises(TargetZ3950Diagnostic) as raised:
        await z3950.search(target(), options, fielded_query(subject="konstnärer"))
    assert raised.value.number == 114 and raised.value.diagset == "Bib-1"
    assert raised.value.kind is ErrorKind.DIAGNOSTIC
    assert "Unsupported Use attribute" in str(raised.value) and "21" in str(raised.value)


@pytest.mark.parametrize("server", ["zebra", "ztest"])
async def test_unknown_database_is_a_bib1_diagnostic(
    zebra_z3950: Address, ztest_z3950: Address, server: str
) -> None:
    where = zebra_z3950 if server == "zebra" else ztest_z3950
    options = zebra_options(where, database="nosuchdb")
    with pytest.raises(TargetZ3950Diagnostic) as raised:
        await z3950.search(target(), options, fielded_query(author="strindberg"))
    assert raised.value.number == 109 and "nosuchdb" in str(raised.value)


async def test_record_syntax_the_server_lacks_is_a_diagnostic(zebra_z3950: Address) -> None:
    options = zebra_options(zebra_z3950, record_syntax="usmarc", element_set="F")
    with pytest.raises(TargetZ3950Diagnostic) as raised:
        await z3950.search(target(), options, fielded_query(author="strindberg"))
    assert raised.value.number == 239  # Record syntax not supported


async def test_yaz_ztest_usmarc_records(ztest_z3950: Address) -> None:
    options = Z3950Options.create(host=ztest_z3950[0], port=ztest_z3950[1])
    assert options.record_syntax is RecordSyntax.USMARC and options.database == "Default"
    outcome = await z3950.search(target(max_records=5), options, fielded_query(title="computer"))
    assert outcome.hits is not None and outcome.hits > 0
    assert 0 < len(outcome.records) <= 5
    assert all(r.record_id and r.title for r in outcome.records)
    assert outcome.records[0].record_id == "11224466"


async def test_check_reports_server_database_and_syntax(
    zebra_z3950: Address, ztest_z3950: Address
) -> None:
    zebra = await z3950.check(target(), zebra_options(zebra_z3950), probe=fielded_query("rummet"))
    assert zebra.server and zebra.server.startswith("Zebra Information Server")
    assert (zebra.database, zebra.record_syntax, zebra.hits) == ("catalogue", "XML", 3)
    ztest = await z3950.check(
        target(), Z3950Options.create(host=ztest_z3950[0], port=ztest_z3950[1])
    )
    assert ztest.record_syntax == "USmarc" and ztest.database == "Default"
