"""Start real SRU servers (Index Data Zebra and yaz-ztest) from tests.

Stdlib only. Each server runs as a child process bound to 127.0.0.1 on a free
port, in its own process group (``zebrasrv`` forks a child per connection;
:meth:`RunningServer.stop` ends the whole group).

Typical use in a pytest fixture::

    server = start_zebra(tmp_path_factory.mktemp("zebra"), [ZEBRA_RECORDS])
    try:
        yield server.base_url          # http://127.0.0.1:PORT/catalogue
    finally:
        server.stop()

The binaries come from the Debian packages ``idzebra-2.0`` (zebraidx,
zebrasrv) and ``yaz`` (yaz-ztest). If one is missing, :class:`BinaryNotFoundError`
is raised: tests that need a real server fail loudly instead of being skipped.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from types import TracebackType

__all__ = [
    "BinaryNotFoundError",
    "RealServerError",
    "RunningServer",
    "STARTUP_TIMEOUT",
    "ZEBRA_CONFIG_DIR",
    "ZEBRA_RECORDS",
    "free_port",
    "start_yaz_ztest",
    "start_zebra",
]

#: Zebra configuration (zebra.cfg, DOM filter, XSLTs, CQL mapping, yazgfs.xml template).
ZEBRA_CONFIG_DIR: Path = Path(str(files("federator.demo") / "zebra"))
#: The synthetic MARCXML test catalogue (27 records).
ZEBRA_RECORDS: Path = Path(__file__).resolve().parent.parent / "data" / "zebra" / "records.xml"
#: Seconds to wait for a started server to answer an SRU explain request.
STARTUP_TIMEOUT: float = 10.0

_HOST = "127.0.0.1"
_ZEBRAIDX_TIMEOUT = 60.0
_BIND_ATTEMPTS = 3
_LOG_TAIL_CHARS = 4000
_BIND_FAILURE = re.compile(r"Failed to bind|Address already in use")
_RECORDS_LINE = re.compile(r"Records:\s*\d+\s+i/u/d\s+(\d+)/(\d+)/(\d+)")


class RealServerError(RuntimeError):
    """A real SRU server could not be prepared or started."""


class BinaryNotFoundError(RealServerError):
    """A required server binary is not on PATH."""


class _ExitedEarly(RealServerError):
    """The server process exited during start-up (e.g. it could not bind the port)."""


_PACKAGE_OF = {
    "zebraidx": "idzebra-2.0",
    "zebrasrv": "idzebra-2.0",
    "yaz-ztest": "yaz",
}


def _require_binary(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        package = _PACKAGE_OF.get(name, "?")
        raise BinaryNotFoundError(
            f"{name!r} not found on PATH; install the Debian package {package!r} "
            f"(apt-get install {package}) to run tests against real SRU servers"
        )
    return path


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((_HOST, 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass
class RunningServer:
    """A started server process and its SRU base URL."""

    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path | None = None

    def stop(self) -> None:
        """Terminate the server (and children it forked); kill it after 5 s."""
        if self.process.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self.process.wait(5)
        # zebrasrv forks one child per connection; make sure none outlives us.
        self._signal_group(signal.SIGKILL)

    def log(self) -> str:
        """The server's combined stdout/stderr so far ('' if not captured)."""
        if self.log_path is None or not self.log_path.exists():
            return ""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def _signal_group(self, sig: signal.Signals) -> None:
        try:
            os.killpg(self.process.pid, sig)
        except (ProcessLookupError, PermissionError):
            pass

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def _tail(text: str) -> str:
    text = text.strip()
    if len(text) > _LOG_TAIL_CHARS:
        return "...\n" + text[-_LOG_TAIL_CHARS:]
    return text


def _explain_ok(base_url: str) -> bool:
    url = base_url + "?operation=explain&version=1.2"
    try:
        with urllib.request.urlopen(url, timeout=1.0) as response:
            status: int = response.status
            body: bytes = response.read()
    except (urllib.error.URLError, OSError, ValueError):
        return False
    return status == 200 and b"explainResponse" in body


def _launch(
    name: str, argv: list[str], workdir: Path, base_url: str, log_path: Path
) -> RunningServer:
    """Start argv in workdir, wait until base_url answers SRU explain."""
    with log_path.open("wb") as log_file:
        process = subprocess.Popen(
            argv,
            cwd=workdir,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = RunningServer(base_url=base_url, process=process, log_path=log_path)
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            server.stop()  # reap; end anything it may have forked
            raise _ExitedEarly(
                f"{name} exited with status {process.returncode} before answering "
                f"SRU explain at {base_url}\ncommand: {' '.join(argv)}\n"
                f"--- {name} output ({log_path}) ---\n{_tail(server.log())}"
            )
        if _explain_ok(base_url):
            return server
        time.sleep(0.05)
    server.stop()
    raise RealServerError(
        f"{name} did not answer SRU explain at {base_url} within {STARTUP_TIMEOUT:.0f} s\n"
        f"command: {' '.join(argv)}\n"
        f"--- {name} output ({log_path}) ---\n{_tail(server.log())}"
    )


def _launch_on_free_port(
    name: str,
    workdir: Path,
    log_path: Path,
    prepare: Callable[[int], tuple[list[str], str]],
) -> RunningServer:
    """Pick a port, start; retry with another port if the bind lost a race."""
    last_error: _ExitedEarly | None = None
    for _ in range(_BIND_ATTEMPTS):
        port = free_port()
        argv, base_url = prepare(port)
        try:
            return _launch(name, argv, workdir, base_url, log_path)
        except _ExitedEarly as error:
            last_error = error
            log = (
                log_path.read_text(encoding="utf-8", errors="replace") if log_path.exists() else ""
            )
            if not _BIND_FAILURE.search(log):
                raise
    assert last_error is not None
    raise last_error


def _run_zebraidx(zebraidx: str, workdir: Path, args: list[str], log_name: str) -> str:
    argv = [zebraidx, "-c", "zebra.cfg", *args]
    log_path = workdir / log_name
    try:
        completed = subprocess.run(
            argv,
            cwd=workdir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=_ZEBRAIDX_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise RealServerError(
            f"zebraidx timed out after {_ZEBRAIDX_TIMEOUT:.0f} s: {' '.join(argv)}"
        ) from error
    output = completed.stdout.decode("utf-8", errors="replace")
    log_path.write_text(output, encoding="utf-8")
    if completed.returncode != 0:
        raise RealServerError(
            f"zebraidx failed with status {completed.returncode}: {' '.join(argv)}\n"
            f"--- zebraidx output ({log_path}) ---\n{_tail(output)}"
        )
    return output


def start_zebra(
    workdir: Path, records: Sequence[Path], database: str = "catalogue"
) -> RunningServer:
    """Index ``records`` with zebraidx in ``workdir`` and start zebrasrv (SRU + Z39.50).

    ``records`` are MARCXML files whose root is ``<collection
    xmlns="http://www.loc.gov/MARC21/slim">`` (see ``ZEBRA_RECORDS``); an empty
    list gives an empty database. The configuration in ``ZEBRA_CONFIG_DIR`` is
    copied into ``workdir`` (created if needed; use a fresh directory per
    server). Returns once ``GET base_url?operation=explain&version=1.2``
    answers 200; ``base_url`` is ``http://127.0.0.1:PORT/<database>``.
    """
    zebraidx = _require_binary("zebraidx")
    zebrasrv = _require_binary("zebrasrv")
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", database):
        raise ValueError(f"database name must be a simple URL path segment, got {database!r}")
    record_paths = [Path(p).resolve() for p in records]
    missing = [str(p) for p in record_paths if not p.is_file()]
    if missing:
        raise RealServerError(f"record file(s) not found: {', '.join(missing)}")

    workdir = Path(workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    for source in ZEBRA_CONFIG_DIR.iterdir():
        if source.is_file() and source.name != "yazgfs.xml":
            shutil.copyfile(source, workdir / source.name)
    for sub in ("register", "lock", "tmp"):
        (workdir / sub).mkdir(exist_ok=True)

    _run_zebraidx(zebraidx, workdir, ["-d", database, "init"], "zebraidx-init.log")
    if record_paths:
        output = _run_zebraidx(
            zebraidx,
            workdir,
            ["-d", database, "update", *[str(p) for p in record_paths]],
            "zebraidx-update.log",
        )
        counts = _RECORDS_LINE.findall(output)
        inserted = sum(int(i) + int(u) for i, u, _ in counts)
        if inserted == 0:
            raise RealServerError(
                "zebraidx indexed no records from "
                f"{', '.join(str(p) for p in record_paths)}\n"
                f"--- zebraidx output ---\n{_tail(output)}"
            )
    else:
        # Without records the database would not exist and zebrasrv would answer
        # HTTP 404 for it; with "create" it exists (every index is then unknown,
        # so searches give diagnostic 16).
        _run_zebraidx(zebraidx, workdir, ["create", database], "zebraidx-create.log")
    # No shadow registers are configured, so no "zebraidx commit" is needed.

    template = (ZEBRA_CONFIG_DIR / "yazgfs.xml").read_text(encoding="utf-8")

    def prepare(port: int) -> tuple[list[str], str]:
        config = (
            template.replace("@HOST@", _HOST)
            .replace("@PORT@", str(port))
            .replace("@DATABASE@", database)
        )
        (workdir / "yazgfs.xml").write_text(config, encoding="utf-8")
        return [zebrasrv, "-f", "yazgfs.xml"], f"http://{_HOST}:{port}/{database}"

    return _launch_on_free_port("zebrasrv", workdir, workdir / "zebrasrv.log", prepare)


def start_yaz_ztest(workdir: Path) -> RunningServer:
    """Start YAZ's test server (SRU + Z39.50) with its built-in ``Default`` database.

    Returns once explain answers; ``base_url`` is ``http://127.0.0.1:PORT/Default``.
    yaz-ztest's result counts are random and it returns a few fixed sample
    records; use it for protocol-level tests only.
    """
    ztest = _require_binary("yaz-ztest")
    workdir = Path(workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)

    def prepare(port: int) -> tuple[list[str], str]:
        return [ztest, f"tcp:{_HOST}:{port}"], f"http://{_HOST}:{port}/Default"

    return _launch_on_free_port("yaz-ztest", workdir, workdir / "yaz-ztest.log", prepare)
