"""Our SRU server (demo catalogues and the federator's /sru) against clients nobody here wrote:
yaz-client (Debian yaz) and sruthi (PyPI); and our connector against it and Zebra alike."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

import aiohttp
import pytest
import sruthi

from federator.config import parse_settings
from federator.connectors import sru
from federator.models import Target
from federator.query import expert_query
from tests.web.live import demo_catalogue, federator_app

pytestmark = pytest.mark.realserver


@pytest.fixture(scope="module")
def catalogue() -> Iterator[str]:
    with demo_catalogue() as url:
        yield url


@pytest.fixture(scope="module")
def federator(catalogue: str) -> Iterator[str]:
    targets = [{"id": "demo", "name": "Demo", "url": catalogue, "holdings": {"field": "952"}}]
    settings = parse_settings({"targets": targets}, environ={})
    with federator_app(settings) as url:
        yield f"{url}/sru"


def yaz_client(url: str, *commands: str, version: str = "1.2", method: str = "get") -> str:
    script = "\n".join([f"sru {method} {version}", f"open {url}", *commands, "quit"]) + "\n"
    done = subprocess.run(["yaz-client"], input=script, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("version", ["1.1", "1.2", "2.0"])
def test_yaz_client_searches_pages_and_reads_a_demo_catalogue(catalogue: str, version: str) -> None:
    out = yaz_client(
        catalogue, 'find dc.subject="Svensk skönlitteratur"', "show 11+3", version=version
    )
    assert "Number of hits: 13" in out
    assert out.count("pos=") == 3 and "pos=13" in out
    assert '<controlfield tag="001">' in out


def test_yaz_client_gets_diagnostics_for_bad_cql(catalogue: str) -> None:
    out = yaz_client(catalogue, "find dc.title=(", "find dc.rights=x")
    assert "info:srw/diagnostic/1/10" in out or "Query syntax error" in out
    assert "info:srw/diagnostic/1/16" in out or "Unsupported index" in out


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("version", ["1.1", "1.2", "2.0"])
def test_yaz_client_against_the_federators_sru(federator: str, method: str, version: str) -> None:
    """POST is yaz-client's default; before, the federator answered it with a 500."""
    out = yaz_client(
        federator, "find dc.creator=strindberg", "show 1", version=version, method=method
    )
    assert "Number of hits: 5" in out
    assert 'tag="852"' in out  # every library's copies, in 852


def test_sruthi_reads_explain_and_pages_through_results(catalogue: str) -> None:
    info = sruthi.explain(catalogue)
    assert "title" in str(info.index).lower()
    records = sruthi.searchretrieve(
        catalogue, query='dc.subject="Svensk skönlitteratur"', maximum_records=5
    )
    assert records.count == 13
    assert len(list(records)) == 13  # sruthi follows the pages by itself


def test_sruthi_gets_a_diagnostic_as_an_error(catalogue: str) -> None:
    with pytest.raises(sruthi.errors.SruError):
        sruthi.searchretrieve(catalogue, query="dc.title=(")


def test_sruthi_against_the_federators_sru_with_dublin_core(federator: str) -> None:
    records = sruthi.searchretrieve(federator, query="dc.title=aniara", record_schema="dc")
    assert records.count == 1
    (record,) = list(records)
    assert "Aniara" in str(record)


QUERIES = [
    "dc.title=rummet",
    "dc.creator=strindberg",
    "dc.subject=konstnärer",
    "dc.date=1879",
    'bath.isbn="978-91-1-302345-8"',
    "dc.creator=lindgren and dc.date>2010",
]


@pytest.mark.parametrize("cql", QUERIES)
async def test_our_connector_gets_the_same_records_from_the_demo_server_as_from_zebra(
    catalogue: str, zebra_url: str, cql: str
) -> None:
    async with aiohttp.ClientSession() as session:
        found = []
        for url in (catalogue, zebra_url):
            target = Target(id="t", name="T", url=url, max_records=50)
            outcome = await sru.search(session, target, expert_query(cql))
            found.append(sorted(r.record_id for r in outcome.records))
    assert found[0] == found[1] and found[0]


def test_escaped_masking_is_literal_in_the_demo_catalogue() -> None:
    from federator.cql import quote_term
    from tests.web.live import demo_index

    index = demo_index()
    assert index.search(f'dc.title="{quote_term("Vem är det?")}"') == []  # no diagnostic 28
    literal = index.search(f'dc.title="{quote_term("rum*")}"')
    truncated = index.search("dc.title=rum*")
    assert "Röda rummet" not in {e.record.title for e in literal}  # "rum" the word, not "rum..."
    assert {e.record.title for e in truncated} >= {"Röda rummet"}


def test_a_search_without_query_gets_a_search_response_diagnostic() -> None:
    from federator.sru.server import SruDiagnostic, diagnostic_response, parse_request

    params = {"operation": "searchRetrieve", "version": "1.2"}
    with pytest.raises(SruDiagnostic) as caught:
        parse_request(params)
    body = diagnostic_response(params, caught.value)
    assert b"searchRetrieveResponse" in body and b"diagnostic/1/7" in body
