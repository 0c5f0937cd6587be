"""Free text as patrons type it -> what they mean, read before any CQL is built: an ISBN or
ISSN anywhere in the text, format words ("ljudbok", "dvd") that filter the merged results
instead of being searched for, audience words, and a title pasted with ISBD punctuation
("Röda rummet : roman / August Strindberg").

Pure. What is left are words that query.py quotes like any free text; the words typed plainly
are marked so that each target may be asked for their other forms too (widen.py).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from federator.cql import quote_term
from federator.isbn import is_valid_isbn10, is_valid_isbn13, isbn10_to_13, normalise_issn
from federator.models import (
    BooleanNode,
    Clause,
    Field,
    Format,
    Interpretation,
    Query,
    QueryNode,
    Understanding,
    Understood,
)
from federator.query import and_all, build_query, check_size, finish_query, typed_words
from federator.text import within_one_edit
from federator.vocabulary import AUDIENCE_WORDS, FORMAT_PHRASES, FORMAT_WORDS

# Phones type typographic quotes; a phrase is a phrase whichever quotes it is in.
_QUOTES = str.maketrans(dict.fromkeys("“”„«»", '"'))
_FUZZY_MIN = 7  # a format word this long may be misspelt by one edit ("ljudböker")

# ISBN/ISSN: digit groups joined by single spaces or hyphens; prefixes "ISBN", "isbn:",
# "ISBN-13:", "e-ISBN". Which run of groups is an identifier is decided by its check digit.
_GROUP = re.compile(r"\d+[Xx]?|(?<=[ -])[Xx]\b")  # "91-0-221590-X": the X a group of its own
_SEPARATORS = frozenset(" -‐‑–")
_PREFIX = re.compile(r"(?i)(?:\be-?)?\b(isbn|issn)(?:[ -]?1[03])?\s*:?\s*$")
# ISBD: " : " other title, " ; " next statement, " = " parallel title, " / " responsibility,
# ". - " the next area (edition, publication): https://www.ifla.org/references/best-practice-for-national-bibliographic-agencies-in-a-digital-age/resource-description-and-standards/bibliographic-control/isbd/
_ISBD_MARK = re.compile(r"\s[:;=/]\s")
_AREA = re.compile(r"\.\s+[-–—]\s+")
_TITLE_END = re.compile(r"\s+[:;=]\s+")
_BRACKETS = re.compile(r"\[([^\]]*)\]")
_RESPONSIBILITY_NOISE = frozenset(
    "av by och and med with text bild bilder ill illustrationer illustrerad översättning "
    "översatt övers translated red redaktör edited ed förord foreword".split()
)


def _norm(token: str) -> str:
    return unicodedata.normalize("NFC", token).casefold().strip(".,;:!?()[]'\"")


def format_of(token: str) -> Format | None:
    word = _norm(token)
    found = FORMAT_WORDS.get(word) or FORMAT_WORDS.get(word.replace("-", ""))
    if found is None and len(word) >= _FUZZY_MIN:
        close = sorted(w for w in FORMAT_WORDS if len(w) >= _FUZZY_MIN and within_one_edit(w, word))
        found = FORMAT_WORDS[close[0]] if close else None
    return found


@dataclass(slots=True)
class _Reading:
    clauses: list[QueryNode] = field(default_factory=list)
    readings: list[Interpretation] = field(default_factory=list)
    formats: set[Format] = field(default_factory=set)
    rank_text: str = ""

    def read_format(self, typed: str, found: Format) -> None:
        self.formats.add(found)
        self.readings.append(Interpretation(kind=Understood.FORMAT, typed=typed, value=found))


def _identifier(digits: str, prefix: str) -> tuple[Understood, str] | None:
    if len(digits) == 13 and is_valid_isbn13(digits):
        return Understood.ISBN, digits
    if len(digits) == 10 and is_valid_isbn10(digits):
        return Understood.ISBN, isbn10_to_13(digits)
    if len(digits) == 8 and prefix == "issn" and (issn := normalise_issn(digits)):
        return Understood.ISSN, issn
    return None


def _chains(text: str) -> Iterable[list[re.Match[str]]]:
    """Runs of digit groups separated by one space or hyphen each."""
    chain: list[re.Match[str]] = []
    for match in _GROUP.finditer(text):
        between = text[chain[-1].end() : match.start()] if chain else ""
        if chain and not (len(between) == 1 and between in _SEPARATORS):
            yield chain
            chain = []
        chain.append(match)
    if chain:
        yield chain


def find_identifiers(text: str) -> list[tuple[Understood, str, tuple[int, int]]]:
    """ISBNs (as ISBN-13) and ISSNs in the text, with the span each was typed in (prefix
    included); the longest valid run of groups first, left to right."""
    found = []
    for chain in _chains(text):
        start = 0
        while start < len(chain):
            prefix_match = _PREFIX.search(text[: chain[start].start()])
            prefix = prefix_match.group(1).lower() if prefix_match else ""
            for end in range(len(chain), start, -1):
                digits = "".join(m.group() for m in chain[start:end]).upper()
                known = _identifier(digits, prefix) if "X" not in digits[:-1] else None
                if known:
                    begin = prefix_match.start() if prefix_match else chain[start].start()
                    found.append((known[0], known[1], (begin, chain[end - 1].end())))
                    start = end
                    break
            else:
                start += 1
    return found


def _identifier_reading(text: str, reading: _Reading) -> bool:
    found = find_identifiers(text)
    bare = normalise_issn(text)
    if not found and bare and re.fullmatch(r"\s*\d{4}-\d{3}[\dXx]\s*", text):
        found = [(Understood.ISSN, bare, (0, len(text)))]
    if not found:
        return False
    nodes: list[QueryNode] = []
    for kind, value, (begin, end) in found:
        field_of = Field.ISBN if kind is Understood.ISBN else Field.ISSN
        nodes.append(Clause(field=field_of, term=quote_term(value)))
        typed = text[begin:end].strip()
        reading.readings.append(Interpretation(kind=kind, typed=typed, value=value))
    root = nodes[0]
    for node in nodes[1:]:
        root = BooleanNode(operator="or", left=root, right=node)
    reading.clauses.append(root)
    rest = text
    for _, _, (begin, end) in reversed(found):
        rest = rest[:begin] + " " + rest[end:]
    for word, is_phrase in typed_words(rest):  # "ISBN ... ljudbok": the audiobook edition
        if not is_phrase and (found_format := format_of(word)):
            reading.read_format(word, found_format)
    return True


def _responsibility(text: str) -> list[str]:
    first = re.split(r"\s+;\s+|,", text, maxsplit=1)[0]
    words = [w for w, _ in typed_words(_BRACKETS.sub(" ", first)) if not w.endswith(":")]
    names = [w.strip(".,") for w in words if _norm(w) not in _RESPONSIBILITY_NOISE]
    return [w for w in names if w and not w.isdigit()][:3]  # "regi: Jan Troell" -> Jan Troell


def _isbd_reading(text: str, reading: _Reading) -> bool:
    if '"' in text or not _ISBD_MARK.search(text):
        return False
    first_area = _AREA.split(text, maxsplit=1)[0]
    title_part, *rest = re.split(r"\s+/\s+", first_area, maxsplit=1)
    responsibility = rest[0] if rest else ""
    for bracketed in _BRACKETS.findall(title_part):  # a GMD: "[Ljudupptagning]"
        for word, _ in typed_words(bracketed):
            if found_format := format_of(word):
                reading.read_format(f"[{bracketed}]", found_format)
    title_proper, *others = _TITLE_END.split(_BRACKETS.sub(" ", title_part), maxsplit=1)
    title_words = [w for w, _ in typed_words(title_proper)]
    if not title_words:
        return False
    names = _responsibility(responsibility)
    reading.clauses += [Clause(field=Field.TITLE, term=quote_term(w)) for w in title_words]
    reading.clauses += [Clause(field=Field.AUTHOR, term=quote_term(w)) for w in names]
    reading.rank_text = " ".join(others)
    shown = " ".join(title_words) + (f" / {' '.join(names)}" if names else "")
    reading.readings.append(Interpretation(kind=Understood.TITLE, typed=text, value=shown))
    return True


def _words_reading(text: str, reading: _Reading) -> None:
    tokens = typed_words(text)
    kept: list[tuple[str, bool]] = []
    format_tokens: list[tuple[str, bool]] = []
    skip = False
    for number, (word, is_phrase) in enumerate(tokens):
        if skip:
            skip = False
            continue
        following = tokens[number + 1] if number + 1 < len(tokens) else ("", True)
        pair = (_norm(word), _norm(following[0]))
        if not is_phrase and not following[1] and pair in FORMAT_PHRASES:
            reading.read_format(f"{word} {following[0]}", FORMAT_PHRASES[pair])
            format_tokens += [(word, False), following]
            skip = True
        elif not is_phrase and (found := format_of(word)):
            reading.read_format(word, found)
            format_tokens.append((word, False))
        else:
            if not is_phrase and (audience := AUDIENCE_WORDS.get(_norm(word))):
                audience_reading = Interpretation(
                    kind=Understood.AUDIENCE, typed=word, value=audience, applied=False
                )
                reading.readings.append(audience_reading)
            kept.append((word, is_phrase))
    # Nothing but format words ("ljudböcker"): they are the only words there are to search.
    for word, is_phrase in kept or format_tokens:
        reading.clauses.append(Clause(field=Field.ANY, term=quote_term(word), widen=not is_phrase))


def understand(text: str | None, **fields: str | None) -> tuple[Query, Understanding | None]:
    """The query to send for free text `text` plus form fields, and what was read into the
    text (None when nothing was: a plain search). Raises QueryError like fielded_query."""
    reading = _Reading()
    check_size(text or "", "q")  # as sent: the documented limit is on the parameter
    typed = (text or "").strip().translate(_QUOTES)
    if typed:
        if not (_identifier_reading(typed, reading) or _isbd_reading(typed, reading)):
            _words_reading(typed, reading)
    given = {name: value for name, value in fields.items() if value and value.strip()}
    parts = [typed] if typed else []
    if given:
        fielded = build_query(None, given, widen=True)
        reading.clauses.append(fielded.root)
        parts.append(fielded.source)
    query = finish_query(and_all(reading.clauses), " · ".join(parts), rank_text=reading.rank_text)
    if not reading.readings:
        return query, None
    understanding = Understanding(
        typed=typed, readings=tuple(reading.readings), formats=frozenset(reading.formats)
    )
    return query, understanding
