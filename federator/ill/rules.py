"""Whether one copy can go out on interlibrary loan, and the rule that decided it.

The defaults are one table here (`DEFAULT_FORMATS`); a catalogue's `[targets.ill]` overrides
them per format and per item type. What the copy itself says (withdrawn, online, reference,
"Ej fjärrlån") beats every rule; then its item type; then its format; then the title's age and
a reservation queue. Each decision names its rule, so staff can see why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from federator.models import Format, Holding, HoldingStatus, ItemFlag, Target, Work

# Reason codes; the pages translate them.
FORMAT_EXCLUDED = "format_excluded"
TOO_NEW = "too_new"
REFERENCE_COPY = "reference_copy"
LOST = "lost"
ON_ORDER = "on_order"
RESERVED = "reserved"
ITEM_TYPE_EXCLUDED = "item_type_excluded"
WITHDRAWN = "withdrawn"
ONLINE = "online"  # an e-book or stream: the borrower's own library licenses its own
NOT_ON_ILL = "not_on_ill"  # the copy says so ("Ej fjärrlån", Koha notforloan for ILL)
DAMAGED = "damaged"
RESTRICTED = "restricted"
_STATUS_REASONS = {
    HoldingStatus.WITHDRAWN: WITHDRAWN,
    HoldingStatus.ONLINE: ONLINE,
    HoldingStatus.LOST: LOST,
    HoldingStatus.ON_ORDER: ON_ORDER,
}
_FLAG_REASONS = {
    ItemFlag.NO_ILL: NOT_ON_ILL,
    ItemFlag.DAMAGED: DAMAGED,
    ItemFlag.RESTRICTED: RESTRICTED,
}

# What Swedish public libraries lend each other when nobody says otherwise (KB's
# recommendations leave material types to each library; these follow the common local rules,
# e.g. Karlskoga's: no films, music or audiobooks).
DEFAULT_FORMATS: Mapping[Format, bool] = MappingProxyType(
    {
        Format.BOOK: True,
        Format.LARGE_PRINT: True,
        Format.MAP: True,
        Format.OTHER: True,  # unknown to us: the lender's own rules decide when asked
        Format.PERIODICAL: False,  # issues stay home; an article is sent as a copy
        Format.EBOOK: False,  # licensed per library: never lent, whatever a config says
        Format.AUDIOBOOK: False,
        Format.TALKING_BOOK: False,  # MTM's talböcker reach readers through Legimus
        Format.VIDEO: False,
        Format.MUSIC: False,
    }
)
NEVER_LENT = frozenset({Format.EBOOK})


class Scope(StrEnum):
    """What a rule is about."""

    COPY = "copy"  # the copy's own status or flags
    ITEM_TYPE = "item_type"
    FORMAT = "format"
    AGE = "age"  # new titles are bought, not lent
    QUEUE = "queue"  # the copy has a reservation queue


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    scope: Scope
    subject: str  # the reason code, format or item type the rule speaks of
    lends: bool
    by: str | None = None  # whose rule: a catalogue's name; None: the defaults


@dataclass(frozen=True, slots=True, kw_only=True)
class Decision:
    lendable: bool
    rule: Rule  # the rule that decided
    reasons: tuple[str, ...] = ()  # every reason the copy cannot go out


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _copy_reasons(holding: Holding, target: Target | None) -> list[str]:
    rules = target.ill if target else None
    reasons = [_STATUS_REASONS[holding.status]] if holding.status in _STATUS_REASONS else []
    is_reference = holding.status is HoldingStatus.NOT_FOR_LOAN or ItemFlag.REFERENCE in (
        holding.flags
    )
    if is_reference and not (rules and rules.lends_reference_copies):
        reasons.append(REFERENCE_COPY)
    flagged = [_FLAG_REASONS[f] for f in holding.flags if f in _FLAG_REASONS]
    if reasons:  # a reference or lost copy is not lent at all: "not on ILL" says nothing more
        flagged = [r for r in flagged if r != NOT_ON_ILL]
    return reasons + flagged


def _item_type_rule(holding: Holding, target: Target | None) -> Rule | None:
    item_type = holding.item_type
    if target is None or not item_type:
        return None
    own = dict(target.ill.item_types)
    if item_type in own:
        return Rule(scope=Scope.ITEM_TYPE, subject=item_type, lends=own[item_type], by=target.name)
    if target.holdings and item_type in target.holdings.no_ill_item_types:
        return Rule(scope=Scope.ITEM_TYPE, subject=item_type, lends=False, by=target.name)
    return None


def format_rule(work_format: Format, target: Target | None) -> Rule:
    """The catalogue's own word on this format, else the default."""
    if target is not None and work_format not in NEVER_LENT:
        own = dict(target.ill.formats)
        if work_format in own:
            lends = own[work_format]
            return Rule(scope=Scope.FORMAT, subject=work_format.value, lends=lends, by=target.name)
        if work_format in target.ill.excluded_formats:
            return Rule(scope=Scope.FORMAT, subject=work_format.value, lends=False, by=target.name)
    lends = DEFAULT_FORMATS[work_format]
    return Rule(scope=Scope.FORMAT, subject=work_format.value, lends=lends)


def decide(holding: Holding, work: Work, target: Target | None, today: date) -> Decision:
    """Can this copy go out on ILL, and which rule says so (the first that says no)."""
    failing: list[Rule] = []
    reasons = _copy_reasons(holding, target)
    if reasons:
        failing.append(Rule(scope=Scope.COPY, subject=reasons[0], lends=False))
    kind = _item_type_rule(holding, target) or format_rule(work.format, target)
    if not kind.lends:
        failing.append(kind)
        reasons.append(ITEM_TYPE_EXCLUDED if kind.scope is Scope.ITEM_TYPE else FORMAT_EXCLUDED)
    months = target.ill.min_age_months if target else 0
    if target and months and work.year is not None:
        if _months_between(date(work.year, 12, 31), today) < months:
            failing.append(Rule(scope=Scope.AGE, subject=TOO_NEW, lends=False, by=target.name))
            reasons.append(TOO_NEW)
    if holding.status is HoldingStatus.ON_HOLD and not (
        target and target.ill.lends_reserved_copies
    ):
        by = target.name if target else None
        failing.append(Rule(scope=Scope.QUEUE, subject=RESERVED, lends=False, by=by))
        reasons.append(RESERVED)
    if holding.ill_allowed is False and not reasons:  # the catalogue said so, without a why
        failing.append(Rule(scope=Scope.COPY, subject=ITEM_TYPE_EXCLUDED, lends=False))
        reasons.append(ITEM_TYPE_EXCLUDED)
    if failing:
        return Decision(lendable=False, rule=failing[0], reasons=tuple(reasons))
    return Decision(lendable=True, rule=kind)
