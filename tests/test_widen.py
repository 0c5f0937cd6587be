"""Each target's CQL for what a patron typed: widened words, relevance asked for."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from federator.cql import CqlClause, parse_cql
from federator.models import RelevanceOrder, Target, Widening
from federator.query import expert_query, free_text_query
from federator.sru.request import search_params
from federator.understand import understand
from federator.widen import render_for_target, truncation_stems, word_forms
from tests.test_query import ZEBRA_STYLE

TRUNCATING = replace(ZEBRA_STYLE, widening=Widening.TRUNCATION)
FORMS = replace(ZEBRA_STYLE, widening=Widening.FORMS)
LITERAL = replace(ZEBRA_STYLE, widening=Widening.NONE)


def cql(text: str, target: Target) -> str:
    return render_for_target(understand(text)[0], target)


def test_truncation_asks_for_the_stem_of_each_word() -> None:
    assert cql("gösta berling", TRUNCATING) == (
        '(cql.serverChoice = "göst*") and (cql.serverChoice = "berling*")'
    )
    assert cql("Hobbiten", TRUNCATING) == 'cql.serverChoice = "hobbit*"'


def test_umlaut_plurals_truncate_both_stems() -> None:
    assert cql("kokböcker", TRUNCATING) == (
        '(cql.serverChoice = "kokböck*" or cql.serverChoice = "kokbok*")'
    )
    assert cql("bilderbok", TRUNCATING) == (
        '(cql.serverChoice = "bilderbok*" or cql.serverChoice = "bilderböck*")'
    )
    assert truncation_stems("böcker") == ["böck"]  # "bok" is too short to truncate


def test_a_short_stem_gets_its_forms_instead_of_a_flood() -> None:
    rendered = cql("saga", TRUNCATING)
    assert "*" not in rendered and '"sagor"' in rendered and '"sagan"' in rendered


def test_forms_are_an_or_of_plain_words() -> None:
    rendered = cql("berling", FORMS)
    assert "*" not in rendered
    assert rendered.startswith('(cql.serverChoice = "berling" or cql.serverChoice = "berlings"')
    assert {"bilderböcker", "bilderboken", "bilderböckerna"} <= set(word_forms("bilderbok"))
    assert {"kokbok", "kokboken"} <= set(word_forms("kokböcker"))
    assert "hobbiten" in word_forms("hobbit") and len(word_forms("hobbit")) <= 12


def test_none_sends_the_words_as_typed() -> None:
    assert cql("gösta berling", LITERAL) == (
        '(cql.serverChoice = "gösta") and (cql.serverChoice = "berling")'
    )


@pytest.mark.parametrize(
    "typed",
    [
        '"gösta berling"',  # a phrase
        "ISBN 978-91-1-302345-8",  # an identifier
        "Gösta Berlings saga / Selma Lagerlöf",  # a pasted title
        "1879",  # not a word
        "x*y",  # a masking character typed is searched literally, never widened
    ],
)
def test_known_items_and_phrases_are_never_widened(typed: str) -> None:
    assert cql(typed, TRUNCATING) == cql(typed, LITERAL)
    assert "*" not in cql(typed, TRUNCATING).replace("\\*", "")


def test_expert_cql_and_literal_queries_are_never_widened() -> None:
    expert = expert_query("dc.title = berling")
    assert render_for_target(expert, TRUNCATING) == 'dc.title = "berling"'
    plain = free_text_query("berling")  # literal=1: no word is marked
    assert render_for_target(plain, TRUNCATING) == 'cql.serverChoice = "berling"'


def test_relevance_by_relation_modifier_on_text_words_only() -> None:
    target = replace(TRUNCATING, relevance=RelevanceOrder.MODIFIER)
    query = understand("berling", year="1890-1900")[0]
    assert render_for_target(query, target) == (
        '(cql.serverChoice =/relevant "berling*") and ((dc.date >= "1890") and (dc.date <= "1900"))'
    )


def test_relevance_by_sortby_and_by_sort_keys() -> None:
    sortby = replace(ZEBRA_STYLE, relevance=RelevanceOrder.SORTBY, relevance_index="rank")
    assert cql("berling", sortby).endswith(" sortby rank")
    keys = replace(
        ZEBRA_STYLE,
        sru_version="1.1",
        relevance=RelevanceOrder.SORTKEYS,
        relevance_index="relevance,,0",
    )
    assert search_params(keys, "x", 1, 10)["sortKeys"] == "relevance,,0"
    assert "sortKeys" not in search_params(ZEBRA_STYLE, "x", 1, 10)


@given(st.text(max_size=60), st.sampled_from(list(Widening)))
@example("Röda rummet : roman / August Strindberg", Widening.TRUNCATION)
@example('kokböcker "x\\" \\*', Widening.FORMS)
@example("ÅÄÖ åäö ß ǅ", Widening.TRUNCATION)
def test_any_text_renders_to_valid_cql_for_every_widening(text: str, widening: Widening) -> None:
    try:
        query, _ = understand(text)
    except Exception as exc:  # noqa: BLE001  only bad input may fail, and only as QueryError
        assert type(exc).__name__ == "QueryError"
        return
    tree = parse_cql(render_for_target(query, replace(ZEBRA_STYLE, widening=widening)))
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CqlClause):
            assert node.index in {i for _, i in ZEBRA_STYLE.indexes} | {"bath.issn"}
            # masking only as the very last character, and only if we put it there
            assert "*" not in node.term.replace("\\*", "")[:-1]
        else:
            assert node.operator in ("and", "or")
            stack += [node.left, node.right]
