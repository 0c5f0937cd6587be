"""User input -> `Query`, and a `Query` -> one target's CQL string.

Free text and form fields are always quoted and escaped, so what a patron types is searched for
literally; expert CQL is parsed and validated here, before it reaches any catalogue.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import IntEnum

from federator.cql import CqlBoolean, CqlNode, CqlSyntaxError, parse_cql, quote_term
from federator.cql import unescape_term as unescape_term
from federator.isbn import isbn13_to_10, looks_like_isbn, normalise_isbn, normalise_issn
from federator.models import BooleanNode, Clause, Field, Query, QueryNode, Target

MAX_QUERY_CHARS = 1000
MAX_CLAUSES = 32

# CQL index names a user may write, from the cql, dc and bath context sets and plain words.
INDEX_ALIASES: dict[str, Field] = {
    "cql.serverchoice": Field.ANY,
    "cql.anywhere": Field.ANY,
    "serverchoice": Field.ANY,
    "any": Field.ANY,
    "keyword": Field.ANY,
    "title": Field.TITLE,
    "dc.title": Field.TITLE,
    "bath.title": Field.TITLE,
    "author": Field.AUTHOR,
    "creator": Field.AUTHOR,
    "dc.creator": Field.AUTHOR,
    "dc.author": Field.AUTHOR,
    "bath.author": Field.AUTHOR,
    "bath.name": Field.AUTHOR,
    "bath.personalname": Field.AUTHOR,
    "subject": Field.SUBJECT,
    "dc.subject": Field.SUBJECT,
    "bath.subject": Field.SUBJECT,
    "isbn": Field.ISBN,
    "bath.isbn": Field.ISBN,
    "issn": Field.ISSN,
    "bath.issn": Field.ISSN,
    "year": Field.YEAR,
    "date": Field.YEAR,
    "dc.date": Field.YEAR,
}
RELATIONS = frozenset({"=", "==", "<>", "<", ">", "<=", ">=", "adj", "all", "any", "within"})
# CQL 1.1 spelled exact match "exact"; 1.2 servers (YAZ among them) only know "==".
_RELATION_SYNONYMS = {"exact": "=="}
_FREE_TEXT_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
_YEAR = re.compile(r"^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$")


class QueryProblem(IntEnum):
    """What is wrong with a query, numbered as SRU diagnostics (info:srw/diagnostic/1/N)."""

    SYNTAX = 10
    UNSUPPORTED_INDEX = 16
    UNSUPPORTED_RELATION = 19
    UNSUPPORTED_RELATION_MODIFIER = 20
    EMPTY_TERM = 27
    INVALID_TERM = 36  # e.g. a year that is not a year
    TOO_MANY_TERMS = 38


class QueryError(ValueError):
    """The user's query cannot be searched as given; the message says why (an HTTP 400).

    `problem` is what the SRU endpoint reports; `param` the form field at fault, if one is.
    """

    def __init__(
        self, message: str, problem: QueryProblem = QueryProblem.SYNTAX, param: str | None = None
    ) -> None:
        super().__init__(message)
        self.problem, self.param = problem, param


class UnmappedFieldError(LookupError):
    """A target has no index for a field the query uses."""

    def __init__(self, field: Field) -> None:
        super().__init__(f"this catalogue has no {field.value} index")
        self.field = field


def and_all(nodes: Iterable[QueryNode]) -> QueryNode | None:
    result: QueryNode | None = None
    for node in nodes:
        result = node if result is None else BooleanNode(operator="and", left=result, right=node)
    return result


def typed_words(text: str) -> list[tuple[str, bool]]:
    """Free text -> (word, False) and ("quoted phrase", True); tokens with no letter or digit
    are dropped."""
    found = []
    for phrase, word in _FREE_TEXT_TOKEN.findall(text):
        token = phrase if phrase else word
        if any(char.isalnum() for char in token):
            found.append((token, bool(phrase)))
    return found


def _text_clauses(field: Field, text: str, widen: bool) -> list[QueryNode]:
    if field in (Field.ANY, Field.ISBN) and looks_like_isbn(text):
        return [Clause(field=Field.ISBN, term=quote_term(text))]
    if field is Field.ISSN:
        return [Clause(field=Field.ISSN, term=quote_term(normalise_issn(text) or text))]
    return [
        Clause(field=field, term=quote_term(word), widen=widen and not is_phrase)
        for word, is_phrase in typed_words(text)
    ]


def _year_clauses(text: str) -> list[QueryNode]:
    match = _YEAR.match(text)
    if not match:
        message = f"year must be a year like 1879 or a range like 1870-1880, not {text!r}"
        raise QueryError(message, QueryProblem.INVALID_TERM, "year")
    first, last = match.group(1), match.group(2)
    if last is None:
        return [Clause(field=Field.YEAR, term=first)]
    if int(last) < int(first):
        message = f"year range {text!r} ends before it starts"
        raise QueryError(message, QueryProblem.INVALID_TERM, "year")
    return [
        Clause(field=Field.YEAR, relation=">=", term=first),
        Clause(field=Field.YEAR, relation="<=", term=last),
    ]


def check_size(text: str, param: str | None = None) -> None:
    if len(text) > MAX_QUERY_CHARS:
        message = f"the query is longer than {MAX_QUERY_CHARS} characters"
        raise QueryError(message, QueryProblem.SYNTAX, param)


def _count_clauses(node: QueryNode) -> int:
    if isinstance(node, Clause):
        return 1
    return _count_clauses(node.left) + _count_clauses(node.right)


def finish_query(
    root: QueryNode | None, source: str, *, is_expert: bool = False, rank_text: str = ""
) -> Query:
    if root is None:
        raise QueryError("the query has no words to search for", QueryProblem.EMPTY_TERM)
    if _count_clauses(root) > MAX_CLAUSES:
        message = f"the query has more than {MAX_CLAUSES} search terms"
        raise QueryError(message, QueryProblem.TOO_MANY_TERMS)
    return Query(root=root, source=source, is_expert_cql=is_expert, rank_text=rank_text)


def fielded_query(text: str | None = None, **fields: str | None) -> Query:
    """Free text plus form fields (title, author, subject, isbn, year), all AND-ed."""
    return build_query(text, fields, widen=False)


def build_query(text: str | None, fields: Mapping[str, str | None], *, widen: bool) -> Query:
    """As fielded_query; `widen` marks the words typed plainly (not "quoted") so that each
    target may be asked for their other forms too."""
    clauses: list[QueryNode] = []
    parts = []
    for name, value in {"any": text, **fields}.items():
        if value is None or not value.strip():
            continue
        check_size(value, "q" if name == "any" else name)
        try:
            field = Field(name)
        except ValueError:
            message = f"unknown search field {name!r}"
            raise QueryError(message, QueryProblem.UNSUPPORTED_INDEX, name) from None
        if field is Field.YEAR:
            clauses += _year_clauses(value)
        else:
            clauses += _text_clauses(field, value, widen)
        parts.append(value if field is Field.ANY else f"{field.value}: {value}")
    return finish_query(and_all(clauses), " · ".join(parts))


def plain_words(query: Query) -> str | None:
    """The words of a free-text query as sent (for spelling corrections); None for anything
    else: fields, identifiers, expert CQL, booleans other than the and between words."""

    def words(node: QueryNode) -> list[str] | None:
        if isinstance(node, Clause):
            plain = node.field is Field.ANY and not node.modifiers and node.relation == "="
            return [unescape_term(node.term)] if plain else None
        left, right = words(node.left), words(node.right)
        return left + right if node.operator == "and" and left and right else None

    found = None if query.is_expert_cql else words(query.root)
    return " ".join(found) if found else None


def free_text_query(text: str) -> Query:
    return fielded_query(text)


def _from_cql(node: CqlNode) -> QueryNode:
    if isinstance(node, CqlBoolean):
        return BooleanNode(
            operator=node.operator,
            left=_from_cql(node.left),
            right=_from_cql(node.right),
            modifiers=_modifiers(node.modifiers),
        )
    index = (node.index or "cql.serverChoice").lower()
    field = INDEX_ALIASES.get(index)
    if field is None:
        known = ", ".join(sorted({f.value for f in Field}))
        message = f"unsupported index {node.index!r}; use one of {known}"
        raise QueryError(message, QueryProblem.UNSUPPORTED_INDEX)
    relation = (node.relation or "=").lower()
    relation = _RELATION_SYNONYMS.get(relation, relation)
    if relation not in RELATIONS:
        message = f"unsupported relation {node.relation!r} for index {node.index!r}"
        raise QueryError(message, QueryProblem.UNSUPPORTED_RELATION)
    if not unescape_term(node.term).strip(" *?^"):
        raise QueryError("empty search term", QueryProblem.EMPTY_TERM)
    if (len(node.term) - len(node.term.rstrip("\\"))) % 2:
        raise QueryError("a search term cannot end in a lone backslash")
    return Clause(
        field=field, relation=relation, term=node.term, modifiers=_modifiers(node.modifiers)
    )


_MODIFIER = re.compile(r"^[A-Za-z][\w.]*(?:(?:==|<>|<=|>=|=|<|>)[\w.-]+)?$")


def _modifiers(modifiers: tuple[str, ...]) -> tuple[str, ...]:
    """Relation and boolean modifiers are passed on to catalogues: only plain ones get through."""
    for modifier in modifiers:
        if not _MODIFIER.match(modifier):
            message = f"unsupported modifier {modifier[:40]!r}"
            raise QueryError(message, QueryProblem.UNSUPPORTED_RELATION_MODIFIER)
    return modifiers


def expert_query(cql: str) -> Query:
    """Validated expert CQL; masking (* ? ^) is kept as the user wrote it."""
    check_size(cql)
    try:
        tree = parse_cql(cql)
    except CqlSyntaxError as exc:
        raise QueryError(str(exc)) from None
    return finish_query(_from_cql(tree), cql, is_expert=True)


def _render_isbn(clause: Clause, index: str) -> str:
    # Servers index the form that was catalogued and do not convert, so ask for both.
    isbn13 = normalise_isbn(unescape_term(clause.term))
    if isbn13 is None or clause.relation not in ("=", "=="):
        return _render_clause(clause, index)
    forms = [isbn13] + [f for f in [isbn13_to_10(isbn13)] if f]
    rendered = [f'{index} {clause.relation} "{form}"' for form in forms]
    return rendered[0] if len(rendered) == 1 else "(" + " or ".join(rendered) + ")"


def _render_clause(clause: Clause, index: str) -> str:
    modifiers = "".join(f"/{m}" for m in clause.modifiers)
    return f'{index} {clause.relation}{modifiers} "{clause.term}"'


def render_node(node: QueryNode, target: Target) -> str:
    if isinstance(node, BooleanNode):
        modifiers = "".join(f"/{m}" for m in node.modifiers)
        left, right = render_node(node.left, target), render_node(node.right, target)
        return f"({left}) {node.operator}{modifiers} ({right})"
    index = target.index_for(node.field)
    if index is None:
        raise UnmappedFieldError(node.field)
    if node.field is Field.ISBN:
        return _render_isbn(node, index)
    return _render_clause(node, index)


def render_cql(query: Query, target: Target) -> str:
    """The query in this target's own index names. Raises UnmappedFieldError."""
    return render_node(query.root, target)


__all__ = [
    "CqlSyntaxError",
    "QueryError",
    "UnmappedFieldError",
    "expert_query",
    "fielded_query",
    "free_text_query",
    "render_cql",
    "unescape_term",
]
