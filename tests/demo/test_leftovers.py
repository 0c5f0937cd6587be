"""What a demo killed outright leaves behind (its Zebra's working directory, the server still
running) is cleaned up by the next start, and nothing else is touched."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from federator.demo.zebra import MARKER, PREFIX, _started, sweep_leftovers, zebra_installed
from tests.demo.test_demo_command import port_is_free
from tests.realservers import free_port


def _dead_pid() -> int:
    done = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout)


def _workdir(
    root: Path,
    name: str,
    owner: list[int],
    extra: str | None = None,
    mode: int = 0o700,
    server: list[int] | None = None,
) -> Path:
    """A working directory as zebra_catalogue leaves it (mkdtemp: 0700, marker 0600)."""
    folder = root / (PREFIX + name)
    (folder / "register").mkdir(parents=True)
    (folder / "register" / "zebra-data.mf").write_bytes(b"\x00zebra")
    (folder / "records.xml").write_text("<collection/>")
    (folder / "zebra.cfg").write_text("profilePath: .")
    marker = {"owner": owner} | ({"server": server} if server else {})
    (folder / MARKER).write_text(json.dumps(marker))
    (folder / MARKER).chmod(0o600)
    if extra:
        (folder / extra).write_text("not ours")
    folder.chmod(mode)
    return folder


def _tree(root: Path) -> dict[str, bytes | None]:
    return {
        str(p.relative_to(root)): None if p.is_dir() else p.read_bytes()
        for p in sorted(root.rglob("*"))
    }


def test_only_a_killed_demos_own_directory_is_removed(tmp_path: Path) -> None:
    dead = [_dead_pid(), 12345]
    gone = _workdir(tmp_path, "gone", dead)
    live_owner = [os.getpid(), _started(os.getpid()) or 0]
    kept = [
        _workdir(tmp_path, "running", live_owner),  # a demo that is still running
        _workdir(tmp_path, "foreign", dead, extra="notes.txt"),  # holds a file not ours
        _workdir(tmp_path, "reused", [os.getpid(), 1]),  # our pid, but not that process
        _workdir(tmp_path, "shared", dead, mode=0o755),  # not private: anyone could plant it
    ]
    unmarked = tmp_path / (PREFIX + "unmarked")
    unmarked.mkdir()
    (unmarked / "records.xml").write_text("someone's")
    target = _workdir(tmp_path / "elsewhere", "linked", dead)
    (tmp_path / (PREFIX + "link")).symlink_to(target)
    before = _tree(tmp_path)

    assert sweep_leftovers(tmp_path) == 2  # "gone", and "reused" (its pid is another process)
    assert not gone.exists() and not kept[2].exists()
    after = _tree(tmp_path)
    assert after == {k: v for k, v in before.items() if "gone" not in k and "reused" not in k}
    assert kept[0].exists() and kept[1].exists() and kept[3].exists() and target.exists()


def test_a_marker_naming_a_process_that_is_not_our_zebra_never_gets_it_killed(
    tmp_path: Path,
) -> None:
    """A marker can name any process (its pid and start time are public): only a zebrasrv
    working in that very directory, leading its own group, is stopped."""
    bystander = subprocess.Popen(["sleep", "30"], start_new_session=True)
    try:
        start = _started(bystander.pid)
        assert start is not None
        folder = _workdir(tmp_path, "forged", [_dead_pid(), 1], server=[bystander.pid, start])
        assert sweep_leftovers(tmp_path) == 1 and not folder.exists()
        assert bystander.poll() is None  # still running
    finally:
        bystander.kill()
        bystander.wait(10)


@pytest.mark.realserver
@pytest.mark.skipif(not zebra_installed(), reason="needs Debian's idzebra-2.0")
def test_the_next_start_stops_the_zebra_a_killed_demo_left_running(tmp_path: Path) -> None:
    port = free_port()
    script = f"""
import asyncio, sys
from federator.demo.zebra import zebra_catalogue
record = ('<record><leader>00000nam a2200000 a 4500</leader>'
          '<controlfield tag="001">1</controlfield></record>')
async def main():
    async with zebra_catalogue([record], "127.0.0.1", {port}, "demo"):
        print("ready", flush=True)
        await asyncio.Event().wait()
asyncio.run(main())
"""
    environment = os.environ | {"TMPDIR": str(tmp_path)}
    demo = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=environment
    )
    try:
        assert demo.stdout is not None and demo.stdout.readline().strip() == "ready"
        demo.send_signal(signal.SIGKILL)
        demo.wait(10)
    finally:
        demo.kill()
        demo.wait(10)
        if demo.stdout:
            demo.stdout.close()
    left = list(tmp_path.glob(PREFIX + "*"))
    assert len(left) == 1 and not port_is_free(port)  # the orphaned zebrasrv still serves

    assert sweep_leftovers(tmp_path) == 1
    ends = time.monotonic() + 10
    while not port_is_free(port) and time.monotonic() < ends:
        time.sleep(0.05)  # the killed server's socket closes as the kernel reaps it
    assert port_is_free(port) and not left[0].exists()
