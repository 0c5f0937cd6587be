"""Work groups over merged editions: the same work in other editions, formats and languages.

Above the merge, which stays strict (one result per edition), and loose on purpose, like
VuFind's work keys and OCLC's FRBR work-set key: a work is its title, the uniform title when a
record names one (so a translation joins its original), plus the volume, the main author and
the form (text in any format, or film, or music), all folded. A group lists its editions; it
never merges them. Pure functions.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from federator.models import Author, Format, RankedWork, Work, WorkGroup
from federator.normalise import author_key, fold, title_key

# Roles of a work's own author; the others (translator, reader, illustrator, director) made an
# edition, not the work. Catalogues write them as words or MARC relator codes.
_AUTHOR_ROLES = {"", "author", "aut", "forfattare", "forf", "verfasser", "cre"}  # folded


def main_author(authors: Sequence[Author]) -> Author | None:
    """The work's author: the first named without a contributor's role, else the first."""
    for author in authors:
        if fold(author.role).rstrip(".") in _AUTHOR_ROLES:
            return author
    return authors[0] if authors else None


# Print, e-book, large print, audiobook and talking book carry the same text: one work. A film
# or a recording of the same title and name is an adaptation, another work (FRBR), even when
# the record names the novel's author (700 $a $t, a name-title entry without a role).
_TEXT_FORMATS = frozenset(
    {Format.BOOK, Format.EBOOK, Format.LARGE_PRINT, Format.AUDIOBOOK, Format.TALKING_BOOK}
)


def _form(work: Work) -> str:
    return "text" if work.format in _TEXT_FORMATS else work.format.value


def _volume(part: str | None) -> str:
    numbers = re.findall(r"\d+", part or "")
    return " ".join(n.lstrip("0") or "0" for n in numbers) if numbers else fold(part)


def work_key(work: Work) -> str:
    title = title_key(work.uniform_title or work.title)
    if not title:
        return f"edition:{work.id}"  # nothing to group by: the edition stands alone
    author = main_author(work.authors)
    name = author_key(author.name) if author else ""
    return f"{title}|{_volume(work.part)}|{name}|{_form(work)}"


def group_id(work: Work) -> str:
    return hashlib.blake2b(work_key(work).encode(), digest_size=8).hexdigest()


def group_works(ranked: Sequence[RankedWork]) -> tuple[WorkGroup, ...]:
    """Groups in the order of their best-ranked edition; editions keep their rank order."""
    members: dict[str, list[RankedWork]] = {}
    for item in ranked:
        members.setdefault(work_key(item.work), []).append(item)
    return tuple(
        WorkGroup(id=group_id(editions[0].work), key=key, editions=tuple(editions))
        for key, editions in members.items()
    )


def page_of_groups(groups: Sequence[WorkGroup], page: int, page_size: int) -> tuple[WorkGroup, ...]:
    start = (page - 1) * page_size
    return tuple(groups[start : start + page_size])
