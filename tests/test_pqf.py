"""Query -> PQF, checked against YAZ's own PQF parser (what a Z39.50 server would receive)."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from federator.cql import quote_term
from federator.models import Clause, Field, Query
from federator.pqf import (
    BIB1_USE,
    PqfUnsupportedError,
    check_attributes,
    quote_pqf_term,
    render_pqf,
)
from federator.query import QueryError, expert_query, fielded_query, free_text_query
from tests.z3950.yazpqf import Operator, Term, parse_pqf, terms


def clause_query(text: str, field: Field = Field.ANY) -> Query:
    return Query(root=Clause(field=field, term=quote_term(text)), source=text)


def expected_term(text: str) -> str:
    cleaned = "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in text)
    return " ".join(cleaned.split())


def attributes(term: Term) -> dict[int, str]:
    return dict(term.attributes)


@given(st.text(max_size=60))
@example('a "quoted" word')
@example("back\\slash\\")
@example("@and x y")
@example("@1=4 title")
@example('\\" \\x41 \\101 \\n')
@example("{braces} and }")
@example("nul\x00in\x01the\x7fmiddle\x9f")
@example("\ud800 lone surrogate")
@example("\t\n ")
def test_any_text_is_one_literal_term_to_yaz(text: str) -> None:
    expected = expected_term(text)
    if not expected:
        with pytest.raises(QueryError):
            render_pqf(clause_query(text))
        return
    parsed = parse_pqf(render_pqf(clause_query(text)))
    assert isinstance(parsed, Term), parsed
    assert parsed.term == expected.encode("utf-8")
    assert attributes(parsed) == {1: "1016"}


# The fields Bib-1 attributes are known for (an ISSN search goes to SRU targets only, so far).
@given(st.lists(st.text(max_size=12), min_size=1, max_size=5), st.sampled_from(list(BIB1_USE)))
def test_every_word_of_a_fielded_query_reaches_yaz_as_its_own_term(
    words: list[str], field: Field
) -> None:
    text = " ".join(words)
    try:
        query = fielded_query(**{field.value: text})
    except QueryError:
        return  # no words, or a year that is not one: refused before any target sees it
    rendered = terms(parse_pqf(render_pqf(query)))
    assert rendered, "YAZ parsed the PQF"
    expected_use = {"1016", "7"} if field is Field.ANY else {"4", "1003", "21", "7", "31"}
    assert {attributes(t)[1] for t in rendered} <= expected_use


def test_bib1_use_attributes_per_field() -> None:
    query = fielded_query(
        "pippi", title="rummet", author="strindberg", subject="konstnärer", year="1879"
    )
    found = [(attributes(t)[1], t.term.decode()) for t in terms(parse_pqf(render_pqf(query)))]
    assert found == [
        ("1016", "pippi"),
        ("4", "rummet"),
        ("1003", "strindberg"),
        ("21", "konstnärer"),
        ("31", "1879"),
    ]


def test_year_range_becomes_two_relations() -> None:
    rendered = render_pqf(fielded_query(year="1870-1880"))
    assert rendered == '@and @attr 1=31 @attr 2=4 "1870" @attr 1=31 @attr 2=2 "1880"'


def test_isbn_asked_as_isbn_13_or_10() -> None:
    parsed = parse_pqf(render_pqf(free_text_query("91-1-302345-4")))
    assert isinstance(parsed, Operator) and parsed.operator == "or"
    assert [t.term for t in terms(parsed)] == [b"9789113023458", b"9113023454"]
    assert {attributes(t)[1] for t in terms(parsed)} == {"7"}
    # 979 ISBNs have no ISBN-10: one term.
    assert render_pqf(fielded_query(isbn="9791032305690")) == '@attr 1=7 "9791032305690"'


@pytest.mark.parametrize(
    ("cql", "truncation", "term"),
    [
        ("title=rumm*", "1", b"rumm"),
        ("title=*ummet", "2", b"ummet"),
        ("title=*umme*", "3", b"umme"),
    ],
)
def test_masking_at_the_ends_becomes_truncation(cql: str, truncation: str, term: bytes) -> None:
    parsed = parse_pqf(render_pqf(expert_query(cql)))
    assert isinstance(parsed, Term) and parsed.term == term
    assert attributes(parsed) == {1: "4", 5: truncation}


def test_escaped_masking_is_literal() -> None:
    assert render_pqf(expert_query(r'title="rumm\*"')) == '@attr 1=4 "rumm*"'


@pytest.mark.parametrize("cql", ["title=r?da", "title=rö*et", "title=^röda", "a prox b"])
def test_what_pqf_cannot_say_is_unsupported_for_the_target(cql: str) -> None:
    with pytest.raises(PqfUnsupportedError):
        render_pqf(expert_query(cql))


def test_expert_relations_booleans_and_modifiers() -> None:
    query = expert_query(
        'title all "röda rummet" or author any "strindberg lagerlöf" not year<1900'
        ' and title adj "röda rummet" and dc.title=/relevant rummet'
    )
    rendered = render_pqf(query)
    assert rendered.startswith("@and @and @not @or @and ")
    parsed = parse_pqf(rendered)
    found = terms(parsed)
    assert [t.term for t in found][:5] == [b"r\xc3\xb6da", b"rummet", b"strindberg"] + [
        "lagerlöf".encode(),
        b"1900",
    ]
    assert attributes(found[4]) == {1: "31", 2: "1"}
    assert attributes(found[5]) == {1: "4", 4: "1"}  # adj: a phrase
    assert attributes(found[6]) == {1: "4", 2: "102"}  # relevance ranking


def test_year_within_becomes_a_range() -> None:
    rendered = render_pqf(expert_query('year within "1870 1880"'))
    assert rendered == '@and @attr 1=31 @attr 2=4 "1870" @attr 1=31 @attr 2=2 "1880"'


def test_overrides_merge_over_bib1_by_attribute_type() -> None:
    overrides = {"title": "1=title 4=1", "year": "4=109", "subject": ""}
    assert (
        render_pqf(fielded_query(title="rummet"), overrides) == '@attr 1=title @attr 4=1 "rummet"'
    )
    assert render_pqf(fielded_query(year="1879"), overrides) == '@attr 1=31 @attr 4=109 "1879"'
    with pytest.raises(PqfUnsupportedError, match="no subject attributes"):
        render_pqf(fielded_query(subject="konst"), overrides)


@pytest.mark.parametrize(
    "overrides",
    [
        {"titel": "1=4"},
        {"title": "1=4 @attr"},
        {"title": "x=4"},
        {"title": '1="a b"'},
        {"title": "10=1"},
    ],
)
def test_bad_overrides_are_refused_with_their_name(overrides: dict[str, str]) -> None:
    with pytest.raises(ValueError):
        check_attributes(overrides)


def test_quote_pqf_term_escapes_what_yaz_reads_specially() -> None:
    assert quote_pqf_term('a"b') == r'"a\"b"'
    assert quote_pqf_term("c:\\n") == r'"c:\\n"'
    assert quote_pqf_term("@attr") == r'"\@attr"'
