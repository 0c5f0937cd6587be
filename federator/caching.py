"""The search's one cache, with three verbs: what was `remembered` for this request, the
`fall_back` for targets that failed (from the index, in parallel, inside the deadline), and
`store` for new answers (result cache and write-through to the index).

Cached availability is never passed off as fresh: records from the index carry `cached_at`
(and so do their holdings), and their target's status is `cached` with the age of the data.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from federator.config import CacheSettings
from federator.finished import MergedResults
from federator.index.store import CacheIndex, record_key
from federator.index.suggest import complete, did_you_mean
from federator.index.writer import CacheWriter, WriterBusy
from federator.models import (
    Query,
    SearchRequest,
    SearchResult,
    SkipReason,
    SourceRecord,
    Target,
    TargetOutcome,
    TargetState,
    Work,
)
from federator.shared.backends import ResultStore
from federator.shared.local import RecentWorks, ResultCache

__all__ = ["RecentWorks", "ResultCache", "SearchCache", "needs_fallback"]
log = logging.getLogger(__name__)
TAKEOVER_S = 30.0  # how often a reading process checks whether the writer has gone


def needs_fallback(outcome: TargetOutcome) -> bool:
    """Did the catalogue fail in a way its cached records can stand in for?"""
    status = outcome.status
    if status.state is TargetState.SKIPPED:
        return status.skip_reason is not SkipReason.DISABLED
    if status.state not in (TargetState.TIMEOUT, TargetState.ERROR):
        return False
    return status.error_kind is None or status.error_kind.cache_can_stand_in


def describe_age(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 172_800:
        return f"{seconds / 3600:.0f} h"
    return f"{seconds / 86_400:.0f} days"


def cached_outcome(failed: TargetOutcome, found: Sequence[SourceRecord]) -> TargetOutcome:
    """The failed target's cached records, with why the live search failed."""
    oldest = min(r.cached_at.timestamp() for r in found if r.cached_at)
    age = max(0.0, time.time() - oldest)
    status = replace(
        failed.status,
        state=TargetState.CACHED,
        fetched=len(found),
        hits=None,
        cached_age_s=round(age, 1),
        message=f"from the cache, up to {describe_age(age)} old ({failed.status.message})",
    )
    return TargetOutcome(status=status, records=tuple(found))


def work_ids(works: Iterable[Work]) -> dict[str, str]:
    return {record_key(s): w.id for w in works for s in w.sources}


class SearchCache:
    """Owns the result cache (this process's, or shared: `results`), the index and its writer
    thread; `close()` it at shutdown."""

    def __init__(
        self,
        settings: CacheSettings,
        clock: Callable[[], float] = time.monotonic,
        results: ResultStore | None = None,
    ) -> None:
        self._clock = clock
        self._settings = settings
        self.results = results or ResultCache(settings.ttl_s, settings.results, clock)
        self.merged = MergedResults(min(settings.merged_ttl_s, settings.ttl_s), settings.merged)
        self.index = CacheIndex(settings.path or None) if settings.enabled else None
        self.writer: CacheWriter | None = None
        self._next_takeover = 0.0
        if self.index is not None and not self._try_to_write():
            # Another process (another worker, a running demo) writes; this one reads.
            log.warning("cache index is written by another process; reading only")
            self.index.follow_other_writer()
            self._next_takeover = clock() + TAKEOVER_S

    def _try_to_write(self) -> bool:
        assert self.index is not None
        try:
            settings = self._settings
            self.writer = CacheWriter(
                self.index,
                max_documents=settings.max_documents,
                max_age_s=settings.max_age_s,
                commit_interval_s=settings.commit_interval_s,
                prune_interval_s=settings.prune_interval_s,
                heap_bytes=max(15, settings.writer_heap_mb) * 1_000_000,
            )
        except WriterBusy:
            return False
        return True

    def _take_over_if_writer_gone(self) -> None:
        """A reader whose writing process has stopped becomes the writer (tantivy's lock is
        an OS lock, freed when that process ends), tried at most every TAKEOVER_S."""
        now = self._clock()
        if self.writer is not None or self.index is None or now < self._next_takeover:
            return
        self._next_takeover = now + TAKEOVER_S
        if self._try_to_write():
            log.warning("cache index writer gone; this process writes now")
            self.index.lead()

    def health(self) -> dict[str, object]:
        """What /health says about the cache: can it write, and has writing failed?"""
        writer = self.writer
        return {
            "enabled": self.index is not None,
            "writing": writer is not None,
            "failing": bool(writer and writer.is_failing),
            "failed_writes": writer.failed_writes if writer else 0,
            "dropped_batches": writer.dropped_batches if writer else 0,
        }

    async def remembered(self, query: Query, targets: Iterable[Target]) -> dict[str, TargetOutcome]:
        """Each target's answer to this query, if it answered within the last `ttl_s`."""
        keys = {ResultCache.key(query, target): target.id for target in targets}
        found = await self.results.recall(list(keys))
        return {keys[key]: outcome for key, outcome in found.items()}

    def merged_result(
        self, request: SearchRequest, targets: Sequence[Target]
    ) -> SearchResult | None:
        return self.merged.get(MergedResults.key(request, targets), self._clock())

    def store_merged(
        self,
        request: SearchRequest,
        targets: Sequence[Target],
        result: SearchResult,
        made_from: Iterable[Query] = (),
    ) -> None:
        """Keep a finished answer, if every target answered it (a failure is asked again);
        `made_from`: queries other than the request's whose answers it holds (a correction)."""
        if all(status.state is TargetState.OK for status in result.targets):
            key = MergedResults.key(request, targets)
            self.merged.put(key, self._clock(), result, made_from)

    async def fall_back(
        self, query: Query, failed: Sequence[tuple[Target, TargetOutcome]], deadline: float
    ) -> dict[str, TargetOutcome]:
        """Cached records for the targets that failed, looked up at once; what the index has
        not found by `deadline` (loop time) is left out, so the search still answers in time."""
        index = self.index
        wanted = [(t, o) for t, o in failed if needs_fallback(o)]
        if index is None or not wanted:
            return {}
        lookups = [
            asyncio.to_thread(index.search_target, t.id, query, t.max_records) for t, _ in wanted
        ]
        try:
            async with asyncio.timeout_at(deadline):
                found = await asyncio.gather(*lookups)
        except TimeoutError:
            log.warning("cache fallback too slow; answering without it")
            return {}
        pairs = zip(wanted, found, strict=True)
        return {t.id: cached_outcome(o, records) for (t, o), records in pairs if records}

    async def store(
        self, query: Query, answered: Iterable[tuple[Target, TargetOutcome]], works: list[Work]
    ) -> None:
        """Remember each live answer for `ttl_s` and write its records through to the index."""
        self._take_over_if_writer_gone()
        answers = [(ResultCache.key(query, target), outcome) for target, outcome in answered]
        await self.results.keep(answers)
        answered_now = [o for _, o in answers if o.status.state is TargetState.OK]
        if answered_now:  # even with no records: finished answers made before say otherwise
            self.merged.forget(query)
        live = [r for o in answered_now for r in o.records]
        if self.writer is not None and live:
            self.writer.submit(live, work_ids(works), time.time())

    async def suggestion(self, text: str, deadline: float) -> str | None:
        """A spelling the catalogues use, if the index finds one by `deadline`."""
        if self.index is None:
            return None
        try:
            async with asyncio.timeout_at(deadline):
                return await asyncio.to_thread(did_you_mean, self.index, text)
        except TimeoutError:
            return None

    async def completions(self, text: str) -> list[str]:
        if self.index is None or not text.strip():
            return []
        return await asyncio.to_thread(complete, self.index, text)

    async def work_sources(self, work_id: str) -> list[SourceRecord]:
        if self.index is None:
            return []
        return await asyncio.to_thread(self.index.work_sources, work_id)

    async def everything(self, query: Query, limit: int) -> list[SourceRecord]:
        """Every target's cached records for the query (the offline search)."""
        if self.index is None:
            raise RuntimeError("the cache is disabled in the configuration")
        return await asyncio.to_thread(self.index.search, query, limit)

    async def flush(self) -> None:
        if self.writer is not None:
            await self.writer.flush()

    async def close(self) -> None:
        if self.writer is not None:
            await asyncio.to_thread(self.writer.close)
