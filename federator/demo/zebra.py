"""One demo catalogue served by Index Data's Zebra, which speaks Z39.50 (and SRU) on one port,
as Koha's own Zebra does: the demo's Z39.50 target, when Debian's idzebra-2.0 is installed.

The records are written to a working directory we create (and remove at the end), indexed
with zebraidx, and served by zebrasrv; the configuration is the one the tests use
(`federator/demo/zebra/`). A demo killed outright (SIGKILL, a power cut) cannot clean up:
the next start stops the server it left running and removes its directory, knowing both by
the marker written into the directory (`sweep_leftovers`).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import shutil
import signal
import stat
import subprocess
import tempfile
from collections.abc import AsyncIterator, Sequence
from importlib.resources import files
from pathlib import Path

log = logging.getLogger(__name__)
CONFIG = files("federator.demo") / "zebra"
PREFIX = "federator-demo-zebra-"
MARKER = "federator-demo-zebra.json"  # {"owner": [pid, start], "server": [pid, start]}
CONFIG_FILES = (
    "zebra.cfg",
    "dom-conf.xml",
    "federator.idx",
    "marc2index.xsl",
    "marc2dc.xsl",
    "words-icu.xml",
    "phrases-icu.xml",
    "cql2pqf.properties",
)
OUR_FILES = frozenset((*CONFIG_FILES, "yazgfs.xml", "records.xml", MARKER))
OUR_FOLDERS = frozenset(("register", "lock", "tmp"))  # Zebra's own files, written for us
STARTUP_TIMEOUT_S = 20.0
MARC_COLLECTION = '<collection xmlns="http://www.loc.gov/MARC21/slim">{}</collection>'
# Bib-1 uses Zebra's configuration knows for subject and year (federator.idx names them).
ZEBRA_ATTRIBUTES = {"subject": "1=subject", "year": "1=year 4=109"}


def zebra_installed() -> bool:
    return shutil.which("zebrasrv") is not None and shutil.which("zebraidx") is not None


def _index(workdir: Path, database: str, records: Sequence[str]) -> None:
    for name in CONFIG_FILES:
        (workdir / name).write_bytes((CONFIG / name).read_bytes())
    for sub in OUR_FOLDERS:
        (workdir / sub).mkdir()
    collection = workdir / "records.xml"
    collection.write_text(MARC_COLLECTION.format("".join(records)), encoding="utf-8")
    for args in (["init"], ["update", str(collection)]):
        subprocess.run(
            ["zebraidx", "-c", "zebra.cfg", "-d", database, *args],
            cwd=workdir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=120,
            check=True,
        )


async def _listening(host: str, port: int) -> None:
    loop = asyncio.get_running_loop()
    ends = loop.time() + STARTUP_TIMEOUT_S
    while True:
        try:
            _, writer = await asyncio.open_connection(host, port)
        except OSError:
            if loop.time() > ends:
                raise RuntimeError(f"zebrasrv did not listen on {host}:{port}") from None
            await asyncio.sleep(0.05)  # polling a child process we started: no event to await
            continue
        writer.close()
        await writer.wait_closed()
        return


def _stop(process: subprocess.Popen[bytes]) -> None:
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        try:
            process.wait(5)
            return
        except subprocess.TimeoutExpired:
            continue


def _started(pid: int) -> int | None:
    """The process's start time (clock ticks since boot), telling it from a later process
    that reuses its id; None when no such process runs."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[19])


def _alive(entry: object) -> bool:
    if not (isinstance(entry, list) and len(entry) == 2 and all(type(v) is int for v in entry)):
        return False
    pid, start = int(entry[0]), int(entry[1])
    return pid > 0 and _started(pid) == start


def _mark(workdir: Path, server: subprocess.Popen[bytes] | None) -> None:
    owner = os.getpid()
    marker = {"owner": [owner, _started(owner)]}
    if server is not None:
        marker["server"] = [server.pid, _started(server.pid)]
    path = workdir / MARKER
    path.write_text(json.dumps(marker), encoding="utf-8")
    path.chmod(0o600)  # the sweep trusts only a marker no one else can write


def _mine(path: Path, kind: int) -> bool:
    """A real directory or file (not a link) of this user's that no one else may write to:
    in the shared temporary directory (sticky), no one else can then replace or plant it."""
    info = path.lstat()
    private = info.st_mode & 0o022 == 0 and (kind != stat.S_IFDIR or info.st_mode & 0o077 == 0)
    return stat.S_IFMT(info.st_mode) == kind and info.st_uid == os.geteuid() and private


def _leftover(folder: Path) -> dict[str, object] | None:
    """The marker of a working directory of ours whose demo has gone, else None."""
    marker = folder / MARKER
    if not _mine(folder, stat.S_IFDIR) or not _mine(marker, stat.S_IFREG):
        return None
    try:
        found = json.loads(marker.read_text(encoding="utf-8"))
    except ValueError:
        return None
    if not isinstance(found, dict) or "owner" not in found or _alive(found["owner"]):
        return None
    return found


def _remove(folder: Path) -> bool:
    """Remove a working directory of ours, if it holds only what we (and Zebra) put there."""
    entries = list(folder.iterdir())
    for entry in entries:
        ours = entry.name in OUR_FILES and entry.is_file()
        ours = ours or (entry.name in OUR_FOLDERS and entry.is_dir())
        if entry.is_symlink() or not ours:
            log.warning("left a demo directory alone: not only ours", extra={"path": str(folder)})
            return False
    for entry in entries:
        if entry.is_dir():
            shutil.rmtree(entry)
        elif entry.name != MARKER:
            entry.unlink()
    (folder / MARKER).unlink()  # last: until then a later start still knows the folder
    folder.rmdir()
    return True


def sweep_leftovers(root: Path | None = None) -> int:
    """Stop the servers and remove the working directories of demos that were killed before
    they could (found by their marker under `root`, the temporary directory); how many."""
    removed = 0
    for folder in sorted((root or Path(tempfile.gettempdir())).glob(PREFIX + "*")):
        try:  # another user's folder we may not even look into is simply not ours
            found = _leftover(folder)
            if found is None:
                continue
            server = found.get("server")
            if _alive(server) and _our_zebra(server, folder):
                assert isinstance(server, list)
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(server[0], signal.SIGKILL)  # its own group: start_new_session
            removed += _remove(folder)
        except OSError:
            continue
    return removed


def _our_zebra(server: object, folder: Path) -> bool:
    """Is that process the zebrasrv we started in `folder`, leading its own process group?"""
    assert isinstance(server, list)
    pid = int(server[0])
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0]
        cwd = os.readlink(f"/proc/{pid}/cwd")
        group = os.getpgid(pid)
    except OSError:
        return False
    at_home = Path(cwd) == folder.resolve()
    return Path(os.fsdecode(command)).name == "zebrasrv" and at_home and group == pid


@contextlib.asynccontextmanager
async def zebra_catalogue(
    records: Sequence[str], host: str, port: int, database: str
) -> AsyncIterator[None]:
    """zebrasrv serving `records` (MARCXML) as `database` on host:port, until the block ends."""
    swept = await asyncio.to_thread(sweep_leftovers)
    if swept:
        log.warning("removed what killed demos left behind", extra={"count": swept})
    workdir = Path(tempfile.mkdtemp(prefix=PREFIX))
    process: subprocess.Popen[bytes] | None = None
    try:
        _mark(workdir, None)
        await asyncio.to_thread(_index, workdir, database, records)
        template = (CONFIG / "yazgfs.xml").read_text(encoding="utf-8")
        config = template.replace("@HOST@", host).replace("@PORT@", str(port))
        (workdir / "yazgfs.xml").write_text(config.replace("@DATABASE@", database), "utf-8")
        process = subprocess.Popen(
            ["zebrasrv", "-f", "yazgfs.xml"],
            cwd=workdir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # zebrasrv forks per connection: stop the whole group
        )
        _mark(workdir, process)
        await _listening(host, port)
        yield
    finally:
        if process is not None:
            await asyncio.to_thread(_stop, process)
        shutil.rmtree(workdir, ignore_errors=True)  # ours: made by mkdtemp above
