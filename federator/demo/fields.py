"""MARCXML text for one field: the demo writes records as strings, no DOM needed."""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

Subfields = Iterable[tuple[str, str | None]]


def controlfield(tag: str, value: str) -> str:
    return f'  <controlfield tag="{tag}">{escape(value)}</controlfield>'


def datafield(tag: str, subfields: Subfields, ind1: str = " ", ind2: str = " ") -> str:
    """One datafield; subfields whose value is None or empty are left out."""
    inner = "".join(
        f'<subfield code="{code}">{escape(value)}</subfield>' for code, value in subfields if value
    )
    return f'  <datafield tag="{tag}" ind1="{ind1}" ind2="{ind2}">{inner}</datafield>'
