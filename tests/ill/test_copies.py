"""Every copy with its library, freshness, overdue flag and relation to the staff's own
library; the own library's and network's copies first, as reservations."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from federator.ill.copies import Relation, ill_options, library_id
from federator.models import HoldingStatus
from tests.ill.builders import NOW, TODAY, copy, library, target, work

NORA = library("Nora bibliotek", "bergslagsbibblan", route="Norr")
LINDESBERG = library("Lindesbergs stadsbibliotek", "bergslagsbibblan", route="Norr")
OREBRO = library("Örebro stadsbibliotek", "orebro", route="Örebro")
TARGETS = {
    "bergslagsbibblan": target("bergslagsbibblan", NORA, LINDESBERG),
    "orebro": target("orebro", OREBRO),
}


def test_the_own_library_and_its_network_come_first_as_reservations() -> None:
    copies = (
        copy("orebro", "Örebro stadsbibliotek"),
        copy("bergslagsbibblan", "Lindesbergs stadsbibliotek", record_id="b-1"),
        copy("bergslagsbibblan", "Nora bibliotek", HoldingStatus.ON_LOAN, record_id="b-1"),
    )
    options = ill_options(work(*copies), TARGETS, today=TODAY, now=NOW, own=NORA)
    assert [(o.library.name, o.relation) for o in options] == [
        ("Nora bibliotek", Relation.OWN_LIBRARY),
        ("Lindesbergs stadsbibliotek", Relation.OWN_NETWORK),
        ("Örebro stadsbibliotek", Relation.OTHER),
    ]
    assert [o.is_reservation for o in options] == [True, True, False]
    assert [o.key for o in options] == [
        "bergslagsbibblan.b-1.2",
        "bergslagsbibblan.b-1.1",
        "orebro.orebro-1.1",
    ]
    nobody = ill_options(work(*copies), TARGETS, today=TODAY, now=NOW)
    assert {o.relation for o in nobody} == {Relation.OTHER}


def test_freshness_live_cached_with_its_age_or_unconfirmed() -> None:
    seen = NOW - timedelta(hours=3)
    copies = (
        copy("orebro", "Örebro stadsbibliotek"),
        copy("bergslagsbibblan", "Nora bibliotek", cached_at=seen),
    )
    options = {
        o.holding.target: o for o in ill_options(work(*copies), TARGETS, today=TODAY, now=NOW)
    }
    assert options["orebro"].freshness.is_live and options["orebro"].freshness.as_of == NOW
    cached = options["bergslagsbibblan"].freshness
    assert cached.cached and not cached.is_live and cached.age_s(NOW) == 3 * 3600
    earlier = ill_options(work(*copies), TARGETS, today=TODAY, now=NOW, unconfirmed={"orebro"})
    orebro = next(o for o in earlier if o.holding.target == "orebro")
    assert not orebro.freshness.confirmed and not orebro.freshness.is_live


def test_overdue_copies_are_flagged_and_due_dates_are_not_repeated_as_codes() -> None:
    late = copy(
        "orebro",
        "Örebro stadsbibliotek",
        HoldingStatus.ON_LOAN,
        due_date=TODAY - timedelta(days=7),
        raw_status=f"q={(TODAY - timedelta(days=7)).isoformat()}",
    )
    (option,) = ill_options(work(late), TARGETS, today=TODAY, now=NOW)
    assert option.overdue and option.catalogue_code is None
    coded = replace(late, due_date=TODAY, raw_status=f"7=2; q={TODAY.isoformat()}")
    (option,) = ill_options(work(coded), TARGETS, today=TODAY, now=NOW)
    assert not option.overdue and option.catalogue_code == "7=2"


def test_names_are_never_repeated() -> None:
    for branch, shown in (
        ("Nora bibliotek", "Nora bibliotek"),
        ("Nora bibliotek, Gyttorp", "Nora bibliotek, Gyttorp"),
        ("Gyttorps bibliotek", "Nora bibliotek, Gyttorps bibliotek"),
        (None, "Nora bibliotek"),
    ):
        holding = copy("bergslagsbibblan", "Nora bibliotek", branch=branch)
        (option,) = ill_options(work(holding), TARGETS, today=TODAY, now=NOW)
        assert option.place == shown


def test_a_library_missing_from_the_configuration_is_still_a_library() -> None:
    holding = copy("kumla", "Kumla bibliotek", municipality="Kumla")
    (option,) = ill_options(work(holding), TARGETS, today=TODAY, now=NOW, own=NORA)
    assert option.library.id == library_id("Kumla bibliotek") == "kumla-bibliotek"
    assert option.library.network == "kumla" and option.relation is Relation.OTHER
    assert library_id("Örebro stadsbibliotek") == "orebro-stadsbibliotek"
