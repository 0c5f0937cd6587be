"""Which library to ask: the lendable copies ranked by rules kept as data (`[ill]
lender_order`), the first few suggested with the reason for each, and why every other copy
was passed over.

Like Norway's Biblioteksøk and Index Data's CrossLink broker: a copy on the shelf before one
on loan (due soonest first), the county transport route before the post, and the load spread
by each library's loans out against loans in. One copy per library is suggested.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from federator.ill.copies import IllOption
from federator.models import HoldingStatus, Library

AVAILABLE_NOW = "available_now"
DUE_SOONEST = "due_soonest"
TRANSPORT = "transport"
BALANCE = "balance"
COPIES_ON_SHELF = "copies_on_shelf"
CRITERIA = (AVAILABLE_NOW, DUE_SOONEST, TRANSPORT, BALANCE, COPIES_ON_SHELF)


@dataclass(frozen=True, slots=True, kw_only=True)
class LenderRules:
    """The [ill] section: how lenders are ranked and how many are suggested."""

    lender_order: tuple[str, ...] = CRITERIA
    suggestions: int = 3
    hub_route: str = ""  # the route of the transport hub (Örebro): one stop from every route


@dataclass(frozen=True, slots=True, kw_only=True)
class Reason:
    """One reason, for the page to put in words: a code and what it is about."""

    code: str
    day: date | None = None
    number: int | None = None
    other: int | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Suggestion:
    rank: int  # 1-based
    option: IllOption
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Skipped:
    option: IllOption
    why: Reason  # not lendable, reserve instead, same library as a suggestion, ranked lower


@dataclass(frozen=True, slots=True, kw_only=True)
class LenderPlan:
    reservations: tuple[IllOption, ...]  # the own library's and network's copies
    suggestions: tuple[Suggestion, ...]
    skipped: tuple[Skipped, ...]


@dataclass(frozen=True, slots=True)
class _Context:
    own: Library | None
    hub_route: str
    on_shelf: Counter[str]  # library id -> copies on the shelf there
    today: date


_Key = tuple[float, ...]
Criterion = Callable[[IllOption, _Context], tuple[_Key, Reason | None]]


def _available_now(option: IllOption, context: _Context) -> tuple[_Key, Reason | None]:
    status = option.holding.status
    if status is HoldingStatus.AVAILABLE:
        return (0,), Reason(code="on_shelf")
    if status is HoldingStatus.UNKNOWN:
        return (2,), Reason(code="status_unknown")
    return (1,), None


def _due_soonest(option: IllOption, context: _Context) -> tuple[_Key, Reason | None]:
    due = option.holding.due_date
    if due is None:
        return (0, 0), None
    if option.overdue:  # overdue copies come back on no known day: after the punctual ones
        return (1, due.toordinal()), Reason(code="overdue", day=due)
    return (0, due.toordinal()), Reason(code="due_back", day=due)


def _transport(option: IllOption, context: _Context) -> tuple[_Key, Reason | None]:
    route, own = option.library.route, context.own
    if route is None:
        return (3,), Reason(code="off_route")
    if own is None or own.route is None:
        return (1,), Reason(code="on_route", text=route)
    if route == own.route:
        return (0,), Reason(code="same_route", text=route)
    if context.hub_route in (route, own.route):
        return (1,), Reason(code="hub", text=route)
    return (2,), Reason(code="via_hub", text=route)


def _balance(option: IllOption, context: _Context) -> tuple[_Key, Reason | None]:
    lent, borrowed = option.library.ill_lent, option.library.ill_borrowed
    if lent is None or borrowed is None:
        return (1.0,), None
    ratio = lent / max(borrowed, 1)
    code = "lends_less" if lent < borrowed else "lends_more"
    return (ratio,), Reason(code=code, number=lent, other=borrowed)


def _copies_on_shelf(option: IllOption, context: _Context) -> tuple[_Key, Reason | None]:
    count = context.on_shelf[option.library.id]
    return (-count,), Reason(code="copies_on_shelf", number=count) if count > 1 else None


CRITERION: dict[str, Criterion] = {
    AVAILABLE_NOW: _available_now,
    DUE_SOONEST: _due_soonest,
    TRANSPORT: _transport,
    BALANCE: _balance,
    COPIES_ON_SHELF: _copies_on_shelf,
}


def _ranked(
    candidates: Sequence[IllOption], order: Sequence[str], context: _Context
) -> list[tuple[IllOption, list[_Key], list[Reason]]]:
    scored = []
    for option in candidates:
        keys, reasons = [], []
        for name in order:
            key, reason = CRITERION[name](option, context)
            keys.append(key)
            if reason is not None:
                reasons.append(reason)
        scored.append((option, keys, reasons))
    # Ties end in the library's name and the copy's key: the same answer every time.
    scored.sort(key=lambda s: (s[1], s[0].library.name, s[0].key))
    return scored


def plan_lenders(
    options: Sequence[IllOption], rules: LenderRules, own: Library | None, today: date
) -> LenderPlan:
    on_shelf = Counter(
        o.library.id
        for o in options
        if o.lendable and o.holding.status is HoldingStatus.AVAILABLE and not o.is_reservation
    )
    context = _Context(own=own, hub_route=rules.hub_route, on_shelf=on_shelf, today=today)
    reservations = tuple(o for o in options if o.is_reservation)
    skipped = [
        Skipped(option=o, why=Reason(code="not_lendable"))
        for o in options
        if not o.lendable and not o.is_reservation
    ]
    candidates = [o for o in options if o.lendable and not o.is_reservation]
    suggestions: list[Suggestion] = []
    chosen: dict[str, int] = {}  # library id -> rank of its suggested copy
    last_keys: list[_Key] = []
    for option, keys, reasons in _ranked(candidates, rules.lender_order, context):
        if option.library.id in chosen:
            why = Reason(code="same_library", number=chosen[option.library.id])
            skipped.append(Skipped(option=option, why=why))
        elif len(suggestions) < rules.suggestions:
            suggestions.append(
                Suggestion(rank=len(suggestions) + 1, option=option, reasons=tuple(reasons))
            )
            chosen[option.library.id] = len(suggestions)
            last_keys = keys
        else:
            lost_on = next(
                (
                    n
                    for n, k, last in zip(rules.lender_order, keys, last_keys, strict=True)
                    if k > last
                ),
                None,
            )
            skipped.append(Skipped(option=option, why=Reason(code="ranked_lower", text=lost_on)))
    return LenderPlan(
        reservations=reservations, suggestions=tuple(suggestions), skipped=tuple(skipped)
    )
