"""ISBNs and ISSNs for the demo: minted once per manifestation, written as catalogues write them.

One manifestation, one ISBN, never reused: the mint remembers every number it gave out. The
written forms vary as they do between real catalogues (ISBN-10 on books printed before 2007,
hyphens or not, a binding qualifier), but every form parses back to the same ISBN-13.
"""

from __future__ import annotations

import random

from federator.isbn import isbn10_check_digit, isbn13_check_digit


class IsbnMint:
    """Hands out unused, valid ISBNs under a publisher's prefix."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()

    def mint(self, prefix: str) -> str:
        """An ISBN-13 (digits only) under a hyphenated group-registrant prefix like '91-0'."""
        group_registrant = prefix.replace("-", "")
        title_digits = 9 - len(group_registrant)
        while True:
            title = str(self._rng.randrange(10**title_digits)).zfill(title_digits)
            first12 = "978" + group_registrant + title
            isbn = first12 + isbn13_check_digit(first12)
            if isbn not in self._used:
                self._used.add(isbn)
                return isbn


def hyphenate(isbn13: str, prefix: str, *, as_isbn10: bool) -> str:
    """'9789100123456', '91-0' -> '978-91-0-012345-6' (or '91-0-012345-X' as ISBN-10)."""
    body = isbn13[3 + len(prefix.replace("-", "")) : 12]
    if as_isbn10:
        return f"{prefix}-{body}-{isbn10_check_digit(isbn13[3:12])}"
    return f"978-{prefix}-{body}-{isbn13[12]}"


def written_isbn(isbn13: str, prefix: str, year: int, rng: random.Random) -> str:
    """The ISBN as one catalogue has it, for a book published in `year`."""
    # ISBN-13 replaced ISBN-10 on 1 January 2007; older records keep the ten-digit form.
    as_isbn10 = rng.random() < (0.7 if year < 2007 else 0.05)
    hyphenated = hyphenate(isbn13, prefix, as_isbn10=as_isbn10)
    return hyphenated if rng.random() < 0.6 else hyphenated.replace("-", "")


def mistyped(isbn: str) -> str:
    """A copy of the ISBN with a wrong check digit, as found in 020 $z (cancelled/invalid)."""
    last = isbn[-1]
    wrong = "0" if last in "9X" else str(int(last) + 1)
    return isbn[:-1] + wrong


def issn_check_digit(first7: str) -> str:
    total = sum((8 - i) * int(d) for i, d in enumerate(first7))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def mint_issn(rng: random.Random, used: set[str]) -> str:
    while True:
        first7 = str(rng.randrange(1000000, 2999999))
        issn = f"{first7[:4]}-{first7[4:]}{issn_check_digit(first7)}"
        if issn not in used:
            used.add(issn)
            return issn
