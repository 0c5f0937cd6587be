"""The one parser of search parameters (API, pages and the command line)."""

from __future__ import annotations

import pytest
from starlette.datastructures import QueryParams

from federator.models import Format, SortOrder, Target
from federator.params import ParamError, has_search, search_request

TARGETS = (Target(id="orebro", name="Örebro", url="http://h/a"),)


def parsed(query: str):  # type: ignore[no-untyped-def]
    return search_request(QueryParams(query), TARGETS)


def test_defaults_and_typed_optional_values() -> None:
    request = parsed("q=r%C3%B6da+rummet")
    assert request.query.source == "röda rummet"
    assert request.filters.year_from is None and request.filters.year_to is None
    assert (request.page, request.page_size, request.sort) == (1, 20, SortOrder.RELEVANCE)
    assert not request.explain and not request.fresh and request.target_ids is None


def test_every_option() -> None:
    request = parsed(
        "author=strindberg&year=1870-1880&targets=orebro,orebro&format=book&format=ebook"
        "&language=SWE&year_from=1870&available=yes&explain=1&page=2&page_size=5&sort=title"
    )
    assert request.target_ids == ("orebro",)
    assert request.filters.formats == {Format.BOOK, Format.EBOOK}
    assert request.filters.languages == {"swe"} and request.filters.year_from == 1870
    assert request.filters.available and request.explain and request.sort is SortOrder.TITLE
    assert (request.page, request.page_size) == (2, 5)


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("", "q"),
        ("q=x&cql=title%3Dx", "cql"),
        ("cql=title%3D(", "cql"),
        ("year=18x", "year"),
        ("q=x&page_size=1000", "page_size"),
        ("q=x&targets=nowhere", "targets"),
        ("q=x&format=scroll", "format"),
        ("q=x&available=maybe", "available"),
        ("q=x&sort=random", "sort"),
        ("q=x&year_from=-1", "year_from"),
    ],
)
def test_each_error_names_its_parameter(query: str, param: str) -> None:
    with pytest.raises(ParamError) as caught:
        parsed(query)
    assert caught.value.param == param


def test_an_empty_form_is_no_search() -> None:
    assert not has_search(QueryParams("q=+&title="))
    assert has_search(QueryParams("title=aniara"))


def test_libraries_by_stable_id_branch_code_or_name() -> None:
    from federator.models import Branch

    nora = Target(
        id="bergslagsbibblan",
        name="Bergslagsbibblan",
        url="http://h/b",
        branches=tuple(
            Branch(code=c, name=n, library="Nora bibliotek", municipality="Nora", library_id="nora")
            for c, n in (("NOR", "Nora bibliotek"), ("GYT", "Gyttorps bibliotek, Gyttorp"))
        ),
    )
    request = search_request(
        QueryParams("q=x&library=nora&library=nora/GYT&library=Örebro stadsbibliotek"), (nora,)
    )
    assert request.filters.libraries == {
        "Nora bibliotek",
        "Nora bibliotek / Gyttorps bibliotek, Gyttorp",  # a comma in a name: the id keeps it whole
        "Örebro stadsbibliotek",
    }


def test_grouping_is_edition_unless_asked() -> None:
    from federator.models import Grouping

    assert parsed("q=x").grouping is Grouping.EDITION
    assert parsed("q=x&group=work").grouping is Grouping.WORK
    with pytest.raises(ParamError) as raised:
        parsed("q=x&group=shelf")
    assert raised.value.param == "group"


def test_a_single_value_given_twice_is_refused_not_guessed() -> None:
    with pytest.raises(ParamError) as raised:
        parsed("q=x&sort=%5B%5D&sort=")
    assert (raised.value.param, raised.value.problem) == ("sort", "repeated")
    assert parsed("q=x&sort=title&sort=title").sort is SortOrder.TITLE  # the same twice is fine


def test_an_empty_field_means_not_given_as_the_api_documents() -> None:
    empty = parsed("q=x&year_from=&year_to=+&page=&page_size=&sort=&group=&fresh=&literal=")
    assert empty == parsed("q=x")
    with pytest.raises(ParamError) as caught:
        parsed("q=x&year_to=soon")  # a value that is not a number still is an error
    assert caught.value.param == "year_to"


def test_free_text_is_understood_and_literal_takes_it_as_typed() -> None:
    understood = parsed("q=deckare+ljudbok")
    assert understood.understanding is not None and not understood.literal
    assert understood.understanding.formats == {Format.AUDIOBOOK}
    assert understood.query.source == "deckare ljudbok"
    literal = parsed("q=deckare+ljudbok&literal=1")
    assert literal.understanding is None and literal.literal
    assert literal.query.source == "deckare ljudbok"
    assert literal.query.root != understood.query.root
    expert = parsed("cql=dc.title%3Dljudbok")
    assert expert.understanding is None and expert.query.is_expert_cql
