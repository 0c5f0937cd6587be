from pathlib import Path

import pytest

from federator.config import ConfigError, config_path, load_settings, parse_settings
from federator.models import Field, Format, HoldingStatus, RelevanceOrder, Widening

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
    assert orebro.holdings is not None and orebro.holdings.preset == "koha"
    assert orebro.holdings.field == "952"
    own = {(r.subfield, r.match, r.status) for r in orebro.holdings.local_rules}
    assert ("7", "^2$", HoldingStatus.NOT_FOR_LOAN) in own  # Koha's column name, as staff say it
    assert ("z", "^Hemma$", HoldingStatus.AVAILABLE) in own
    branch = orebro.branch("VIV")
    assert branch is not None and branch.library == "Örebro stadsbibliotek"
    assert bergslagen.enabled is False and settings.enabled_targets == (orebro,)
    assert bergslagen.holdings is not None
    assert any(r.subfield == "s" for r in bergslagen.holdings.rules)  # status words read in $s
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
        # URLs urllib itself cannot read: a traceback before, a named key now.
        (('url = "http://127.0.0.1:9001"', 'url = "http://[::1"'), "target 'orebro'", "url"),
        (('url = "http://127.0.0.1:9001"', 'url = "z3950://h:99999/db"'), "target 'orebro'", "url"),
        (("[search]", '[server]\npublic_url = "https://[x/"\n[search]'), "[server]", "public_url"),
        (
            ("[search]", '[pages]\ncover_url = "http://c:0x50/{isbn}"\n[search]'),
            "[pages]",
            "cover_url",
        ),
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


def test_shared_state_is_off_unless_a_url_is_given(tmp_path: Path) -> None:
    assert load_settings(write(tmp_path, GOOD), environ={}).shared.is_enabled is False
    environ = {
        "FEDERATOR_SHARED_URL": "redis://10.0.0.5:6379/2",
        "FEDERATOR_SHARED_TIMEOUT_S": "0.1",
    }
    shared = load_settings(write(tmp_path, GOOD), environ=environ).shared
    assert shared.is_enabled and shared.url.endswith(":6379/2") and shared.timeout_s == 0.1
    assert shared.key_prefix == "federator:"


@pytest.mark.parametrize(
    ("table", "key"),
    [
        ('url = "http://127.0.0.1:6379"', "url"),
        ('url = "redis://"', "url"),
        ('url = "redis://[::1:6379"', "url"),
        ('url = "redis://127.0.0.1"\nkey_prefix = ""', "key_prefix"),
        ('url = "redis://127.0.0.1"\nkey_prefix = "a b"', "key_prefix"),
        ("timeout_s = 0", "timeout_s"),
        ("timeout_s = 60", "timeout_s"),
        ("max_memory_mb = -5", "max_memory_mb"),
        ('retry_s = "often"', "retry_s"),
        ("hosts = 3", "hosts"),
    ],
)
def test_bad_shared_settings_are_refused_at_start(tmp_path: Path, table: str, key: str) -> None:
    path = write(tmp_path, GOOD + f"\n[shared]\n{table}\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    assert str(caught.value).startswith(f"{path}: [shared]: key {key!r}:"), caught.value


ILL = """
[ill]
lender_order = ["transport", "available_now"]
hub_route = "Örebro"

[[targets]]
id = "bergslagsbibblan"
name = "Bergslagsbibblan"
url = "http://127.0.0.1:9002/bb"

[targets.ill]
formats = { audiobook = true, video = false }
item_types = { SNABBLAN = false }

[[targets.libraries]]
name = "Nora bibliotek"
municipality = "Nora"
branches = { NOR = "Nora bibliotek" }
isil = "SE-Nor"
sigel = "Nor"
ill_email = "fjarrlan@nora.bibliotek.example"
route = "Norr"
ill_lent = 230
ill_borrowed = 210

[targets.libraries.address]
line1 = "Nora bibliotek"
line2 = "Fjärrlån"
postal_code = "713 30"
locality = "Nora"

[[targets.libraries]]
name = "Hällefors bibliotek"
municipality = "Hällefors"
route = ""
"""


def test_libraries_carry_what_interlibrary_loan_needs(tmp_path: Path) -> None:
    settings = load_settings(write(tmp_path, ILL), environ={})
    assert settings.ill.lender_order == ("transport", "available_now")
    assert settings.ill.hub_route == "Örebro" and settings.ill.suggestions == 3
    (target,) = settings.targets
    nora, hallefors = target.libraries
    assert (nora.id, nora.isil, nora.sigel, nora.route) == (
        "nora-bibliotek",
        "SE-Nor",
        "Nor",
        "Norr",
    )
    assert nora.address is not None and nora.address.country == "SE"
    assert (nora.ill_lent, nora.ill_borrowed, nora.network) == (230, 210, "bergslagsbibblan")
    assert hallefors.id == "hallefors-bibliotek" and hallefors.route is None
    assert dict(target.ill.formats) == {Format.AUDIOBOOK: True, Format.VIDEO: False}
    assert target.ill.item_types == (("SNABBLAN", False),)
    environ = {"FEDERATOR_ILL_LENDER_ORDER": "balance, transport", "FEDERATOR_ILL_SUGGESTIONS": "5"}
    from_env = load_settings(write(tmp_path, ILL), environ=environ).ill
    assert from_env.lender_order == ("balance", "transport") and from_env.suggestions == 5


@pytest.mark.parametrize(
    ("change", "context", "key"),
    [
        (('isil = "SE-Nor"', 'isil = "Nora bibliotek"'), "library #1", "isil"),
        (('sigel = "Nor"', 'sigel = "N o r"'), "library #1", "sigel"),
        (('"fjarrlan@nora.bibliotek.example"', '"nora bibliotek"'), "library #1", "ill_email"),
        (('locality = "Nora"', 'town = "Nora"'), "library #1 address", "town"),
        (
            ('locality = "Nora"', 'locality = "Nora"\ncountry = "Sverige"'),
            "library #1 address",
            "country",
        ),
        (("ill_lent = 230", "ill_lent = -1"), "library #1", "ill_lent"),
        (("audiobook = true", "ebook = true"), "ill", "formats.ebook"),
        (("audiobook = true", "dvd = true"), "ill", "formats"),
        (("SNABBLAN = false", 'SNABBLAN = "no"'), "ill", "item_types.SNABBLAN"),
        (('name = "Hällefors bibliotek"', 'name = "Nora bibliotek"'), "library #2", "name"),
    ],
)
def test_bad_library_or_ill_rule_is_named(
    tmp_path: Path, change: tuple[str, str], context: str, key: str
) -> None:
    path = write(tmp_path, ILL.replace(*change, 1))
    with pytest.raises(ConfigError) as caught:
        load_settings(path, environ={})
    message = str(caught.value)
    assert message.startswith(f"{path}: target 'bergslagsbibblan' {context}: key {key!r}:"), message


@pytest.mark.parametrize(
    "order", ['["transport", "nearest"]', '["transport", "transport"]', "[1, 2]"]
)
def test_bad_lender_order_is_named(tmp_path: Path, order: str) -> None:
    path = write(tmp_path, ILL.replace('["transport", "available_now"]', order, 1))
    with pytest.raises(ConfigError, match=r"\[ill\]: key 'lender_order'"):
        load_settings(path, environ={})


def test_one_library_in_two_catalogues_is_refused(tmp_path: Path) -> None:
    twice = ILL + ILL[ILL.index("[[targets]]") :].replace('id = "bergslagsbibblan"', 'id = "other"')
    with pytest.raises(
        ConfigError, match="'nora-bibliotek' is also bergslagsbibblan/Nora bibliotek"
    ):
        load_settings(write(tmp_path, twice), environ={})
