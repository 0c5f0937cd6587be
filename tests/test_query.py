from dataclasses import replace

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from federator.cql import CqlClause, parse_cql, unescape_term
from federator.models import BooleanNode, Clause, Field, Target
from federator.query import (
    MAX_CLAUSES,
    QueryError,
    UnmappedFieldError,
    expert_query,
    fielded_query,
    free_text_query,
    render_cql,
)

ZEBRA_STYLE = Target(
    id="t",
    name="T",
    url="http://127.0.0.1:1/db",
    indexes=(
        (Field.ANY, "cql.serverChoice"),
        (Field.TITLE, "dc.title"),
        (Field.AUTHOR, "dc.creator"),
        (Field.ISBN, "bath.isbn"),
        (Field.YEAR, "dc.date"),
    ),
)
BARE_NAMES = Target(
    id="b", name="B", url="http://127.0.0.1:1/db", indexes=((Field.TITLE, "title"),)
)


def clauses(node: object) -> list[Clause]:
    if isinstance(node, Clause):
        return [node]
    assert isinstance(node, BooleanNode)
    return clauses(node.left) + clauses(node.right)


def test_free_text_words_are_anded_and_quoted() -> None:
    query = free_text_query("Röda rummet")
    assert render_cql(query, ZEBRA_STYLE) == (
        '(cql.serverChoice = "Röda") and (cql.serverChoice = "rummet")'
    )


def test_reserved_words_and_masking_are_searched_literally() -> None:
    query = free_text_query('Krig och fred and not "x*" \\')
    rendered = render_cql(query, ZEBRA_STYLE)
    assert '"and"' in rendered and '"not"' in rendered and '"x\\*"' in rendered
    parse_cql(rendered)  # still valid CQL


@given(st.text(max_size=80))
@example('"unbalanced')
@example("a\\")
@example("title=x) or (1=1")
def test_any_free_text_renders_to_valid_cql_with_only_our_indexes(text: str) -> None:
    try:
        query = free_text_query(text)
    except QueryError:
        return
    rendered = render_cql(query, ZEBRA_STYLE)
    tree = parse_cql(rendered)
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, CqlClause):
            assert node.index in ("cql.serverChoice", "bath.isbn")
        else:
            stack += [node.left, node.right]
            assert node.operator in ("and", "or")


def test_isbn_is_sent_in_both_forms() -> None:
    rendered = render_cql(free_text_query("91-7429-530-6"), ZEBRA_STYLE)
    assert rendered == '(bath.isbn = "9789174295306" or bath.isbn = "9174295306")'
    rendered = render_cql(fielded_query(isbn="978-91-7429-530-6"), ZEBRA_STYLE)
    assert "9174295306" in rendered and "9789174295306" in rendered


def test_fields_map_to_each_targets_index_names() -> None:
    query = fielded_query(title="röda rummet", author="Strindberg")
    assert render_cql(query, ZEBRA_STYLE).count("dc.title") == 2
    with pytest.raises(UnmappedFieldError, match="author"):
        render_cql(query, BARE_NAMES)


def test_year_and_year_ranges() -> None:
    assert render_cql(fielded_query(year="1879"), ZEBRA_STYLE) == 'dc.date = "1879"'
    assert render_cql(fielded_query(year="1870-1880"), ZEBRA_STYLE) == (
        '(dc.date >= "1870") and (dc.date <= "1880")'
    )
    for bad in ("sometime", "1880-1870", "18790"):
        with pytest.raises(QueryError):
            fielded_query(year=bad)


def test_expert_cql_is_validated_and_mapped() -> None:
    query = expert_query('title = "röda rum*" and (dc.creator any strindberg or subject=konst)')
    assert query.is_expert_cql
    with_subject = replace(
        ZEBRA_STYLE, indexes=ZEBRA_STYLE.indexes + ((Field.SUBJECT, "dc.subject"),)
    )
    rendered = render_cql(query, with_subject)
    assert 'dc.title = "röda rum*"' in rendered  # masking kept in expert CQL
    assert 'dc.creator any "strindberg"' in rendered


@pytest.mark.parametrize(
    ("cql", "message"),
    [
        ("title=(", "CQL syntax error"),
        ("dc.rights = x", "unsupported index 'dc.rights'"),
        ("title foo x", "unsupported relation 'foo'"),
        ('title = ""', "empty search term"),
        ("x" * 1001, "longer than 1000"),
    ],
)
def test_bad_expert_cql_is_a_query_error(cql: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        expert_query(cql)


def test_exact_is_sent_as_double_equals() -> None:
    assert render_cql(expert_query('title exact "aniara"'), ZEBRA_STYLE) == 'dc.title == "aniara"'


def test_limits_on_size() -> None:
    with pytest.raises(QueryError, match="no words"):
        free_text_query("  : - ")
    with pytest.raises(QueryError, match=f"more than {MAX_CLAUSES}"):
        free_text_query(" ".join(f"w{i}" for i in range(MAX_CLAUSES + 1)))


def test_phrases_stay_together() -> None:
    query = free_text_query('"röda rummet" strindberg')
    found = clauses(query.root)
    assert [unescape_term(c.term) for c in found] == ["röda rummet", "strindberg"]


@pytest.mark.parametrize(
    ("cql", "message"),
    [
        ('title =/"x a or rec.id =" 1', "unsupported modifier"),  # would smuggle rec.id through
        ("title=abc\\ or title=def", "lone backslash"),  # would break out of its quotes
    ],
)
def test_expert_cql_cannot_smuggle_cql_to_the_catalogues(cql: str, message: str) -> None:
    with pytest.raises(QueryError, match=message):
        expert_query(cql)


def test_deep_nesting_is_a_query_error_not_a_crash() -> None:
    with pytest.raises(QueryError, match="nested deeper"):
        expert_query("(" * 499 + "a" + ")" * 499)
