"""A `Query` -> the CQL one target is sent: every word a patron typed plainly widened to the
forms they mean, as far as the target supports it (`Target.widening`), and relevance order
asked for where the target offers it (`Target.relevance`).

Catalogues such as Zebra index words as catalogued and do not stem, so "gösta berling" finds
nothing in "Gösta Berlings saga" unless asked for `berling*` or `berlings`. Phrases,
identifiers, pasted titles and expert CQL are never widened (understand.py marks the words
that may be); ranking still puts the exact word first (rank.py).
"""

from __future__ import annotations

import unicodedata

from federator.cql import quote_term, unescape_term
from federator.models import (
    BooleanNode,
    Clause,
    Field,
    Query,
    QueryNode,
    RelevanceOrder,
    Target,
    Widening,
)
from federator.query import UnmappedFieldError, render_node
from federator.text import lemma, snowball_stem, umlaut_plural

# A stem shorter than this truncates to too much ("bo*", "sag*"): such words get forms.
MIN_STEM = 4
MIN_WORD = 3  # shorter words ("ny", "ö") go as typed
MAX_FORMS = 12
# Swedish inflection on a stem, commonest first: definite singular, plurals, their definite.
ENDINGS = ("", "en", "et", "a", "an", "ar", "er", "or", "arna", "erna", "orna", "n", "na")
_WIDENED_FIELDS = frozenset({Field.ANY, Field.TITLE, Field.AUTHOR, Field.SUBJECT})
_RELEVANT = "relevant"


def _typed(word: str) -> str:
    return unicodedata.normalize("NFC", word).casefold()


def _lemmas(word: str) -> list[str]:
    """The word, its singular and its umlaut plural: "bilderbok" -> + "bilderböcker"."""
    found = [word, lemma(word)]
    found += [p for p in (umlaut_plural(lemma(word)),) if p]
    return list(dict.fromkeys(found))


def truncation_stems(word: str) -> list[str]:
    """The stems to truncate ("kokböcker" -> kokbok, kokböck); [] when every stem is short."""
    stems = [snowball_stem(w) for w in _lemmas(_typed(word))]
    return [s for s in dict.fromkeys(stems) if len(s) >= MIN_STEM]


def word_forms(word: str) -> list[str]:
    """The word and its likely inflected forms, for targets without truncation."""
    typed = _typed(word)
    forms = [typed, typed + "s"]  # as typed, and its genitive
    for other in _lemmas(typed)[1:]:  # "bilderbok": "bilderböcker", "bilderböckerna"
        forms += [other, other + "s"] if other.endswith("bok") else [other, other + "na"]
    stem = snowball_stem(lemma(typed))
    forms += [stem + ending for ending in ENDINGS] if len(stem) >= MIN_WORD else []
    unique = [f for f in dict.fromkeys(forms) if len(f) >= MIN_WORD]
    return unique[:MAX_FORMS]


def _is_widenable(clause: Clause) -> bool:
    word = unescape_term(clause.term)
    return (
        clause.widen
        and clause.field in _WIDENED_FIELDS
        and clause.relation == "="
        and len(word) >= MIN_WORD
        and word.isalpha()
    )


def widened_terms(clause: Clause, widening: Widening) -> list[str]:
    """Escaped CQL terms for the clause's word, [] if it goes as typed."""
    if widening is Widening.NONE or not _is_widenable(clause):
        return []
    word = unescape_term(clause.term)
    if widening is Widening.TRUNCATION and (stems := truncation_stems(word)):
        typed = _typed(word)
        exact = [] if any(typed.startswith(s) for s in stems) else [quote_term(typed)]
        return exact + [quote_term(s) + "*" for s in stems]
    return [quote_term(form) for form in word_forms(word)]


def _with_relevance(clause: Clause, target: Target) -> Clause:
    if (
        target.relevance is not RelevanceOrder.MODIFIER
        or clause.field is Field.YEAR
        or clause.relation != "="
        or clause.modifiers
    ):
        return clause
    return Clause(
        field=clause.field,
        relation=clause.relation,
        term=clause.term,
        modifiers=(_RELEVANT,),
        widen=clause.widen,
    )


def _render(node: QueryNode, target: Target) -> str:
    if isinstance(node, BooleanNode):
        modifiers = "".join(f"/{m}" for m in node.modifiers)
        left, right = _render(node.left, target), _render(node.right, target)
        return f"({left}) {node.operator}{modifiers} ({right})"
    clause = _with_relevance(node, target)
    terms = widened_terms(clause, target.widening)
    if not terms:
        return render_node(clause, target)
    index = target.index_for(clause.field)
    if index is None:
        raise UnmappedFieldError(clause.field)
    modifiers = "".join(f"/{m}" for m in clause.modifiers)
    rendered = [f'{index} {clause.relation}{modifiers} "{term}"' for term in terms]
    return rendered[0] if len(rendered) == 1 else "(" + " or ".join(rendered) + ")"


def render_for_target(query: Query, target: Target) -> str:
    """This target's CQL for the query. Raises UnmappedFieldError."""
    cql = _render(query.root, target)
    if target.relevance is RelevanceOrder.SORTBY:
        cql += f" sortby {target.relevance_index}"
    return cql
