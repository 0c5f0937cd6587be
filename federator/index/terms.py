"""A federator `Query` -> a tantivy query over the cache index's fields.

Words go through the same analyzer as the indexed text (folding, Swedish stems), so the cache
finds what a patron means even when the catalogues would need the exact form.
"""

from __future__ import annotations

import tantivy

from federator.cql import unescape_term
from federator.index.schema import SWEDISH_ANALYZER
from federator.isbn import isbn13_to_10, normalise_isbn
from federator.models import Clause, Field, Query, QueryNode

_TEXT_FIELDS = {
    Field.ANY: "any",
    Field.TITLE: "title",
    Field.AUTHOR: "author",
    Field.SUBJECT: "subject",
}
_OCCUR = tantivy.Occur


def _all_of(queries: list[tantivy.Query]) -> tantivy.Query:
    if not queries:
        return tantivy.Query.empty_query()
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(_OCCUR.Must, q) for q in queries])


def _year(schema: tantivy.Schema, clause: Clause, text: str) -> tantivy.Query:
    if not text.strip().isdigit():
        return tantivy.Query.empty_query()
    year = int(text)
    bounds = {
        "<": (None, year, True, False),
        "<=": (None, year, True, True),
        ">": (year, None, False, True),
        ">=": (year, None, True, True),
    }
    lower, upper, include_lower, include_upper = bounds.get(
        clause.relation, (year, year, True, True)
    )
    found = tantivy.Query.range_query(
        schema, "year", tantivy.FieldType.Integer, lower, upper, include_lower, include_upper
    )
    return _negated(found) if clause.relation == "<>" else found


def _negated(query: tantivy.Query) -> tantivy.Query:
    return tantivy.Query.boolean_query(
        [(_OCCUR.Must, tantivy.Query.all_query()), (_OCCUR.MustNot, query)]
    )


def _clause(schema: tantivy.Schema, clause: Clause) -> tantivy.Query:
    text = unescape_term(clause.term).replace("*", " ").replace("?", " ").replace("^", " ")
    if clause.field is Field.YEAR:
        return _year(schema, clause, text)
    if clause.field is Field.ISBN:
        isbn = normalise_isbn(text)
        forms = [f for f in (isbn, isbn13_to_10(isbn) if isbn else None) if f]
        return (
            tantivy.Query.term_set_query(schema, "isbn", forms)
            if forms
            else tantivy.Query.empty_query()
        )
    field = _TEXT_FIELDS.get(clause.field)
    if field is None:  # ISSN: the index keeps no ISSNs, so the cache cannot stand in
        return tantivy.Query.empty_query()
    terms = [tantivy.Query.term_query(schema, field, t) for t in SWEDISH_ANALYZER.analyze(text)]
    if clause.relation == "any" and terms:
        return tantivy.Query.boolean_query([(_OCCUR.Should, q) for q in terms])
    return _negated(_all_of(terms)) if clause.relation == "<>" else _all_of(terms)


def _node(schema: tantivy.Schema, node: QueryNode) -> tantivy.Query:
    if isinstance(node, Clause):
        return _clause(schema, node)
    left, right = _node(schema, node.left), _node(schema, node.right)
    if node.operator == "or":
        return tantivy.Query.boolean_query([(_OCCUR.Should, left), (_OCCUR.Should, right)])
    if node.operator == "not":
        return tantivy.Query.boolean_query([(_OCCUR.Must, left), (_OCCUR.MustNot, right)])
    return _all_of([left, right])  # and, and prox read as and


def query_for(index: tantivy.Index, schema: tantivy.Schema, query: Query) -> tantivy.Query:
    return _node(schema, query.root)
