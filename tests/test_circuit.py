"""Circuit breakers: open after consecutive failures, one probe at a time, growing cooldowns,
and only the probe's own outcome changes the cooldown (not requests already in flight)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from federator.circuit import Breakers, CircuitState, Ticket


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def admitted(breakers: Breakers, target_id: str = "t") -> Ticket:
    ticket = breakers.admit(target_id)
    assert ticket is not None
    return ticket


def test_opens_after_consecutive_failures_then_probes_once() -> None:
    clock = Clock()
    breakers = Breakers(clock, failures=3, cooldown_s=30, max_cooldown_s=100)
    for _ in range(2):
        breakers.record(admitted(breakers), ok=False, error="down")
    assert breakers.state("t") is CircuitState.CLOSED
    breakers.record(admitted(breakers), ok=False, error="down")
    assert breakers.state("t") is CircuitState.OPEN and breakers.admit("t") is None
    assert breakers.seconds_until_probe("t") == 30
    clock.now += 30
    assert breakers.state("t") is CircuitState.HALF_OPEN
    probe = admitted(breakers)
    assert probe.is_probe
    assert breakers.admit("t") is None  # a concurrent search does not pile on
    breakers.record(probe, ok=True)
    assert breakers.state("t") is CircuitState.CLOSED and breakers.admit("t") is not None


def test_a_failed_probe_doubles_the_cooldown_up_to_the_cap() -> None:
    clock = Clock()
    breakers = Breakers(clock, failures=1, cooldown_s=30, max_cooldown_s=100)
    breakers.record(admitted(breakers), ok=False)
    for cooldown in [60, 100, 100]:
        clock.now += 1000
        breakers.record(admitted(breakers), ok=False, error="still down")
        assert breakers.seconds_until_probe("t") == cooldown
    assert breakers.get("t").last_error == "still down"


def test_success_resets_the_count() -> None:
    breakers = Breakers(Clock(), failures=2, cooldown_s=30, max_cooldown_s=100)
    breakers.record(admitted(breakers), ok=False)
    breakers.record(admitted(breakers), ok=True)
    breakers.record(admitted(breakers), ok=False)
    assert breakers.state("t") is CircuitState.CLOSED


@given(in_flight=st.integers(min_value=3, max_value=50))
def test_failures_in_flight_when_it_opens_do_not_lengthen_the_cooldown(in_flight: int) -> None:
    """Fails before the fix: 10 concurrent failures took the cooldown from 30 s to 600 s."""
    clock = Clock()
    breakers = Breakers(clock, failures=3, cooldown_s=30, max_cooldown_s=600)
    tickets = [admitted(breakers) for _ in range(in_flight)]  # all admitted while closed
    for ticket in tickets:
        breakers.record(ticket, ok=False, error="down")
    assert breakers.state("t") is CircuitState.OPEN
    assert breakers.seconds_until_probe("t") == 30
    clock.now += 30
    probe = admitted(breakers)
    breakers.record(probe, ok=False)  # the probe fails: now, and only now, it doubles
    assert breakers.seconds_until_probe("t") == 60


def test_a_late_straggler_does_not_count_as_the_probe() -> None:
    clock = Clock()
    breakers = Breakers(clock, failures=1, cooldown_s=30, max_cooldown_s=600)
    straggler = admitted(breakers)
    breakers.record(admitted(breakers), ok=False)
    clock.now += 30
    probe = admitted(breakers)
    breakers.record(straggler, ok=False)  # admitted long ago, answers only now
    assert breakers.admit("t") is None  # the probe still holds the door
    breakers.record(probe, ok=True)
    assert breakers.state("t") is CircuitState.CLOSED


def test_a_cancelled_probe_lets_the_next_search_probe() -> None:
    clock = Clock()
    breakers = Breakers(clock, failures=1, cooldown_s=30, max_cooldown_s=600)
    breakers.record(admitted(breakers), ok=False)
    clock.now += 30
    breakers.release(admitted(breakers))
    assert admitted(breakers).is_probe
