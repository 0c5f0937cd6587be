"""Spelling corrections ("Menade du ...?", and the search made instead when nothing was found)
and search-as-you-type, from the words of the records in the cache index.

A correction is only given when the index finds records for it: one that finds nothing is worse
than none. Every choice is a total order (cost, commonness, the word itself), so the same text
and the same index state always give the same correction.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from federator.index.store import CacheIndex
from federator.normalise import fold
from federator.query import fielded_query
from federator.text import stem

MIN_WORD = 4  # shorter words are left as typed
PER_WORD = 3  # the best corrections of one word that are tried
MAX_TRIES = 12  # corrected texts checked against the index
MAX_WORDS = 6  # unknown words considered in one text
DROP_COST = 5  # leaving a word out (no close word at all) costs more than two typos
_VARIANTS = {"a": "aåä", "o": "oö", "e": "eé", "u": "uü", "å": "aå", "ä": "aä", "ö": "oö"}


@dataclass(frozen=True, slots=True, order=True)
class _Choice:
    cost: int  # 2 per edit; 1 for diacritics alone ("gosta" -> "gösta")
    rarity: int  # minus how many records have the word
    word: str  # "": leave the word out


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (a transposition is one edit), or limit + 1."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1] if previous[-1] <= limit else limit + 1


def allowed_edits(word: str) -> int:
    return 1 if len(word) <= 5 else 2


def _prefixes(word: str) -> set[str]:
    """Where the right word may start: the first two letters, with å ä ö typed or not, and
    swapped ("tsrindberg"). A typo in the first two letters otherwise goes uncorrected."""
    first, second = word[0], word[1]
    found = {a + b for a in _VARIANTS.get(first, first) for b in _VARIANTS.get(second, second)}
    return found | {second + first}


def _choices(cache: CacheIndex, word: str) -> list[_Choice]:
    folded, limit = fold(word), allowed_edits(word)
    found = []
    for prefix in sorted(_prefixes(word)):
        for term, count in cache.vocabulary(prefix):
            distance = edit_distance(fold(term), folded, limit)
            if distance <= limit and term != word:
                found.append(_Choice(2 * distance + (distance == 0), -count, term))
    return sorted(set(found))[:PER_WORD]


def _is_known(cache: CacheIndex, word: str) -> bool:
    """The word, or a form of it ("berling" of "berlings"), is in a cached record: widening
    finds the rest, so there is nothing to correct."""
    return any(stem(term) == stem(word) for term, _ in cache.vocabulary(word, limit=20))


def did_you_mean(cache: CacheIndex, text: str) -> str | None:
    """The text with its unknown words corrected (or left out), the best that the index has
    records for; None if every word is known or nothing better is found."""
    words = text.split()
    options: list[list[_Choice]] = []
    unknown = 0
    for word in words:
        lowered = word.casefold()
        if len(lowered) < MIN_WORD or not lowered.isalpha() or unknown >= MAX_WORDS:
            options.append([_Choice(0, 0, word)])
        elif _is_known(cache, lowered):
            options.append([_Choice(0, 0, word)])
        else:
            unknown += 1
            drop = [_Choice(DROP_COST, 0, "")] if len(words) > 1 else []
            options.append(_choices(cache, lowered) + drop)
    combinations = sorted(
        (sum(c.cost for c in combo), sum(c.rarity for c in combo), combo)
        for combo in itertools.product(*options)
    )
    for cost, _, combo in combinations[:MAX_TRIES]:
        corrected = " ".join(c.word for c in combo if c.word)
        if cost and corrected and cache.matching(fielded_query(corrected)):
            return corrected
    return None


def complete(cache: CacheIndex, text: str, limit: int = 8) -> list[str]:
    """Completions of the last word typed, most common first, the earlier words kept."""
    head, _, last = text.rstrip().rpartition(" ")
    if len(last) < 2:
        return []
    prefix = f"{head} " if head else ""
    return [prefix + term for term in cache.suggestions(last, limit)]
