"""Fan-out: one query to many targets at once, one deadline, one status per target.

This is the one boundary where a target's failure becomes data: every outcome, a bug included,
ends as a `TargetStatus`, so one bad catalogue never costs the others their results.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

import aiohttp

from federator.config import Settings
from federator.connectors import sru, z3950
from federator.connectors.base import Gate, TargetGates
from federator.errors import TargetError, TargetQueued, TargetTimeout
from federator.models import (
    ErrorKind,
    Protocol,
    Query,
    Target,
    TargetOutcome,
    TargetState,
    TargetStatus,
)
from federator.z3950.options import Z3950Options

log = logging.getLogger(__name__)
# Of the deadline, the share kept for what follows the fan-out (fallback, arrange, suggest).
FINISH_SHARE, MAX_FINISH_S = 0.2, 0.5


@dataclass(frozen=True, slots=True)
class Deadlines:
    """One search's times on the loop clock: the fan-out ends early enough for what follows."""

    started: float
    answer_by: float

    @classmethod
    def from_now(cls, deadline_s: float) -> Deadlines:
        now = asyncio.get_running_loop().time()
        return cls(started=now, answer_by=now + deadline_s)

    @property
    def _finish_s(self) -> float:
        return min(MAX_FINISH_S, FINISH_SHARE * (self.answer_by - self.started))

    @property
    def fan_out_by(self) -> float:
        return self.answer_by - self._finish_s

    @property
    def fall_back_by(self) -> float:
        return self.answer_by - self._finish_s / 2

    def now(self) -> float:
        return asyncio.get_running_loop().time()

    def elapsed_ms(self) -> float:
        return round((asyncio.get_running_loop().time() - self.started) * 1000, 1)


def open_session(settings: Settings) -> aiohttp.ClientSession:
    """The one client session of a process; per-request timeouts come from each target.

    aiohttp's own pool is unbounded: its limit is per host and port, which several databases
    of one server share. Each target's connections are bounded by its own Gate instead.
    """
    connector = aiohttp.TCPConnector(limit=0, limit_per_host=0)
    return aiohttp.ClientSession(
        connector=connector,
        headers={"User-Agent": settings.http.user_agent},
        timeout=aiohttp.ClientTimeout(total=settings.search.deadline_s * 2),
    )


def _elapsed_ms(started: float) -> float:
    return round((asyncio.get_running_loop().time() - started) * 1000, 1)


def _failed(target: Target, started: float, exc: Exception, state: TargetState) -> TargetOutcome:
    kind = exc.kind if isinstance(exc, TargetError) else ErrorKind.BUG
    message = str(exc) if isinstance(exc, TargetError) else f"internal error ({type(exc).__name__})"
    status = TargetStatus(
        target=target.id,
        name=target.name,
        state=state,
        message=message,
        error_kind=kind,
        elapsed_ms=_elapsed_ms(started),
    )
    log.debug(
        "target failed", extra={"target": target.id, "kind": kind, "elapsed_ms": status.elapsed_ms}
    )
    return TargetOutcome(status=status)


@dataclass(frozen=True, slots=True)
class Window:
    """Which of a target's records to fetch: `count` from position `start` on."""

    start: int = 1
    count: int | None = None  # None: the target's max_records


def _mostly_queued(gate: Gate, started: float, ends: float) -> bool:
    """Did the catalogue get less than half the time this search gave it? Then the timeout is
    ours (slots held by other searches), not evidence that the catalogue is down."""
    if gate.entered_at is None:
        return True
    return ends - gate.entered_at < (ends - started) / 2


async def run_target(
    session: aiohttp.ClientSession,
    target: Target,
    query: Query,
    deadline: float,
    max_bytes: int,
    gate: Gate | None = None,
    z3950_options: Z3950Options | None = None,
    window: Window = Window(),
) -> TargetOutcome:
    """Search one target by the deadline. Never raises (except cancellation)."""
    started = asyncio.get_running_loop().time()
    ends = min(deadline, started + target.timeout_s)
    try:
        async with asyncio.timeout_at(ends):
            if z3950_options is not None:  # the reactor ends the connection by `ends` itself
                outcome = await z3950.search(target, z3950_options, query, deadline=ends)
            else:
                outcome = await sru.search(
                    session,
                    target,
                    query,
                    start=window.start,
                    max_records=window.count,
                    max_bytes=max_bytes,
                    gate=gate,
                )
    except TimeoutError:
        waited = f"{ends - started:.1f} s"
        # Only SRU waits at the gate (Z39.50's reactor has no slots): only it can queue.
        if gate is not None and z3950_options is None and _mostly_queued(gate, started, ends):
            queued = TargetQueued(f"other searches held its connections for most of {waited}")
            return _failed(target, started, queued, TargetState.TIMEOUT)
        timeout = TargetTimeout(f"no answer within {waited}")
        return _failed(target, started, timeout, TargetState.TIMEOUT)
    except TargetTimeout as exc:
        return _failed(target, started, exc, TargetState.TIMEOUT)
    except TargetError as exc:
        return _failed(target, started, exc, TargetState.ERROR)
    except Exception as exc:  # noqa: BLE001  a parser bug in one catalogue must not cost the others
        log.exception("target crashed", extra={"target": target.id})
        return _failed(target, started, exc, TargetState.ERROR)
    status = TargetStatus(
        target=target.id,
        name=target.name,
        state=TargetState.OK,
        hits=outcome.hits,
        fetched=len(outcome.records),
        elapsed_ms=_elapsed_ms(started),
        sru_version=outcome.sru_version,
        warnings=outcome.warnings,
        message="; ".join(outcome.warnings[:3]) or None,
        next_record=outcome.next_record,
    )
    log.debug(
        "target done",
        extra={"target": target.id, "hits": outcome.hits, "elapsed_ms": status.elapsed_ms},
    )
    return TargetOutcome(status=status, records=outcome.records)


OutcomeListener = Callable[[TargetOutcome], None]


async def search_targets(
    session: aiohttp.ClientSession,
    settings: Settings,
    targets: Sequence[Target],
    query: Query,
    on_outcome: OutcomeListener | None = None,
    *,
    deadline: float | None = None,
    gates: TargetGates | None = None,
    windows: Mapping[str, Window] | None = None,
) -> list[TargetOutcome]:
    """Every target's outcome, in the order given, all finished by `deadline` (loop time;
    default: the search deadline from now). `windows` says, by target id, which records to
    fetch when not the first ones (the next page of a search).

    on_outcome hears each target as it finishes (streaming to a page), in finishing order.
    """
    if deadline is None:
        deadline = asyncio.get_running_loop().time() + settings.search.deadline_s
    max_bytes = settings.http.max_body_bytes

    async def reported(target: Target) -> TargetOutcome:
        gate = gates.gate(target.id) if gates is not None else None
        options = settings.z3950_options(target.id) if target.protocol is Protocol.Z3950 else None
        window = (windows or {}).get(target.id, Window())
        outcome = await run_target(
            session, target, query, deadline, max_bytes, gate, options, window
        )
        if on_outcome is not None:
            on_outcome(outcome)
        return outcome

    # The wrapper never raises, so the group never cancels a healthy target for a failing one.
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(reported(t)) for t in targets]
    return [task.result() for task in tasks]


def extended(earlier: TargetOutcome, later: TargetOutcome) -> TargetOutcome:
    """A target's earlier records followed by the next ones fetched for the same search; if
    fetching them failed, the earlier answer as it was (still saying there is more)."""
    if later.status.state is not TargetState.OK:
        return earlier
    seen = {r.record_id for r in earlier.records}
    records = earlier.records + tuple(r for r in later.records if r.record_id not in seen)
    status = replace(
        earlier.status,
        hits=later.status.hits,
        fetched=len(records),
        next_record=later.status.next_record,
        elapsed_ms=round(earlier.status.elapsed_ms + later.status.elapsed_ms, 1),
        warnings=earlier.status.warnings + later.status.warnings,
    )
    return TargetOutcome(status=status, records=records)


def next_windows(
    outcomes: Sequence[TargetOutcome], targets: Sequence[Target], *, wanted: int, depth: int
) -> dict[str, Window]:
    """For a page past what was fetched: the next records of each target that holds more,
    at least `wanted` (or its max_records) each, none past position `depth`."""
    if wanted <= 0:
        return {}
    by_id = {t.id: t for t in targets}
    windows = {}
    for outcome in outcomes:
        start, target = outcome.status.next_record, by_id.get(outcome.status.target)
        if start is None or target is None or start > depth:
            continue
        count = min(max(target.max_records, wanted), depth - start + 1)
        windows[target.id] = Window(start=start, count=count)
    return windows
