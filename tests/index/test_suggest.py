"""Spelling corrections from the cache index: known to find records, the same every time."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from federator.index.store import CacheIndex
from federator.index.suggest import did_you_mean, edit_distance
from federator.query import fielded_query
from tests.index.test_store import filled


@pytest.fixture
async def cache() -> AsyncIterator[CacheIndex]:
    index, writer = await filled(None)
    try:
        yield index
    finally:
        writer.close()


@pytest.mark.parametrize(
    ("typed", "corrected"),
    [
        ("strindbrg", "strindberg"),  # one edit
        ("strindbreg", "strindberg"),  # a transposition
        ("strndbrg", "strindberg"),  # two edits in a long word
        ("gosta berling", "gösta berling"),  # diacritics not typed; "berling" is a known form
        ("lagerlf gösta", "lagerlöf gösta"),
        ("pippi barnböcker", "pippi"),  # no word near "barnböcker": left out
    ],
)
async def test_corrections_the_index_has_records_for(
    cache: CacheIndex, typed: str, corrected: str
) -> None:
    assert did_you_mean(cache, typed) == corrected
    assert cache.matching(fielded_query(corrected)) > 0


async def test_nothing_to_correct_and_nothing_that_would_find_records(cache: CacheIndex) -> None:
    assert did_you_mean(cache, "röda rummet") is None  # every word known
    assert did_you_mean(cache, "berlings") is None  # a form of a known word
    assert did_you_mean(cache, "xqzvw") is None  # nothing near, nothing to leave out
    assert did_you_mean(cache, "pip") is None  # too short to correct


async def test_the_same_text_and_index_give_the_same_correction() -> None:
    first, first_writer = await filled(None)
    second, second_writer = await filled(None)
    try:
        for typed in ("strindbrg", "gosta berlng", "hobit pippi", "moberg utvandrarn"):
            answers = {did_you_mean(first, typed) for _ in range(3)}
            answers.add(did_you_mean(second, typed))
            assert len(answers) == 1, (typed, answers)
    finally:
        first_writer.close()
        second_writer.close()


@given(st.text("abcåäö", max_size=8), st.text("abcåäö", max_size=8))
def test_edit_distance_is_symmetric_and_counts_a_swap_once(a: str, b: str) -> None:
    assert edit_distance(a, b, 10) == edit_distance(b, a, 10)
    assert edit_distance(a, a, 0) == 0
    assert edit_distance("ab" + a, "ba" + a, 1) == 1
    assert edit_distance(a, b, 1) <= 2
