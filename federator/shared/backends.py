"""The four kinds of state several workers must share, each a small async interface with an
in-process implementation (`local.py`) and a Redis one (`remote.py`): the service and the web
layer call these and never ask which one they hold."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from federator.circuit import CircuitState, Ticket
from federator.models import QueryNode, TargetOutcome, Work

# One target's answer to one query: the tree, not the text ("title: röda" typed as free text is
# another search), whether it was expert CQL, and the target id.
ResultKey = tuple[QueryNode, bool, str]


@dataclass(frozen=True, slots=True, kw_only=True)
class BreakerView:
    """One target's breaker as every worker sees it."""

    state: CircuitState
    consecutive_failures: int = 0
    seconds_until_probe: float = 0.0
    last_error: str | None = None


CLOSED = BreakerView(state=CircuitState.CLOSED)


@dataclass(frozen=True, slots=True, kw_only=True)
class Settlement:
    """What one admitted request taught us: `ok` True or False, or None when it proves nothing
    about the target (cancelled, or our own fault) and only its ticket is given back."""

    ticket: Ticket
    ok: bool | None
    error: str | None = None


class RateLimiter(Protocol):
    async def take(self, client: str) -> float:
        """0 if this client's request may go ahead, else the seconds until it may."""
        ...


class BreakerStore(Protocol):
    async def admit(self, target_ids: Sequence[str]) -> dict[str, Ticket | BreakerView]:
        """A ticket for each target that may be asked (a half-open one admits exactly one
        probe, county-wide), else the view that says why not."""
        ...

    async def settle(self, settlements: Sequence[Settlement]) -> None:
        """Every ticket comes back here, with its outcome: only a probe changes the cooldown."""
        ...

    async def views(self, target_ids: Sequence[str]) -> dict[str, BreakerView]: ...


class ResultStore(Protocol):
    async def recall(self, keys: Sequence[ResultKey]) -> dict[ResultKey, TargetOutcome]:
        """The answers still fresh (within `[cache] ttl_s`) among `keys`."""
        ...

    async def keep(self, answers: Sequence[tuple[ResultKey, TargetOutcome]]) -> None:
        """Remember successful answers; a failed one is never kept (asked again next time)."""
        ...


class WorkStore(Protocol):
    async def keep(self, merged: Sequence[Work], shown: Sequence[Work]) -> None:
        """The works of a search, for their record pages. `shown` (the page the patron saw,
        a subset of `merged`) is what a store that copies must keep; one that holds
        references may keep everything merged."""
        ...

    async def find(self, work_id: str) -> Work | None: ...
