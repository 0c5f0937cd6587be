"""`federator demo` as a user runs it: a subprocess, searched through the JSON API, stopped
with SIGINT, leaving no process and no port behind."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.realservers import free_port

pytestmark = pytest.mark.realserver
FEDERATOR = Path(sys.executable).parent / "federator"


def free_block(size: int) -> int:
    """A run of free ports below the kernel's ephemeral range, where no client socket lands."""
    for base in range(21000, 30000, 50):
        if all(port_is_free(base + n) and _bindable(base + n) for n in range(size)):
            return base
    raise RuntimeError("no free block of ports")


def _bindable(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


def get_json(url: str) -> dict:  # type: ignore[type-arg]
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[subprocess.Popen[str], int, int]]:
    port, base_port = free_port(), free_block(13)
    command = [
        str(FEDERATOR),
        "demo",
        "--port",
        str(port),
        "--base-port",
        str(base_port),
        "--scale",
        "0.3",
        "--down",
        "laxa",
        "--slow",
        "nora=3000",  # the README: "Nora answers late" (not: times out)
        "--cache-dir",
        str(tmp_path_factory.mktemp("demo-cache")),
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=os.environ | {"PYTHONUNBUFFERED": "1"},
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # readiness: the health endpoint answers
            assert process.poll() is None, process.stdout.read() if process.stdout else ""
            try:
                if get_json(f"http://127.0.0.1:{port}/health")["status"] == "ok":
                    break
            except OSError:
                pass  # still starting
            time.sleep(0.1)  # polling a subprocess: there is nothing to await
        else:
            pytest.fail("federator demo did not become ready in 60 s")
        yield process, port, base_port
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # so it stops its Zebra too
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        if process.stdout:
            process.stdout.close()


def test_demo_search_merges_copies_from_many_catalogues(
    demo: tuple[subprocess.Popen[str], int, int],
) -> None:
    _, port, _ = demo
    query = urllib.parse.urlencode({"q": "Röda rummet", "page_size": 5})
    body = get_json(f"http://127.0.0.1:{port}/api/v1/search?{query}")
    statuses = {t["id"]: t["status"] for t in body["targets"]}
    assert len(statuses) == 13 and statuses["laxa"] == "error"  # down: its port is closed
    assert statuses["nora"] == "ok"  # 3 s late, and still in the answer
    assert sum(1 for s in statuses.values() if s == "ok") == 12
    assert statuses["lekeberg"] == "ok"  # answered over Z39.50 by a real Zebra
    first = body["results"][0]
    assert first["title"] == "Röda rummet"
    assert len({h["target"] for h in first["holdings"]}) >= 3  # one result, many catalogues


def test_sigint_stops_everything_and_frees_every_port(
    demo: tuple[subprocess.Popen[str], int, int],
) -> None:
    process, port, base_port = demo
    process.send_signal(signal.SIGINT)
    assert process.wait(30) == 0
    output = process.stdout.read() if process.stdout else ""
    assert "federator is ready" in output
    assert port_is_free(port)
    assert all(port_is_free(base_port + n) for n in range(13))
