"""The SRU connector against an in-process server that misbehaves on demand."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator
from dataclasses import replace

import aiohttp
import pytest

from federator.connectors import sru
from federator.errors import (
    TargetDiagnostic,
    TargetProtocolError,
    TargetQueryUnsupported,
    TargetTimeout,
    TargetUnavailable,
)
from federator.models import Field, Target
from federator.query import fielded_query, free_text_query
from tests import fakesru
from tests.test_xmlsafe import billion_laughs

QUERY = free_text_query("Lagerlöf")
MB = 1_000_000


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


def target(url: str, **changes: object) -> Target:
    base = Target(
        id="fake",
        name="Fake",
        url=url,
        timeout_s=0.3,
        connect_timeout_s=0.2,
        max_records=20,
        page_size=20,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_pages_are_fetched_up_to_max_records(session: aiohttp.ClientSession) -> None:
    records = fakesru.sample_records(23)
    async with fakesru.serve(fakesru.paging_handler(records, page_cap=5)) as url:
        outcome = await sru.search(session, target(url, max_records=17, page_size=10), QUERY)
    assert outcome.hits == 23
    assert [r.record_id for r in outcome.records] == [f"rec{n}" for n in range(1, 18)]
    assert outcome.warnings == ()


async def test_string_packing_and_post(session: aiohttp.ClientSession) -> None:
    async with fakesru.serve(fakesru.paging_handler(fakesru.sample_records(3))) as url:
        outcome = await sru.search(
            session, target(url, record_packing="string", http_method="post"), QUERY
        )
    assert [r.title for r in outcome.records] == ["Bok nummer 1", "Bok nummer 2", "Bok nummer 3"]


async def test_a_lost_later_page_keeps_the_first(session: aiohttp.ClientSession) -> None:
    handler = fakesru.paging_handler(fakesru.sample_records(30), fail_from=11)
    async with fakesru.serve(handler) as url:
        outcome = await sru.search(session, target(url, max_records=30, page_size=10), QUERY)
    assert len(outcome.records) == 10
    assert outcome.warnings == (
        "records from 11 on were lost: HTTP 503 Service Unavailable from the catalogue",
        "records from 21 on were lost: HTTP 503 Service Unavailable from the catalogue",
    )


async def test_refused_connection_is_unavailable(session: aiohttp.ClientSession) -> None:
    with pytest.raises(TargetUnavailable, match="cannot connect"):
        await sru.search(session, target(f"http://127.0.0.1:{closed_port()}/db"), QUERY)


async def test_unresolvable_host_is_unavailable(session: aiohttp.ClientSession) -> None:
    with pytest.raises(TargetUnavailable):
        await sru.search(
            session, target("http://catalogue.invalid/db", connect_timeout_s=2, timeout_s=3), QUERY
        )


async def test_server_that_never_answers_times_out(session: aiohttp.ClientSession) -> None:
    never = asyncio.Event()
    async with fakesru.serve(fakesru.hanging(never)) as url:
        with pytest.raises(TargetTimeout, match="no answer within 0.3 s"):
            await sru.search(session, target(url), QUERY)


async def test_byte_by_byte_answer_times_out(session: aiohttp.ClientSession) -> None:
    never = asyncio.Event()
    body = fakesru.sru_envelope(fakesru.sample_records(1), 1, 1)
    async with fakesru.serve(fakesru.trickling(body, never)) as url:
        with pytest.raises(TargetTimeout):
            await sru.search(session, target(url), QUERY)


@pytest.mark.parametrize(
    ("handler", "error", "message"),
    [
        (
            fakesru.fixed(b"<html><h1>Internal error</h1></html>", 500, "text/html"),
            TargetUnavailable,
            "HTTP 500",
        ),
        (fakesru.fixed(b"", 503), TargetUnavailable, "HTTP 503"),
        (
            fakesru.fixed(b"<html><body>Not found</body></html>", 404, "text/html"),
            TargetProtocolError,
            "HTTP 404",
        ),
        (
            fakesru.fixed(b"<html><body>Maintenance</body></html>", 200, "text/html"),
            TargetProtocolError,
            "HTML page",
        ),
        (
            fakesru.fixed(fakesru.sru_envelope(fakesru.sample_records(2), 2, 1)[:-60]),
            TargetProtocolError,
            "not well-formed",
        ),
        (fakesru.fixed(billion_laughs()), TargetProtocolError, "entity"),
        (
            fakesru.fixed(fakesru.diagnostic_envelope(16, "Unsupported index", "dc.foo")),
            TargetDiagnostic,
            "SRU diagnostic 16: Unsupported index: dc.foo",
        ),
        (
            fakesru.fixed(fakesru.diagnostic_envelope(10, "Query syntax error"), 400),
            TargetDiagnostic,
            "diagnostic 10",
        ),
        (
            fakesru.truncated(fakesru.sru_envelope(fakesru.sample_records(5), 5, 1)),
            TargetProtocolError,
            "cut off|not well-formed",
        ),
        (
            fakesru.fixed(b"<explainResponse xmlns='http://www.loc.gov/zing/srw/'/>"),
            TargetProtocolError,
            "got <explainResponse>",
        ),
    ],
)
async def test_every_fault_is_a_typed_error(
    session: aiohttp.ClientSession, handler: fakesru.Handler, error: type[Exception], message: str
) -> None:
    async with fakesru.serve(handler) as url:
        with pytest.raises(error, match=message):
            await sru.search(session, target(url), QUERY)


async def test_oversize_body_is_stopped_while_reading(session: aiohttp.ClientSession) -> None:
    async with fakesru.serve(fakesru.streaming(50 * MB)) as url:
        with pytest.raises(TargetProtocolError, match="over the 1000000-byte limit"):
            await sru.search(session, target(url, timeout_s=10), QUERY, max_bytes=1 * MB)


async def test_declared_oversize_is_refused_before_reading(session: aiohttp.ClientSession) -> None:
    async with fakesru.serve(fakesru.fixed(b"x" * (2 * MB))) as url:
        with pytest.raises(TargetProtocolError, match="answer of 2000000 bytes"):
            await sru.search(session, target(url), QUERY, max_bytes=1 * MB)


async def test_latin1_declared_utf8_is_repaired_with_a_warning(
    session: aiohttp.ClientSession,
) -> None:
    body = fakesru.sru_envelope(fakesru.sample_records(1), 1, 1).decode().encode("latin-1")
    async with fakesru.serve(fakesru.fixed(body)) as url:
        outcome = await sru.search(session, target(url), QUERY)
    assert outcome.records[0].authors[0].name == "Lagerlöf, Selma"
    assert "Latin-1" in outcome.warnings[0]


async def test_absurd_hit_count_fetches_only_max_records(session: aiohttp.ClientSession) -> None:
    records = fakesru.sample_records(40)

    async def lying(request: aiohttp.web.Request) -> aiohttp.web.Response:
        start = int(request.query["startRecord"])
        maximum = int(request.query["maximumRecords"])
        body = fakesru.sru_envelope(records[start - 1 : start - 1 + maximum], 10_000_000, start)
        return aiohttp.web.Response(body=body, content_type="text/xml")

    async with fakesru.serve(lying) as url:
        outcome = await sru.search(session, target(url, max_records=30, page_size=10), QUERY)
    assert outcome.hits == 10_000_000 and len(outcome.records) == 30


async def test_query_needing_a_missing_index_is_unsupported(session: aiohttp.ClientSession) -> None:
    no_author = target("http://127.0.0.1:1/db", indexes=((Field.ANY, "cql.serverChoice"),))
    with pytest.raises(TargetQueryUnsupported, match="no author index"):
        await sru.search(session, no_author, fielded_query(author="Lagerlöf"))
