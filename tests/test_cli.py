"""The federator command, run in-process against in-process servers."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import pytest

from federator.cli import main
from tests import fakesru


def write_config(tmp_path: Path, urls: dict[str, str]) -> Path:
    tables = "".join(
        f'[[targets]]\nid = "{target_id}"\nname = "{target_id.title()}"\nurl = "{url}"\n'
        "timeout_s = 0.5\nconnect_timeout_s = 0.3\n\n"
        for target_id, url in urls.items()
    )
    path = tmp_path / "federator.toml"
    path.write_text(tables, encoding="utf-8")
    return path


async def test_search_prints_per_target_status_and_records(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async with fakesru.serve(fakesru.paging_handler(fakesru.sample_records(4))) as good:
        async with fakesru.serve(fakesru.fixed(b"<html>down</html>", 500, "text/html")) as bad:
            config = write_config(tmp_path, {"good": good, "bad": bad})
            # main() runs its own event loop, so it goes to a thread while this loop serves.
            code = await asyncio.to_thread(main, ["--config", str(config), "search", "Lagerlöf"])
    out = capsys.readouterr().out
    assert code == 0
    assert "good               ok       hits      4" in out
    assert "bad                error" in out and "HTTP 500" in out
    assert "rec1: Bok nummer 1 : roman / Lagerlöf, Selma" in out
    assert "1 of 2 targets answered." in out


@pytest.mark.realserver
def test_search_says_what_it_read_and_what_it_searched_instead(
    tmp_path: Path, zebra_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, {"zebra": zebra_url})
    config.write_text(config.read_text() + 'widening = "truncation"\n')
    assert main(["--config", str(config), "search", "röda", "rummet", "ljudbok"]) == 0
    out = capsys.readouterr().out
    assert "Read as: 'ljudbok': only audiobook (a filter, not a search word)" in out
    assert main(["--config", str(config), "search", "--literal", "röda", "rummet", "ljudbok"]) == 0
    assert "Read as" not in capsys.readouterr().out


def test_bad_config_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "federator.toml"
    path.write_text('[[targets]]\nid = "x"\nname = "X"\nurl = "http://h/db"\ntimeout_s = "soon"\n')
    assert main(["--config", str(path), "targets", "check"]) == 2
    err = capsys.readouterr().err
    expected = f"{path}: target 'x': key 'timeout_s': wrong type: expected float, got 'soon'"
    assert err == f"federator: configuration error: {expected}\n"


def test_bad_cql_is_refused_before_any_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, {"never": "http://127.0.0.1:9/db"})
    assert main(["--config", str(config), "search", "--cql", "title=("]) == 2
    assert "bad query: CQL syntax error at position 7" in capsys.readouterr().err


def test_missing_config_says_how_to_give_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FEDERATOR_CONFIG", raising=False)
    assert main(["targets", "check"]) == 2
    assert "pass --config, set FEDERATOR_CONFIG" in capsys.readouterr().err


@pytest.mark.realserver
def test_targets_check_against_real_servers_and_a_closed_port(
    tmp_path: Path, zebra_url: str, ztest_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}/db"
    config = write_config(tmp_path, {"zebra": zebra_url, "ztest": ztest_url, "closed": closed})
    assert main(["--config", str(config), "targets", "check"]) == 1
    out = capsys.readouterr().out
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line and line[0] != " "}
    assert rows["zebra"][1:3] == ["OK", "1.2"] and "dc.title," in out
    assert rows["ztest"][1:3] == ["OK", "1.2"] and "(the server lists none)" in " ".join(
        rows["ztest"]
    )
    assert rows["closed"][1] == "DOWN" and "cannot connect" in " ".join(rows["closed"])
    assert rows["2"] == ["2", "of", "3", "targets", "answered", "explain."]


@pytest.mark.realserver
def test_targets_check_warns_about_indexes_the_server_does_not_list(
    tmp_path: Path, zebra_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, {"zebra": zebra_url})
    config.write_text(config.read_text() + '[targets.indexes]\nsubject = "dc.topic"\n')
    assert main(["--config", str(config), "targets", "check"]) == 0
    assert "warning: subject is mapped to 'dc.topic', not listed" in capsys.readouterr().out


@pytest.mark.realserver
def test_targets_check_says_what_explain_offers_that_the_target_does_not_use(
    tmp_path: Path, zebra_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    config = write_config(tmp_path, {"zebra": zebra_url})
    assert main(["--config", str(config), "targets", "check"]) == 0
    out = capsys.readouterr().out
    assert 'note: explain lists masking "*": widening = "truncation" would do' in out
    assert 'note: explain lists /relevant: relevance = "modifier" would do' in out
    config.write_text(config.read_text() + 'widening = "truncation"\nrelevance = "modifier"\n')
    assert main(["--config", str(config), "targets", "check"]) == 0
    assert "note:" not in capsys.readouterr().out


async def test_search_writes_through_and_cached_search_answers_offline(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    async with fakesru.serve(fakesru.paging_handler(fakesru.sample_records(3))) as url:
        config = write_config(tmp_path, {"nora": url})
        config.write_text(config.read_text() + f'\n[cache]\npath = "{tmp_path / "index"}"\n')
        assert await asyncio.to_thread(main, ["--config", str(config), "search", "Lagerlöf"]) == 0
    capsys.readouterr()
    # The catalogue is gone now; the cache still answers.
    assert (
        await asyncio.to_thread(main, ["--config", str(config), "search", "--cached", "bok"]) == 0
    )
    out = capsys.readouterr().out
    assert "(from the cache index only)" in out and "3 works in the cache." in out
    assert "Bok nummer 1 : roman / Lagerlöf, Selma" in out


@pytest.mark.parametrize("command", [["serve", "--port", "9"], ["search", "x"]])
def test_a_cache_path_that_is_not_ours_stops_the_command_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: list[str]
) -> None:
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "meta.json").write_text('{"mine": true}')
    config = write_config(tmp_path, {"never": "http://127.0.0.1:9/db"})
    config.write_text(config.read_text() + f'\n[cache]\npath = "{folder}"\n')
    assert main(["--config", str(config), *command]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"federator: configuration error: {config}: [cache]: key 'path': ")
    assert "is not a federator cache index" in err and err.count("\n") == 1
    assert [p.name for p in folder.iterdir()] == ["meta.json"]
    assert (folder / "meta.json").read_text() == '{"mine": true}'
