"""One demo catalogue served by Index Data's Zebra, which speaks Z39.50 (and SRU) on one port,
as Koha's own Zebra does: the demo's Z39.50 target, when Debian's idzebra-2.0 is installed.

The records are written to a working directory we create (and remove at the end), indexed
with zebraidx, and served by zebrasrv; the configuration is the one the tests use
(`federator/demo/zebra/`).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import AsyncIterator, Sequence
from importlib.resources import files
from pathlib import Path

CONFIG = files("federator.demo") / "zebra"
STARTUP_TIMEOUT_S = 20.0
MARC_COLLECTION = '<collection xmlns="http://www.loc.gov/MARC21/slim">{}</collection>'
# Bib-1 uses Zebra's configuration knows for subject and year (federator.idx names them).
ZEBRA_ATTRIBUTES = {"subject": "1=subject", "year": "1=year 4=109"}


def zebra_installed() -> bool:
    return shutil.which("zebrasrv") is not None and shutil.which("zebraidx") is not None


def _index(workdir: Path, database: str, records: Sequence[str]) -> None:
    for name in (
        "zebra.cfg",
        "dom-conf.xml",
        "federator.idx",
        "marc2index.xsl",
        "marc2dc.xsl",
        "words-icu.xml",
        "phrases-icu.xml",
        "cql2pqf.properties",
    ):
        (workdir / name).write_bytes((CONFIG / name).read_bytes())
    for sub in ("register", "lock", "tmp"):
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


@contextlib.asynccontextmanager
async def zebra_catalogue(
    records: Sequence[str], host: str, port: int, database: str
) -> AsyncIterator[None]:
    """zebrasrv serving `records` (MARCXML) as `database` on host:port, until the block ends."""
    workdir = Path(tempfile.mkdtemp(prefix="federator-demo-zebra-"))
    process: subprocess.Popen[bytes] | None = None
    try:
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
        await _listening(host, port)
        yield
    finally:
        if process is not None:
            await asyncio.to_thread(_stop, process)
        shutil.rmtree(workdir, ignore_errors=True)  # ours: made by mkdtemp above
