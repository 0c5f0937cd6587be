"""Rate limits, request size limits and the bound on live searches."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from starlette.testclient import TestClient

from federator.config import parse_settings
from federator.models import SearchRequest, TargetState
from federator.query import free_text_query
from federator.service import Overloaded, SearchService
from federator.web.app import create_app
from federator.web.limits import TokenBuckets
from tests import fakesru


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_token_buckets_refill_and_stay_bounded() -> None:
    clock = Clock()
    buckets = TokenBuckets(per_minute=60, burst=2, capacity=3, clock=clock)
    assert [buckets.take("a"), buckets.take("a")] == [0.0, 0.0]
    assert buckets.take("a") == pytest.approx(1.0)  # one a second, after the burst
    clock.now += 1.0
    assert buckets.take("a") == 0.0
    for client in "bcdef":
        buckets.take(client)
    assert len(buckets._buckets) == 3  # a flood of addresses cannot grow memory


@pytest.fixture
def limited() -> Iterator[TestClient]:
    settings = parse_settings(
        {
            "targets": [],
            "limits": {"requests_per_minute": 60, "burst": 3, "max_request_bytes": 2000},
        },
        environ={},
    )
    with TestClient(create_app(settings)) as client:
        yield client


def test_too_many_requests_get_429_with_retry_after(limited: TestClient) -> None:
    statuses = [limited.get("/api/v1/targets").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = limited.get("/api/v1/targets")
    assert refused.json()["error"]["code"] == "too_many_requests"
    assert int(refused.headers["retry-after"]) >= 1
    assert limited.get("/health").status_code == 200  # monitoring is never limited


def test_oversize_requests_are_refused(limited: TestClient) -> None:
    assert limited.get("/api/v1/search", params={"q": "x" * 3000}).status_code == 414
    posted = limited.post(
        "/sru",
        content=b"query=" + b"x" * 3000,
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert posted.status_code == 413 and posted.json()["error"]["code"] == "too_large"


async def test_overload_degrades_to_cached_answers_then_503(tmp_path: Path) -> None:
    never = asyncio.Event()
    async with fakesru.serve(fakesru.paging_handler(fakesru.sample_records(3))) as good:
        async with fakesru.serve(fakesru.hanging(never)) as slow:
            targets = [
                {"id": "a", "name": "A", "url": good},
                {"id": "slow", "name": "S", "url": slow, "timeout_s": 10},
            ]
            data = {
                "targets": targets,
                "limits": {"max_live_searches": 1},
                "cache": {"path": str(tmp_path / "index")},
                "search": {"deadline_s": 2},
            }
            async with aiohttp.ClientSession() as session:
                service = SearchService(parse_settings(data, environ={}), session)
                try:
                    warm = await service.search(
                        SearchRequest(query=free_text_query("bok"), target_ids=("a",))
                    )
                    assert warm.total == 3
                    await service.cache.flush()
                    hanging = asyncio.create_task(
                        service.search(SearchRequest(query=free_text_query("x")))
                    )
                    await asyncio.sleep(0)  # let it take the only live slot
                    while not service.live_slots.locked():
                        await asyncio.sleep(0)
                    cached = await service.search(
                        SearchRequest(query=free_text_query("bok"), target_ids=("a",), fresh=True)
                    )
                    assert cached.targets[0].state is TargetState.CACHED and cached.total == 3
                    with pytest.raises(Overloaded):
                        await service.search(
                            SearchRequest(query=free_text_query("nothing cached"), fresh=True)
                        )
                    hanging.cancel()
                    with pytest.raises(asyncio.CancelledError):
                        await hanging
                finally:
                    await service.close()
