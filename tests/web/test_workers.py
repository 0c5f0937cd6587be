"""`federator serve --workers 2` as a real subprocess: /metrics adds up every worker's values,
and the metrics directory it made is gone after it stops (and only that)."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import aiohttp
import pytest

from tests import fakesru
from tests.realservers import free_port
from tests.threaded import serve_in_thread

STARTUP_S = 30.0  # two workers importing the whole stack on 2 busy cores


def write_config(path: Path, url: str, extra: str = "") -> Path:
    path.write_text(
        f'[cache]\npath = ""\n[limits]\nrequests_per_minute = 100000\nburst = 10000\n{extra}\n'
        f'[[targets]]\nid = "nora"\nname = "Nora"\nurl = "{url}"\ntimeout_s = 2\n',
        encoding="utf-8",
    )
    return path


@contextmanager
def federator_serve(config: Path, workers: int, env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    argv = [sys.executable, "-m", "federator.cli", "--config", str(config), "serve"]
    argv += ["--port", str(port), "--workers", str(workers)]
    process = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.send_signal(signal.SIGINT)  # as Ctrl-C: uvicorn stops its workers, we clean up
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(5)
        assert process.stderr is not None
        process.stderr.close()


async def wait_ready(session: aiohttp.ClientSession, base: str) -> None:
    loop = asyncio.get_running_loop()
    give_up = loop.time() + STARTUP_S
    while True:
        try:
            async with session.get(f"{base}/health") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        assert loop.time() < give_up, "federator serve did not answer /health"
        await asyncio.sleep(0.1)


async def closes_a_slow_head(base: str) -> bool:
    """The workers keep the head deadline (before: --workers N could not start at all, its
    protocol class could not be pickled to the worker processes)."""
    host, port = base.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    writer.write(b"GET /health HTTP/1.1\r\n")  # and never the rest
    try:
        async with asyncio.timeout(10):  # the deadline is 0.5 s
            return await reader.read() == b""
    finally:
        writer.close()


def searches_counted(metrics: str) -> float:
    line = next(
        x for x in metrics.splitlines() if x.startswith("federator_search_latency_seconds_count")
    )
    return float(line.split()[-1])


async def test_metrics_add_up_every_worker_and_their_directory_is_removed(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    env.pop("PROMETHEUS_MULTIPROC_DIR", None)
    handlers = {"nora": lambda: fakesru.paging_handler(fakesru.sample_records(3))}
    with serve_in_thread(handlers) as urls:
        extra = "[server]\nheader_timeout_s = 0.5\n"
        config = write_config(tmp_path / "federator.toml", urls["nora"], extra)
        with federator_serve(config, 2, env) as base:
            async with aiohttp.ClientSession() as session:
                await wait_ready(session, base)
                (directory,) = tmp_path.glob("federator-metrics-*")
                assert await closes_a_slow_head(base)

                async def search(n: int) -> int:
                    async with session.get(f"{base}/api/v1/search?q=bok+{n}") as response:
                        return response.status

                statuses = await asyncio.gather(*(search(n) for n in range(24)))
                seen = []
                for _ in range(8):  # whichever worker answers, the same sum
                    async with session.get(f"{base}/metrics") as response:
                        seen.append(searches_counted(await response.text()))
                pids = {p.stem.rsplit("_", 1)[1] for p in directory.glob("*.db")}
    assert statuses == [200] * 24
    assert seen == [24.0] * 8
    assert len(pids) >= 2  # both workers wrote their own files
    assert list(tmp_path.glob("federator-metrics-*")) == []  # ours, so removed


def test_a_given_metrics_directory_must_be_empty_and_is_never_cleared(tmp_path: Path) -> None:
    given = tmp_path / "metrics"
    given.mkdir()
    (given / "counter_1.db").write_bytes(b"someone else's")
    config = write_config(tmp_path / "federator.toml", "http://127.0.0.1:1/x")
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(given)}
    argv = [sys.executable, "-m", "federator.cli", "--config", str(config), "serve"]
    done = subprocess.run(
        [*argv, "--port", str(free_port()), "--workers", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "PROMETHEUS_MULTIPROC_DIR" in done.stderr
    assert (given / "counter_1.db").read_bytes() == b"someone else's"


@pytest.fixture(autouse=True)
def _no_inherited_metrics_dir() -> None:
    assert "PROMETHEUS_MULTIPROC_DIR" not in os.environ  # tests run single-process metrics
