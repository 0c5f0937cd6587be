"""Every copy of a work as ILL staff read it: which library (with its codes and contact), how
fresh its status is, whether it is overdue, whether it is the staff's own library or network
(a reservation, not an ILL), and the rule that decides whether it can go out."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from federator.ill.rules import Decision, decide
from federator.models import Holding, HoldingStatus, Library, Target, Work
from federator.normalise import fold

# A status code ("2", "CHECKEDOUT"), not words nor a date.
_CODE = re.compile(r"^(?!\d{4}-\d\d-\d\d)[0-9A-Z_-]{1,20}$")


def library_id(name: str) -> str:
    """ "Örebro stadsbibliotek" -> "orebro-stadsbibliotek": ASCII, stable, for URLs and
    cookies."""
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "library"


class Relation(StrEnum):
    OWN_LIBRARY = "own_library"  # the staff's own library: reserve it
    OWN_NETWORK = "own_network"  # same catalogue and card (Bergslagsbibblan): reserve it
    OTHER = "other"  # another library: interlibrary loan


@dataclass(frozen=True, slots=True, kw_only=True)
class Freshness:
    """When a copy's status was seen, and whether the catalogue was asked just now."""

    as_of: datetime  # aware, UTC
    cached: bool = False  # from the cache index: the catalogue did not answer now
    confirmed: bool = True  # False: seen in an earlier search; this one did not find it

    @property
    def is_live(self) -> bool:
        return self.confirmed and not self.cached

    def age_s(self, now: datetime) -> float:
        return max(0.0, (now - self.as_of).total_seconds())


@dataclass(frozen=True, slots=True, kw_only=True)
class IllOption:
    key: str  # names the copy in links (?copy=) and exports: target.record.n
    holding: Holding
    library: Library
    decision: Decision
    relation: Relation
    freshness: Freshness
    overdue: bool  # on loan past its due date: not coming back on a known day

    @property
    def lendable(self) -> bool:
        return self.decision.lendable

    @property
    def reasons(self) -> tuple[str, ...]:
        return self.decision.reasons

    @property
    def is_reservation(self) -> bool:
        return self.relation is not Relation.OTHER

    @property
    def place(self) -> str:
        """Library and branch, each named once ("Nora bibliotek", not "Nora bibliotek, Nora
        bibliotek"; "Lekebergs bibliotek, Fjugesta" rather than the library twice)."""
        library, branch = self.holding.library, self.holding.branch
        if not branch or fold(branch) == fold(library):
            return library
        if fold(branch).startswith(fold(library)):
            return branch
        return f"{library}, {branch}"

    @property
    def catalogue_code(self) -> str | None:
        """The catalogue's own status codes ("7=2", "k=CHECKEDOUT"), for staff; not a due
        date shown beside them ("q=2026-11-28"), nor a note's words the status already says
        ("z=Tillgänglig", "z=Utlånad t.o.m. 2026-11-28")."""
        raw = self.holding.raw_status
        if not raw:
            return None
        parts = [p for p in raw.split("; ") if _CODE.match(p.partition("=")[2])]
        return "; ".join(parts) or None


def library_of(holding: Holding, target: Target | None) -> Library:
    """The configured library a copy belongs to, or what the copy itself says of it."""
    found = target.library(holding.library) if target else None
    return found or Library(
        id=library_id(holding.library),
        name=holding.library,
        municipality=holding.municipality or "",
        network=holding.target,
    )


def _relation(library: Library, own: Library | None) -> Relation:
    if own is None:
        return Relation.OTHER
    if library.id == own.id:
        return Relation.OWN_LIBRARY
    return Relation.OWN_NETWORK if library.network == own.network else Relation.OTHER


def _freshness(holding: Holding, now: datetime, unconfirmed: Collection[str]) -> Freshness:
    if holding.cached_at is not None:
        return Freshness(as_of=holding.cached_at, cached=True)
    return Freshness(as_of=now, confirmed=holding.target not in unconfirmed)


def _order(option: IllOption) -> tuple[int, int, bool, date, str]:
    relation = list(Relation).index(option.relation)
    if not option.lendable and not option.is_reservation:
        group = 3
    elif option.holding.status is HoldingStatus.AVAILABLE:
        group = 0
    elif option.holding.status is HoldingStatus.UNKNOWN:
        group = 2
    else:
        group = 1
    due = option.holding.due_date or date.max
    return relation, group, option.overdue, due, option.place  # overdue: back on no known day


def ill_options(
    work: Work,
    targets: Mapping[str, Target],
    *,
    today: date,
    now: datetime,
    own: Library | None = None,
    unconfirmed: Collection[str] = (),
) -> list[IllOption]:
    """Every copy, ordered: the own library's and network's first (reserve them), then what
    can go out (on the shelf, then by due date), then what cannot.

    `now` is when the catalogues were asked; `unconfirmed` names targets whose copies come
    from an earlier search and were not found in this one."""
    options = []
    seen: dict[tuple[str, str], int] = {}
    for holding in work.holdings:
        place = (holding.target, holding.record_id)
        seen[place] = seen.get(place, 0) + 1
        target = targets.get(holding.target)
        library = library_of(holding, target)
        overdue = holding.status is HoldingStatus.ON_LOAN and bool(
            holding.due_date and holding.due_date < today
        )
        options.append(
            IllOption(
                key=f"{holding.target}.{holding.record_id}.{seen[place]}",
                holding=holding,
                library=library,
                decision=decide(holding, work, target, today),
                relation=_relation(library, own),
                freshness=_freshness(holding, now, unconfirmed),
                overdue=overdue,
            )
        )
    return sorted(options, key=_order)
