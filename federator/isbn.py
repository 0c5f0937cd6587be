"""ISBN normalisation: catalogue text ("91-0-012345-6 (inb.)") -> ISBN-13, check digits verified.

Pure functions, no federator imports, so connectors, query building and merging share one rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A catalogued 020 $a starts with the number and may go on with a qualifier: "(inb.)", ": 249 kr".
_LEADING_NUMBER = re.compile(r"^\s*((?:97[89][\s-]*)?[0-9][0-9\s-]{7,15}[0-9Xx])")
_SEPARATORS = re.compile(r"[\s-]")


@dataclass(frozen=True, slots=True)
class IsbnParse:
    isbn13: str | None  # the valid ISBN as 13 digits
    rejected: str | None  # the digits that looked like an ISBN but failed their check digit


def isbn10_check_digit(first9: str) -> str:
    total = sum((10 - i) * int(d) for i, d in enumerate(first9))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def isbn13_check_digit(first12: str) -> str:
    total = sum((3 if i % 2 else 1) * int(d) for i, d in enumerate(first12))
    return str((10 - total % 10) % 10)


def is_valid_isbn10(digits: str) -> bool:
    return (
        len(digits) == 10
        and digits[:9].isdigit()
        and (digits[9].isdigit() or digits[9] == "X")
        and isbn10_check_digit(digits[:9]) == digits[9]
    )


def is_valid_isbn13(digits: str) -> bool:
    return (
        len(digits) == 13
        and digits.isdigit()
        and digits[:3] in ("978", "979")
        and isbn13_check_digit(digits[:12]) == digits[12]
    )


def isbn10_to_13(isbn10: str) -> str:
    first12 = "978" + isbn10[:9]
    return first12 + isbn13_check_digit(first12)


def isbn13_to_10(isbn13: str) -> str | None:
    """979-prefixed ISBNs have no ISBN-10 form."""
    if not isbn13.startswith("978"):
        return None
    first9 = isbn13[3:12]
    return first9 + isbn10_check_digit(first9)


def parse_isbn(text: str) -> IsbnParse:
    """Read the ISBN at the start of catalogue text; qualifiers and hyphens are dropped."""
    match = _LEADING_NUMBER.match(text)
    if not match:
        return IsbnParse(None, None)
    digits = _SEPARATORS.sub("", match.group(1)).upper()
    if is_valid_isbn13(digits):
        return IsbnParse(digits, None)
    if is_valid_isbn10(digits):
        return IsbnParse(isbn10_to_13(digits), None)
    if len(digits) in (10, 13):
        return IsbnParse(None, digits)
    return IsbnParse(None, None)


def normalise_isbn(text: str) -> str | None:
    """ISBN-13 for valid input, None otherwise. Idempotent on its own output."""
    return parse_isbn(text).isbn13


def looks_like_isbn(text: str) -> bool:
    """True when the whole text is one valid ISBN, as a patron types it for a known-item search."""
    digits = _SEPARATORS.sub("", text.strip()).upper()
    return is_valid_isbn13(digits) or is_valid_isbn10(digits)


_ISSN = re.compile(r"^\s*(\d{4})[\s-]?(\d{3}[\dXx])\s*$")


def issn_check_digit(first7: str) -> str:
    total = sum((8 - i) * int(d) for i, d in enumerate(first7))
    check = (11 - total % 11) % 11
    return "X" if check == 10 else str(check)


def normalise_issn(text: str) -> str | None:
    """'2000-1592' for a valid ISSN in any spacing ('20001592', '2000 1592'), else None."""
    match = _ISSN.match(text)
    if not match:
        return None
    digits = (match.group(1) + match.group(2)).upper()
    if issn_check_digit(digits[:7]) != digits[7]:
        return None
    return f"{digits[:4]}-{digits[4:]}"
