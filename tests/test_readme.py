"""Every shell example in the README that can run offline runs as written: the command-line
examples against `federator demo`'s catalogues, in a directory where `federator init --demo`
wrote federator.toml. `federator --help` promises nothing for "later"."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.demo.test_demo_command import free_block, get_json
from tests.realservers import free_port

pytestmark = pytest.mark.realserver
ROOT = Path(__file__).parent.parent
BIN = Path(sys.executable).parent
# What the README shows but a test cannot run here, and why.
NOT_RUN = {
    "bash scripts/demo.sh": "runs until Ctrl-C (tests/demo/test_demo_command.py runs it)",
    "bash scripts/test.sh": "is this test run",
    "bash scripts/try-local.sh": "runs until Ctrl-C",
    ".venv/bin/pytest": "is this test run",
    ".venv/bin/python bench/": "benchmarks take minutes each (bench/)",
    ".venv/bin/pip install": "changes the environment",
    "python -m tests.realservers": "runs until Ctrl-C",
    "curl ": "needs `federator serve` on port 8000 (tests/web/test_api.py asks the same)",
}


def shell_examples() -> list[str]:
    lines, inside = [], False
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            inside = line.strip() == "```sh"
        elif inside and line.strip():
            lines.append(line.strip())
    return lines


def run(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    words = shlex.split(command, comments=True)
    words[0] = str(BIN / words[0].removeprefix(".venv/bin/"))
    return subprocess.run(words, cwd=cwd, capture_output=True, text=True, timeout=60, check=False)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port, base_port = free_port(), free_block(13)
    command = [str(BIN / "federator"), "demo", "--port", str(port), "--base-port", str(base_port)]
    command += ["--scale", "0.3", "--cache-dir", str(tmp_path_factory.mktemp("cache"))]
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=os.environ
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, "federator demo stopped"
            try:
                if get_json(f"http://127.0.0.1:{port}/health")["status"] == "ok":
                    break
            except OSError:
                pass
            time.sleep(0.1)  # polling a subprocess: there is nothing to await
        yield base_port
    finally:
        process.kill()
        process.wait(10)


def test_every_shell_example_is_run_or_says_why_not() -> None:
    examples = shell_examples()
    assert any(e.startswith(".venv/bin/federator") for e in examples)
    unknown = [
        e
        for e in examples
        if not e.startswith(".venv/bin/federator") and not e.startswith(tuple(NOT_RUN))
    ]
    assert unknown == []


def test_init_writes_the_example_or_the_demo_config_and_never_overwrites(tmp_path: Path) -> None:
    first = run(".venv/bin/federator init", tmp_path)
    assert first.returncode == 0, first.stderr
    example = tomllib.loads((tmp_path / "federator.toml").read_text(encoding="utf-8"))
    assert [t["id"] for t in example["targets"]] == [
        "orebro",
        "karlskoga",
        "degerfors",
        "bergslagsbibblan",
        "region",
    ]
    municipalities = {lib["municipality"] for lib in example["targets"][3]["libraries"]}
    assert len(municipalities) == 9 and "Askersund" in municipalities
    assert all("example.se" in t["url"] for t in example["targets"])
    again = run(".venv/bin/federator init", tmp_path)
    assert again.returncode == 2 and "--force" in again.stderr
    assert (ROOT / "federator.example.toml").read_text() == (
        tmp_path / "federator.toml"
    ).read_text()


def test_the_readme_command_examples_run_as_written(demo: int, tmp_path: Path) -> None:
    examples = [e for e in shell_examples() if e.startswith(".venv/bin/federator")]
    init = [e for e in examples if " init" in e]
    assert init, "the README shows how to get a federator.toml"
    (tmp_path / "as-shown").mkdir()
    for example in init:
        shown = run(example, tmp_path / "as-shown")
        assert shown.returncode == 0 and "wrote federator.toml" in shown.stdout
    # The same command with the demo's ports of this test run, then every example as written.
    written = run(f".venv/bin/federator init --demo --base-port {demo}", tmp_path)
    assert written.returncode == 0, written.stderr
    for example in (e for e in examples if e not in init):
        done = run(example, tmp_path)
        assert done.returncode == 0, f"{example}\n{done.stdout}\n{done.stderr}"
        assert " ok " in done.stdout.lower(), example  # the catalogues answered


def test_help_describes_what_is_there() -> None:
    helped = run(".venv/bin/federator --help", ROOT)
    assert helped.returncode == 0 and "later" not in helped.stdout
    assert "pages" in helped.stdout and "init" in helped.stdout
