"""Words of a text in the three forms ranking compares: Swedish-exact, folded, stemmed.

Exact keeps å ä ö ("får" is not "far"); folded serves queries typed without diacritics
("roda rummet"); stemmed (Snowball Swedish, plus the umlaut plurals Snowball cannot know:
"böcker" -> "bok") finds genitive and plural forms ("Gösta Berlings saga" for "gösta berling").
"""

from __future__ import annotations

import threading
from functools import lru_cache

import Stemmer

from federator.normalise import fold, fold_keep_swedish

# PyStemmer: "a Stemmer object must not be used from more than one thread at a time", and
# ranking runs in worker threads: one stemmer per thread.
_THREAD = threading.local()


def _stemmer() -> Stemmer.Stemmer:
    stemmer: Stemmer.Stemmer | None = getattr(_THREAD, "stemmer", None)
    if stemmer is None:
        stemmer = _THREAD.stemmer = Stemmer.Stemmer("swedish")
    return stemmer


# Plurals with a vowel change, which suffix stripping cannot undo (Svenska Akademiens grammatik).
_UMLAUT_PLURALS = {
    "böcker": "bok",
    "böckerna": "bok",
    "fötter": "fot",
    "händer": "hand",
    "länder": "land",
    "städer": "stad",
    "nätter": "natt",
    "söner": "son",
    "bönder": "bonde",
    "rötter": "rot",
    "tänder": "tand",
    "stränder": "strand",
    "bröder": "bror",
    "döttrar": "dotter",
    "mödrar": "mor",
    "fäder": "far",
    "män": "man",
    "gäss": "gås",
    "möss": "mus",
    "brandmän": "brandman",
}


_SINGULARS = {lemma: plural for plural, lemma in reversed(_UMLAUT_PLURALS.items())}
# Compounds end in these as often as not: "bilderböcker", "kokboken", "ljudbok".
_COMPOUND_PLURALS = (("böckerna", "bok"), ("böcker", "bok"))


def lemma(word: str) -> str:
    """The singular of an umlaut plural ("böcker" -> "bok", "kokböcker" -> "kokbok")."""
    if word in _UMLAUT_PLURALS:
        return _UMLAUT_PLURALS[word]
    for plural, singular in _COMPOUND_PLURALS:
        if word.endswith(plural) and len(word) > len(plural):
            return word[: -len(plural)] + singular
    return word


def umlaut_plural(word: str) -> str | None:
    """The plural an umlaut changes ("bok" -> "böcker", "bilderbok" -> "bilderböcker")."""
    if word in _SINGULARS:
        return _SINGULARS[word]
    if word.endswith("bok") and len(word) > 3:
        return word[:-3] + "böcker"
    return None


def snowball_stem(word: str) -> str:
    """Snowball Swedish's stem of an exact-form word, å ä ö kept (what a catalogue indexes)."""
    return str(_stemmer().stemWord(word))


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """Stem of one exact-form word; cached, as result sets repeat their vocabulary."""
    return fold(snowball_stem(lemma(word)))


def exact_words(text: str | None) -> list[str]:
    return fold_keep_swedish(text).split()


def folded_words(text: str | None) -> list[str]:
    return fold(text).split()


def stemmed_words(text: str | None) -> list[str]:
    return [stem(word) for word in exact_words(text)]


def within_one_edit(a: str, b: str) -> bool:
    """True if a and b differ by one insertion, deletion, substitution or transposition."""
    if a == b or abs(len(a) - len(b)) > 1:
        return a == b
    if len(a) > len(b):
        a, b = b, a
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            if len(a) == len(b):
                return a[i + 1 :] == b[i + 1 :] or (
                    a[i + 1 : i + 2] == b[i : i + 1]
                    and a[i] == b[i + 1]
                    and a[i + 2 :] == b[i + 2 :]
                )
            return a[i:] == b[i + 1 :]
    return True
