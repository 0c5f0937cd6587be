"""The README's deployment example, run: Debian's nginx with deploy/nginx-federator.conf in
front of two federators sharing one real Redis. `nginx -t` accepts it; searches, record pages
and SSE pass through it, SSE unbuffered; a patron's X-Forwarded-For is not believed."""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from federator.cli import _parser
from federator.config import parse_settings
from tests import fakesru
from tests.realservers import free_port
from tests.shared.redisserver import RedisServer
from tests.threaded import serve_federator, serve_in_thread

DEPLOY = Path(__file__).resolve().parent.parent.parent / "deploy"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def nginx_binary() -> str:
    if NGINX is None:
        raise AssertionError("nginx not found; install the Debian package nginx-light")
    return NGINX


def site(upstreams: list[str], port: int) -> str:
    """The example as shipped, pointed at the test's machines and port."""
    text = (DEPLOY / "nginx-federator.conf").read_text(encoding="utf-8")
    servers = "".join(f"    server {u} max_fails=3 fail_timeout=10s;\n" for u in upstreams)
    text, count = re.subn(r"(    server 10\.0\.0\.\d+:8000 [^\n]*\n)+", servers, text)
    assert count == 1
    return text.replace("listen 80;", f"listen 127.0.0.1:{port};")


def main_config(prefix: Path) -> str:
    temp = "".join(
        f"    {kind}_temp_path {prefix / kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    return (
        f"{user}daemon off;\nworker_processes 1;\npid {prefix / 'nginx.pid'};\n"
        f"error_log {prefix / 'error.log'} warn;\nevents {{ worker_connections 128; }}\n"
        f"http {{\n    access_log off;\n{temp}    include {prefix / 'federator.conf'};\n}}\n"
    )


class Nginx:
    def __init__(self, prefix: Path, upstreams: list[str]) -> None:
        self.port = free_port()
        self.prefix = prefix
        (prefix / "federator.conf").write_text(site(upstreams, self.port), encoding="utf-8")
        self.config = prefix / "nginx.conf"
        self.config.write_text(main_config(prefix), encoding="utf-8")
        self.process: subprocess.Popen[bytes] | None = None

    def argv(self, *extra: str) -> list[str]:
        return [nginx_binary(), "-p", str(self.prefix), "-c", str(self.config), *extra]

    def start(self) -> str:
        self.process = subprocess.Popen(self.argv(), stderr=subprocess.PIPE, start_new_session=True)
        give_up = time.monotonic() + 10
        while time.monotonic() < give_up:
            assert self.process.poll() is None, (
                self.process.stderr.read() if self.process.stderr else ""
            )
            try:
                with socket.create_connection(("127.0.0.1", self.port), 0.2):
                    return f"http://127.0.0.1:{self.port}"
            except OSError:
                time.sleep(0.02)
        raise AssertionError("nginx did not listen within 10 s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)
        if self.process is not None and self.process.stderr is not None:
            self.process.stderr.close()


HELD = threading.Event()  # the slow catalogue answers only once the test has seen an event


def slow_catalogue() -> fakesru.Handler:
    inner = fakesru.paging_handler(fakesru.sample_records(2, prefix="slow"))

    async def handle(request: web.Request) -> web.StreamResponse:
        await asyncio.to_thread(HELD.wait, 20)
        return await inner(request)

    return handle


@pytest.fixture
def proxied(tmp_path: Path, redis_server: RedisServer, prefix: str) -> Iterator[str]:
    handlers = {
        "fast": lambda: fakesru.paging_handler(fakesru.sample_records(3)),
        "slow": slow_catalogue,
    }
    HELD.clear()
    with serve_in_thread(handlers) as urls:
        data: dict[str, Any] = {
            "targets": [
                {"id": n, "name": n.title(), "url": u, "timeout_s": 20} for n, u in urls.items()
            ],
            "search": {"deadline_s": 20.0},
            "cache": {"path": ""},
            "limits": {"requests_per_minute": 1, "burst": 6},
            "server": {"trusted_proxies": ["127.0.0.1"]},
            "shared": {"url": redis_server.url, "key_prefix": prefix, "timeout_s": 2.0},
        }
        settings = parse_settings(data, environ={})
        with serve_federator(settings) as first, serve_federator(settings) as second:
            upstreams = [u.removeprefix("http://") for u in (first, second)]
            nginx = Nginx(tmp_path, upstreams)
            checked = subprocess.run(nginx.argv("-t"), capture_output=True, text=True)
            assert checked.returncode == 0, checked.stderr
            assert "syntax is ok" in checked.stderr and "test is successful" in checked.stderr
            try:
                yield nginx.start()
            finally:
                HELD.set()
                nginx.stop()


async def test_searches_and_unbuffered_events_pass_through_the_proxy(proxied: str) -> None:
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{proxied}/api/v1/search/stream?q=bok&targets=fast,slow") as stream:
            assert stream.status == 200  # nginx reads X-Accel-Buffering itself, never passes it
            # Buffered, the first event would wait for the slow catalogue. (The federator's own
            # X-Accel-Buffering: no already turns nginx's buffering off for this answer; the
            # example's proxy_buffering off is for when that header is filtered.)
            async with asyncio.timeout(10):
                first = await stream.content.readuntil(b"\n\n")
            assert b"event: target" in first and b'"fast"' in first
            HELD.set()  # only now does the slow catalogue answer
            rest = await stream.read()
        assert b"event: result" in rest and b'"slow"' in rest
        async with session.get(f"{proxied}/api/v1/search?q=bok&targets=fast") as response:
            assert response.status == 200
            found = await response.json()
        work = found["results"][0]["id"]
        async with session.get(f"{proxied}/api/v1/record/{work}") as response:
            assert response.status == 200  # whichever machine the proxy picked
        async with session.get(f"{proxied}/metrics") as response:
            assert response.status == 404  # scraped per machine, not through the proxy


async def test_a_patrons_own_forwarded_header_is_not_believed(proxied: str) -> None:
    statuses = []
    async with aiohttp.ClientSession() as session:
        for n in range(8):
            spoofed = {"X-Forwarded-For": f"203.0.113.{n}"}  # a new "address" every time
            async with session.get(f"{proxied}/api/v1/targets", headers=spoofed) as response:
                statuses.append(response.status)
    # The proxy replaced the header with the real address: one bucket, shared by both machines.
    assert statuses == [200] * 6 + [429] * 2


def test_the_systemd_unit_runs_a_command_that_exists() -> None:
    unit = (DEPLOY / "federator.service").read_text(encoding="utf-8")
    exec_start = next(x for x in unit.splitlines() if x.startswith("ExecStart="))
    argv = shlex.split(exec_start.removeprefix("ExecStart="))
    assert argv[0].endswith("/federator")
    args = _parser().parse_args(argv[1:])
    assert args.command == "serve" and args.workers == 2 and args.host == "0.0.0.0"
    assert "KillSignal=SIGINT" in unit  # what tests/web/test_workers.py stops it with
