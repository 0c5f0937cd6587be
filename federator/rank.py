"""Order merged works by relevance, each score with its explanation (pazpar2's relevance_explain).

Per-target scores are absent or incomparable in SRU, so works are re-scored here over the merged
set, BM25-style: field weights title > author > subject > the rest; a Swedish-exact match
counts fully, a match typed without diacritics 0.8, a stemmed match 0.6, one typo 0.3 (only
for words of five letters or more). Then boosts: a known ISBN puts the item first, an exact
or phrase title match next; a small one for the number of holding libraries and copies on the
shelf. Ties break on title (Swedish order), then id: the order is total and deterministic.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from federator.isbn import normalise_isbn, normalise_issn
from federator.models import (
    BooleanNode,
    Field,
    HoldingStatus,
    Query,
    QueryNode,
    RankedWork,
    Work,
)
from federator.normalise import fold, swedish_sort_key
from federator.query import unescape_term
from federator.text import exact_words, folded_words, stem, stemmed_words, within_one_edit

FIELD_WEIGHTS = {"title": 6.0, "author": 3.0, "subject": 2.0, "other": 1.0}
MATCH_WEIGHTS = {"exact": 1.0, "folded": 0.8, "stemmed": 0.6, "fuzzy": 0.3}
K1, B = 1.2, 0.75
# The results are no corpus: each was fetched because it matches, so a word in all of them
# ("hobbiten", widened to hobbit*) would weigh nothing, and a copy on the shelf would outrank
# the exact word. A floor keeps exact > folded > stemmed telling.
MIN_IDF = 1.0
ISBN_BOOST = 1000.0
EXACT_TITLE_BOOST = 30.0
PHRASE_BOOST = 8.0
_FIELD_FOR = {Field.TITLE: "title", Field.AUTHOR: "author", Field.SUBJECT: "subject"}


@dataclass(frozen=True, slots=True)
class _Term:
    exact: str
    folded: str
    stemmed: str
    field: str | None  # None: any field


def _clauses(node: QueryNode) -> list[tuple[Field, str]]:
    if isinstance(node, BooleanNode):
        right = [] if node.operator == "not" else _clauses(node.right)
        return _clauses(node.left) + right
    return [(node.field, unescape_term(node.term).strip("*?^"))]


def _terms(query: Query) -> tuple[list[_Term], set[str], str]:
    """Query words, identifiers asked for (ISBN-13s, ISSNs), and the whole text of title-ish
    clauses (for phrases). Words of `rank_text` (a pasted subtitle) count as any-field words."""
    terms: list[_Term] = []
    identifiers: set[str] = set()
    phrase: list[str] = []
    clauses = _clauses(query.root) + [(Field.ANY, query.rank_text)] * bool(query.rank_text)
    for field, text in clauses:
        if field in (Field.ISBN, Field.ISSN):
            found = normalise_isbn(text) if field is Field.ISBN else normalise_issn(text)
            identifiers |= {found} if found else set()
            continue
        if field is Field.YEAR:
            continue
        if field in (Field.ANY, Field.TITLE) and text is not query.rank_text:
            phrase.append(text)
        for word in exact_words(text):
            terms.append(_Term(word, fold(word), stem(word), _FIELD_FOR.get(field)))
    return terms, identifiers, " ".join(phrase)


def _fields(work: Work) -> dict[str, str]:
    return {
        "title": " ".join(p for p in (work.title, work.subtitle, work.part) if p),
        "author": " ".join(a.name for a in work.authors),
        "subject": " ".join(work.subjects),
        "other": " ".join(p for p in (work.publisher, work.edition, *work.original_script) if p),
    }


@dataclass(frozen=True, slots=True)
class _Doc:
    exact: dict[str, list[str]]
    folded: dict[str, list[str]]
    stemmed: dict[str, list[str]]


def _doc(work: Work) -> _Doc:
    fields = _fields(work)
    return _Doc(
        {f: exact_words(t) for f, t in fields.items()},
        {f: folded_words(t) for f, t in fields.items()},
        {f: stemmed_words(t) for f, t in fields.items()},
    )


def _term_frequency(term: _Term, doc: _Doc, field: str) -> tuple[float, str | None]:
    """How often the term is in one field, counting only its best kind of match."""
    exact = doc.exact[field].count(term.exact)
    if exact:
        return exact, "exact"
    folded = doc.folded[field].count(term.folded)
    if folded:
        return folded, "folded"
    stemmed = doc.stemmed[field].count(term.stemmed)
    if stemmed:
        return stemmed, "stemmed"
    size = len(term.folded)
    if size >= 5:
        # The length test first: most words are too long or short to be one edit away (and a
        # word within one edit of five letters has at least four).
        words = doc.folded[field]
        fuzzy = sum(1 for w in words if abs(len(w) - size) <= 1 and within_one_edit(w, term.folded))
        if fuzzy:
            return fuzzy, "fuzzy"
    return 0.0, None


@dataclass(frozen=True, slots=True)
class _Corpus:
    """Term frequencies of every query term in every work, computed once per ranking."""

    docs: list[_Doc]
    matches: list[list[dict[str, tuple[float, str]]]]  # [term][doc] -> field -> (tf, kind)
    idf: list[float]
    average_length: dict[str, float]


def _corpus(terms: list[_Term], docs: list[_Doc]) -> _Corpus:
    matches = []
    for term in terms:
        per_doc = []
        for doc in docs:
            found = {}
            for field in FIELD_WEIGHTS:
                tf, kind = _term_frequency(term, doc, field)
                if kind and term.field in (None, field):
                    found[field] = (tf, kind)
            per_doc.append(found)
        matches.append(per_doc)
    count = len(docs)
    idf = [
        max(MIN_IDF, math.log(1 + (count - df + 0.5) / (df + 0.5)))
        for df in (sum(map(bool, m)) for m in matches)
    ]
    average = {
        f: (sum(len(d.folded[f]) for d in docs) / count if count else 0.0) or 1.0
        for f in FIELD_WEIGHTS
    }
    return _Corpus(docs, matches, idf, average)


def _bm25(terms: list[_Term], corpus: _Corpus, index: int, explanation: list[str]) -> float:
    total = 0.0
    for number, term in enumerate(terms):
        for field, (tf, kind) in corpus.matches[number][index].items():
            length = len(corpus.docs[index].folded[field]) / corpus.average_length[field]
            norm = tf * (K1 + 1) / (tf + K1 * (1 - B + B * length))
            # The kind of match weighs after saturation, so a stem stays at 0.6 of the word.
            gained = FIELD_WEIGHTS[field] * corpus.idf[number] * norm * MATCH_WEIGHTS[kind]
            total += gained
            explanation.append(f"{term.exact!r} {kind} in {field}: {gained:.2f}")
    return total


def _boosts(work: Work, isbns: set[str], phrase: str, explanation: list[str]) -> float:
    boost = 0.0
    if isbns & set(work.isbns):
        boost += ISBN_BOOST
        explanation.append(f"ISBN match: {ISBN_BOOST:.0f}")
    elif isbns & {normalise_issn(issn) for source in work.sources for issn in source.issns}:
        boost += ISBN_BOOST
        explanation.append(f"ISSN match: {ISBN_BOOST:.0f}")
    asked, title = fold(phrase), fold(work.title)
    full_title = fold(f"{work.title} {work.subtitle or ''}")
    if asked and asked in (title, full_title):
        boost += EXACT_TITLE_BOOST
        explanation.append(f"exact title: {EXACT_TITLE_BOOST:.0f}")
    elif asked and len(asked.split()) > 1 and f" {asked} " in f" {full_title} ":
        boost += PHRASE_BOOST
        explanation.append(f"phrase in title: {PHRASE_BOOST:.0f}")
    libraries = len({h.library for h in work.holdings})
    if libraries:
        held = 0.5 * math.log2(1 + libraries)
        boost += held
        explanation.append(f"held by {libraries} libraries: {held:.2f}")
    if any(h.status is HoldingStatus.AVAILABLE for h in work.holdings):
        boost += 0.3
        explanation.append("a copy on the shelf: 0.30")
    return boost


def rank_works(query: Query, works: Iterable[Work]) -> list[RankedWork]:
    """Every work with its score, best first; the order is total and repeatable."""
    works = list(works)
    terms, isbns, phrase = _terms(query)
    corpus = _corpus(terms, [_doc(w) for w in works])
    ranked = []
    for index, work in enumerate(works):
        explanation: list[str] = []
        score = _bm25(terms, corpus, index, explanation) + _boosts(work, isbns, phrase, explanation)
        ranked.append(RankedWork(work=work, score=round(score, 4), explanation=tuple(explanation)))
    return sorted(ranked, key=lambda r: (-r.score, swedish_sort_key(r.work.title), r.work.id))
