"""Spelling suggestions ("Menade du ...?") and search-as-you-type from the index's own words."""

from __future__ import annotations

from difflib import get_close_matches

from federator.index.store import CacheIndex

MIN_WORD = 4


def did_you_mean(cache: CacheIndex, text: str) -> str | None:
    """The query with each unknown word replaced by the closest word the catalogues use."""
    words = text.split()
    changed = False
    corrected = []
    for word in words:
        folded = word.casefold()
        candidates = dict(cache.vocabulary(folded[:2])) if len(folded) >= MIN_WORD else {}
        if not candidates or folded in candidates:
            corrected.append(word)
            continue
        close = get_close_matches(folded, candidates, n=3, cutoff=0.8)
        if close:
            best = max(close, key=lambda term: candidates[term])  # the commonest near spelling
            corrected.append(best)
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else None


def complete(cache: CacheIndex, text: str, limit: int = 8) -> list[str]:
    """Completions of the last word typed, most common first, the earlier words kept."""
    head, _, last = text.rstrip().rpartition(" ")
    if len(last) < 2:
        return []
    prefix = f"{head} " if head else ""
    return [prefix + term for term in cache.suggestions(last, limit)]
