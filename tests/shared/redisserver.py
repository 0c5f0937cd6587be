"""Start a real redis-server (Debian's) on a free 127.0.0.1 port, for the shared-state tests.

Like tests/realservers starts Zebra: the process in its own session, polled with PING until it
answers (10 s), fails loudly if the binary is missing, stopped terminate -> wait -> kill. No
persistence: nothing is written outside its temporary directory.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tests.realservers import STARTUP_TIMEOUT, BinaryNotFoundError, RealServerError, free_port


def _pong(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@dataclass
class RedisServer:
    port: int
    workdir: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        """Start (or start again, on the same port: a restarted Redis, empty)."""
        self.stop()  # never two of ours at once
        binary = shutil.which("redis-server")
        if binary is None:
            raise BinaryNotFoundError(
                "'redis-server' not found on PATH; install the Debian package 'redis-server' "
                "(apt-get install redis-server) to run the shared-state tests"
            )
        argv = [
            binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.workdir),
            "--protected-mode",
            "yes",
        ]
        log = (self.workdir / "redis.log").open("ab")
        self.process = subprocess.Popen(
            argv,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        log.close()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RealServerError(f"redis-server exited early:\n{self.log()}")
            if _pong(self.port):
                return self
            time.sleep(0.02)
        self.stop()
        raise RealServerError(f"redis-server did not answer PING within 10 s:\n{self.log()}")

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)

    def kill(self) -> None:
        """As a crash: SIGKILL, no goodbye to the clients."""
        if self.process is not None:
            self.process.kill()
            self.process.wait(5)
            self.process = None

    def log(self) -> str:
        path = self.workdir / "redis.log"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""


def start_redis(workdir: Path) -> RedisServer:
    workdir.mkdir(parents=True, exist_ok=True)
    return RedisServer(port=free_port(), workdir=workdir).start()
