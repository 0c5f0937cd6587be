"""Prometheus metrics, in a registry of the app's own (tests and several apps never collide)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from federator.circuit import CircuitState
from federator.models import SearchResult, TargetState
from federator.service import SearchService

LATENCY_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)


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
        self.circuit_open = Gauge(
            "federator_circuit_open",
            "1 while a target is suspended by its circuit breaker",
            ["target"],
            registry=self.registry,
        )
        self.search_latency = Histogram(
            "federator_search_latency_seconds",
            "Whole federated searches",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )

    def observe(self, result: SearchResult) -> None:
        self.search_latency.observe(result.elapsed_ms / 1000)
        for status in result.targets:
            self.target_requests.labels(status.target, status.state.value).inc()
            if status.state is TargetState.SKIPPED:
                continue
            self.target_latency.labels(status.target).observe(status.elapsed_ms / 1000)
            if status.error_kind:
                self.target_errors.labels(status.target, status.error_kind).inc()

    def render(self, service: SearchService) -> bytes:
        for overview in service.overview():
            is_open = overview.circuit is not CircuitState.CLOSED
            self.circuit_open.labels(overview.target.id).set(1 if is_open else 0)
        return generate_latest(self.registry)
