"""An `IllRequest` as an ISO 18626 Request message (the v1.2 schema of ISO 18626:2017,
namespace http://illtransactions.org/2013/iso18626), elements in the schema's order.

Every text goes through `xml_text`, so whatever a catalogue or the configuration holds, the
message is well-formed. The schema qualifies attributes (attributeFormDefault="qualified"):
hence `ill:version`, as ReShare's and CrossLink's own messages write it.
"""

from __future__ import annotations

from federator.ill.request import IllRequest, MissingAgencyId
from federator.models import PostalAddress
from federator.xmlsafe import xml_text

NAMESPACE = "http://illtransactions.org/2013/iso18626"
VERSION = "1.2"


def _element(name: str, *children: str | None, text: str | None = None) -> str:
    if text is not None:
        return f"<{name}>{xml_text(text)}</{name}>"
    inner = "".join(c for c in children if c)
    return f"<{name}>{inner}</{name}>"


def _optional(name: str, text: str | None) -> str | None:
    return _element(name, text=text) if text else None


def _agency(name: str, isil: str) -> str:
    return _element(
        name, _element("agencyIdType", text="ISIL"), _element("agencyIdValue", text=isil)
    )


def _physical(address: PostalAddress) -> str:
    return _element(
        "requestedDeliveryInfo",
        _element(
            "address",
            _element(
                "physicalAddress",
                _element("line1", text=address.line1),
                _optional("line2", address.line2),
                _element("locality", text=address.locality),
                _element("postalCode", text=address.postal_code),
                _element("country", text=address.country),
            ),
        ),
    )


def _isbn(isbn: str) -> str:
    return _element(
        "bibliographicItemId",
        _element("bibliographicItemIdentifier", text=isbn),
        _element("bibliographicItemIdentifierCode", text="ISBN"),
    )


def _email(address: str | None) -> str | None:
    if not address:
        return None
    return _element(
        "address",
        _element(
            "electronicAddress",
            _element("electronicAddressType", text="Email"),
            _element("electronicAddressData", text=address),
        ),
    )


def request_message(request: IllRequest) -> str:
    """The message; MissingAgencyId when a library has no ISIL (the schema needs both)."""
    if not request.supplying_agency:
        raise MissingAgencyId(request.supplier_description)
    if not request.requesting_agency or not request.requesting_name:
        raise MissingAgencyId(request.requesting_name)
    header = _element(
        "header",
        _agency("supplyingAgencyId", request.supplying_agency),
        _agency("requestingAgencyId", request.requesting_agency),
        "<multipleItemRequestId></multipleItemRequestId>",  # required since v1.2; one item
        _element("timestamp", text=request.timestamp.isoformat(timespec="seconds")),
        _element("requestingAgencyRequestId", text=request.request_id),
    )
    bibliographic = _element(
        "bibliographicInfo",
        _element("supplierUniqueRecordId", text=request.record_id),
        _element("title", text=request.title),
        _optional("author", request.author),
        _optional("subtitle", request.subtitle),
        _optional("edition", request.edition),
        *(_isbn(isbn) for isbn in request.isbns),
    )
    publication = _element(
        "publicationInfo",
        _optional("publisher", request.publisher),
        _optional("publicationType", request.publication_type),
        _optional("publicationDate", request.publication_date),
    )
    service = _element(
        "serviceInfo",
        _element("requestType", text=request.request_type),
        _element("serviceType", text=request.service_type),
    )
    supplier = _element(
        "supplierInfo",
        _element("supplierDescription", text=request.supplier_description),
        _optional("callNumber", request.call_number),
        _optional("availabilityNote", request.availability_note),
    )
    delivery = _physical(request.delivery_address) if request.delivery_address else None
    requesting = _element(
        "requestingAgencyInfo",
        _element("name", text=request.requesting_name),
        _email(request.requesting_email),
    )
    body = _element(
        "request", header, bibliographic, publication, service, supplier, delivery, requesting
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<ISO18626Message xmlns="{NAMESPACE}" xmlns:ill="{NAMESPACE}" ill:version="{VERSION}">'
        f"{body}</ISO18626Message>\n"
    )
