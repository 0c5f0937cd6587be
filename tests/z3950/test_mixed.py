"""SRU and Z39.50 targets in one configuration and one search: their records merge."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from federator.cli import check_targets
from federator.config import parse_settings
from federator.config.reader import ConfigError
from federator.models import Protocol, SearchRequest, TargetState
from federator.query import fielded_query
from federator.search import open_session
from federator.service import SearchService


def mixed(zebras: tuple[str, str]) -> dict[str, object]:
    orebro, bergslagen = zebras  # one zebrasrv each; both answer SRU and Z39.50 on one port
    z3950_url = bergslagen.replace("http://", "z3950://")
    return {
        "search": {"deadline_s": 5},
        "cache": {"enabled": False},
        "targets": [
            {"id": "orebro", "name": "Örebro", "url": orebro, "holdings": {"field": "952"}},
            {
                "id": "bergslagsbibblan",
                "name": "Bergslagsbibblan",
                "protocol": "z3950",
                "url": z3950_url,
                "holdings": {"field": "852"},
                "z3950": {
                    "record_syntax": "xml",
                    "element_set": "marcxml",
                    "attributes": {"subject": "1=subject", "year": "1=year 4=109"},
                },
            },
        ],
    }


async def test_a_mixed_search_merges_across_both_protocols(two_zebras: tuple[str, str]) -> None:
    settings = parse_settings(mixed(two_zebras), environ={})
    assert settings.target("bergslagsbibblan").protocol is Protocol.Z3950  # type: ignore[union-attr]
    async with open_session(settings) as session:
        service = SearchService(settings, session)
        result = await service.search(
            SearchRequest(query=fielded_query(author="strindberg"), page_size=50)
        )
        await service.close()
    states = {s.target: s.state for s in result.targets}
    assert states == {"orebro": TargetState.OK, "bergslagsbibblan": TargetState.OK}
    both = [r.work for r in result.results if {s.target for s in r.work.sources} == set(states)]
    assert both, "records of one edition from both protocols should merge"
    # The test records carry Koha 952 or MARC 852 copies, so each target reads its own kind.
    assert {h.target for w in both for h in w.holdings} == set(states)


async def test_targets_check_reports_a_z3950_target(two_zebras: tuple[str, str]) -> None:
    out = io.StringIO()
    assert await check_targets(parse_settings(mixed(two_zebras), environ={}), out) == 0
    row = next(line for line in out.getvalue().splitlines() if line.startswith("bergslagsbibblan"))
    assert " OK " in row and "Z39.50" in row and "database bergslagen" in row


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"protocol": "sru"}, "url"),  # a z3950:// url over SRU
        ({"url": "http://127.0.0.1:1/x"}, "url"),  # protocol z3950 with an http url
        ({"z3950": {"record_syntax": "sutrs"}}, "record_syntax"),
        ({"z3950": {"password_env": "NOT_SET_ANYWHERE"}}, "password_env"),
        ({"z3950": {"colour": "blue"}}, "colour"),
    ],
)
def test_bad_z3950_config_names_target_and_key(change: dict[str, object], key: str) -> None:
    data = mixed(("http://127.0.0.1:1/a", "http://127.0.0.1:2/b"))
    targets = data["targets"]
    assert isinstance(targets, list)
    targets[1] = targets[1] | change
    with pytest.raises(ConfigError) as caught:
        parse_settings(data, environ={}, source="federator.toml")
    assert caught.value.key == key and "target 'bergslagsbibblan'" in str(caught.value)


def test_a_password_comes_from_the_environment_and_is_never_shown(tmp_path: Path) -> None:
    data = mixed(("http://127.0.0.1:1/a", "http://127.0.0.1:2/b"))
    targets = data["targets"]
    assert isinstance(targets, list)
    targets[1]["z3950"] |= {"user": "fed", "password_env": "ZPASS"}  # type: ignore[index]
    settings = parse_settings(data, environ={"ZPASS": "hemligt"})
    options = settings.z3950_options("bergslagsbibblan")
    assert options is not None and options.password == "hemligt"
    assert "hemligt" not in repr(settings)
