"""A record page's work for reference managers: RIS, BibTeX, MARCXML, and the COinS span.

RIS tags after the RIS specification (Research Information Systems, as Zotero and EndNote read
it); BibTeX as biblatex/bibtex read it (UTF-8, LaTeX specials escaped); MARCXML is what the
federator's own SRU server answers for the work (display record + 852 per copy); COinS is an
OpenURL 1.0 KEV ContextObject (Z39.88-2004) in a span that Zotero finds. CSL-JSON and
schema.org JSON-LD are JSON, so they live in encode.py.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from federator.groups import main_author
from federator.models import Format, Work
from federator.normalise import fold
from federator.web.sru_endpoint import work_marcxml

RIS_TYPES = {
    Format.BOOK: "BOOK",
    Format.LARGE_PRINT: "BOOK",
    Format.EBOOK: "EBOOK",
    Format.AUDIOBOOK: "SOUND",
    Format.TALKING_BOOK: "SOUND",
    Format.MUSIC: "MUSIC",
    Format.VIDEO: "VIDEO",
    Format.PERIODICAL: "JFULL",
    Format.MAP: "MAP",
    Format.OTHER: "GEN",
}
_BOOKISH = {Format.BOOK, Format.LARGE_PRINT, Format.EBOOK, Format.AUDIOBOOK, Format.TALKING_BOOK}
_LATEX_SPECIALS = re.compile(r"([\\{}%&#_$^~])")
_LATEX_WORDS = {"\\": r"\textbackslash{}", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}"}


def full_title(work: Work) -> str:
    title = f"{work.title} : {work.subtitle}" if work.subtitle else work.title
    return f"{title}. {work.part}" if work.part else title


def ris(work: Work, url: str) -> str:
    lines = [("TY", RIS_TYPES[work.format]), ("TI", full_title(work))]
    lines += [("AU", a.name) for a in work.authors]
    lines += [("PY", str(work.year))] if work.year else []
    lines += [("PB", work.publisher)] if work.publisher else []
    lines += [("ET", work.edition)] if work.edition else []
    lines += [("SN", isbn) for isbn in work.isbns]
    lines += [("LA", work.language)] if work.language else []
    lines += [("T3", series) for series in work.series[:1]]
    lines += [("KW", subject) for subject in work.subjects]
    lines += [("N1", note) for note in work.notes]
    lines += [("UR", url), ("ID", work.id)]
    # RIS is line-based: a value with a line break would start a false tag.
    text = "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines)
    return text + "ER  - \r\n"


def _latex(text: str) -> str:
    return _LATEX_SPECIALS.sub(lambda m: _LATEX_WORDS.get(m.group(1), "\\" + m.group(1)), text)


def bibtex_key(work: Work) -> str:
    author = main_author(work.authors)
    surname = fold(author.name.split(",")[0]) if author else fold(work.title)
    ascii_name = re.sub(r"[^a-z0-9]", "", surname.encode("ascii", "ignore").decode()) or "work"
    return f"{ascii_name[:20]}{work.year or ''}_{work.id[:6]}"


def bibtex(work: Work, url: str) -> str:
    entry = "book" if work.format in _BOOKISH else "misc"
    fields = [("title", full_title(work))]
    if work.authors:
        fields.append(("author", " and ".join(a.name for a in work.authors)))
    fields += [("year", str(work.year))] if work.year else []
    fields += [("publisher", work.publisher)] if work.publisher else []
    fields += [("edition", work.edition)] if work.edition else []
    fields += [("isbn", ", ".join(work.isbns))] if work.isbns else []
    fields += [("language", work.language)] if work.language else []
    fields += [("series", work.series[0])] if work.series else []
    fields += [("howpublished", work.format.value)] if entry == "misc" else []
    fields.append(("url", url))
    body = ",\n".join(f"  {name} = {{{_latex(' '.join(value.split()))}}}" for name, value in fields)
    return f"@{entry}{{{bibtex_key(work)},\n{body}\n}}\n"


def marcxml(work: Work) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<collection xmlns="http://www.loc.gov/MARC21/slim">\n'
        f"{work_marcxml(work)}\n</collection>\n"
    )


def coins(work: Work) -> str:
    """The title attribute of a COinS span: an OpenURL ContextObject (KEV)."""
    pairs = [("ctx_ver", "Z39.88-2004")]
    if work.format in _BOOKISH:
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:book"), ("rft.genre", "book")]
        pairs += [("rft.btitle", full_title(work))]
        pairs += [("rft.au", a.name) for a in work.authors]
        pairs += [("rft.pub", work.publisher)] if work.publisher else []
        pairs += [("rft.edition", work.edition)] if work.edition else []
        pairs += [("rft.isbn", isbn) for isbn in work.isbns[:1]]
        pairs += [("rft.series", work.series[0])] if work.series else []
    else:
        pairs += [("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.title", full_title(work))]
        pairs += [("rft.creator", a.name) for a in work.authors]
        pairs += [("rft.type", work.format.value)]
    pairs += [("rft.date", str(work.year))] if work.year else []
    pairs += [("rft.language", work.language)] if work.language else []
    return urlencode(pairs)


EXPORTS = {
    "ris": ("application/x-research-info-systems", ris),
    "bib": ("application/x-bibtex", bibtex),
}
