"""Prometheus metrics, in a registry of the app's own (tests and several apps never collide).

Under `federator serve --workers N` every worker writes its values to files in one directory
(prometheus_client's multiprocess mode, `PROMETHEUS_MULTIPROC_DIR`, made and removed by the
command) and `/metrics` adds up every worker's, whichever worker answers: one truthful view.
"""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest
from prometheus_client import multiprocess as prometheus_multiprocess

from federator.circuit import CircuitState
from federator.models import SearchResult, TargetState
from federator.service import SearchService
from federator.shared import SharedState

LATENCY_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
MULTIPROCESS_DIR = "PROMETHEUS_MULTIPROC_DIR"  # prometheus_client's own name for it


def multiprocess_dir() -> str | None:
    return os.environ.get(MULTIPROCESS_DIR) or None


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.target_requests = Counter(
            "federator_target_requests",
            "Searches sent to a target, by outcome",
            ["target", "outcome"],
            registry=self.registry,
        )
        self.target_latency = Histogram(
            "federator_target_latency_seconds",
            "Time a target took to answer or fail",
            ["target"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.target_errors = Counter(
            "federator_target_errors",
            "Target failures by kind",
            ["target", "kind"],
            registry=self.registry,
        )
        # With shared breakers the worker that answers /metrics sees what every worker sees;
        # its value is the most recent one written.
        self.circuit_open = Gauge(
            "federator_circuit_open",
            "1 while a target is suspended by its circuit breaker",
            ["target"],
            registry=self.registry,
            multiprocess_mode="livemostrecent",
        )
        self.search_latency = Histogram(
            "federator_search_latency_seconds",
            "Whole federated searches",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.shared_faults = Counter(
            "federator_shared_faults",
            "Calls to the shared state (Redis) that failed or were too slow; each was answered "
            "from the process's own state",
            ["error"],
            registry=self.registry,
        )
        self.shared_round_trips = Counter(
            "federator_shared_round_trips",
            "Round trips to the shared state (Redis) that succeeded",
            registry=self.registry,
        )

    def watch(self, shared: SharedState) -> None:
        if shared.link is not None:
            shared.link.on_fault(lambda kind: self.shared_faults.labels(kind).inc())
            shared.link.on_round_trip(self.shared_round_trips.inc)

    def observe(self, result: SearchResult) -> None:
        self.search_latency.observe(result.elapsed_ms / 1000)
        for status in result.targets:
            self.target_requests.labels(status.target, status.state.value).inc()
            if status.state is TargetState.SKIPPED:
                continue
            self.target_latency.labels(status.target).observe(status.elapsed_ms / 1000)
            if status.error_kind:
                self.target_errors.labels(status.target, status.error_kind).inc()

    async def render(self, service: SearchService) -> bytes:
        for overview in await service.overview():
            is_open = overview.circuit is not CircuitState.CLOSED
            self.circuit_open.labels(overview.target.id).set(1 if is_open else 0)
        if multiprocess_dir() is None:
            return generate_latest(self.registry)
        every_worker = CollectorRegistry()
        prometheus_multiprocess.MultiProcessCollector(every_worker)  # type: ignore[no-untyped-call]
        return generate_latest(every_worker)

    def close(self) -> None:
        """This worker is stopping: its live gauges leave the sum (counters stay)."""
        if multiprocess_dir() is not None:
            prometheus_multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]
