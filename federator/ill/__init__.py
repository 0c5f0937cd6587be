"""Interlibrary loan (fjärrlån) for staff: which copies of a work can go out, and why not.

Each catalogue's rules are data (`Target.ill`); this applies them to every holding and orders
the answer the way staff read it: on the shelf and lendable first, then lendable when back
(soonest due date first), then what cannot go out, each with its reasons.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date

from federator.models import Holding, HoldingStatus, ItemFlag, Target, Work

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
_FLAG_REASONS = {
    ItemFlag.NO_ILL: NOT_ON_ILL,
    ItemFlag.DAMAGED: DAMAGED,
    ItemFlag.RESTRICTED: RESTRICTED,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class IllOption:
    holding: Holding
    lendable: bool
    reasons: tuple[str, ...]


def _months_between(earlier: date, later: date) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _reasons(holding: Holding, work: Work, target: Target | None, today: date) -> list[str]:
    reasons = []
    rules = target.ill if target else None
    if holding.status is HoldingStatus.WITHDRAWN:
        reasons.append(WITHDRAWN)
    if holding.status is HoldingStatus.ONLINE:
        reasons.append(ONLINE)
    if holding.status is HoldingStatus.LOST:
        reasons.append(LOST)
    if holding.status is HoldingStatus.ON_ORDER:
        reasons.append(ON_ORDER)
    if holding.status is HoldingStatus.NOT_FOR_LOAN and not (
        rules and rules.lends_reference_copies
    ):
        reasons.append(REFERENCE_COPY)
    if holding.status is HoldingStatus.ON_HOLD and not (rules and rules.lends_reserved_copies):
        reasons.append(RESERVED)
    if rules and work.format in rules.excluded_formats:
        reasons.append(FORMAT_EXCLUDED)
    if rules and rules.min_age_months and work.year is not None:
        if _months_between(date(work.year, 12, 31), today) < rules.min_age_months:
            reasons.append(TOO_NEW)
    reasons += [_FLAG_REASONS[f] for f in holding.flags if f in _FLAG_REASONS]
    if holding.ill_allowed is False and not reasons:
        reasons.append(ITEM_TYPE_EXCLUDED)
    return reasons


def _order(option: IllOption) -> tuple[int, date, str, str]:
    status = option.holding.status
    if option.lendable and status is HoldingStatus.AVAILABLE:
        group = 0
    elif option.lendable:
        group = 1
    else:
        group = 2
    due = option.holding.due_date or date.max
    return group, due, option.holding.library, option.holding.branch or ""


def ill_options(work: Work, targets: dict[str, Target], today: date) -> list[IllOption]:
    options = []
    for holding in work.holdings:
        reasons = _reasons(holding, work, targets.get(holding.target), today)
        options.append(IllOption(holding=holding, lendable=not reasons, reasons=tuple(reasons)))
    return sorted(options, key=_order)


def options_csv(work: Work, options: list[IllOption]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    safe = _spreadsheet_safe
    writer.writerow(
        [
            "title",
            "library",
            "branch",
            "call_number",
            "status",
            "due_date",
            "ill",
            "reasons",
            "record",
        ]
    )
    for option in options:
        holding = option.holding
        writer.writerow(
            [
                safe(work.title),
                safe(holding.library),
                safe(holding.branch or ""),
                safe(holding.call_number or ""),
                holding.status.value,
                holding.due_date.isoformat() if holding.due_date else "",
                "yes" if option.lendable else "no",
                " ".join(option.reasons),
                f"{holding.target}:{holding.record_id}",
            ]
        )
    return out.getvalue()


def _spreadsheet_safe(value: str) -> str:
    # A catalogue's text must not become a formula when staff open the CSV in a spreadsheet.
    return f"'{value}" if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
