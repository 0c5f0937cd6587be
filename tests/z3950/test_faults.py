"""The Z39.50 fault matrix: every misbehaving target ends as one typed error within its timeout,
and its connection is destroyed (the server sees it close), never kept for the next search.

Servers are in-process (faults.py); timeouts are 0.2-0.3 s and the tests assert what went
wrong, not how long it took. Nothing sleeps: a hanging server awaits an event nobody sets.
"""

from __future__ import annotations

import asyncio

import pytest

from federator.connectors import z3950
from federator.errors import TargetProtocolError, TargetTimeout, TargetUnavailable
from federator.models import Target
from federator.query import fielded_query
from federator.z3950.options import Z3950Options
from tests.realservers import free_port
from tests.z3950.conftest import Address
from tests.z3950.faults import GARBAGE, HTTP_ANSWER, fault_server

QUERY = fielded_query(subject="svensk skönlitteratur")  # 13 records in the test Zebra
# The target's own timeouts are generous, so the parts that work never race a busy machine;
# each answer that does not come is caught by the options' 0.3 s response timeout.
TARGET = Target(
    id="faulty",
    name="Faulty",
    url="http://127.0.0.1:1/unused",
    timeout_s=10,
    connect_timeout_s=10,
    max_records=13,
    page_size=5,
)
RESPONSE_TIMEOUT_S = 0.3
CLOSED = 5.0  # generous bound on seeing the client close, tied to nothing in the code


def options(host: str, port: int, **changes: object) -> Z3950Options:
    values: dict[str, object] = {
        "host": host,
        "port": port,
        "database": "catalogue",
        "record_syntax": "xml",
        "element_set": "marcxml",
    }
    values["response_timeout_s"] = RESPONSE_TIMEOUT_S
    return Z3950Options.create(attributes={"subject": "1=subject"}, **(values | changes))


async def test_refused() -> None:
    with pytest.raises(TargetUnavailable, match="cannot connect"):
        await z3950.search(TARGET, options("127.0.0.1", free_port()), QUERY)


async def test_hang_after_connect_times_out_in_the_init() -> None:
    async with fault_server("hang") as server:
        with pytest.raises(TargetTimeout, match="no answer to the init within 0.3 s"):
            await z3950.search(TARGET, options(server.host, server.port), QUERY)
        async with asyncio.timeout(CLOSED):
            await server.closed_by_client.wait()


async def test_hang_after_init_times_out_in_the_search(zebra_z3950: Address) -> None:
    async with fault_server("hang_at", zebra_z3950, break_at=2) as server:
        with pytest.raises(TargetTimeout, match="no answer to the search within 0.3 s"):
            await z3950.search(TARGET, options(server.host, server.port), QUERY)
        async with asyncio.timeout(CLOSED):
            await server.closed_by_client.wait()
    assert server.requests == 2


async def test_hang_in_a_later_present_keeps_the_pages_before_it(zebra_z3950: Address) -> None:
    async with fault_server("hang_at", zebra_z3950, break_at=4) as server:
        outcome = await z3950.search(TARGET, options(server.host, server.port), QUERY)
    assert outcome.hits == 13 and len(outcome.records) == 10
    (warning,) = outcome.warnings
    assert warning == "records from 11 on were lost: no answer to the present within 0.3 s"


async def test_closed_mid_present_of_the_first_page(zebra_z3950: Address) -> None:
    async with fault_server("cut_at", zebra_z3950, break_at=3) as server:
        unpiggybacked = options(server.host, server.port, piggyback=False)
        # Half an answer, then the close: cut off, as SRU's truncated body is a protocol error.
        with pytest.raises(TargetProtocolError, match="unreadable answer to the present"):
            await z3950.search(TARGET, unpiggybacked, QUERY)
    assert server.requests == 3  # init, search (no records), the present that was cut


async def test_closed_mid_present_keeps_the_piggybacked_page(zebra_z3950: Address) -> None:
    async with fault_server("cut_at", zebra_z3950, break_at=3) as server:
        outcome = await z3950.search(TARGET, options(server.host, server.port), QUERY)
    assert outcome.hits == 13 and len(outcome.records) == 5
    (warning,) = outcome.warnings
    assert warning.startswith("records from 6 on were lost: unreadable answer to the present")


@pytest.mark.parametrize(
    ("answer", "message"),
    [(GARBAGE, "unreadable answer to the init"), (HTTP_ANSWER, "an HTTP answer [(]400 Bad")],
    ids=["binary", "http"],
)
async def test_garbage_bytes_are_a_protocol_error(answer: bytes, message: str) -> None:
    async with fault_server("garbage", answer=answer) as server:
        with pytest.raises(TargetProtocolError, match=message):
            await z3950.search(TARGET, options(server.host, server.port), QUERY)
        async with asyncio.timeout(CLOSED):
            await server.closed_by_client.wait()


async def test_cancelled_search_destroys_its_connection() -> None:
    async with fault_server("hang") as server:
        slow = options(server.host, server.port, response_timeout_s=60.0)
        task = asyncio.create_task(z3950.search(TARGET, slow, QUERY))
        async with asyncio.timeout(CLOSED):
            await server.accepted.wait()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        async with asyncio.timeout(CLOSED):
            await server.closed_by_client.wait()


async def test_deadline_ends_the_search_before_the_target_timeout() -> None:
    async with fault_server("hang") as server:
        slow = options(server.host, server.port, response_timeout_s=60.0)
        deadline = asyncio.get_running_loop().time() + 0.2
        with pytest.raises(TargetTimeout, match="no answer to the init before the search's"):
            await z3950.search(TARGET, slow, QUERY, deadline=deadline)


async def test_one_hanging_target_does_not_hold_up_the_others(zebra_z3950: Address) -> None:
    async with fault_server("hang") as server:
        slow = options(server.host, server.port, response_timeout_s=60.0)
        hanging = asyncio.create_task(z3950.search(TARGET, slow, QUERY))
        good = [z3950.search(TARGET, options(*zebra_z3950), QUERY) for _ in range(4)]
        outcomes = await asyncio.gather(*good)
        assert [o.hits for o in outcomes] == [13] * 4
        assert not hanging.done()
        hanging.cancel()
        with pytest.raises(asyncio.CancelledError):
            await hanging


async def test_a_hung_catalogue_is_its_timeout_not_our_queue_with_the_services_gate() -> None:
    """The service hands every target a gate; Z39.50 never waits at one, so a hung Z39.50
    catalogue must come out as its own timeout (the breaker counts it), not as queued."""
    import aiohttp

    from federator.connectors.base import TargetGates
    from federator.models import ErrorKind, Protocol
    from federator.search import run_target

    async with fault_server("hang") as server:
        target = Target(
            id="z",
            name="Z",
            url=f"z3950://{server.host}:{server.port}/db",
            protocol=Protocol.Z3950,
            timeout_s=0.5,
            connect_timeout_s=0.5,
        )
        options = Z3950Options.create(
            attributes={}, host=server.host, port=server.port, database="db"
        )
        async with aiohttp.ClientSession() as session:
            gate = TargetGates(4).gate("z")
            deadline = asyncio.get_running_loop().time() + 10
            outcome = await run_target(
                session, target, fielded_query("x"), deadline, 10**6, gate, options
            )
    assert outcome.status.error_kind is ErrorKind.TIMEOUT
