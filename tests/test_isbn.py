from hypothesis import example, given
from hypothesis import strategies as st

from federator.isbn import (
    is_valid_isbn10,
    is_valid_isbn13,
    isbn10_check_digit,
    isbn13_to_10,
    looks_like_isbn,
    normalise_isbn,
    parse_isbn,
)

nine_digits = st.text(alphabet="0123456789", min_size=9, max_size=9)


@given(nine_digits)
def test_isbn10_to_13_round_trips(first9: str) -> None:
    isbn10 = first9 + isbn10_check_digit(first9)
    isbn13 = normalise_isbn(isbn10)
    assert isbn13 is not None and is_valid_isbn13(isbn13)
    assert isbn13_to_10(isbn13) == isbn10


@given(st.text(max_size=40))
@example("91-0-012345-6 (inb.)")
@example("978-91-7429-530-6")
@example("0914378287 (v. 1)")
def test_normalise_is_idempotent(text: str) -> None:
    once = normalise_isbn(text)
    if once is not None:
        assert normalise_isbn(once) == once
        assert is_valid_isbn13(once)


def test_catalogue_forms_are_read() -> None:
    assert normalise_isbn("9789174295306") == "9789174295306"
    assert normalise_isbn("978-91-7429-530-6 (inb.)") == "9789174295306"
    assert normalise_isbn("91-7429-530-6") == "9789174295306"
    assert normalise_isbn("0914378295 (lim. ed.) (v. 1)") == "9780914378297"
    assert normalise_isbn("080442957x") == "9780804429573"


def test_bad_check_digits_are_rejected_not_guessed() -> None:
    parsed = parse_isbn("9789174295304")
    assert parsed.isbn13 is None and parsed.rejected == "9789174295304"
    assert parse_isbn("91-7429-530-4").rejected == "9174295304"
    assert parse_isbn("hello").isbn13 is None


def test_979_has_no_isbn10() -> None:
    assert isbn13_to_10("9791032305690") is None


def test_looks_like_isbn_only_for_the_whole_text() -> None:
    assert looks_like_isbn(" 91-7429-530-6 ")
    assert not looks_like_isbn("91-7429-530-6 strindberg")
    assert not is_valid_isbn10("123")
