"""The reactor thread: many searches at once on one thread, and a bad one costs only itself."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from federator.z3950 import reactor
from federator.z3950.job import ZoomRequest
from tests.z3950.conftest import Address


def request(where: Address, pqf: str = '@attr 1=1003 "strindberg"', count: int = 5) -> ZoomRequest:
    return ZoomRequest(
        host=where[0],
        port=where[1],
        options=(
            ("databaseName", "catalogue"),
            ("preferredRecordSyntax", "xml"),
            ("elementSetName", "marcxml"),
        ),
        pqf=pqf,
        count=count,
        page_size=2,
        record_type="xml",
        connect_timeout_s=5,
        response_timeout_s=5,
        deadline=time.monotonic() + 10,
    )


async def test_many_searches_at_once_share_one_thread(zebra_z3950: Address) -> None:
    before = {t.name for t in threading.enumerate()}
    answers = await asyncio.gather(*(reactor.run(request(zebra_z3950)) for _ in range(20)))
    assert {(a.hits, len(a.records), a.failure) for a in answers} == {(5, 5, None)}
    assert all(a.cpu_s > 0 and a.server and "Zebra" in a.server for a in answers)
    assert all(r.syntax == "XML" and r.database == "catalogue" for r in answers[0].records)
    threads = [t.name for t in threading.enumerate() if t.name.startswith("federator-z3950")]
    assert len(threads) == 1 and {t.name for t in threading.enumerate()} - before <= set(threads)


async def test_a_request_zoom_cannot_take_fails_alone(zebra_z3950: Address) -> None:
    with pytest.raises(UnicodeEncodeError):
        await reactor.run(request(zebra_z3950, pqf='"\ud800"'))
    answer = await reactor.run(request(zebra_z3950))
    assert answer.hits == 5 and answer.failure is None


async def test_hits_only_fetches_no_records(zebra_z3950: Address) -> None:
    answer = await reactor.run(request(zebra_z3950, count=0))
    assert (answer.hits, answer.records) == (5, ())


async def test_a_zoom_error_comes_back_as_a_failure(zebra_z3950: Address) -> None:
    answer = await reactor.run(request(zebra_z3950, pqf="@and unbalanced"))
    assert answer.failure is not None and answer.hits is None
    assert (answer.failure.code, answer.failure.diagset) == (10010, "ZOOM")  # invalid query
