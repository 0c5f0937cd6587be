"""What a patron's text is read as before CQL: identifiers, format words, pasted titles."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from federator.models import BooleanNode, Clause, Field, Format, Query, Understood
from federator.query import QueryError, render_cql
from federator.understand import find_identifiers, format_of, understand
from tests.test_query import ZEBRA_STYLE, clauses


def words(query: Query) -> list[tuple[Field, str, bool]]:
    return [(c.field, c.term, c.widen) for c in clauses(query.root)]


@pytest.mark.parametrize(
    "typed",
    [
        "ISBN 978-91-1-302345-8",
        "isbn:9789113023458",
        "ISBN-13: 978 91 1 302345 8",
        "isbn13 9789113023458",
        "e-ISBN 978-91-1-302345-8",
        "Röda rummet, ISBN 9113023454 (inb.)",
        "91-1-302345-4",
        "Strindberg, August. Röda rummet. Stockholm: Bonnier, 2012. ISBN 978-91-1-302345-8",
    ],
)
def test_an_isbn_anywhere_in_the_text_is_the_search(typed: str) -> None:
    query, understanding = understand(typed)
    assert words(query) == [(Field.ISBN, "9789113023458", False)]
    assert understanding is not None
    [reading] = understanding.readings
    assert reading.kind is Understood.ISBN and reading.value == "9789113023458"
    assert "9" in reading.typed and reading.typed in typed


def test_an_x_check_digit_after_a_hyphen_is_part_of_the_isbn() -> None:
    query, _ = understand("ISBN 91-0-221590-X")
    assert [c.term for c in clauses(query.root)] == ["9789102215901"]
    assert understand("91-0-221590 X")[0].root == query.root


def test_two_isbns_are_either_and_a_year_beside_one_is_not_part_of_it() -> None:
    query, _ = understand("9789113023458 9174295306 2012")
    assert isinstance(query.root, BooleanNode) and query.root.operator == "or"
    assert [c.term for c in clauses(query.root)] == ["9789113023458", "9789174295306"]


def test_an_isbn_with_a_bad_check_digit_is_just_words() -> None:
    query, understanding = understand("ISBN 978-91-1-302345-9")
    assert understanding is None and Field.ISBN not in {c.field for c in clauses(query.root)}
    assert find_identifiers("tel 070-123 45 67, 1870-1880") == []


def test_an_issn_needs_its_prefix_unless_it_is_the_whole_text() -> None:
    for typed in ("ISSN 2000-1592", "issn: 20001592", "2000-1592"):
        query, understanding = understand(typed)
        assert words(query) == [(Field.ISSN, "2000-1592", False)], typed
        assert understanding and understanding.readings[0].kind is Understood.ISSN
    query, _ = understand("krig 2000-1592")
    assert Field.ISSN not in {c.field for c in clauses(query.root)}


def test_an_isbn_with_a_format_word_asks_for_that_edition() -> None:
    _, understanding = understand("ljudbok ISBN 978-91-1-302345-8")
    assert understanding and understanding.formats == {Format.AUDIOBOOK}


@pytest.mark.parametrize(
    ("typed", "formats", "left"),
    [
        ("deckare ljudbok", {Format.AUDIOBOOK}, ["deckare"]),
        ("Mankell ljudböckerna", {Format.AUDIOBOOK}, ["Mankell"]),
        ("e-bok pippi", {Format.EBOOK}, ["pippi"]),
        ("pippi e bok", {Format.EBOOK}, ["pippi"]),
        ("talböcker lagerlöf", {Format.TALKING_BOOK}, ["lagerlöf"]),
        ("storstil Moberg", {Format.LARGE_PRINT}, ["Moberg"]),
        ("large print moberg", {Format.LARGE_PRINT}, ["moberg"]),
        ("utvandrarna dvd", {Format.VIDEO}, ["utvandrarna"]),
        ("Utvandrarna filmen", {Format.VIDEO}, ["Utvandrarna"]),
        ("släktforskning tidskrifter", {Format.PERIODICAL}, ["släktforskning"]),
        ("ljudböker mankell", {Format.AUDIOBOOK}, ["mankell"]),  # one edit off
        ("film ljudbok lindgren", {Format.VIDEO, Format.AUDIOBOOK}, ["lindgren"]),
    ],
)
def test_format_words_filter_instead_of_being_searched(
    typed: str, formats: set[Format], left: list[str]
) -> None:
    query, understanding = understand(typed)
    assert understanding is not None and understanding.formats == formats
    assert [c.term for c in clauses(query.root)] == left
    assert {r.kind for r in understanding.readings} == {Understood.FORMAT}


def test_format_words_alone_are_still_searched_and_a_quoted_one_is_a_title() -> None:
    query, understanding = understand("ljudböcker")
    assert words(query) == [(Field.ANY, "ljudböcker", True)]
    assert understanding and understanding.formats == {Format.AUDIOBOOK}
    query, understanding = understand('"Filmen om Pippi"')
    assert understanding is None and words(query) == [(Field.ANY, "Filmen om Pippi", False)]
    assert format_of("bok") is None and format_of("filmkritik") is None


def test_audience_words_are_kept_and_said_not_to_filter() -> None:
    query, understanding = understand("pippi barnböcker")
    assert [c.term for c in clauses(query.root)] == ["pippi", "barnböcker"]
    assert understanding is not None and not understanding.formats
    [reading] = understanding.readings
    assert reading.kind is Understood.AUDIENCE and reading.value == "children"
    assert reading.applied is False


def test_a_pasted_isbd_title_searches_title_proper_and_responsibility() -> None:
    typed = (
        "Röda rummet : skildringar ur artist- och författarlivet / August Strindberg ; "
        "förord av Per Olov Enquist. - Stockholm : Bonnier, 2012"
    )
    query, understanding = understand(typed)
    assert words(query) == [
        (Field.TITLE, "Röda", False),
        (Field.TITLE, "rummet", False),
        (Field.AUTHOR, "August", False),
        (Field.AUTHOR, "Strindberg", False),
    ]
    assert query.rank_text == "skildringar ur artist- och författarlivet"
    assert understanding and understanding.readings[0].kind is Understood.TITLE
    assert understanding.readings[0].value == "Röda rummet / August Strindberg"


def test_a_general_material_designation_in_a_pasted_title_is_a_format() -> None:
    query, understanding = understand("Utvandrarna [Videoupptagning] / regi: Jan Troell")
    assert understanding and understanding.formats == {Format.VIDEO}
    assert [c.term for c in clauses(query.root) if c.field is Field.TITLE] == ["Utvandrarna"]
    assert [c.term for c in clauses(query.root) if c.field is Field.AUTHOR] == ["Jan", "Troell"]


def test_plain_words_may_widen_phrases_and_fields_with_isbns_may_not() -> None:
    query, understanding = understand('gösta berling "röda rummet"', author="lagerlöf")
    assert understanding is None
    assert words(query) == [
        (Field.ANY, "gösta", True),
        (Field.ANY, "berling", True),
        (Field.ANY, "röda rummet", False),
        (Field.AUTHOR, "lagerlöf", True),
    ]
    assert query.source == 'gösta berling "röda rummet" · author: lagerlöf'


def test_nothing_to_search_is_still_a_query_error() -> None:
    with pytest.raises(QueryError):
        understand("  ")
    with pytest.raises(QueryError):
        understand("x" * 1001)


@given(st.text(max_size=80))
@example("ISBN 978-91-1-302345-8 ljudbok")
@example('"unbalanced / x')
@example("a : b / c ; d = e. - f")
@example("e bok")
def test_any_text_is_understood_into_valid_cql(text: str) -> None:
    try:
        query, _ = understand(text)
    except QueryError:
        return
    rendered = render_cql(query, ZEBRA_STYLE)
    assert rendered  # render_cql and the parser accept it: tests/test_widen.py parses
    for clause in clauses(query.root):
        assert isinstance(clause, Clause) and clause.field in set(Field)
