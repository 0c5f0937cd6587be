"""The federated search: fan out, then merge, filter, count facets, rank, sort and page.

Owns the app's search state: the circuit breakers and a bounded store of recently merged works
(record pages and permalinks read it until the cache index replaces it). The CPU-bound middle
(merge and rank) runs in a worker thread so the event loop keeps serving other requests.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections import OrderedDict
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import aiohttp

from federator.caching import ResultCache, cached_outcome, needs_fallback, work_ids
from federator.circuit import Breakers, CircuitState
from federator.config import Settings
from federator.facets import facet_counts, matches, page_of, sort_ranked
from federator.index.store import CacheIndex
from federator.index.suggest import complete, did_you_mean
from federator.index.writer import CacheWriter, WriterBusy
from federator.logs import search_id_var
from federator.merge import merge_records
from federator.models import (
    Clause,
    Field,
    QueryNode,
    SearchRequest,
    SearchResult,
    Target,
    TargetState,
    TargetStatus,
    Work,
)
from federator.rank import rank_works
from federator.search import OutcomeListener, TargetOutcome, search_targets

log = logging.getLogger(__name__)
# Kinds that prove the catalogue is up (it answered, just not with records) do not trip breakers.
_ALIVE_KINDS = frozenset({"diagnostic", "unsupported"})
FEW_HITS = 3  # below this many results, offer a spelling the catalogues use


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetOverview:
    target: Target
    circuit: CircuitState
    consecutive_failures: int
    next_probe_in_s: float
    last_error: str | None


class Overloaded(RuntimeError):
    """Every live-search slot is taken and the cache cannot answer: HTTP 503."""


class RecentWorks:
    """A bounded LRU of works by id."""

    def __init__(self, capacity: int) -> None:
        self._capacity = capacity
        self._works: OrderedDict[str, Work] = OrderedDict()

    def add(self, works: list[Work]) -> None:
        for work in works:
            self._works[work.id] = work
            self._works.move_to_end(work.id)
        while len(self._works) > self._capacity:
            self._works.popitem(last=False)

    def get(self, work_id: str) -> Work | None:
        return self._works.get(work_id)

    def __len__(self) -> int:
        return len(self._works)


def _free_text_only(node: QueryNode) -> bool:
    if isinstance(node, Clause):
        return node.field is Field.ANY and not node.modifiers
    return node.operator == "and" and _free_text_only(node.left) and _free_text_only(node.right)


def _skipped(target: Target, message: str) -> TargetOutcome:
    return TargetOutcome(
        status=TargetStatus(
            target=target.id, name=target.name, state=TargetState.SKIPPED, message=message
        )
    )


def arrange(
    request: SearchRequest, outcomes: list[TargetOutcome]
) -> tuple[list[Work], SearchResult]:
    """Merge, filter, facet, rank, sort, page: pure and CPU-bound, run off the event loop."""
    works = merge_records(r for outcome in outcomes for r in outcome.records)
    kept = [w for w in works if matches(w, request.filters)]
    ranked = sort_ranked(rank_works(request.query, kept), request.sort)
    result = SearchResult(
        search_id=search_id_var.get(),
        request=request,
        total=len(ranked),
        results=page_of(ranked, request.page, request.page_size),
        facets=facet_counts(kept),
        targets=tuple(o.status for o in outcomes),
        elapsed_ms=0.0,
    )
    return works, result


class SearchService:
    """The app's search state; `close()` it at shutdown (it owns the cache writer thread)."""

    def __init__(self, settings: Settings, session: aiohttp.ClientSession) -> None:
        self.settings = settings
        self.session = session
        cache = settings.cache
        self.cache = CacheIndex(cache.path or None) if cache.enabled else None
        self.writer: CacheWriter | None = None
        if self.cache is not None:
            try:
                self.writer = CacheWriter(
                    self.cache, max_documents=cache.max_documents, max_age_s=cache.max_age_s
                )
            except WriterBusy:
                # Another process (another worker, a running demo) writes; this one reads.
                log.warning("cache index is written by another process; reading only")
                self.cache.read_only = True
        self.results = ResultCache(cache.ttl_s, cache.results)
        self.live_slots = asyncio.Semaphore(settings.limits.max_live_searches)
        search = settings.search
        self.breakers = Breakers(
            time.monotonic,
            search.breaker_failures,
            search.breaker_cooldown_s,
            search.breaker_max_cooldown_s,
        )
        self.recent = RecentWorks(search.recent_works)

    def chosen_targets(self, target_ids: tuple[str, ...] | None) -> tuple[Target, ...]:
        if target_ids is None:
            return self.settings.enabled_targets
        return tuple(t for t in self.settings.targets if t.id in target_ids)

    def _admit(self, targets: tuple[Target, ...]) -> tuple[list[Target], dict[str, TargetOutcome]]:
        admitted, skipped = [], {}
        for target in targets:
            if not target.enabled:
                skipped[target.id] = _skipped(target, "disabled in the configuration")
            elif not self.breakers.admit(target.id):
                breaker = self.breakers.get(target.id)
                wait = self.breakers.seconds_until_probe(target.id)
                failures = breaker.consecutive_failures
                message = f"suspended after {failures} failures; next try in {wait:.0f} s"
                skipped[target.id] = _skipped(target, f"{message} ({breaker.last_error})")
            else:
                admitted.append(target)
        return admitted, skipped

    def _record(self, outcome: TargetOutcome) -> None:
        status = outcome.status
        alive = status.state is TargetState.OK or status.error_kind in _ALIVE_KINDS
        self.breakers.record(status.target, alive, status.message)

    async def _fan_out(
        self,
        request: SearchRequest,
        targets: tuple[Target, ...],
        on_outcome: OutcomeListener | None = None,
    ) -> list[TargetOutcome]:
        admitted, skipped = self._admit(targets)
        for outcome in skipped.values():
            if on_outcome is not None:
                on_outcome(outcome)
        try:
            live = await search_targets(
                self.session, self.settings, tuple(admitted), request.query, on_outcome
            )
        finally:
            for target in admitted:  # a cancelled search must not leave a probe holding the door
                self.breakers.release(target.id)
        for outcome in live:
            self._record(outcome)
        by_id = {o.status.target: o for o in live} | skipped
        return [await self._with_fallback(by_id[t.id], t, request) for t in targets]

    async def _with_fallback(
        self, outcome: TargetOutcome, target: Target, request: SearchRequest
    ) -> TargetOutcome:
        if self.cache is None or not needs_fallback(outcome):
            return outcome
        found = await asyncio.to_thread(
            self.cache.search_target, target.id, request.query, target.max_records
        )
        return cached_outcome(outcome, found) if found else outcome

    async def search(
        self, request: SearchRequest, on_outcome: OutcomeListener | None = None
    ) -> SearchResult:
        """The federated search; on_outcome hears each catalogue as it answers (or fails)."""
        loop = asyncio.get_running_loop()
        started = loop.time()
        search_id_var.set(uuid.uuid4().hex[:12])
        targets = self.chosen_targets(request.target_ids)
        remembered = {} if request.fresh else self._remembered(request, targets, loop.time())
        asked = tuple(t for t in targets if t.id not in remembered)
        for outcome in remembered.values():
            if on_outcome is not None:
                on_outcome(outcome)
        fanned = await self._live_or_cached(request, asked, on_outcome) if asked else []
        fresh = {o.status.target: o for o in fanned}
        for target in asked:
            self.results.put(ResultCache.key(request.query, target), loop.time(), fresh[target.id])
        outcomes = [remembered.get(t.id) or fresh[t.id] for t in targets]
        from_cache = not asked
        # to_thread copies the context, so the worker's log lines carry this search's id.
        works, result = await asyncio.to_thread(arrange, request, outcomes)
        self.recent.add(works)
        if self.writer is not None and fresh:
            live = [
                r for o in fresh.values() if o.status.state is TargetState.OK for r in o.records
            ]
            self.writer.submit(live, work_ids(works), time.time())
        suggestion = await self._did_you_mean(request, result.total)
        elapsed_ms = round((loop.time() - started) * 1000, 1)
        log.info("search done", extra={"total": result.total, "elapsed_ms": elapsed_ms})
        return replace(
            result, elapsed_ms=elapsed_ms, from_result_cache=from_cache, did_you_mean=suggestion
        )

    async def _live_or_cached(
        self,
        request: SearchRequest,
        targets: tuple[Target, ...],
        on_outcome: OutcomeListener | None,
    ) -> list[TargetOutcome]:
        """A live fan-out if a slot is free; under overload, the cache index or Overloaded."""
        if not self.live_slots.locked():
            async with self.live_slots:
                return await self._fan_out(request, targets, on_outcome)
        busy = [_skipped(t, "the search service is busy; showing cached records") for t in targets]
        outcomes = [
            await self._with_fallback(o, t, request) for o, t in zip(busy, targets, strict=True)
        ]
        if not any(o.records for o in outcomes):
            raise Overloaded("too many searches at once")
        for outcome in outcomes:
            if on_outcome is not None:
                on_outcome(outcome)
        return outcomes

    def _remembered(
        self, request: SearchRequest, targets: tuple[Target, ...], now: float
    ) -> dict[str, TargetOutcome]:
        found = {}
        for target in targets:
            outcome = self.results.get(ResultCache.key(request.query, target), now)
            if outcome is not None:
                found[target.id] = outcome
        return found

    async def _did_you_mean(self, request: SearchRequest, total: int) -> str | None:
        if self.cache is None or total >= FEW_HITS or not _free_text_only(request.query.root):
            return None
        return await asyncio.to_thread(did_you_mean, self.cache, request.query.source)

    async def work(self, work_id: str) -> Work | None:
        """A merged work by id: from recent searches, else rebuilt from the cache index."""
        found = self.recent.get(work_id)
        if found is not None or self.cache is None:
            return found
        cached = await asyncio.to_thread(self.cache.work_sources, work_id)
        records = [
            replace(c.record, cached_at=datetime.fromtimestamp(c.fetched_at, UTC)) for c in cached
        ]
        return next((w for w in merge_records(records) if w.id == work_id), None)

    async def search_cached(self, request: SearchRequest) -> SearchResult:
        """Offline: the index alone answers, every target's records marked as cached."""
        if self.cache is None:
            raise RuntimeError("the cache is disabled in the configuration")
        found = await asyncio.to_thread(self.cache.search, request.query, 1000)
        records = tuple(
            replace(c.record, cached_at=datetime.fromtimestamp(c.fetched_at, UTC)) for c in found
        )
        status = TargetStatus(
            target="cache", name="cache index", state=TargetState.CACHED, fetched=len(records)
        )
        _, result = await asyncio.to_thread(
            arrange, request, [TargetOutcome(status=status, records=records)]
        )
        return result

    async def complete(self, text: str) -> list[str]:
        """Search-as-you-type: completions of the last word, from the cached records' words."""
        if self.cache is None or not text.strip():
            return []
        return await asyncio.to_thread(complete, self.cache, text)

    async def close(self) -> None:
        if self.writer is not None:
            await asyncio.to_thread(self.writer.close)

    def overview(self) -> list[TargetOverview]:
        return [
            TargetOverview(
                target=target,
                circuit=self.breakers.state(target.id),
                consecutive_failures=self.breakers.get(target.id).consecutive_failures,
                next_probe_in_s=round(self.breakers.seconds_until_probe(target.id), 1),
                last_error=self.breakers.get(target.id).last_error,
            )
            for target in self.settings.targets
        ]
