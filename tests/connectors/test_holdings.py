"""Item fields -> holdings, by the presets and a target's own codes. Koha 952 flags are checked
against Koha's items mapping one subfield at a time, on a real Koha item field (Koha's own test
sample, tests/data/real/koha) varied one subfield each."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from federator.config.holdings import parse_holdings
from federator.config.reader import Where
from federator.connectors.marcxml import map_marc_record
from federator.models import Branch, Holding, HoldingStatus, ItemFlag, Target
from tests.connectors.marc_builders import datafield, element, marc_record

BRANCHES = (
    Branch(code="KUM", name="Kumla bibliotek", library="Kumla bibliotek", municipality="Kumla"),
    Branch(code="NOR", name="Nora bibliotek", library="Nora bibliotek", municipality="Nora"),
    Branch(code="GYT", name="Gyttorps bibliotek", library="Nora bibliotek", municipality="Nora"),
)
WHERE = Where("federator.toml", "target 't'")


def target(holdings: dict[str, Any], branches: tuple[Branch, ...] = BRANCHES) -> Target:
    return Target(
        id="t",
        name="T",
        url="http://127.0.0.1:1/t",
        holdings=parse_holdings(holdings, WHERE),
        branches=branches,
    )


KOHA = target({"preset": "koha", "no_ill_item_types": ["DVD"]})


def holdings(
    on: Target, *fields: str, leader: str = "00000cam a2200000 a 4500"
) -> tuple[Holding, ...]:
    xml = marc_record(datafield("245", ("a", "Aniara")), *fields, leader=leader)
    return map_marc_record(element(xml), on, fallback_id="p1").holdings


# The real Koha item (Koha's cypress sample), with its lost flag cleared: loanable, on the shelf.
REAL_KOHA_ITEM = (
    ("0", "0"), ("1", "0"), ("2", "ddc"), ("4", "0"), ("6", "PBK_HERBERT"), ("7", "0"),
    ("8", "ADULT"), ("9", "589309"), ("a", "NOR"), ("b", "GYT"), ("c", "SCIFI"),
    ("d", "2019-05-30"), ("o", "PBK HERBERT"), ("p", "4005302326"), ("y", "PBK"),
)  # fmt: skip


def koha_item(**changes: str) -> str:
    subfields = dict(REAL_KOHA_ITEM) | changes
    return datafield("952", *subfields.items())


@pytest.mark.parametrize(
    ("changes", "status", "flags", "ill"),
    [
        ({}, HoldingStatus.AVAILABLE, (), True),
        ({"q": "2026-12-24"}, HoldingStatus.ON_LOAN, (), True),
        ({"0": "1"}, HoldingStatus.WITHDRAWN, (), False),
        ({"1": "4"}, HoldingStatus.LOST, (), False),  # 4 = missing in Koha's LOST values
        ({"4": "1"}, HoldingStatus.NOT_FOR_LOAN, (ItemFlag.DAMAGED, ItemFlag.NO_ILL), False),
        ({"5": "1"}, HoldingStatus.NOT_FOR_LOAN, (ItemFlag.RESTRICTED, ItemFlag.NO_ILL), False),
        ({"7": "1"}, HoldingStatus.NOT_FOR_LOAN, (ItemFlag.NO_ILL,), False),
        ({"7": "-1"}, HoldingStatus.ON_ORDER, (ItemFlag.NO_ILL,), False),
        # On loan is on loan whatever the loan category says:
        ({"7": "1", "q": "2026-12-24"}, HoldingStatus.ON_LOAN, (ItemFlag.NO_ILL,), False),
        ({"y": "DVD"}, HoldingStatus.AVAILABLE, (), False),
    ],
)
def test_koha_items_one_subfield_at_a_time(
    changes: dict[str, str], status: HoldingStatus, flags: tuple[ItemFlag, ...], ill: bool
) -> None:
    (holding,) = holdings(KOHA, koha_item(**changes))
    assert (holding.status, holding.flags, holding.ill_allowed) == (status, flags, ill)
    assert (holding.library, holding.branch) == ("Nora bibliotek", "Gyttorps bibliotek")
    assert holding.call_number == "PBK HERBERT" and holding.item_type == changes.get("y", "PBK")
    if "q" in changes:
        assert holding.due_date == date(2026, 12, 24) and "q=2026-12-24" in (
            holding.raw_status or ""
        )


def test_a_swedish_koha_that_lends_notforloan_2_at_home_but_not_on_ill() -> None:
    swedish = target({"preset": "koha", "status_map": {"notforloan=2": "available+no_ill"}})
    (home,) = holdings(swedish, koha_item(**{"7": "2"}))
    assert (home.status, home.flags, home.ill_allowed) == (
        HoldingStatus.AVAILABLE,
        (ItemFlag.NO_ILL,),
        False,
    )
    (lent,) = holdings(swedish, koha_item(**{"7": "2", "q": "2026-12-01"}))
    assert lent.status is HoldingStatus.ON_LOAN and lent.due_date == date(2026, 12, 1)
    (reference,) = holdings(swedish, koha_item(**{"7": "1"}))  # the preset still reads 1
    assert reference.status is HoldingStatus.NOT_FOR_LOAN


def test_852_reads_every_note_status_with_its_date_and_ill_restriction() -> None:
    """Two repeated $z: the status with its date, then 'Ej fjärrlån' (a variant of the real
    Evergreen export in tests/data/real/evergreen, in a Swedish library's words)."""
    marc852 = target({"preset": "852"})
    (holding,) = holdings(
        marc852,
        datafield(
            "852",
            ("b", "KUM"),
            ("h", "Hc"),
            ("z", "Utlånad t.o.m. 2025-02-03"),
            ("z", "Ej fjärrlån"),
            ("z", "Stor stil"),
        ),
    )
    assert holding.status is HoldingStatus.ON_LOAN and holding.due_date == date(2025, 2, 3)
    assert holding.flags == (ItemFlag.NO_ILL,) and holding.ill_allowed is False
    assert holding.note == "Stor stil"  # what no rule read stays a note


@pytest.mark.parametrize(
    ("text", "status", "due"),
    [
        ("Tillgänglig", HoldingStatus.AVAILABLE, None),
        ("Inne", HoldingStatus.AVAILABLE, None),
        ("Utlånad, åter 2025-02-03", HoldingStatus.ON_LOAN, date(2025, 2, 3)),
        ("Åter 2025-02-03", HoldingStatus.ON_LOAN, date(2025, 2, 3)),
        ("Checked out", HoldingStatus.ON_LOAN, None),
        ("Referensexemplar", HoldingStatus.NOT_FOR_LOAN, None),
        ("På väg", HoldingStatus.IN_TRANSIT, None),
        ("Beställd", HoldingStatus.ON_ORDER, None),
        ("Under inköp", HoldingStatus.ON_ORDER, None),
        ("In process", HoldingStatus.ON_ORDER, None),  # Evergreen's word (a real sample)
        ("Saknas", HoldingStatus.LOST, None),
        ("Gallrad", HoldingStatus.WITHDRAWN, None),
        ("Magasin", HoldingStatus.UNKNOWN, None),
    ],
)
def test_852_status_words(text: str, status: HoldingStatus, due: date | None) -> None:
    (holding,) = holdings(target({"preset": "852"}), datafield("852", ("b", "KUM"), ("z", text)))
    assert (holding.status, holding.due_date) == (status, due)


def test_ordered_copies_are_never_lendable_on_ill() -> None:
    for on, field in [
        (target({"preset": "852"}), datafield("852", ("b", "KUM"), ("z", "Beställd"))),
        (KOHA, koha_item(**{"7": "-1"})),
    ]:
        (holding,) = holdings(on, field)
        assert holding.status is HoldingStatus.ON_ORDER and holding.ill_allowed is False


def test_a_branch_named_not_coded_is_found_by_name() -> None:
    (holding,) = holdings(target({"preset": "852"}), datafield("852", ("b", "Gyttorps bibliotek")))
    assert (holding.library, holding.branch, holding.municipality) == (
        "Nora bibliotek",
        "Gyttorps bibliotek",
        "Nora",
    )


def test_852_without_circulation_data_is_unknown_not_available() -> None:
    (holding,) = holdings(
        target({"preset": "852"}),
        datafield("852", ("b", "KUM"), ("h", "Hc"), ("i", "Strindberg"), ("z", "Magasin")),
    )
    assert holding.status is HoldingStatus.UNKNOWN and holding.ill_allowed is None
    assert holding.call_number == "Hc Strindberg" and holding.note == "Magasin"


def test_online_resources_have_online_access_not_shelf_copies() -> None:
    ebook = holdings(
        KOHA,
        "<controlfield tag='007'>cr |||||||||||</controlfield>",
        koha_item(y="EBOK"),
    )
    (holding,) = ebook
    assert holding.status is HoldingStatus.ONLINE and holding.ill_allowed is False
    assert not holding.is_available


S = HoldingStatus
AVA, A945, A999, A949 = "AVA", "945", "999", "949"


@pytest.mark.parametrize(
    ("preset", "field", "status"),
    [
        (
            "alma-ava",
            datafield(AVA, ("b", "KUM"), ("d", "XIa:276"), ("e", "available")),
            S.AVAILABLE,
        ),
        ("alma-ava", datafield(AVA, ("b", "KUM"), ("e", "unavailable")), S.ON_LOAN),
        ("iii-945", datafield(A945, ("l", "KUM"), ("s", "-")), S.AVAILABLE),
        ("iii-945", datafield(A945, ("l", "KUM"), ("s", "m")), S.LOST),
        ("sirsi-999", datafield(A999, ("a", "Hc"), ("m", "KUM"), ("k", "CHECKEDOUT")), S.ON_LOAN),
        ("sirsi-999", datafield(A999, ("a", "Hc"), ("m", "KUM")), S.AVAILABLE),
        ("sirsi-949", datafield(A949, ("a", "ONLINE / EN LIGNE"), ("m", "KUM")), S.ONLINE),
        ("libris", datafield("852", ("5", "KUM"), ("b", "KUM"), ("h", "Hc")), S.UNKNOWN),
    ],
)
def test_other_systems_presets(preset: str, field: str, status: HoldingStatus) -> None:
    (holding,) = holdings(target({"preset": preset}), field)
    assert holding.status is status and holding.library == "Kumla bibliotek"


def test_unknown_branch_code_is_shown_as_its_code() -> None:
    (holding,) = holdings(KOHA, koha_item(a="ZZZ", b="ZZZ"))
    assert holding.library == "ZZZ" and holding.branch is None and holding.branch_code == "ZZZ"


def test_a_one_library_catalogue_owns_every_copy() -> None:
    one = replace(KOHA, branches=BRANCHES[:1])
    (holding,) = holdings(one, koha_item(a="KUMB", b="KUMB"))
    assert holding.library == "Kumla bibliotek" and holding.municipality == "Kumla"


def test_no_profile_means_no_holdings() -> None:
    assert holdings(replace(KOHA, holdings=None), koha_item()) == ()
