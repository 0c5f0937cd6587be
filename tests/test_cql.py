import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from federator.cql import (
    CqlBoolean,
    CqlClause,
    CqlSyntaxError,
    parse_cql,
    quote_term,
    unescape_term,
)


@given(st.text(max_size=60))
@example('a "quoted" word')
@example("back\\slash\\")
@example("and")
@example("or not prox sortby")
@example("strind* ?^")
@example("(title=x)")
@example("\t\n ")
def test_any_text_quoted_parses_as_one_literal_term(text: str) -> None:
    escaped = quote_term(text)
    if not escaped:
        return
    node = parse_cql(f'title = "{escaped}"')
    assert isinstance(node, CqlClause)
    assert node.index == "title" and node.relation == "="
    assert unescape_term(node.term) == " ".join(text.split())


def test_booleans_are_left_associative() -> None:
    node = parse_cql("a and b or c")
    assert isinstance(node, CqlBoolean) and node.operator == "or"
    assert isinstance(node.left, CqlBoolean) and node.left.operator == "and"


def test_parentheses_named_relations_and_modifiers() -> None:
    node = parse_cql('dc.title any/relevant "röda rummet" and (author = x or isbn = "123")')
    assert isinstance(node, CqlBoolean)
    assert node.left == CqlClause("dc.title", "any", ("relevant",), "röda rummet")
    node = parse_cql("a prox/unit=word/distance<=3 b")
    assert isinstance(node, CqlBoolean) and node.modifiers == ("unit=word", "distance<=3")


def test_escaped_quote_and_trailing_backslash() -> None:
    node = parse_cql(r'title="a \"b\"" and "x\\"')
    assert isinstance(node, CqlBoolean)
    assert node.left == CqlClause("title", "=", (), r"a \"b\"")
    assert node.right == CqlClause(None, None, (), "x\\\\")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("title=(", "expected a search term after '='"),
        ('"unterminated', "unterminated quoted term"),
        ("a and", "found the end of the query"),
        ("", "empty query"),
        ("(a or b", "missing ')'"),
        ("a) b", "unexpected ')'"),
        ("a sortby title", "sortby is not supported"),
        ('> dc="info:x" dc.title=x', "prefix assignments are not supported"),
    ],
)
def test_syntax_errors_say_what_and_where(text: str, message: str) -> None:
    with pytest.raises(CqlSyntaxError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_cql(text)
