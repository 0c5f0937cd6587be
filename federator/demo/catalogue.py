"""One demo catalogue in memory: MARCXML records searchable with CQL, as a library system would.

Searching folds case and diacritics (most library systems do: "roda rummet" finds "Röda
rummet"). Supported: indexes any/title/author/subject/isbn/issn/year (and their dc., bath., cql.
names), relations = all any == adj exact and, for year, < > <= >= <>, right truncation with
*, and/or/not. Anything else is the SRU diagnostic a real server would send.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from federator.connectors.marcxml import map_marc_record
from federator.cql import CqlBoolean, CqlClause, CqlNode, CqlSyntaxError, parse_cql, unescape_term
from federator.isbn import isbn13_to_10, normalise_isbn, normalise_issn
from federator.models import Field, SourceRecord, Target
from federator.normalise import fold
from federator.query import INDEX_ALIASES
from federator.sru.server import SruDiagnostic
from federator.xmlsafe import parse_xml

TEXT_RELATIONS = frozenset({"=", "all", "any", "==", "adj", "exact"})
YEAR_RELATIONS = frozenset({"=", "==", "<", ">", "<=", ">=", "<>"})
_DIGITS = re.compile(r"[^0-9Xx]")


@dataclass(frozen=True, slots=True)
class _Entry:
    record: SourceRecord
    xml: str
    words: dict[Field, tuple[str, ...]]
    phrases: dict[Field, str]
    isbns: frozenset[str]


def _isbn_forms(record: SourceRecord) -> frozenset[str]:
    forms = set(record.isbns) | {f for i in record.isbns if (f := isbn13_to_10(i))}
    return frozenset(forms | set(record.invalid_isbns))


def _entry(record: SourceRecord, xml: str) -> _Entry:
    texts = {
        Field.TITLE: " ".join(p for p in (record.title, record.subtitle, record.part) if p),
        Field.AUTHOR: " ".join(a.name for a in record.authors),
        Field.SUBJECT: " ".join(record.subjects),
    }
    texts[Field.ANY] = " ".join([*texts.values(), record.publisher or "", " ".join(record.series)])
    phrases = {field: fold(text) for field, text in texts.items()}
    return _Entry(
        record, xml, {f: tuple(p.split()) for f, p in phrases.items()}, phrases, _isbn_forms(record)
    )


class DemoIndex:
    def __init__(self, target: Target, records: tuple[str, ...]) -> None:
        self.target = target
        self.entries: list[_Entry] = []
        for position, xml in enumerate(records, 1):
            element = parse_xml(xml.encode("utf-8")).root
            record = map_marc_record(element, target, fallback_id=f"{target.id}:{position}")
            self.entries.append(_entry(record, xml))

    def by_id(self, record_id: str) -> _Entry | None:
        return next((e for e in self.entries if e.record.record_id == record_id), None)

    def search(self, cql: str) -> list[_Entry]:
        try:
            tree = parse_cql(cql)
        except CqlSyntaxError as exc:
            raise SruDiagnostic(10, "Query syntax error", str(exc)) from None
        found = self._evaluate(tree)
        return [entry for index, entry in enumerate(self.entries) if index in found]

    def _evaluate(self, node: CqlNode) -> set[int]:
        if isinstance(node, CqlBoolean):
            left, right = self._evaluate(node.left), self._evaluate(node.right)
            if node.operator == "and":
                return left & right
            if node.operator == "or":
                return left | right
            if node.operator == "not":
                return left - right
            raise SruDiagnostic(39, "Proximity not supported", node.operator)
        return {i for i, entry in enumerate(self.entries) if _matches(entry, node)}


def _field(clause: CqlClause) -> Field:
    index = (clause.index or "cql.serverChoice").lower()
    field = INDEX_ALIASES.get(index)
    if field is None:
        raise SruDiagnostic(16, "Unsupported index", clause.index or "")
    return field


def _masks(escaped: str) -> list[tuple[int, str]]:
    """Unescaped masking characters (* ? ^) of an escaped term, with their positions."""
    found, index = [], 0
    while index < len(escaped):
        if escaped[index] == "\\":
            index += 2
            continue
        if escaped[index] in "*?^":
            found.append((index, escaped[index]))
        index += 1
    return found


def _plain(escaped: str) -> str:
    """The term with escapes resolved and unescaped right truncation kept as a marker."""
    out, index = [], 0
    while index < len(escaped):
        char = escaped[index]
        if char == "\\" and index + 1 < len(escaped):
            out.append(" " if escaped[index + 1] in "*?^" else escaped[index + 1])  # literal
            index += 2
            continue
        out.append(" TRUNCATIONMARK " if char == "*" else char)
        index += 1
    return "".join(out)


def _term_words(term: str) -> list[str]:
    words = fold(term).split()
    # fold() turns "*" into a word break; put the right truncation back on its word.
    joined: list[str] = []
    for word in words:
        if word == "truncationmark" and joined:
            joined[-1] += "*"
        elif word != "truncationmark":
            joined.append(word)
    return joined


def _word_matches(pattern: str, words: tuple[str, ...]) -> bool:
    if pattern.endswith("*"):
        return any(w.startswith(pattern[:-1]) for w in words)
    return pattern in words


def _matches(entry: _Entry, clause: CqlClause) -> bool:
    field = _field(clause)
    relation = (clause.relation or "=").lower()
    masks = _masks(clause.term)
    if any(mask in "?^" for _, mask in masks):
        raise SruDiagnostic(28, "Masking character not supported", unescape_term(clause.term))
    term = _plain(clause.term)
    if field is Field.YEAR:
        return _year_matches(entry.record.year, relation, unescape_term(clause.term))
    if relation not in TEXT_RELATIONS:
        raise SruDiagnostic(19, "Unsupported relation", relation)
    if field is Field.ISBN:
        term = unescape_term(clause.term)
        wanted = normalise_isbn(term) or _DIGITS.sub("", term).upper()
        return wanted in entry.isbns or (isbn13_to_10(wanted) or "") in entry.isbns
    if field is Field.ISSN:
        issn = normalise_issn(unescape_term(clause.term))
        return issn is not None and issn in {normalise_issn(i) for i in entry.record.issns}
    words = _term_words(term)
    if not words:
        raise SruDiagnostic(27, "Empty term unsupported", term)
    if relation in ("==", "adj", "exact"):
        phrase = " ".join(words)
        if relation == "==":
            return phrase == entry.phrases[field]
        return f" {phrase} " in f" {entry.phrases[field]} "
    found = [_word_matches(w, entry.words[field]) for w in words]
    return any(found) if relation == "any" else all(found)


def _year_matches(year: int | None, relation: str, term: str) -> bool:
    if relation not in YEAR_RELATIONS:
        raise SruDiagnostic(19, "Unsupported relation", relation)
    if not term.strip().isdigit():
        raise SruDiagnostic(6, "Unsupported parameter value", f"year {term!r}")
    if year is None:
        return False
    wanted = int(term)
    return {
        "=": year == wanted,
        "==": year == wanted,
        "<": year < wanted,
        ">": year > wanted,
        "<=": year <= wanted,
        ">=": year >= wanted,
        "<>": year != wanted,
    }[relation]
