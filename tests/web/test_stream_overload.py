"""Server-Sent Events under overload: every stream ends with an event or is a 503 before it
starts, and nothing is logged as a crash. Fails before the fix: the stream answered 200, then
Overloaded was raised inside it, the stream was cut with no event and two tracebacks were
logged per stream (168 of 200)."""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import pytest

from federator.config import parse_settings
from tests import fakesru
from tests.threaded import serve_federator, serve_in_thread

STREAMS = 200


async def one_stream(session: aiohttp.ClientSession, url: str, number: int) -> str:
    async with session.get(url, params={"q": f"ord{number}", "fresh": "1"}) as response:
        if response.status == 503:
            assert response.headers["Retry-After"]
            return "503"
        assert response.status == 200
        body = await response.text()
    events = [block.split("\n", 1)[0] for block in body.strip().split("\n\n") if block]
    return events[-1].removeprefix("event: ")


def test_200_streams_against_a_hanging_catalogue(caplog: pytest.LogCaptureFixture) -> None:
    with serve_in_thread({"hang": lambda: fakesru.hanging(asyncio.Event())}) as urls:
        data = {
            "targets": [{"id": "hang", "name": "Hang", "url": urls["hang"], "timeout_s": 5}],
            "search": {"deadline_s": 0.5},
            "limits": {"max_live_searches": 4, "requests_per_minute": 100_000, "burst": 100_000},
        }
        with caplog.at_level(logging.WARNING), serve_federator(parse_settings(data, {})) as base:

            async def all_streams() -> list[str]:
                timeout = aiohttp.ClientTimeout(total=30)
                async with aiohttp.ClientSession(timeout=timeout) as session:
                    url = f"{base}/api/v1/search/stream"
                    return await asyncio.gather(
                        *(one_stream(session, url, n) for n in range(STREAMS))
                    )

            endings = asyncio.run(all_streams())
    assert len(endings) == STREAMS
    assert set(endings) <= {"result", "error", "503"}, set(endings)
    assert endings.count("result") >= 4  # the ones that got a live slot answered
    crashes = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert crashes == []
