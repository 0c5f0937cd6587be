from federator.circuit import Breakers, CircuitState


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_opens_after_consecutive_failures_then_probes_once() -> None:
    clock = Clock()
    breakers = Breakers(clock, failures=3, cooldown_s=30, max_cooldown_s=100)
    for _ in range(2):
        assert breakers.admit("t")
        breakers.record("t", ok=False, error="down")
    assert breakers.state("t") is CircuitState.CLOSED
    breakers.record("t", ok=False, error="down")
    assert breakers.state("t") is CircuitState.OPEN and not breakers.admit("t")
    assert breakers.seconds_until_probe("t") == 30
    clock.now += 30
    assert breakers.state("t") is CircuitState.HALF_OPEN
    assert breakers.admit("t")  # the one probe
    assert not breakers.admit("t")  # a concurrent search does not pile on
    breakers.record("t", ok=True)
    assert breakers.state("t") is CircuitState.CLOSED and breakers.admit("t")


def test_a_failed_probe_doubles_the_cooldown_up_to_the_cap() -> None:
    clock = Clock()
    breakers = Breakers(clock, failures=1, cooldown_s=30, max_cooldown_s=100)
    breakers.record("t", ok=False)
    expected = [60, 100, 100]
    for cooldown in expected:
        clock.now += 1000
        assert breakers.admit("t")
        breakers.record("t", ok=False, error="still down")
        assert breakers.seconds_until_probe("t") == cooldown
    assert breakers.get("t").last_error == "still down"


def test_success_resets_the_count() -> None:
    breakers = Breakers(Clock(), failures=2, cooldown_s=30, max_cooldown_s=100)
    breakers.record("t", ok=False)
    breakers.record("t", ok=True)
    breakers.record("t", ok=False)
    assert breakers.state("t") is CircuitState.CLOSED
