"""The federated search as one straight pipeline:
remembered → admit → fan out → fall back → arrange (→ the next records) → store → suggest
(→ when nothing was found, the same again with a correction known to find records).

Owns the app's search state: the circuit breakers, the live-search slots, the cache and a
bounded store of recently merged works (record pages read it, then the cache index). The whole
search answers within `[search] deadline_s`, the fallbacks and the suggestion included; the
CPU-bound middle (merge and rank) runs in a worker thread so the event loop keeps serving.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import aiohttp

from federator.arrange import arrange as arrange
from federator.caching import SearchCache
from federator.circuit import CircuitState, Ticket
from federator.config import Settings
from federator.connectors.base import TargetGates
from federator.logs import search_id_var
from federator.merge import merge_records
from federator.models import (
    Query,
    SearchRequest,
    SearchResult,
    SkipReason,
    Target,
    TargetOutcome,
    TargetState,
    TargetStatus,
    Work,
)
from federator.query import build_query, plain_words
from federator.search import (
    Deadlines,
    OutcomeListener,
    Window,
    extended,
    next_windows,
    search_targets,
)
from federator.shared import SharedState, shared_state
from federator.shared.backends import BreakerView, Settlement

log = logging.getLogger(__name__)
FEW_HITS = 3  # below this many results, offer a spelling the catalogues use
NEARLY_NONE = 1  # at most this many: search with the correction instead, if there is time
MORE_ROUNDS = 3  # rounds of fetching the next records, for a page past what was fetched
MIN_ROUND_S = 0.2  # a round of asking the catalogues needs at least this much time left
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


def skipped(target: Target, reason: SkipReason, message: str) -> TargetOutcome:
    status = TargetStatus(
        target=target.id,
        name=target.name,
        state=TargetState.SKIPPED,
        skip_reason=reason,
        message=message,
    )
    return TargetOutcome(status=status)


def _suspended(view: BreakerView) -> str:
    return (
        f"suspended after {view.consecutive_failures} failures; next try in "
        f"{view.seconds_until_probe:.0f} s ({view.last_error})"
    )


def _settlement(ticket: Ticket, outcome: TargetOutcome | None) -> Settlement:
    """What an admitted request proved about its target: nothing if it never ended (the search
    was cancelled) or failed by our own fault (a bug, our own queue)."""
    if outcome is None:
        return Settlement(ticket=ticket, ok=None)
    status = outcome.status
    kind = status.error_kind
    if kind is not None and not kind.blames_target and not kind.proves_alive:
        return Settlement(ticket=ticket, ok=None)
    return Settlement(ticket=ticket, ok=kind is None or kind.proves_alive, error=status.message)


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
        shared: SharedState | None = None,
    ) -> None:
        self.settings = settings
        self.session = session
        self._observe = observe
        # Breakers, answers and works: this process's own, or every worker's (`[shared]`).
        self.shared = shared or shared_state(settings)
        self.cache = SearchCache(settings.cache, results=self.shared.results)
        self.live_slots = asyncio.Semaphore(settings.limits.max_live_searches)
        self.gates = TargetGates(settings.http.limit_per_host)
        self.breakers = self.shared.breakers
        self.recent = self.shared.works

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
        result, all_live = await self._answer(request, targets, times, report, search_id)
        words = None if result.total >= FEW_HITS else plain_words(request.query)
        correction = None
        if words:
            # A correction must be ready while there is still time to search with it.
            by = times.fan_out_by if result.total <= NEARLY_NONE else times.answer_by
            correction = await self.cache.suggestion(words, by)
        repaired, repaired_live = None, False
        made_from: list[Query] = []
        if correction and self._may_repair(request, result, times):
            corrected = build_query(correction, {}, widen=True)
            repaired, repaired_live = await self._repaired(
                request, corrected, correction, targets, times, search_id
            )
            made_from.append(corrected)
        if repaired is not None and repaired.total > result.total:
            result, all_live = replace(repaired, did_you_mean=None), repaired_live
        else:
            result = replace(result, did_you_mean=correction)
        if all_live:  # kept from now on, so only what was fetched now: never outlives its data
            self.cache.store_merged(request, targets, result, made_from)
        elapsed_ms = times.elapsed_ms()
        log.info("search done", extra={"total": result.total, "elapsed_ms": elapsed_ms})
        return replace(result, elapsed_ms=elapsed_ms)

    async def _answer(
        self,
        request: SearchRequest,
        targets: Sequence[Target],
        times: Deadlines,
        report: OutcomeListener,
        search_id: str,
    ) -> tuple[SearchResult, bool]:
        """remembered → admit → fan out → fall back → arrange (→ the next records) → store;
        with the answer, whether every catalogue's answer in it was fetched now."""
        query = request.query
        remembered = {} if request.fresh else await self.cache.remembered(query, targets)
        for outcome in remembered.values():
            report(outcome)
        asked = [t for t in targets if t.id not in remembered]
        live = await self._ask(query, asked, times.fan_out_by, report)
        answered = {t.id: live[t.id] for t in asked}
        fallen_back = await self.cache.fall_back(
            query, [(t, live[t.id]) for t in asked], times.fall_back_by
        )
        _refuse_if_overloaded(live, fallen_back)
        outcomes = {
            t.id: remembered.get(t.id) or fallen_back.get(t.id) or live[t.id] for t in targets
        }
        # to_thread copies the context, so the worker's log lines carry this search's id.
        works, result = await asyncio.to_thread(
            arrange, request, list(outcomes.values()), search_id
        )
        for _ in range(MORE_ROUNDS if request.page > 1 else 0):
            windows = next_windows(
                list(outcomes.values()),
                targets,
                wanted=request.page * request.page_size - result.total,
                depth=self.settings.search.max_fetch_depth,
            )
            if not windows or times.fan_out_by - times.now() < MIN_ROUND_S:
                break
            chosen = [t for t in targets if t.id in windows]
            more = await self._ask(query, chosen, times.fan_out_by, _ignore, windows)
            for target_id, later in more.items():
                outcomes[target_id] = answered[target_id] = extended(outcomes[target_id], later)
            works, result = await asyncio.to_thread(
                arrange, request, list(outcomes.values()), search_id
            )
        await self.recent.keep(works, [ranked.work for ranked in result.results])
        answers = [(t, answered[t.id]) for t in targets if t.id in answered]
        await self.cache.store(query, answers, works)
        depth = self.settings.search.max_fetch_depth
        has_more = any(
            o.status.next_record and o.status.next_record <= depth for o in outcomes.values()
        )
        answer = replace(result, from_result_cache=bool(targets) and not asked, has_more=has_more)
        return answer, not remembered

    def _may_repair(self, request: SearchRequest, result: SearchResult, times: Deadlines) -> bool:
        """(Almost) nothing found, the patron did not ask for the words as typed, and there is
        time for one more search before the deadline."""
        return (
            result.total <= NEARLY_NONE
            and not request.literal
            and times.fan_out_by - times.now() >= MIN_ROUND_S
        )

    async def _repaired(
        self,
        request: SearchRequest,
        corrected_query: Query,
        correction: str,
        targets: Sequence[Target],
        times: Deadlines,
        search_id: str,
    ) -> tuple[SearchResult, bool]:
        """The search again with the correction (known to the cache index to find records);
        the answer keeps the request as typed, and says what it searched for instead."""
        corrected = replace(request, query=corrected_query)
        found, all_live = await self._answer(corrected, targets, times, _ignore, search_id)
        return replace(found, request=request, corrected_to=correction), all_live

    async def _ask(
        self,
        query: Query,
        targets: Sequence[Target],
        deadline: float,
        report: OutcomeListener,
        windows: Mapping[str, Window] | None = None,
    ) -> dict[str, TargetOutcome]:
        """Admit each target (enabled, breaker, a free live-search slot), then fan out."""
        if not targets:
            return {}
        if self.is_busy:
            message = "the search service is busy; showing cached records"
            return {t.id: skipped(t, SkipReason.BUSY, message) for t in targets}
        async with self.live_slots:
            tickets, refused = await self._admit(targets)
            for outcome in refused.values():
                report(outcome)
            admitted = [t for t in targets if t.id in tickets]
            answers: list[TargetOutcome] = []
            try:
                answers = await search_targets(
                    self.session,
                    self.settings,
                    admitted,
                    query,
                    report,
                    deadline=deadline,
                    gates=self.gates,
                    windows=windows,
                )
            finally:
                # Every ticket goes back with what it taught; a cancelled probe frees the door.
                outcomes = {o.status.target: o for o in answers}
                await self.breakers.settle(
                    [_settlement(t, outcomes.get(t.target_id)) for t in tickets.values()]
                )
        return {o.status.target: o for o in answers} | refused

    async def _admit(
        self, targets: Sequence[Target]
    ) -> tuple[dict[str, Ticket], dict[str, TargetOutcome]]:
        tickets, refused = {}, {}
        admitted = await self.breakers.admit([t.id for t in targets if t.enabled])
        for target in targets:
            answer = admitted.get(target.id)
            if answer is None:
                message = "disabled in the configuration"
                refused[target.id] = skipped(target, SkipReason.DISABLED, message)
            elif isinstance(answer, Ticket):
                tickets[target.id] = answer
            else:
                refused[target.id] = skipped(target, SkipReason.SUSPENDED, _suspended(answer))
        return tickets, refused

    async def work(self, work_id: str) -> Work | None:
        """A merged work by id: from recent searches, else rebuilt from the cache index."""
        found = await self.recent.find(work_id)
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

    async def overview(self) -> list[TargetOverview]:
        views = await self.breakers.views([t.id for t in self.settings.targets])
        return [
            TargetOverview(
                target=target,
                circuit=views[target.id].state,
                consecutive_failures=views[target.id].consecutive_failures,
                next_probe_in_s=round(views[target.id].seconds_until_probe, 1),
                last_error=views[target.id].last_error,
            )
            for target in self.settings.targets
        ]
