"""The request for one chosen copy, field by field as ISO 18626:2017 (v1.2 schema) names
them, so the text, the CSV, the JSON and the XML message say the same thing.

`FIELDS` is the one mapping: each request field and the ISO 18626 element it is. The XML
writer (`iso18626.py`) follows the schema's element order.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from hashlib import sha1

from federator.ill.copies import IllOption
from federator.models import Format, Library, PostalAddress, Work

# publicationType is an open code (type_schemeValuePair); values as in the ISO 18626 open
# code list (illtransactions.org/opencode/2017; unverified beyond Book and AudioBook).
PUBLICATION_TYPES = {
    Format.BOOK: "Book",
    Format.LARGE_PRINT: "Book",
    Format.EBOOK: "Book",
    Format.AUDIOBOOK: "AudioBook",
    Format.TALKING_BOOK: "AudioBook",
    Format.VIDEO: "Movie",
    Format.MUSIC: "SoundRecording",
    Format.PERIODICAL: "Journal",
    Format.MAP: "Map",
}


class MissingAgencyId(ValueError):
    """An ISO 18626 message must name both libraries by ISIL; `who` lacks one (None: the
    staff have not said which library they work for)."""

    def __init__(self, who: str | None) -> None:
        super().__init__(f"{who or 'the requesting library'} has no isil")
        self.who = who


@dataclass(frozen=True, slots=True, kw_only=True)
class IllRequest:
    supplying_agency: str | None  # ISIL
    requesting_agency: str | None  # ISIL; None until the staff say which library is theirs
    timestamp: datetime
    request_id: str  # requestingAgencyRequestId
    record_id: str  # supplierUniqueRecordId: the record in the lender's catalogue
    title: str
    author: str | None
    subtitle: str | None
    edition: str | None
    isbns: tuple[str, ...]
    publisher: str | None
    publication_type: str | None
    publication_date: str | None
    request_type: str  # New
    service_type: str  # Loan
    supplier_description: str
    call_number: str | None
    availability_note: str | None
    delivery_address: PostalAddress | None
    requesting_name: str | None
    requesting_email: str | None


# Request field -> its ISO 18626 element (path below <request>).
FIELDS: tuple[tuple[str, str], ...] = (
    ("supplying_agency", "header/supplyingAgencyId/agencyIdValue"),
    ("requesting_agency", "header/requestingAgencyId/agencyIdValue"),
    ("timestamp", "header/timestamp"),
    ("request_id", "header/requestingAgencyRequestId"),
    ("record_id", "bibliographicInfo/supplierUniqueRecordId"),
    ("title", "bibliographicInfo/title"),
    ("author", "bibliographicInfo/author"),
    ("subtitle", "bibliographicInfo/subtitle"),
    ("edition", "bibliographicInfo/edition"),
    ("isbns", "bibliographicInfo/bibliographicItemId/bibliographicItemIdentifier"),
    ("publisher", "publicationInfo/publisher"),
    ("publication_type", "publicationInfo/publicationType"),
    ("publication_date", "publicationInfo/publicationDate"),
    ("request_type", "serviceInfo/requestType"),
    ("service_type", "serviceInfo/serviceType"),
    ("supplier_description", "supplierInfo/supplierDescription"),
    ("call_number", "supplierInfo/callNumber"),
    ("availability_note", "supplierInfo/availabilityNote"),
    ("delivery_address", "requestedDeliveryInfo/address/physicalAddress"),
    ("requesting_name", "requestingAgencyInfo/name"),
    ("requesting_email", "requestingAgencyInfo/address/electronicAddress/electronicAddressData"),
)


def request_id(own: Library | None, option: IllOption, at: datetime) -> str:
    """Ours to choose (ISO 18626 only asks that it is unique for the requesting agency)."""
    digest = sha1(f"{option.key}|{at.isoformat()}".encode()).hexdigest()[:8]
    prefix = (own.isil or own.id) if own else "ill"
    return f"{prefix}-{at:%Y%m%d%H%M%S}-{digest}"


def build_request(
    work: Work, option: IllOption, own: Library | None, at: datetime, availability_note: str | None
) -> IllRequest:
    """The request for one copy, asked by the staff's own library (None: not chosen yet)."""
    holding = option.holding
    return IllRequest(
        supplying_agency=option.library.isil,
        requesting_agency=own.isil if own else None,
        timestamp=at,
        request_id=request_id(own, option, at),
        record_id=holding.record_id,
        title=work.title,
        author="; ".join(a.name for a in work.authors) or None,
        subtitle=work.subtitle,
        edition=work.edition,
        isbns=work.isbns,
        publisher=work.publisher,
        publication_type=PUBLICATION_TYPES.get(work.format),
        publication_date=str(work.year) if work.year is not None else None,
        request_type="New",
        service_type="Loan",
        supplier_description=option.place,
        call_number=" · ".join(p for p in (holding.call_number, holding.location) if p) or None,
        availability_note=availability_note,
        delivery_address=own.address if own else None,
        requesting_name=own.name if own else None,
        requesting_email=own.ill_email if own else None,
    )


def address_lines(address: PostalAddress) -> list[str]:
    return [
        line
        for line in (
            address.line1,
            address.line2,
            f"{address.postal_code} {address.locality}",
            address.country,
        )
        if line
    ]


def field_values(request: IllRequest) -> list[tuple[str, str, str]]:
    """(field, ISO 18626 path, text) for every field with a value, in FIELDS order."""
    found = []
    for name, path in FIELDS:
        value = getattr(request, name)
        if value is None or value == ():
            continue
        if isinstance(value, tuple):
            text = ", ".join(value)
        elif isinstance(value, datetime):
            text = value.isoformat(timespec="seconds")
        elif isinstance(value, PostalAddress):
            text = ", ".join(address_lines(value))
        else:
            text = str(value)
        found.append((name, path, text))
    return found
