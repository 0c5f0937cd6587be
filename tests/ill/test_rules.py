"""Each copy against its catalogue's rules: defaults in one table, overridden per format and
per item type; what the copy itself says beats every rule; each decision names its rule."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from federator.ill.rules import DEFAULT_FORMATS, NEVER_LENT, Scope, decide
from federator.models import Format, HoldingStatus, IllRules, ItemFlag, ItemProfile
from tests.ill.builders import TODAY, copy, target, work


def test_books_are_lent_by_the_default_rule() -> None:
    holding = copy("nora", "Nora bibliotek")
    decision = decide(holding, work(holding), target("nora"), TODAY)
    assert decision.lendable and decision.reasons == ()
    assert decision.rule.scope is Scope.FORMAT and decision.rule.by is None
    assert decision.rule.subject == "book" and decision.rule.lends


def test_films_audiobooks_music_and_talking_books_are_not_lent_by_default() -> None:
    for fmt in (Format.VIDEO, Format.AUDIOBOOK, Format.MUSIC, Format.TALKING_BOOK):
        holding = copy("nora", "Nora bibliotek")
        decision = decide(holding, work(holding, fmt=fmt), target("nora"), TODAY)
        assert not decision.lendable, fmt
        assert decision.rule.scope is Scope.FORMAT and decision.rule.by is None
        assert decision.reasons == ("format_excluded",)


def test_a_catalogue_overrides_a_format_and_an_item_type_beats_the_format() -> None:
    rules = IllRules(formats=((Format.AUDIOBOOK, True),), item_types=(("SNABBLAN", False),))
    nora = target("nora", ill=rules)
    audiobook = copy("nora", "Nora bibliotek")
    decision = decide(audiobook, work(audiobook, fmt=Format.AUDIOBOOK), nora, TODAY)
    assert decision.lendable and decision.rule.by == "Nora" and decision.rule.lends
    quick = copy("nora", "Nora bibliotek", item_type="SNABBLAN")
    decision = decide(quick, work(quick), nora, TODAY)
    assert not decision.lendable
    assert (decision.rule.scope, decision.rule.subject) == (Scope.ITEM_TYPE, "SNABBLAN")
    film_lent = target("nora", ill=IllRules(item_types=(("DVD-FJ", True),)))
    dvd = copy("nora", "Nora bibliotek", item_type="DVD-FJ")
    assert decide(dvd, work(dvd, fmt=Format.VIDEO), film_lent, TODAY).lendable


def test_the_holdings_profiles_no_ill_item_types_decide_as_item_type_rules() -> None:
    profile = ItemProfile(
        preset="koha", field="952", branch_subfield="b", no_ill_item_types=frozenset({"DVD"})
    )
    nora = target("nora", holdings=profile)
    dvd = copy("nora", "Nora bibliotek", item_type="DVD", ill_allowed=False)
    decision = decide(dvd, work(dvd), nora, TODAY)
    assert decision.rule.scope is Scope.ITEM_TYPE and decision.reasons == ("item_type_excluded",)


def test_what_the_copy_says_comes_first_and_every_reason_is_kept() -> None:
    rules = IllRules(min_age_months=24)
    holding = copy("nora", "Nora bibliotek", flags=(ItemFlag.DAMAGED,))
    decision = decide(
        holding, work(holding, fmt=Format.VIDEO, year=2026), target("nora", ill=rules), TODAY
    )
    assert decision.rule.scope is Scope.COPY and decision.rule.subject == "damaged"
    assert decision.reasons == ("damaged", "format_excluded", "too_new")


def test_reference_copies_never_go_out_unless_the_catalogue_lends_them() -> None:
    holding = copy("nora", "Nora bibliotek", HoldingStatus.NOT_FOR_LOAN, flags=(ItemFlag.NO_ILL,))
    decision = decide(holding, work(holding), target("nora"), TODAY)
    # "not on ILL" says nothing more of a copy that is not lent at all
    assert decision.reasons == ("reference_copy",)
    flagged = copy("nora", "Nora bibliotek", flags=(ItemFlag.REFERENCE,))
    assert decide(flagged, work(flagged), target("nora"), TODAY).reasons == ("reference_copy",)
    lends = target("nora", ill=IllRules(lends_reference_copies=True))
    assert decide(holding, work(holding), lends, TODAY).reasons == ("not_on_ill",)


def test_a_reservation_queue_and_age_are_rules_of_their_own() -> None:
    reserved = copy("nora", "Nora bibliotek", HoldingStatus.ON_HOLD)
    decision = decide(reserved, work(reserved), target("nora"), TODAY)
    assert decision.rule.scope is Scope.QUEUE and not decision.lendable
    young = copy("nora", "Nora bibliotek")
    rules = target("nora", ill=IllRules(min_age_months=12))
    assert decide(young, work(young, year=2026), rules, TODAY).rule.scope is Scope.AGE
    assert decide(young, work(young, year=2020), rules, TODAY).lendable


@given(
    status=st.sampled_from(list(HoldingStatus)),
    flags=st.lists(st.sampled_from(list(ItemFlag)), unique=True),
    formats=st.dictionaries(st.sampled_from(list(Format)), st.booleans()),
    lends_reference=st.booleans(),
)
def test_an_ebook_or_online_copy_is_never_lendable_whatever_the_rules(
    status: HoldingStatus,
    flags: list[ItemFlag],
    formats: dict[Format, bool],
    lends_reference: bool,
) -> None:
    rules = IllRules(formats=tuple(formats.items()), lends_reference_copies=lends_reference)
    nora = target("nora", ill=rules)
    holding = copy("nora", "Nora bibliotek", status, flags=tuple(flags))
    assert not decide(holding, work(holding, fmt=Format.EBOOK), nora, TODAY).lendable
    online = copy("nora", "Nora bibliotek", HoldingStatus.ONLINE, flags=tuple(flags))
    assert not decide(online, work(online, fmt=Format.BOOK), nora, TODAY).lendable


def test_the_defaults_cover_every_format_in_one_table() -> None:
    assert set(DEFAULT_FORMATS) == set(Format)
    assert all(not DEFAULT_FORMATS[f] for f in NEVER_LENT)
