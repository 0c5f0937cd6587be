"""The three forms ranking compares: exact Swedish, folded, stemmed; and one-edit matching."""

from __future__ import annotations

import threading

from hypothesis import given
from hypothesis import strategies as st

from federator.text import exact_words, folded_words, stem, stemmed_words, within_one_edit

WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäö", min_size=1, max_size=12)


@given(st.text(max_size=80))
def test_word_forms_are_idempotent(text: str) -> None:
    for words in (exact_words, folded_words):
        once = " ".join(words(text))
        assert " ".join(words(once)) == once


def test_exact_keeps_swedish_letters_folded_drops_them() -> None:
    assert exact_words("Får du") == ["får", "du"]
    assert folded_words("Får du") == ["far", "du"]


def test_stems_meet_genitives_and_plurals() -> None:
    assert stemmed_words("Gösta Berlings saga")[:2] == stemmed_words("gösta berling")
    assert stem("böcker") == stem("bok")


@given(WORDS, WORDS)
def test_one_edit_is_symmetric(a: str, b: str) -> None:
    assert within_one_edit(a, b) == within_one_edit(b, a)


def test_one_edit_covers_insert_delete_substitute_transpose() -> None:
    assert within_one_edit("strindberg", "strindbrg")
    assert within_one_edit("strindberg", "strindebrg")
    assert within_one_edit("lagerlof", "lagerlöf")
    assert not within_one_edit("strindberg", "strndbrg")


def test_stemming_from_many_threads_at_once_agrees() -> None:
    """One stemmer per thread: PyStemmer forbids sharing one across threads."""
    words = [f"bilderböcker{n}" for n in range(200)] + ["hobbiten", "sagorna"] * 50
    expected = [stem.__wrapped__(w) for w in words]
    found: list[list[str]] = []

    def work() -> None:
        found.append([stem.__wrapped__(w) for w in words])

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == [expected] * 4
