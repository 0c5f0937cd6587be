"""A `Query` -> one Z39.50 target's PQF (YAZ's Prefix Query Format) with Bib-1 attributes.

PQF: https://software.indexdata.com/yaz/doc/tools.html#PQF ; Bib-1 attributes:
https://www.loc.gov/z3950/agency/defns/bib1.html . Every term is quoted and escaped, so what a
patron typed is one term and never an operator. Targets that index differently pass overrides as
a plain mapping of field to attributes: {"title": "1=4 4=1", "year": "1=31 4=4", "subject": ""}
(an empty value: the target cannot search that field). Pure: no I/O, no YAZ.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from federator.isbn import isbn13_to_10, normalise_isbn
from federator.models import BooleanNode, Clause, Field, Query, QueryNode
from federator.query import QueryError

# Bib-1 use attributes (type 1) per field; the other types come from relation, masking, overrides.
BIB1_USE: dict[Field, str] = {
    Field.ANY: "1016",
    Field.TITLE: "4",
    Field.AUTHOR: "1003",
    Field.SUBJECT: "21",
    Field.ISBN: "7",
    Field.YEAR: "31",
}
# Bib-1 relation (type 2). "=" and "==" are 3, the default everywhere, so it is not sent.
_RELATIONS = {"<": "1", "<=": "2", ">=": "4", ">": "5", "<>": "6"}
_RELATION_MODIFIERS = {"relevant": "102", "stem": "101", "phonetic": "100"}
_BOOLEANS = {"and": "@and", "or": "@or", "not": "@not"}
_ATTRIBUTE = re.compile(r"^([1-9])=([A-Za-z0-9_.:-]{1,64})$")
_MASKS = frozenset("*?^")
_STRIP = frozenset({"Cc", "Cs"})  # control characters; lone surrogates cannot go out as UTF-8

Attributes = dict[str, str]  # attribute type -> value, e.g. {"1": "4", "5": "1"}


class PqfUnsupportedError(LookupError):
    """This target cannot be asked the query in PQF (no attributes for a field, prox, masking)."""


def check_attributes(overrides: Mapping[str, str]) -> dict[Field, Attributes | None]:
    """Overrides -> per-field attributes merged over Bib-1's; ValueError names a bad entry."""
    table: dict[Field, Attributes | None] = {f: {"1": use} for f, use in BIB1_USE.items()}
    for name, spec in overrides.items():
        try:
            field = Field(name)
        except ValueError:
            known = ", ".join(f.value for f in Field)
            raise ValueError(f"attributes for unknown field {name!r}; use one of {known}") from None
        if not spec.strip():
            table[field] = None
            continue
        merged = dict(table[field] or {"1": BIB1_USE[field]})
        for token in spec.split():
            match = _ATTRIBUTE.match(token)
            if not match:
                raise ValueError(f"attribute {token!r} for {name} is not TYPE=VALUE, e.g. 1=4")
            merged[match.group(1)] = match.group(2)
        table[field] = merged
    return table


def render_pqf(query: Query, overrides: Mapping[str, str] | None = None) -> str:
    """The query as PQF. Raises PqfUnsupportedError (this target) or QueryError (bad input)."""
    return _node(query.root, check_attributes(overrides or {}))


def _node(node: QueryNode, table: Mapping[Field, Attributes | None]) -> str:
    if isinstance(node, BooleanNode):
        operator = _BOOLEANS.get(node.operator.lower())
        if operator is None or node.modifiers:
            raise PqfUnsupportedError(f"the boolean {node.operator!r} has no PQF form here")
        return f"{operator} {_node(node.left, table)} {_node(node.right, table)}"
    attributes = table.get(node.field)
    if attributes is None:
        raise PqfUnsupportedError(f"this catalogue has no {node.field.value} attributes")
    return _clause(node, dict(attributes))


def _clause(clause: Clause, attributes: Attributes) -> str:
    relation = clause.relation.lower()
    for modifier in clause.modifiers:
        value = _RELATION_MODIFIERS.get(modifier.lower())
        if value is None:
            raise PqfUnsupportedError(f"the relation modifier {modifier!r} has no PQF form")
        attributes["2"] = value
    marked = _unescape(clause.term)
    if relation in ("all", "any"):
        words = [_term(word, attributes) for word in _split(marked)]
        return _join("@and" if relation == "all" else "@or", words)
    if relation == "within" and clause.field is Field.YEAR:
        bounds = _split(marked)
        if len(bounds) != 2:
            raise QueryError("a year range with 'within' needs two years: within \"1870 1880\"")
        low, high = ({**attributes, "2": "4"}, {**attributes, "2": "2"})
        return f"@and {_term(bounds[0], low)} {_term(bounds[1], high)}"
    if relation == "adj":
        attributes.setdefault("4", "1")  # Bib-1 structure 1: phrase
    elif relation in _RELATIONS:
        attributes["2"] = _RELATIONS[relation]
    elif relation not in ("=", "=="):
        raise PqfUnsupportedError(f"the relation {clause.relation!r} has no PQF form here")
    if clause.field is Field.ISBN and relation in ("=", "=="):
        return _isbn(marked, attributes)
    return _term(marked, attributes)


def _isbn(marked: list[tuple[str, bool]], attributes: Attributes) -> str:
    # Catalogues index the form that was catalogued and do not convert: ask for both, as CQL does.
    isbn13 = normalise_isbn("".join(char for char, _ in marked))
    if isbn13 is None or any(is_mask for _, is_mask in marked):
        return _term(marked, attributes)
    forms = [isbn13] + [form for form in [isbn13_to_10(isbn13)] if form]
    return _join("@or", [_term([(c, False) for c in form], attributes) for form in forms])


def _join(operator: str, operands: list[str]) -> str:
    if not operands:
        raise QueryError("the query has no words to search for")
    result = operands[-1]
    for operand in reversed(operands[:-1]):
        result = f"{operator} {operand} {result}"
    return result


def _unescape(escaped: str) -> list[tuple[str, bool]]:
    """CQL-escaped term -> (character, is an unescaped masking character) pairs."""
    marked: list[tuple[str, bool]] = []
    chars = iter(escaped)
    for char in chars:
        if char == "\\":
            marked.append((next(chars, "\\"), False))
        else:
            marked.append((char, char in _MASKS))
    return marked


def _split(marked: list[tuple[str, bool]]) -> list[list[tuple[str, bool]]]:
    words: list[list[tuple[str, bool]]] = [[]]
    for char, is_mask in marked:
        if char.isspace() and not is_mask:
            words.append([])
        else:
            words[-1].append((char, is_mask))
    return [word for word in words if word]


def _term(marked: list[tuple[str, bool]], attributes: Attributes) -> str:
    """One quoted PQF term; masking at its ends becomes Bib-1 truncation (type 5)."""
    attributes = dict(attributes)
    left = bool(marked) and marked[0] == ("*", True)
    right = len(marked) > 1 and marked[-1] == ("*", True)
    inner = marked[1 if left else 0 : len(marked) - 1 if right else len(marked)]
    if any(is_mask for _, is_mask in inner):
        raise PqfUnsupportedError("masking inside a word (?, ^, or * between letters)")
    if left or right:
        attributes["5"] = "3" if left and right else ("2" if left else "1")
    text = _clean("".join(char for char, _ in inner))
    prefix = " ".join(f"@attr {t}={attributes[t]}" for t in sorted(attributes, key=int))
    return f"{prefix} {quote_pqf_term(text)}"


def _clean(text: str) -> str:
    """Control characters become spaces (they separated words), whitespace collapses."""
    if not text.isprintable():
        text = "".join(" " if unicodedata.category(c) in _STRIP else c for c in text)
    text = " ".join(text.split())
    if not text:
        raise QueryError("empty search term")
    return text


def quote_pqf_term(text: str) -> str:
    """A quoted PQF term, every character literal.

    YAZ's PQF lexer (src/pquery.c) takes a backslash as an escape inside quotes (\\n, \\x41, \\101
    mean characters), and a quoted term starting with "@" and a digit as an attribute: so
    backslash, quote and @ are all escaped.
    """
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("@", "\\@")
    return f'"{escaped}"'
