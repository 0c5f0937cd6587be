"""Text keys for matching and sorting: idempotent, NFC-blind, Swedish order."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from federator.normalise import (
    author_key,
    fold,
    fold_keep_swedish,
    main_title,
    swedish_sort_key,
    title_key,
)

TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=60)


@given(TEXT)
@example("Röda rummet : skildringar")
@example("a\u030a")  # å decomposed
@example("ﬁ ǅ ß İ")  # compatibility forms and casefold changing length
def test_every_key_is_idempotent(text: str) -> None:
    for key in (fold, fold_keep_swedish, title_key):
        once = key(text)
        assert key(once) == once, key.__name__


@given(TEXT)
@example("Gösta Berlings saga")
def test_composed_and_decomposed_text_give_the_same_keys(text: str) -> None:
    decomposed = unicodedata.normalize("NFD", text)
    assert fold(decomposed) == fold(text)
    assert fold_keep_swedish(decomposed) == fold_keep_swedish(text)


@given(TEXT)
def test_fold_leaves_no_diacritics_and_no_upper_case(text: str) -> None:
    folded = fold(text)
    assert not any(unicodedata.combining(c) for c in unicodedata.normalize("NFD", folded))
    assert folded == " ".join(folded.split())


def test_swedish_letters_sort_after_z_and_articles_are_skipped() -> None:
    words = ["Örn", "Åsa", "Ängel", "Zebra", "Den lille", "Adam"]
    assert sorted(words, key=swedish_sort_key) == [
        "Adam",
        "Den lille",
        "Zebra",
        "Åsa",
        "Ängel",
        "Örn",
    ]


def test_names_in_both_orders_share_a_key() -> None:
    assert author_key("Strindberg, August, 1849-1912") == author_key("August Strindberg")
    assert author_key("Strindberg, A.") == "strindberg a"
    assert main_title("Pippi / Astrid Lindgren") == "Pippi"
