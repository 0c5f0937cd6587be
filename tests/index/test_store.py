"""The cache index on disk: write, search, restart, corruption, pruning, suggestions."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest
from lxml import etree

from federator.connectors.marc import find_marc_records
from federator.connectors.marcxml import map_marc_record
from federator.index import directory
from federator.index.directory import CacheDirectoryError
from federator.index.schema import SCHEMA_VERSION
from federator.index.store import CacheIndex
from federator.index.suggest import complete, did_you_mean
from federator.index.writer import CacheWriter, WriterBusy
from federator.models import SourceRecord, Target
from federator.query import expert_query, fielded_query, free_text_query
from tests.realservers import ZEBRA_RECORDS


def zebra_records(target_id: str = "orebro") -> list[SourceRecord]:
    target = Target(id=target_id, name=target_id, url="http://127.0.0.1:1/x")
    root = etree.parse(str(ZEBRA_RECORDS)).getroot()
    return [map_marc_record(e, target, fallback_id="x") for e in find_marc_records(root)]


async def filled(path: Path | None, **limits: float) -> tuple[CacheIndex, CacheWriter]:
    cache = CacheIndex(path)
    writer = CacheWriter(
        cache,
        max_documents=int(limits.get("max_documents", 1000)),
        max_age_s=limits.get("max_age_s", 3600),
    )
    writer.submit(zebra_records("orebro") + zebra_records("nora"), {}, time.time())
    await writer.flush()
    return cache, writer


async def test_searches_per_target_with_folding_and_stemming(tmp_path: Path) -> None:
    cache, writer = await filled(tmp_path / "index")
    try:
        assert cache.count() == 54
        titles = {
            c.title for c in cache.search_target("orebro", free_text_query("roda rummet"), 50)
        }
        assert titles == {"Röda rummet"}
        assert {c.target for c in cache.search(free_text_query("roda rummet"), 50)} == {
            "orebro",
            "nora",
        }
        assert [
            c.title for c in cache.search_target("nora", free_text_query("gösta berling"), 5)
        ] == ["Gösta Berlings saga"]
        by_isbn = cache.search_target("orebro", free_text_query("91-1-302345-4"), 5)
        assert {c.record_id for c in by_isbn} == {"fed0001", "fed0002"}
        years = cache.search_target(
            "orebro", fielded_query(author="strindberg", year="2010-2017"), 10
        )
        assert {c.record_id for c in years} == {"fed0001", "fed0017"}
        not_query = expert_query("dc.creator=strindberg not dc.title=rummet")
        assert {c.title for c in cache.search_target("orebro", not_query, 10)} == {
            "Hemsöborna",
            "Fröken Julie",
        }
        (record,) = cache.search_target(
            "orebro", fielded_query(title="utvandrarna", year="2013"), 1
        )
        assert record.cached_at is not None
        assert all(h.cached_at == record.cached_at for h in record.holdings)
        original = next(r for r in zebra_records("orebro") if r.record_id == "fed0006")
        assert record == original.as_cached(record.cached_at)  # whole round trip
    finally:
        writer.close()


async def test_upsert_replaces_and_a_restart_keeps_the_cache(tmp_path: Path) -> None:
    cache, writer = await filled(tmp_path / "index")
    writer.submit(zebra_records("orebro"), {}, time.time())  # the same records again
    await writer.flush()
    assert cache.count() == 54
    writer.close()
    reopened = CacheIndex(tmp_path / "index")
    assert reopened.count() == 54


async def test_a_record_written_lately_and_unchanged_is_not_written_again(
    tmp_path: Path,
) -> None:
    """Popular records come back search after search: the same bytes for the same work are
    written once, and again only after REWRITE_AFTER_S, on a change or a new work."""
    from dataclasses import replace

    from federator.index import writer as writer_module
    from federator.index.store import record_key

    cache, writer = await filled(tmp_path / "index")
    try:
        first = time.time()
        records = zebra_records("orebro")
        writer.submit(records, {}, first + 10)  # the same 27 again, ten seconds on
        await writer.flush()
        assert writer.skipped_unchanged == 27 and cache.count() == 54
        (kept,) = cache.search_target("orebro", fielded_query(title="utvandrarna"), 1)
        assert kept.cached_at is not None and kept.cached_at.timestamp() < first + 5  # not moved

        changed = replace(records[0], title="Röda rummet (ny utgåva)")
        regrouped = records[1]
        writer.submit([changed, regrouped], {record_key(regrouped): "w-new"}, first + 20)
        await writer.flush()
        assert writer.skipped_unchanged == 27  # a change and a new work are both written
        titles = {c.title for c in cache.search_target("orebro", free_text_query("ny utgåva"), 5)}
        assert titles == {"Röda rummet (ny utgåva)"} and cache.count() == 54

        later = first + writer_module.REWRITE_AFTER_S + 1
        writer.submit(records[2:3], {}, later)
        await writer.flush()
        assert writer.skipped_unchanged == 27  # old enough: written again, fetched moves on
        again = cache.search_target("orebro", fielded_query(title=records[2].title), 5)
        assert any(c.cached_at and c.cached_at.timestamp() >= later - 1 for c in again)
    finally:
        writer.close()


async def test_a_second_writer_is_refused_and_reads_only(tmp_path: Path) -> None:
    cache, writer = await filled(tmp_path / "index")
    try:
        other = CacheIndex(tmp_path / "index")
        with pytest.raises(WriterBusy):
            CacheWriter(other, max_documents=1000, max_age_s=3600)
        other.follow_other_writer()
        writer.submit(zebra_records("kumla"), {}, time.time())
        await writer.flush()
        assert len(other.search_target("kumla", free_text_query("aniara"), 5)) == 1  # sees commits
    finally:
        writer.close()


def test_a_directory_that_is_not_an_index_is_never_cleared(tmp_path: Path) -> None:
    (tmp_path / "thesis.txt").write_text("years of work")
    with pytest.raises(CacheDirectoryError, match="not a federator cache index"):
        CacheIndex(tmp_path)
    assert (tmp_path / "thesis.txt").read_text() == "years of work"


async def test_a_crashed_writer_lock_does_not_block_the_next_start(tmp_path: Path) -> None:
    _, writer = await filled(tmp_path / "index")
    writer.close()
    (tmp_path / "index" / ".tantivy-writer.lock").write_text("")  # as a killed process leaves it
    cache = CacheIndex(tmp_path / "index")
    second = CacheWriter(cache, max_documents=1000, max_age_s=3600)
    second.close()
    assert cache.count() == 54


@pytest.mark.parametrize("damage", ["meta", "version"])
async def test_a_corrupt_or_incompatible_index_is_rebuilt_with_a_warning(
    tmp_path: Path, damage: str, caplog: pytest.LogCaptureFixture
) -> None:
    _, writer = await filled(tmp_path / "index")
    writer.close()
    if damage == "meta":
        (tmp_path / "index" / "meta.json").write_text("{not json")
    else:
        marker = directory.marker_text(SCHEMA_VERSION + 1)
        (tmp_path / "index" / directory.MARKER).write_text(marker)
    with caplog.at_level(logging.WARNING, logger="federator.index.store"):
        cache = CacheIndex(tmp_path / "index")
    assert cache.count() == 0
    assert [r.message for r in caplog.records] == ["cache index rebuilt"]


async def test_prune_drops_the_oldest_beyond_the_limits(tmp_path: Path) -> None:
    cache = CacheIndex(tmp_path / "index")
    writer = CacheWriter(cache, max_documents=30, max_age_s=3600)
    try:
        writer.submit(zebra_records("old"), {}, time.time() - 7200)  # past max_age_s
        writer.submit(zebra_records("orebro"), {}, time.time() - 60)
        writer.submit(zebra_records("nora"), {}, time.time())
        await writer.flush()
        targets = {c.target for c in cache.search(free_text_query("roman"), 100)}
        assert cache.count() == 30 and "old" not in targets
        assert (
            len(
                cache.search_target(
                    "nora",
                    expert_query("cql.serverChoice=a or cql.serverChoice=the or dc.date>1000"),
                    100,
                )
            )
            == 27
        )
    finally:
        writer.close()


async def test_suggestions_from_the_words_of_cached_records() -> None:
    cache, writer = await filled(None)
    try:
        assert did_you_mean(cache, "strindbrg") == "strindberg"
        assert did_you_mean(cache, "röda rummet") is None
        assert did_you_mean(cache, "gösta berlng saga") == "gösta berlings saga"
        assert complete(cache, "august strind") == ["august strindberg"]
        assert complete(cache, "x") == []
    finally:
        writer.close()
