"""The cache in the search: stale fallback, write-through under load, result cache, record pages."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from federator.caching import TAKEOVER_S, SearchCache
from federator.config import Settings, parse_settings
from federator.models import SearchRequest, TargetState
from federator.query import free_text_query
from federator.service import SearchService
from tests import fakesru


class Switchable:
    """A catalogue that answers, counts its requests, and can be taken down."""

    def __init__(self, count: int = 4) -> None:
        self.records = fakesru.sample_records(count)
        self.up = True
        self.requests = 0

    async def handle(self, request: web.Request) -> web.Response:
        self.requests += 1
        if not self.up:
            return web.Response(status=503, text="down for maintenance")
        return await fakesru.paging_handler(self.records)(request)  # type: ignore[return-value]


def settings(urls: dict[str, str], cache_path: Path, ttl_s: float = 180) -> Settings:
    targets = [{"id": n, "name": n.title(), "url": u, "timeout_s": 2} for n, u in urls.items()]
    data = {"targets": targets, "cache": {"path": str(cache_path), "ttl_s": ttl_s}}
    return parse_settings(data, environ={})


@pytest.fixture
async def session() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as client:
        yield client


def request(text: str = "Lagerlöf", **changes: object) -> SearchRequest:
    return SearchRequest(query=free_text_query(text), **changes)  # type: ignore[arg-type]


async def test_a_target_that_goes_down_is_answered_from_the_cache(
    tmp_path: Path, session: aiohttp.ClientSession
) -> None:
    catalogue = Switchable()
    async with fakesru.serve(catalogue.handle) as url:
        service = SearchService(settings({"nora": url}, tmp_path / "index", ttl_s=0.001), session)
        try:
            first = await service.search(request())
            assert first.targets[0].state is TargetState.OK and first.total == 4
            await service.cache.flush()
            catalogue.up = False
            second = await service.search(request())
        finally:
            await service.close()
    (status,) = second.targets
    assert status.state is TargetState.CACHED and status.fetched == 4
    assert status.message is not None and status.message.startswith("from the cache, up to ")
    assert "HTTP 503" in status.message and status.cached_age_s is not None
    assert second.total == 4
    assert all(s.cached_at is not None for r in second.results for s in r.work.sources)


async def test_write_through_under_20_concurrent_searches_loses_nothing(
    tmp_path: Path, session: aiohttp.ClientSession
) -> None:
    async def by_query(request: web.Request) -> web.Response:
        word = request.query["query"].split('"')[1]  # cql.serverChoice = "wordN"
        records = fakesru.sample_records(5, prefix=f"{word}-")
        start = int(request.query["startRecord"])
        body = fakesru.sru_envelope(records, len(records), start)
        return web.Response(body=body, content_type="text/xml")

    async with fakesru.serve(by_query) as url:
        service = SearchService(settings({"a": url}, tmp_path / "index"), session)
        try:
            results = await asyncio.gather(
                *(service.search(request(f"word{n}")) for n in range(20))
            )
            assert all(r.total == 5 for r in results)
            await service.cache.flush()
            assert service.cache.index is not None and service.cache.index.count() == 100
        finally:
            await service.close()


async def test_identical_search_within_the_ttl_skips_the_catalogues(
    tmp_path: Path, session: aiohttp.ClientSession
) -> None:
    catalogue = Switchable()
    async with fakesru.serve(catalogue.handle) as url:
        service = SearchService(settings({"a": url}, tmp_path / "index"), session)
        try:
            first = await service.search(request())
            again = await service.search(request(page=2, page_size=2))  # another page, same query
            fresh = await service.search(request(fresh=True))
        finally:
            await service.close()
    assert (first.from_result_cache, again.from_result_cache, fresh.from_result_cache) == (
        False,
        True,
        False,
    )
    assert catalogue.requests == 2 and len(again.results) == 2


async def test_a_record_page_opens_after_a_restart_from_the_index(
    tmp_path: Path, session: aiohttp.ClientSession
) -> None:
    async with fakesru.serve(Switchable().handle) as url:
        config = settings({"a": url}, tmp_path / "index")
        service = SearchService(config, session)
        try:
            found = (await service.search(request())).results[0].work
            await service.cache.flush()
        finally:
            await service.close()
    restarted = SearchService(config, session)  # nothing in its recent-works memory
    try:
        work = await restarted.work(found.id)
        offline = await restarted.search_cached(request())
    finally:
        await restarted.close()
    assert work is not None and work.id == found.id and work.title == found.title
    assert offline.total == 4


async def test_few_hits_offer_a_spelling_from_the_cache(
    tmp_path: Path, session: aiohttp.ClientSession
) -> None:
    async with fakesru.serve(Switchable().handle) as url:
        service = SearchService(settings({"a": url}, tmp_path / "index"), session)
        try:
            await service.search(request())
            await service.cache.flush()
            nothing = SearchRequest(query=free_text_query("Lagerlf"), target_ids=(), fresh=True)
            result = await service.search(nothing)
        finally:
            await service.close()
    assert result.did_you_mean == "lagerlöf"


def test_free_text_and_a_field_search_with_the_same_text_are_different_searches() -> None:
    from federator.caching import ResultCache
    from federator.models import Target
    from federator.query import fielded_query

    target = Target(id="a", name="A", url="http://127.0.0.1:1/a")
    typed = free_text_query("title: röda")
    fielded = fielded_query(title="röda")
    assert typed.source == fielded.source  # what made them collide
    assert ResultCache.key(typed, target) != ResultCache.key(fielded, target)


async def test_a_failing_write_loses_its_batch_not_the_writer(tmp_path: Path) -> None:
    import time

    from federator.index.store import CacheIndex
    from federator.index.writer import CacheWriter
    from tests.index.test_store import zebra_records

    cache = CacheIndex(tmp_path / "index")
    writer = CacheWriter(cache, max_documents=1000, max_age_s=3600)
    original = writer._write
    calls = []

    def failing_once(batches, added):  # type: ignore[no-untyped-def]
        calls.append(len(batches))
        if len(calls) == 1:
            raise OSError("No space left on device")
        original(batches, added)

    writer._write = failing_once  # type: ignore[method-assign]
    try:
        writer.submit(zebra_records("a"), {}, time.time())
        await writer.flush()  # returns although the write failed
        writer.submit(zebra_records("b"), {}, time.time())
        await writer.flush()
        assert cache.count() == 27
    finally:
        writer.close()


async def test_records_whose_commit_failed_are_written_when_they_come_again(
    tmp_path: Path,
) -> None:
    """Records not written twice while unchanged: unless the commit that held them failed."""
    import time

    from federator.index.store import CacheIndex
    from federator.index.writer import CacheWriter
    from tests.index.test_store import zebra_records

    cache = CacheIndex(tmp_path / "index")
    writer = CacheWriter(cache, max_documents=1000, max_age_s=3600)
    original = writer._commit
    calls = []

    def failing_once(records: int, prune: bool) -> None:
        calls.append(records)
        if len(calls) == 1:
            writer._writer.rollback()  # as a full disk leaves it: nothing of them committed
            raise OSError("No space left on device")
        original(records, prune)

    writer._commit = failing_once  # type: ignore[method-assign]
    try:
        writer.submit(zebra_records("a"), {}, time.time())
        await writer.flush()
        assert cache.count() == 0
        writer.submit(zebra_records("a"), {}, time.time())
        await writer.flush()
        assert cache.count() == 27 and writer.skipped_unchanged == 0
    finally:
        writer.close()


async def test_a_reader_takes_over_writing_when_the_writer_is_gone(tmp_path: Path) -> None:
    """Before: a reading process whose writer died read a frozen index until restarted."""
    now = [0.0]
    config = settings({"a": "http://127.0.0.1:1/db"}, tmp_path / "index").cache
    first = SearchCache(config, clock=lambda: now[0])
    second = SearchCache(config, clock=lambda: now[0])
    assert first.writer is not None and second.writer is None
    assert second.index is not None and second.index.is_written_elsewhere
    await first.close()  # the writing process ends
    await second.store(free_text_query("x"), [], [])
    assert second.writer is None  # not before TAKEOVER_S has passed
    now[0] += TAKEOVER_S
    await second.store(free_text_query("x"), [], [])
    assert second.writer is not None and not second.index.is_written_elsewhere
    assert second.health()["writing"]
    await second.close()


def test_merged_results_are_keyed_by_all_that_changes_the_answer_and_expire() -> None:
    from federator.finished import MergedResults
    from federator.models import Filters, SearchRequest, SortOrder
    from federator.query import fielded_query

    cache = MergedResults(ttl_s=60, capacity=2)
    target = settings({"a": "http://127.0.0.1:1/db"}, Path("unused")).targets[0]
    query = free_text_query("röda")
    base = SearchRequest(query=query)
    key = MergedResults.key(base, [target])
    others = [
        SearchRequest(query=query, page=2),
        SearchRequest(query=query, sort=SortOrder.TITLE),
        SearchRequest(query=query, filters=Filters(available=True)),
        SearchRequest(query=query, explain=True),
        SearchRequest(query=fielded_query(title="röda")),
    ]
    assert all(MergedResults.key(r, [target]) != key for r in others)
    assert MergedResults.key(base, []) != key
    result = object()
    cache.put(key, 0.0, result)  # type: ignore[arg-type]
    assert cache.get(key, 59.0) is result and cache.get(key, 61.0) is None
    cache.put(key, 0.0, result)  # type: ignore[arg-type]
    cache.forget(fielded_query(title="röda"))
    assert cache.get(key, 1.0) is result  # another query's answers change nothing here
    cache.forget(query)
    assert cache.get(key, 1.0) is None
    # An answer made from a correction's search is forgotten when the correction is searched.
    corrected = free_text_query("röda rummet")
    cache.put(key, 0.0, result, made_from=[corrected])  # type: ignore[arg-type]
    cache.forget(corrected)
    assert cache.get(key, 1.0) is None
    assert MergedResults.key(SearchRequest(query=query, fresh=True), [target]) == key
