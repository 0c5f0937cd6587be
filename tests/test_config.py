from pathlib import Path

import pytest

from federator.config import ConfigError, config_path, load_settings, parse_settings
from federator.models import Field, HoldingsField, HoldingStatus, RelevanceOrder, Widening

GOOD = """
[search]
deadline_s = 4

[[targets]]
id = "orebro"
name = "Örebro stadsbibliotek"
url = "http://127.0.0.1:9001"
database = "orebro"
sru_version = "2.0"
record_url = "https://bibliotek.orebro.se/post/{record_id}"
timeout_s = 3
max_records = 40

[targets.indexes]
title = "title"
subject = ""

[targets.holdings]
field = "952"
status_map = { "notforloan=2" = "not_for_loan", "Hemma" = "available" }
no_ill_item_types = ["DVD"]

[[targets.libraries]]
name = "Örebro stadsbibliotek"
municipality = "Örebro"
branches = { OSB = "Stadsbiblioteket", VIV = "Vivalla bibliotek" }

[[targets]]
id = "bergslagsbibblan"
name = "Bergslagsbibblan"
url = "http://127.0.0.1:9002/bb"
enabled = false

[targets.holdings]
field = "852"
status_subfield = "s"

[[targets.libraries]]
name = "Kumla bibliotek"
municipality = "Kumla"
branches = { KUM = "Kumla bibliotek" }

[[targets.libraries]]
name = "Nora bibliotek"
municipality = "Nora"
branches = { NOR = "Nora bibliotek", GYT = "Gyttorps bibliotek" }
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "federator.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_full_config_loads(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, GOOD), environ={})
    assert settings.search.deadline_s == 4.0
    orebro, bergslagen = settings.targets
    assert orebro.url == "http://127.0.0.1:9001/orebro"
    assert orebro.index_for(Field.TITLE) == "title"
    assert orebro.index_for(Field.AUTHOR) == "dc.creator"  # default kept
    assert orebro.index_for(Field.SUBJECT) is None  # "" removes it
    assert orebro.holdings is not None and orebro.holdings.field is HoldingsField.KOHA_952
    assert ("notforloan=2", HoldingStatus.NOT_FOR_LOAN) in orebro.holdings.status_map
    assert ("hemma", HoldingStatus.AVAILABLE) in orebro.holdings.status_map
    branch = orebro.branch("VIV")
    assert branch is not None and branch.library == "Örebro stadsbibliotek"
    assert bergslagen.enabled is False and settings.enabled_targets == (orebro,)
    assert bergslagen.holdings is not None and bergslagen.holdings.status_subfield == "s"
    nora = bergslagen.branch("GYT")
    assert nora is not None and nora.municipality == "Nora"


def test_environment_overrides_the_file(tmp_path: Path) -> None:
    environ = {"FEDERATOR_SEARCH_DEADLINE_S": "2.5", "FEDERATOR_HTTP_MAX_BODY_BYTES": "1000"}
    settings = load_settings(write(tmp_path, GOOD), environ=environ)
    assert settings.search.deadline_s == 2.5
    assert settings.http.max_body_bytes == 1000


@pytest.mark.parametrize(
    ("change", "context", "key"),
    [
        (("timeout_s = 3", 'timeout_s = "fast"'), "target 'orebro'", "timeout_s"),
        (("max_records = 40", "max_records = 0"), "target 'orebro'", "max_records"),
        (('sru_version = "2.0"', 'sru_version = "3.0"'), "target 'orebro'", "sru_version"),
        (('id = "orebro"', 'id = "Örebro!"'), "target #1", "id"),
        (('id = "bergslagsbibblan"', 'id = "orebro"'), "target #2", "id"),
        (("max_records = 40", "max_records = 40\ncolour = 1"), "target 'orebro'", "colour"),
        (('url = "http://127.0.0.1:9001"', 'url = "ftp://x"'), "target 'orebro'", "url"),
        (('field = "952"', 'field = "999"'), "target 'orebro' holdings", "field"),
        (
            ('"Hemma" = "available"', '"Hemma" = "home"'),
            "target 'orebro' holdings",
            "status_map.Hemma",
        ),
        (('title = "title"', 'titel = "title"'), "target 'orebro' indexes", "titel"),
        (('municipality = "Nora"', ""), "target 'bergslagsbibblan' library #2", "municipality"),
        (("deadline_s = 4", "deadline_s = -1"), "[search]", "deadline_s"),
        (("[search]", "[serch]"), "top level", "serch"),
        (("{record_id}", "{id}"), "target 'orebro'", "record_url"),
        (
            ("max_records = 40", 'max_records = 40\nwidening = "stem"'),
            "target 'orebro'",
            "widening",
        ),
        (
            ("max_records = 40", 'max_records = 40\nrelevance = "sortby"'),
            "target 'orebro'",
            "relevance_index",
        ),
        (
            (
                'sru_version = "2.0"',
                'sru_version = "1.2"\nrelevance = "sortkeys"\nrelevance_index = "rank,,0"',
            ),
            "target 'orebro'",
            "relevance",
        ),
    ],
)
def test_bad_config_names_file_target_and_key(
    tmp_path: Path, change: tuple[str, str], context: str, key: str
) -> None:
    path = write(tmp_path, GOOD.replace(*change, 1))
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    message = str(caught.value)
    assert message.startswith(f"{path}: {context}: key {key!r}:"), message


def test_search_capabilities_per_target() -> None:
    data = {
        "targets": [
            {"id": "a", "name": "A", "url": "http://127.0.0.1:1/a"},
            {
                "id": "b",
                "name": "B",
                "url": "http://127.0.0.1:1/b",
                "widening": "truncation",
                "relevance": "modifier",
            },
        ]
    }
    first, second = parse_settings(data, environ={}).targets
    assert (first.widening, first.relevance) == (Widening.FORMS, RelevanceOrder.NONE)
    assert (second.widening, second.relevance) == (Widening.TRUNCATION, RelevanceOrder.MODIFIER)


def test_bad_environment_value_is_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="FEDERATOR_SEARCH_DEADLINE_S"):
        load_settings(write(tmp_path, GOOD), environ={"FEDERATOR_SEARCH_DEADLINE_S": "soon"})


def test_invalid_toml_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="invalid TOML"):
        load_settings(write(tmp_path, "[[targets]\n"), environ={})
    with pytest.raises(ConfigError, match="cannot read"):
        load_settings(tmp_path / "missing.toml", environ={})


def test_required_keys() -> None:
    with pytest.raises(ConfigError, match="key 'url': is required"):
        parse_settings({"targets": [{"id": "x", "name": "X"}]}, environ={})


def test_config_path_order(tmp_path: Path) -> None:
    assert config_path("a.toml", {"FEDERATOR_CONFIG": "b.toml"}) == Path("a.toml")
    assert config_path(None, {"FEDERATOR_CONFIG": "b.toml"}) == Path("b.toml")
