"""The federated search as one straight pipeline:
remembered → admit → fan out → fall back → arrange → store → suggest.

Owns the app's search state: the circuit breakers, the live-search slots, the cache and a
bounded store of recently merged works (record pages read it, then the cache index). The whole
search answers within `[search] deadline_s`, the fallbacks and the suggestion included; the
CPU-bound middle (merge and rank) runs in a worker thread so the event loop keeps serving.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import aiohttp

from federator.caching import RecentWorks, SearchCache
from federator.circuit import Breakers, CircuitState, Ticket
from federator.config import Settings
from federator.connectors.base import TargetGates
from federator.facets import facet_counts, matches, page_of, sort_ranked
from federator.logs import search_id_var
from federator.merge import merge_records
from federator.models import (
    Clause,
    Field,
    QueryNode,
    SearchRequest,
    SearchResult,
    SkipReason,
    Target,
    TargetOutcome,
    TargetState,
    TargetStatus,
    Work,
)
from federator.rank import rank_works
from federator.search import Deadlines, OutcomeListener, search_targets

log = logging.getLogger(__name__)
FEW_HITS = 3  # below this many results, offer a spelling the catalogues use
SearchObserver = Callable[[SearchResult], None]


def new_search_id() -> str:
    return uuid.uuid4().hex[:12]


@dataclass(frozen=True, slots=True, kw_only=True)
class TargetOverview:
    target: Target
    circuit: CircuitState
    consecutive_failures: int
    next_probe_in_s: float
    last_error: str | None


class Overloaded(RuntimeError):
    """Every live-search slot is taken and the cache cannot answer: HTTP 503."""


def _free_text_only(node: QueryNode) -> bool:
    if isinstance(node, Clause):
        return node.field is Field.ANY and not node.modifiers
    return node.operator == "and" and _free_text_only(node.left) and _free_text_only(node.right)


def skipped(target: Target, reason: SkipReason, message: str) -> TargetOutcome:
    status = TargetStatus(
        target=target.id,
        name=target.name,
        state=TargetState.SKIPPED,
        skip_reason=reason,
        message=message,
    )
    return TargetOutcome(status=status)


def arrange(
    request: SearchRequest, outcomes: Sequence[TargetOutcome], search_id: str
) -> tuple[list[Work], SearchResult]:
    """Merge, filter, facet, rank, sort, page: pure and CPU-bound, run off the event loop."""
    works = merge_records(r for outcome in outcomes for r in outcome.records)
    kept = [w for w in works if matches(w, request.filters)]
    ranked = sort_ranked(rank_works(request.query, kept), request.sort)
    result = SearchResult(
        search_id=search_id,
        request=request,
        total=len(ranked),
        results=page_of(ranked, request.page, request.page_size),
        facets=facet_counts(kept),
        targets=tuple(o.status for o in outcomes),
        elapsed_ms=0.0,
    )
    return works, result


def _ignore(outcome: TargetOutcome) -> None:
    return None


def _refuse_if_overloaded(
    live: dict[str, TargetOutcome], fallen_back: dict[str, TargetOutcome]
) -> None:
    """Every target turned away as busy, and the cache had nothing: a 503, not an empty page."""
    busy = [o for o in live.values() if o.status.skip_reason is SkipReason.BUSY]
    if busy and len(busy) == len(live) and not any(o.records for o in fallen_back.values()):
        raise Overloaded("too many searches at once")


class SearchService:
    """The app's search state; `close()` it at shutdown (the cache owns a writer thread).

    `observe` hears every finished search, however it arrived (API, page, stream, SRU, CLI).
    """

    def __init__(
        self,
        settings: Settings,
        session: aiohttp.ClientSession,
        observe: SearchObserver | None = None,
    ) -> None:
        self.settings = settings
        self.session = session
        self._observe = observe
        self.cache = SearchCache(settings.cache)
        self.live_slots = asyncio.Semaphore(settings.limits.max_live_searches)
        self.gates = TargetGates(settings.http.limit_per_host)
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

    @property
    def is_busy(self) -> bool:
        """Every live-search slot is taken: a new search gets the cache index, or Overloaded."""
        return self.live_slots.locked()

    async def search(
        self,
        request: SearchRequest,
        on_outcome: OutcomeListener | None = None,
        *,
        search_id: str | None = None,
    ) -> SearchResult:
        """The federated search; on_outcome hears each catalogue as it answers (or fails)."""
        search_id = search_id or new_search_id()
        token = search_id_var.set(search_id)
        try:
            result = await self._pipeline(request, search_id, on_outcome or _ignore)
        finally:
            search_id_var.reset(token)
        if self._observe is not None:
            self._observe(result)
        return result

    async def _pipeline(
        self, request: SearchRequest, search_id: str, report: OutcomeListener
    ) -> SearchResult:
        times = Deadlines.from_now(self.settings.search.deadline_s)
        targets = self.chosen_targets(request.target_ids)
        if not request.fresh and (merged := self.cache.merged_result(request, targets)):
            for status in merged.targets:
                report(TargetOutcome(status=status))
            answer = replace(merged, search_id=search_id, from_result_cache=bool(targets))
            return replace(answer, elapsed_ms=times.elapsed_ms())
        remembered = {} if request.fresh else self.cache.remembered(request.query, targets)
        for outcome in remembered.values():
            report(outcome)
        asked = [t for t in targets if t.id not in remembered]
        live = await self._ask(request, asked, times.fan_out_by, report)
        answered = [(t, live[t.id]) for t in asked]
        fallen_back = await self.cache.fall_back(request.query, answered, times.fall_back_by)
        _refuse_if_overloaded(live, fallen_back)
        outcomes = [remembered.get(t.id) or fallen_back.get(t.id) or live[t.id] for t in targets]
        # to_thread copies the context, so the worker's log lines carry this search's id.
        works, result = await asyncio.to_thread(arrange, request, outcomes, search_id)
        self.recent.add(works)
        self.cache.store(request.query, answered, works)
        suggestion = await self._suggest(request, result.total, times.answer_by)
        elapsed_ms = times.elapsed_ms()
        log.info("search done", extra={"total": result.total, "elapsed_ms": elapsed_ms})
        result = replace(result, from_result_cache=bool(targets) and not asked)
        self.cache.store_merged(request, targets, replace(result, did_you_mean=suggestion))
        return replace(result, elapsed_ms=elapsed_ms, did_you_mean=suggestion)

    async def _ask(
        self,
        request: SearchRequest,
        targets: Sequence[Target],
        deadline: float,
        report: OutcomeListener,
    ) -> dict[str, TargetOutcome]:
        """Admit each target (enabled, breaker, a free live-search slot), then fan out."""
        if not targets:
            return {}
        if self.is_busy:
            message = "the search service is busy; showing cached records"
            return {t.id: skipped(t, SkipReason.BUSY, message) for t in targets}
        async with self.live_slots:
            tickets, refused = self._admit(targets)
            for outcome in refused.values():
                report(outcome)
            admitted = [t for t in targets if t.id in tickets]
            try:
                answers = await search_targets(
                    self.session,
                    self.settings,
                    admitted,
                    request.query,
                    report,
                    deadline=deadline,
                    gates=self.gates,
                )
            finally:
                for ticket in tickets.values():  # a cancelled probe must not hold the door
                    self.breakers.release(ticket)
        for outcome in answers:
            self._record(tickets[outcome.status.target], outcome)
        return {o.status.target: o for o in answers} | refused

    def _admit(
        self, targets: Sequence[Target]
    ) -> tuple[dict[str, Ticket], dict[str, TargetOutcome]]:
        tickets, refused = {}, {}
        for target in targets:
            if not target.enabled:
                message = "disabled in the configuration"
                refused[target.id] = skipped(target, SkipReason.DISABLED, message)
            elif (ticket := self.breakers.admit(target.id)) is not None:
                tickets[target.id] = ticket
            else:
                breaker = self.breakers.get(target.id)
                wait = self.breakers.seconds_until_probe(target.id)
                message = (
                    f"suspended after {breaker.consecutive_failures} failures; next try in "
                    f"{wait:.0f} s ({breaker.last_error})"
                )
                refused[target.id] = skipped(target, SkipReason.SUSPENDED, message)
        return tickets, refused

    def _record(self, ticket: Ticket, outcome: TargetOutcome) -> None:
        status = outcome.status
        kind = status.error_kind
        if kind is not None and not kind.blames_target and not kind.proves_alive:
            return  # our failure (a bug, our own queue): it says nothing about the catalogue
        self.breakers.record(ticket, kind is None or kind.proves_alive, status.message)

    async def _suggest(self, request: SearchRequest, total: int, deadline: float) -> str | None:
        if total >= FEW_HITS or not _free_text_only(request.query.root):
            return None
        return await self.cache.suggestion(request.query.source, deadline)

    async def work(self, work_id: str) -> Work | None:
        """A merged work by id: from recent searches, else rebuilt from the cache index."""
        found = self.recent.get(work_id)
        if found is not None:
            return found
        records = await self.cache.work_sources(work_id)
        return next((w for w in merge_records(records) if w.id == work_id), None)

    async def search_cached(self, request: SearchRequest) -> SearchResult:
        """Offline: the index alone answers, every target's records marked as cached."""
        records = tuple(await self.cache.everything(request.query, 1000))
        status = TargetStatus(
            target="cache", name="cache index", state=TargetState.CACHED, fetched=len(records)
        )
        outcome = TargetOutcome(status=status, records=records)
        _, result = await asyncio.to_thread(arrange, request, [outcome], new_search_id())
        return result

    async def complete(self, text: str) -> list[str]:
        """Search-as-you-type: completions of the last word, from the cached records' words."""
        return await self.cache.completions(text)

    async def close(self) -> None:
        await self.cache.close()

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
