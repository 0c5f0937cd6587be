"""Per-target circuit breakers: a catalogue that keeps failing is skipped for a growing while.

After `failures` consecutive failures a target is open (skipped) for `cooldown_s`; then one
search may probe it (half-open) while others still skip it. Success closes it; a failed probe
opens it again for twice as long, up to `max_cooldown_s`. Only the probe's own outcome changes
the cooldown: searches already in flight when the breaker opened fail too, and counting each as
a failed probe would push a briefly-down catalogue to the maximum. State is the app's, not
global (searxng's SuspendedStatus is the model).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum


class CircuitState(StrEnum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half_open"


@dataclass(slots=True)
class Breaker:
    failures_to_open: int
    base_cooldown_s: float
    max_cooldown_s: float
    consecutive_failures: int = 0
    opened_at: float | None = None
    cooldown_s: float = 0.0
    probing: bool = False
    last_error: str | None = None

    def state(self, now: float) -> CircuitState:
        if self.opened_at is None:
            return CircuitState.CLOSED
        if not self.probing and now < self.opened_at + self.cooldown_s:
            return CircuitState.OPEN
        return CircuitState.HALF_OPEN  # probing now, or ready for the next search to probe

    def reopens_at(self) -> float | None:
        return None if self.opened_at is None else self.opened_at + self.cooldown_s


@dataclass(frozen=True, slots=True)
class Ticket:
    """An admitted request; the probe of a half-open breaker carries `is_probe`. A ticket from
    shared state carries the `token` that proves which worker holds the probe."""

    target_id: str
    is_probe: bool = False
    token: str = ""


class Breakers:
    """The breakers of every target, with `clock` a monotonic time in seconds."""

    def __init__(
        self, clock: Callable[[], float], failures: int, cooldown_s: float, max_cooldown_s: float
    ) -> None:
        self._clock = clock
        self._settings = (failures, cooldown_s, max_cooldown_s)
        self._breakers: dict[str, Breaker] = {}

    def get(self, target_id: str) -> Breaker:
        if target_id not in self._breakers:
            self._breakers[target_id] = Breaker(*self._settings)
        return self._breakers[target_id]

    def admit(self, target_id: str) -> Ticket | None:
        """May this search ask the target? A half-open target admits exactly one probe."""
        breaker = self.get(target_id)
        now = self._clock()
        if breaker.opened_at is None:
            return Ticket(target_id)
        if breaker.probing or now < breaker.opened_at + breaker.cooldown_s:
            return None
        breaker.probing = True
        return Ticket(target_id, is_probe=True)

    def record(self, ticket: Ticket, ok: bool, error: str | None = None) -> None:
        breaker = self.get(ticket.target_id)
        if ticket.is_probe:
            breaker.probing = False
        if ok:
            breaker.consecutive_failures, breaker.opened_at, breaker.cooldown_s = 0, None, 0.0
            breaker.last_error, breaker.probing = None, False
            return
        breaker.consecutive_failures += 1
        breaker.last_error = error
        if ticket.is_probe:  # the probe failed: open again, for longer
            breaker.cooldown_s = min(breaker.cooldown_s * 2, breaker.max_cooldown_s)
            breaker.opened_at = self._clock()
        elif breaker.opened_at is None and breaker.consecutive_failures >= breaker.failures_to_open:
            breaker.cooldown_s = breaker.base_cooldown_s
            breaker.opened_at = self._clock()
        # else: a request admitted before the breaker opened; it proves nothing new.

    def release(self, ticket: Ticket) -> None:
        """The search that held this ticket is over: a probe no longer holds the door."""
        if ticket.is_probe:
            self.get(ticket.target_id).probing = False

    def seconds_until_probe(self, target_id: str) -> float:
        reopens = self.get(target_id).reopens_at()
        return 0.0 if reopens is None else max(0.0, reopens - self._clock())

    def state(self, target_id: str) -> CircuitState:
        return self.get(target_id).state(self._clock())
