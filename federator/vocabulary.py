"""The words patrons use for formats and audiences, Swedish and English, every form they type
(singular and plural, indefinite and definite): data for understand.py, nothing else here."""

from __future__ import annotations

from federator.models import Format

# Every form a patron types: singular and plural, indefinite and definite, Swedish and English.
# "bok"/"book" are left out: they are title words far more often than format words.
_FORMATS: dict[Format, str] = {
    Format.AUDIOBOOK: "ljudbok ljudboken ljudböcker ljudböckerna ljudupptagning audiobook "
    "audiobooks",
    Format.EBOOK: "e-bok e-boken e-böcker e-böckerna ebok eboken eböcker eböckerna e-book "
    "e-books ebook ebooks",
    Format.TALKING_BOOK: "talbok talboken talböcker talböckerna daisy daisybok daisyböcker",
    Format.LARGE_PRINT: "storstil storstilt storstilsbok storstilsboken storstilsböcker "
    "storstilsböckerna largeprint",
    Format.VIDEO: "film filmen filmer filmerna dvd dvd:n dvd:er dvd:erna dvd-film dvd-filmer "
    "dvdfilm blu-ray bluray video videos videoupptagning movie movies",
    Format.PERIODICAL: "tidskrift tidskriften tidskrifter tidskrifterna magazine magazines "
    "periodical periodicals",
    Format.MAP: "karta kartan kartor kartorna map maps",
}
FORMAT_WORDS: dict[str, Format] = {w: f for f, words in _FORMATS.items() for w in words.split()}
FORMAT_PHRASES: dict[tuple[str, str], Format] = {
    ("large", "print"): Format.LARGE_PRINT,
    ("e", "bok"): Format.EBOOK,
    ("e", "book"): Format.EBOOK,
    ("audio", "book"): Format.AUDIOBOOK,
    ("talking", "book"): Format.TALKING_BOOK,
    ("talking", "books"): Format.TALKING_BOOK,
    ("blu", "ray"): Format.VIDEO,
    ("elektronisk", "resurs"): Format.EBOOK,
}
# Records carry no audience (MARC 008/22 is not mapped), so these stay search words.
AUDIENCE_WORDS: dict[str, str] = {
    w: audience
    for audience, words in {
        "children": "barn barnen barnbok barnboken barnböcker barnböckerna barnlitteratur "
        "children children's childrens kids",
        "young_adults": "ungdom ungdomar ungdomen ungdomsbok ungdomsboken ungdomsböcker "
        "ungdomsböckerna ungdomsroman ungdomsromaner ungdomslitteratur teen teens teenagers",
    }.items()
    for w in words.split()
}
