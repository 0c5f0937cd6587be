"""Small builders for MARCXML test records (tests only)."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from lxml import etree


def datafield(tag: str, *subfields: tuple[str, str], ind1: str = " ", ind2: str = " ") -> str:
    inner = "".join(f"<subfield code={quoteattr(c)}>{escape(v)}</subfield>" for c, v in subfields)
    attributes = f"tag={quoteattr(tag)} ind1={quoteattr(ind1)} ind2={quoteattr(ind2)}"
    return f"<datafield {attributes}>{inner}</datafield>"


def controlfield(tag: str, value: str) -> str:
    return f"<controlfield tag={quoteattr(tag)}>{escape(value)}</controlfield>"


def marc_record(*fields: str, leader: str = "00000cam a2200000 a 4500") -> str:
    return (
        f'<record xmlns="http://www.loc.gov/MARC21/slim"><leader>{leader}</leader>'
        + "".join(fields)
        + "</record>"
    )


def element(xml: str) -> etree._Element:
    return etree.fromstring(xml.encode())


def f008(year: str = "1879", language: str = "swe", form: str = " ") -> str:
    value = f"990101s{year}    sw |||||{form}|||| 000 1 {language} c"
    assert len(value) == 40, len(value)
    return value
