"""The parse thread: jobs run off the loop, and freed memory goes back to the system now and
then, when nothing is queued (glibc's malloc_trim; a no-op where there is none)."""

from __future__ import annotations

import asyncio

import pytest

from federator.connectors import cpu


async def test_jobs_run_on_the_parse_thread_and_trim_at_most_once_a_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import threading

    trims: list[int] = []
    monkeypatch.setattr(cpu, "trim", lambda: trims.append(0))
    monkeypatch.setattr(cpu, "_last_trim", 0.0)
    names = await asyncio.gather(
        *(cpu.run_cpu(lambda: threading.current_thread().name) for _ in range(20))
    )
    assert set(names) == {"federator-parse_0"}
    assert trims == [0]  # twenty jobs within a second: one trim
    assert cpu._queued == 0


async def test_a_failing_job_still_counts_as_done(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cpu, "trim", lambda: None)

    def broken() -> None:
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        await cpu.run_cpu(broken)
    assert cpu._queued == 0
