"""The ILL workbench's data, for its page and every export: the work asked of the catalogues
again (so a status is live, or cached and marked with its age), each copy decided and ranked,
the staff's own library, the chosen copy and its request.

A record page is built from the search that found it, maybe an hour ago; a stale "on the
shelf" sends a request to a library that no longer has the book. So the workbench searches
again, by ISBN or title and author, and a catalogue that is down answers from the cache.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from starlette.datastructures import QueryParams

from federator.ill import (
    IllOption,
    IllRequest,
    LenderPlan,
    Reason,
    build_request,
    ill_options,
    plan_lenders,
)
from federator.models import Library, Target, TargetState, TargetStatus, Work
from federator.normalise import fold
from federator.params import ParamError, search_request
from federator.service import Overloaded, SearchService
from federator.web.i18n import local_date
from federator.web.ill_words import freshness_words, status_word

OWN_COOKIE = "ill_library"


@dataclass(frozen=True, slots=True, kw_only=True)
class Workbench:
    work: Work
    now: datetime  # when the catalogues were asked
    today: date
    options: tuple[IllOption, ...]
    plan: LenderPlan
    own: Library | None
    chosen: IllOption | None
    request: IllRequest | None
    statuses: tuple[TargetStatus, ...]  # how each catalogue answered just now
    libraries: tuple[Library, ...]  # every configured library, for the chooser

    def rank_of(self, option: IllOption) -> int | None:
        return next((s.rank for s in self.plan.suggestions if s.option.key == option.key), None)

    def skipped_why(self, option: IllOption) -> Reason | None:
        return next((s.why for s in self.plan.skipped if s.option.key == option.key), None)

    @property
    def not_live(self) -> tuple[TargetStatus, ...]:
        """Catalogues holding copies of this work that did not answer live just now."""
        holders = {o.holding.target for o in self.options}
        return tuple(
            s for s in self.statuses if s.target in holders and s.state is not TargetState.OK
        )


def all_libraries(targets: Sequence[Target]) -> tuple[Library, ...]:
    found = {lib.id: lib for t in targets for lib in t.libraries}
    return tuple(sorted(found.values(), key=lambda lib: fold(lib.name)))


def own_library(
    params: QueryParams, cookies: Mapping[str, str], libraries: Sequence[Library]
) -> tuple[Library | None, str | None]:
    """The staff's library: ?library= first, then the cookie. Also the unknown id asked for,
    so the page can say so."""
    asked = params.get("library")
    wanted = asked if asked is not None else cookies.get(OWN_COOKIE)
    found = next((lib for lib in libraries if lib.id == wanted), None)
    return found, asked if asked and found is None else None


def _refresh_params(work: Work) -> dict[str, str]:
    params = {"fresh": "1", "page_size": "100"}
    if work.isbns:
        return params | {"isbn": work.isbns[0]}
    params["title"] = work.title[:300]
    if work.authors:
        params["author"] = work.authors[0].name.split(",")[0][:300]
    return params


async def fetch_now(
    service: SearchService, work: Work, *, fresh: bool = True
) -> tuple[Work, tuple[TargetStatus, ...], frozenset[str]]:
    """The work as the catalogues hold it now, how each answered, and the targets whose
    copies come only from the earlier search (not found again: shown, but marked)."""
    params = _refresh_params(work)
    if not fresh:
        params.pop("fresh")
    earlier = frozenset(h.target for h in work.holdings if h.cached_at is None)
    try:
        request = search_request(QueryParams(params), service.settings.targets)
        result = await service.search(request)
    except (ParamError, Overloaded):
        return work, (), earlier
    found = next((r.work for r in result.results if r.work.id == work.id), None)
    if found is None:
        return work, result.targets, earlier
    answered = {s.target for s in found.sources}
    kept = tuple(h for h in work.holdings if h.target not in answered)
    unconfirmed = frozenset(h.target for h in kept if h.cached_at is None)
    return replace(found, holdings=found.holdings + kept), result.targets, unconfirmed


def availability_note(option: IllOption, now: datetime) -> str:
    """Status, due date and freshness in one line: ISO 18626's supplierInfo/availabilityNote."""
    words = status_word(option.holding.status)
    if option.holding.due_date:
        words += f" {local_date(option.holding.due_date)}"
    return f"{words} ({freshness_words(option.freshness, now)})"


async def workbench(
    service: SearchService, work: Work, params: QueryParams, cookies: Mapping[str, str]
) -> Workbench:
    now = datetime.now(UTC)
    today = now.date()
    current, statuses, unconfirmed = await fetch_now(service, work)
    targets = {t.id: t for t in service.settings.targets}
    libraries = all_libraries(service.settings.targets)
    own, _ = own_library(params, cookies, libraries)
    options = ill_options(current, targets, today=today, now=now, own=own, unconfirmed=unconfirmed)
    plan = plan_lenders(options, service.settings.ill, own, today)
    asked = params.get("copy")
    chosen = next((o for o in options if o.key == asked), None) if asked else None
    if chosen is None and plan.suggestions:
        chosen = plan.suggestions[0].option
    request = None
    if chosen is not None:
        request = build_request(current, chosen, own, now, availability_note(chosen, now))
    return Workbench(
        work=current,
        now=now,
        today=today,
        options=tuple(options),
        plan=plan,
        own=own,
        chosen=chosen,
        request=request,
        statuses=statuses,
        libraries=libraries,
    )
