"""Every fault kind, at one target, half the targets and all of them, through the JSON API and the
page: answered by the deadline, healthy results complete, each failing target with the right
status, no 5xx, no file descriptor left open."""

from __future__ import annotations

import asyncio
import gc
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator

import pytest
from starlette.testclient import TestClient

from federator.config import parse_settings
from federator.web.app import create_app
from tests import fakesru
from tests.connectors.marc_builders import controlfield, datafield, marc_record
from tests.test_xmlsafe import billion_laughs
from tests.threaded import serve_in_thread

pytestmark = pytest.mark.realserver
MB = 1_000_000
HEALTHY = fakesru.sample_records(4, prefix="ok")
XXE = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>'
ABSURD = [
    marc_record(controlfield("001", "weird1")),  # nothing but an id
    marc_record(
        controlfield("001", "weird2"),
        controlfield("008", "x"),
        datafield("260", ("c", "99999")),
        datafield("245", ("a", "T" * 10_000)),
        datafield("020", ("a", "not an isbn")),
    ),
]


def latin1_body() -> bytes:
    return (
        fakesru.sru_envelope(fakesru.sample_records(2, prefix="lat"), 2, 1)
        .decode()
        .encode("latin-1")
    )


def duplicated() -> bytes:
    records = fakesru.sample_records(2, prefix="dup")
    return fakesru.sru_envelope(records + records, 4, 1)


# fault -> (handler factory or None for a URL-only fault, expected state, expected error kind)
FAULTS: dict[str, tuple[Callable[[], fakesru.Handler] | None, str, str | None]] = {
    "refused": (None, "error", "unavailable"),
    "dns": (None, "error", "unavailable"),
    "hang": (lambda: fakesru.hanging(asyncio.Event()), "timeout", "timeout"),
    "trickle": (
        lambda: fakesru.trickling(b"<zs:searchRetrieveResponse/>", asyncio.Event()),
        "timeout",
        "timeout",
    ),
    "html500": (
        lambda: fakesru.fixed(b"<html><h1>Error</h1></html>", 500, "text/html"),
        "error",
        "unavailable",
    ),
    "503empty": (lambda: fakesru.fixed(b"", 503), "error", "unavailable"),
    "truncated": (
        lambda: fakesru.truncated(fakesru.sru_envelope(HEALTHY, 4, 1)),
        "error",
        "protocol",
    ),
    "bomb": (lambda: fakesru.fixed(billion_laughs()), "error", "protocol"),
    "xxe": (lambda: fakesru.fixed(XXE), "error", "protocol"),
    "huge": (lambda: fakesru.streaming(50 * MB), "error", "protocol"),
    "latin1": (lambda: fakesru.fixed(latin1_body()), "ok", None),  # repaired, with a warning
    "diagnostic": (
        lambda: fakesru.fixed(fakesru.diagnostic_envelope(16, "Unsupported index")),
        "error",
        "diagnostic",
    ),
    "ten_million": (
        lambda: fakesru.fixed(fakesru.sru_envelope(HEALTHY[:2], 10_000_000, 1)),
        "ok",
        None,
    ),
    "duplicate_ids": (lambda: fakesru.fixed(duplicated()), "ok", None),
    "absurd_fields": (lambda: fakesru.paging_handler(ABSURD), "ok", None),
}


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}/db"


@pytest.fixture(scope="module")
def urls() -> Iterator[dict[str, str]]:
    handlers = {name: factory for name, (factory, _, _) in FAULTS.items() if factory is not None}
    handlers["healthy"] = lambda: fakesru.paging_handler(HEALTHY)
    with serve_in_thread(handlers) as served:
        served["refused"] = closed_port_url()
        served["dns"] = "http://catalogue.invalid/db"
        yield served


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def descriptors_settle_to(limit: int, within_s: float = 3.0) -> bool:
    """The in-process fault servers close their side of each connection on their own thread,
    a moment after the client: give them that moment, bounded, then count."""
    gc.collect()
    settled = threading.Event()
    deadline = time.monotonic() + within_s
    while open_descriptors() > limit and time.monotonic() < deadline:
        settled.wait(0.05)
    return open_descriptors() <= limit


@pytest.mark.parametrize("spread", ["one", "half", "all"])
@pytest.mark.parametrize("fault", list(FAULTS))
def test_fault_matrix(urls: dict[str, str], fault: str, spread: str) -> None:
    _, state, kind = FAULTS[fault]
    faulty = {"one": 1, "half": 2, "all": 3}[spread]
    healthy = {"one": 2, "half": 2, "all": 0}[spread]
    targets = [
        {
            "id": f"{fault}{n}".replace("_", "-"),
            "name": f"{fault} {n}",
            "url": urls[fault],
            "timeout_s": 0.6,
            "connect_timeout_s": 0.5,
            "max_records": 20,
        }
        for n in range(faulty)
    ] + [
        {"id": f"healthy{n}", "name": f"healthy {n}", "url": urls["healthy"]}
        for n in range(healthy)
    ]
    data = {
        "targets": targets,
        "search": {"deadline_s": 1.5},
        "http": {"max_body_bytes": 2 * MB},
        "cache": {"enabled": False},
    }
    descriptors = open_descriptors()
    with TestClient(create_app(parse_settings(data, environ={}))) as client:
        response = client.get("/api/v1/search", params={"q": "Lagerlöf", "page_size": 100})
        page = client.get("/search", params={"q": "Lagerlöf"})
    assert response.status_code == 200 and page.status_code == 200
    body = response.json()
    assert body["elapsed_ms"] < 1500 + 1000  # the deadline, plus slack for a noisy machine
    by_id = {t["id"]: t for t in body["targets"]}
    for n in range(faulty):
        status = by_id[f"{fault}{n}".replace("_", "-")]
        assert (status["status"], status["error_kind"]) == (state, kind), status
    if healthy:  # every healthy record is there
        assert all(by_id[f"healthy{n}"]["status"] == "ok" for n in range(healthy))
        assert {f"ok{n}" for n in range(1, 5)} <= _record_ids(body)
    assert descriptors_settle_to(descriptors + 2)  # sockets closed with the app


def _record_ids(body: dict) -> set[str]:  # type: ignore[type-arg]
    return {w["merge"]["display_source"].split(":", 1)[1] for w in body["results"]}
