from dataclasses import replace
from datetime import date

import pytest

from federator.config.targets import HOLDINGS_PRESETS
from federator.connectors.marcxml import map_marc_record
from federator.models import Branch, HoldingsField, HoldingStatus, Target
from tests.connectors.marc_builders import datafield, element, marc_record

KOHA = HOLDINGS_PRESETS[HoldingsField.KOHA_952]
MARC852 = HOLDINGS_PRESETS[HoldingsField.MARC_852]
BRANCHES = (
    Branch(code="KUM", name="Kumla bibliotek", library="Kumla bibliotek", municipality="Kumla"),
    Branch(code="NOR", name="Nora bibliotek", library="Nora bibliotek", municipality="Nora"),
    Branch(code="GYT", name="Gyttorps bibliotek", library="Nora bibliotek", municipality="Nora"),
)
BERGSLAGEN = Target(
    id="bergslagsbibblan",
    name="Bergslagsbibblan",
    url="http://127.0.0.1:1/bb",
    holdings=replace(
        KOHA,
        no_ill_item_types=frozenset({"DVD"}),
        status_map=(("notforloan=3", HoldingStatus.ON_HOLD),),
    ),
    branches=BRANCHES,
)


def holdings(target: Target, *fields: str):  # type: ignore[no-untyped-def]
    xml = marc_record(datafield("245", ("a", "Aniara")), *fields)
    return map_marc_record(element(xml), target, fallback_id="p1").holdings


def test_koha_items_per_branch_with_status_and_due_date() -> None:
    found = holdings(
        BERGSLAGEN,
        datafield("952", ("a", "NOR"), ("b", "GYT"), ("o", "Hcf Martinson"), ("y", "BOK")),
        datafield(
            "952", ("a", "KUM"), ("b", "KUM"), ("o", "Hcf"), ("q", "2026-12-24"), ("y", "BOK")
        ),
        datafield("952", ("a", "KUM"), ("b", "KUM"), ("7", "1"), ("y", "BOK")),
        datafield("952", ("a", "KUM"), ("b", "KUM"), ("7", "-1")),
        datafield("952", ("a", "KUM"), ("b", "KUM"), ("1", "2")),
        datafield("952", ("a", "NOR"), ("b", "NOR"), ("y", "DVD")),
        datafield("952", ("a", "NOR"), ("b", "NOR"), ("7", "3")),
        datafield("952", ("a", "NOR"), ("b", "NOR"), ("k", "In transit")),
    )
    available, on_loan, reference, ordered, lost, dvd, mapped, transit = found
    assert (available.library, available.branch, available.municipality) == (
        "Nora bibliotek",
        "Gyttorps bibliotek",
        "Nora",
    )
    assert available.status is HoldingStatus.AVAILABLE and available.ill_allowed is True
    assert available.call_number == "Hcf Martinson"
    assert on_loan.status is HoldingStatus.ON_LOAN and on_loan.due_date == date(2026, 12, 24)
    assert (reference.status, reference.raw_status, reference.ill_allowed) == (
        HoldingStatus.NOT_FOR_LOAN,
        "notforloan=1",
        False,
    )
    assert ordered.status is HoldingStatus.ON_ORDER
    assert lost.status is HoldingStatus.LOST and lost.raw_status == "lost=2"
    assert dvd.status is HoldingStatus.AVAILABLE and dvd.ill_allowed is False
    assert mapped.status is HoldingStatus.ON_HOLD  # the target's own status_map wins
    assert transit.status is HoldingStatus.IN_TRANSIT and transit.raw_status == "In transit"


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Tillgänglig", HoldingStatus.AVAILABLE),
        ("Utlånad till 2026-12-01", HoldingStatus.ON_LOAN),
        ("Checked out", HoldingStatus.ON_LOAN),
        ("Referensexemplar", HoldingStatus.NOT_FOR_LOAN),
        ("På väg", HoldingStatus.IN_TRANSIT),
        ("Beställd", HoldingStatus.ON_ORDER),
        ("Saknas", HoldingStatus.LOST),
        ("Något helt annat", HoldingStatus.UNKNOWN),
    ],
)
def test_852_status_words_in_a_configured_subfield(text: str, status: HoldingStatus) -> None:
    target = Target(
        id="orebro",
        name="Örebro",
        url="http://127.0.0.1:1/o",
        holdings=replace(MARC852, status_subfield="s", due_date_subfield="d"),
        branches=(
            Branch(
                code="OSB",
                name="Stadsbiblioteket",
                library="Örebro stadsbibliotek",
                municipality="Örebro",
            ),
        ),
    )
    (holding,) = holdings(
        target, datafield("852", ("a", "Ör"), ("b", "OSB"), ("h", "Hc"), ("s", text))
    )
    assert holding.status is status and holding.raw_status == text
    assert holding.branch == "Stadsbiblioteket"


def test_852_without_circulation_data_is_unknown_not_available() -> None:
    target = replace(BERGSLAGEN, holdings=MARC852)
    (holding,) = holdings(
        target, datafield("852", ("b", "KUM"), ("h", "Hc"), ("i", "Strindberg"), ("z", "Magasin"))
    )
    assert holding.status is HoldingStatus.UNKNOWN and holding.ill_allowed is None
    assert holding.call_number == "Hc Strindberg" and holding.note == "Magasin"


def test_unknown_branch_code_is_shown_as_its_code() -> None:
    (holding,) = holdings(BERGSLAGEN, datafield("952", ("a", "ZZZ"), ("b", "ZZZ")))
    assert holding.library == "ZZZ" and holding.branch is None and holding.branch_code == "ZZZ"


def test_a_one_library_catalogue_owns_every_copy() -> None:
    one = replace(BERGSLAGEN, branches=BRANCHES[:1])
    (holding,) = holdings(one, datafield("952", ("a", "KUMB"), ("b", "KUMB")))
    assert holding.library == "Kumla bibliotek" and holding.municipality == "Kumla"


def test_no_profile_means_no_holdings() -> None:
    assert holdings(replace(BERGSLAGEN, holdings=None), datafield("952", ("a", "KUM"))) == ()
