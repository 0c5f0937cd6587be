"""The reactor thread: many searches at once on one thread, a bad one costs only itself, and a
connection left open is reused, never once the server has closed it."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from federator.z3950 import reactor
from federator.z3950.job import ZoomRequest
from tests.realservers import ZEBRA_RECORDS, start_zebra
from tests.z3950.conftest import Address, address


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


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.fixture
def own_zebra(tmp_path: Path) -> Iterator[tuple[Address, int]]:
    """A Zebra of this test's own, so its connections can be cut; (address, master pid)."""
    server = start_zebra(tmp_path / "zebra", [ZEBRA_RECORDS])
    try:
        yield address(server.base_url), server.process.pid
    finally:
        server.stop()


async def test_the_next_search_to_a_target_reuses_the_open_connection(
    own_zebra: tuple[Address, int],
) -> None:
    where, master = own_zebra
    first = await reactor.run(request(where))
    again = await reactor.run(request(where, pqf='@attr 1=4 "röda"'))
    assert not first.reused and again.reused and again.failure is None
    assert (first.hits, again.hits, len(again.records)) == (5, 3, 3)  # the new query's records
    assert len(_children(master)) == 1  # zebrasrv forks one process a connection: one is open
    elsewhere = replace(request(where), options=(("databaseName", "other"),))
    other = await reactor.run(elsewhere)
    assert not other.reused  # another database is another connection
    assert other.failure is not None and other.failure.diagset == "Bib-1"


async def test_a_connection_the_server_closed_is_not_searched_on(
    own_zebra: tuple[Address, int],
) -> None:
    where, master = own_zebra
    assert (await reactor.run(request(where))).failure is None
    for child in _children(master):  # the server ends the session it kept open for us
        os.kill(child, signal.SIGKILL)
    time.sleep(0.2)  # the kernel closes the killed process's socket
    again = await reactor.run(request(where))
    assert again.failure is None and again.hits == 5 and not again.reused


async def test_a_kept_connection_is_closed_after_keep_s(
    own_zebra: tuple[Address, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    where, master = own_zebra
    monkeypatch.setattr(reactor, "KEEP_S", 0.3)
    assert (await reactor.run(request(where))).failure is None
    ends = time.monotonic() + 5
    while _children(master) and time.monotonic() < ends:
        await asyncio.sleep(0.05)  # zebrasrv's process for the connection ends when it closes
    assert _children(master) == []
    assert not (await reactor.run(request(where))).reused


async def test_a_closed_connection_taken_for_open_costs_one_retry_not_the_search(
    own_zebra: tuple[Address, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The server closes just as the search starts (after the quiet check): the search runs
    again, once, on a new connection."""
    where, master = own_zebra
    assert (await reactor.run(request(where))).failure is None
    for child in _children(master):
        os.kill(child, signal.SIGKILL)
    time.sleep(0.2)
    monkeypatch.setattr(reactor, "_quiet", lambda connection: True)
    again = await reactor.run(request(where))
    assert again.failure is None and again.hits == 5 and len(again.records) == 5
    assert not again.reused
