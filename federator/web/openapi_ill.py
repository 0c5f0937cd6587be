"""The OpenAPI operations and schemas of interlibrary loan: the staff workbench and its
downloads, the workbench as JSON, and availability in the DAIA shape (gbv.github.io/daia,
version 1.0: the subset we answer with, as strict as DAIA's own JSON schema)."""

from __future__ import annotations

from typing import Any

from federator.ill.lenders import CRITERIA
from federator.ill.rules import Scope
from federator.models import Format, HoldingStatus

_TEXT = {"type": "string"}
_NULLABLE_TEXT = {"type": ["string", "null"]}
_NULLABLE_INT = {"type": ["integer", "null"]}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


_LIBRARY = _object(
    {
        "id": {**_TEXT, "description": "for ?library= (its name as lower-case ASCII)"},
        "name": _TEXT,
        "municipality": _TEXT,
        "isil": _NULLABLE_TEXT,
        "sigel": {**_NULLABLE_TEXT, "description": "the Libris library code"},
        "ill_email": _NULLABLE_TEXT,
        "route": {**_NULLABLE_TEXT, "description": "county transport route; null: by post"},
        "network": {**_TEXT, "description": "libraries that reserve from each other, not ILL"},
    }
)
_REASON = _object(
    {
        "code": _TEXT,
        "date": {"type": ["string", "null"], "format": "date"},
        "number": _NULLABLE_INT,
        "other": _NULLABLE_INT,
        "text": _NULLABLE_TEXT,
    }
)
_COPY = _object(
    {
        "key": {**_TEXT, "description": "names the copy in ?copy="},
        "target": _TEXT,
        "record_id": _TEXT,
        "library": {"$ref": "#/components/schemas/IllLibrary"},
        "branch": _NULLABLE_TEXT,
        "place": {**_TEXT, "description": "library and branch, each named once"},
        "call_number": _NULLABLE_TEXT,
        "location": _NULLABLE_TEXT,
        "status": {"enum": [s.value for s in HoldingStatus]},
        "status_code": {**_NULLABLE_TEXT, "description": "the catalogue's own code"},
        "due_date": {"type": ["string", "null"], "format": "date"},
        "overdue": {"type": "boolean"},
        "freshness": _object(
            {
                "live": {"type": "boolean", "description": "the catalogue answered just now"},
                "cached": {"type": "boolean", "description": "from the cache index"},
                "confirmed": {"type": "boolean", "description": "false: an earlier search's"},
                "as_of": {**_TEXT, "format": "date-time"},
                "age_s": {"type": "number"},
            }
        ),
        "ill": _object(
            {
                "lendable": {"type": "boolean"},
                "rule": _object(
                    {
                        "scope": {"enum": [s.value for s in Scope]},
                        "subject": _TEXT,
                        "lends": {"type": "boolean"},
                        "by": {**_NULLABLE_TEXT, "description": "whose rule; null: default"},
                    }
                ),
                "reasons": {"type": "array", "items": _TEXT},
            }
        ),
        "relation": {"enum": ["own_library", "own_network", "other"]},
        "suggestion": {**_NULLABLE_INT, "description": "rank among the suggested lenders"},
        "skipped": {"oneOf": [{"$ref": "#/components/schemas/IllReason"}, {"type": "null"}]},
        "url": _NULLABLE_TEXT,
    }
)
ILL_VIEW = _object(
    {
        "work": _object(
            {
                "id": _TEXT,
                "title": _TEXT,
                "authors": {"type": "array", "items": _TEXT},
                "year": _NULLABLE_INT,
                "format": {"enum": [f.value for f in Format]},
                "isbns": {"type": "array", "items": _TEXT},
            }
        ),
        "checked_at": {**_TEXT, "format": "date-time"},
        "own_library": {"oneOf": [{"$ref": "#/components/schemas/IllLibrary"}, {"type": "null"}]},
        "copies": {"type": "array", "items": {"$ref": "#/components/schemas/IllCopy"}},
        "suggestions": {
            "type": "array",
            "items": _object(
                {
                    "rank": {"type": "integer"},
                    "copy": _TEXT,
                    "reasons": {
                        "type": "array",
                        "items": {"$ref": "#/components/schemas/IllReason"},
                    },
                }
            ),
        },
        "chosen": _NULLABLE_TEXT,
        "request": {
            "oneOf": [
                _object(
                    {
                        "fields": {
                            "type": "array",
                            "items": _object(
                                {
                                    "name": _TEXT,
                                    "iso18626": {**_TEXT, "description": "element path"},
                                    "value": _TEXT,
                                }
                            ),
                        },
                        "text": _TEXT,
                    }
                ),
                {"type": "null"},
            ]
        },
        "targets": {"type": "array", "items": {"$ref": "#/components/schemas/TargetStatus"}},
    }
)

_URI = {"type": "string", "format": "uri"}
_ENTITY = _object({"id": _URI, "href": _URI, "content": _TEXT}, required=[])
_SERVICE = {"enum": ["presentation", "loan", "remote", "interloan", "openaccess"]}
_DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
DAIA = _object(
    {
        "timestamp": {**_TEXT, "format": "date-time"},
        "institution": _ENTITY,
        "document": {
            "type": "array",
            "items": _object(
                {
                    "id": _URI,
                    "href": _URI,
                    "requested": _TEXT,
                    "about": _TEXT,
                    "item": {
                        "type": "array",
                        "items": _object(
                            {
                                "id": _URI,
                                "href": _URI,
                                "label": {**_TEXT, "description": "call number"},
                                "about": {**_TEXT, "description": "live or cached, and when"},
                                "department": _ENTITY,
                                "storage": _ENTITY,
                                "available": {
                                    "type": "array",
                                    "items": _object(
                                        {"service": _SERVICE, "href": _URI}, required=["service"]
                                    ),
                                },
                                "unavailable": {
                                    "type": "array",
                                    "items": _object(
                                        {
                                            "service": _SERVICE,
                                            "expected": _DATE,
                                            "limitation": {"type": "array", "items": _ENTITY},
                                        },
                                        required=["service"],
                                    ),
                                },
                            },
                            required=["id"],
                        ),
                    },
                },
                required=["id"],
            ),
        },
    },
    required=["document"],
)
SCHEMAS = {"IllView": ILL_VIEW, "IllCopy": _COPY, "IllLibrary": _LIBRARY, "IllReason": _REASON}
SCHEMAS["Daia"] = DAIA

_ID = {"name": "id", "in": "path", "required": True, "schema": _TEXT}
_LANG = {
    "name": "lang",
    "in": "query",
    "description": "the page's language (remembered in a cookie)",
    "schema": {"enum": ["sv", "en"]},
}
_OWN = {
    "name": "library",
    "in": "query",
    "description": "the staff's own library (its id; remembered in a cookie; '' forgets it)",
    "schema": _TEXT,
}
_COPY_PARAM = {
    "name": "copy",
    "in": "query",
    "description": "the copy to request (its key); default: the first suggested lender",
    "schema": _TEXT,
}
_HTML_404 = {"description": "not found", "content": {"text/html": {"schema": _TEXT}}}


def _json(schema: str, description: str) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{schema}"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}


def ill_paths(search_parameters: list[dict[str, Any]]) -> dict[str, Any]:
    search = [p for p in search_parameters if p["name"] != "library"]
    order = ", ".join(CRITERIA)
    return {
        "/ill": {
            "get": {
                "summary": "The interlibrary-loan staff view: the search, and the own library",
                "parameters": [*search, _OWN, _LANG],
                "responses": {
                    "200": {"description": "the page", "content": {"text/html": {"schema": _TEXT}}},
                    "400": {
                        "description": "the page, saying what is wrong with the search",
                        "content": {"text/html": {"schema": _TEXT}},
                    },
                },
            }
        },
        "/ill/record/{id}": {
            "get": {
                "summary": "The ILL workbench of one work: every copy asked of its catalogue "
                f"again, the rule deciding each, lenders suggested by {order}",
                "parameters": [_ID, _OWN, _COPY_PARAM, _LANG],
                "responses": {
                    "200": {"description": "the page", "content": {"text/html": {"schema": _TEXT}}},
                    "404": _HTML_404,
                },
            }
        },
        "/ill/record/{id}/copies.csv": {
            "get": {
                "summary": "Every copy, one row each, for Swedish spreadsheets (';', UTF-8 BOM)",
                "parameters": [_ID, _OWN, _LANG],
                "responses": {
                    "200": {"description": "CSV", "content": {"text/csv": {"schema": _TEXT}}},
                    "404": _HTML_404,
                },
            }
        },
        "/ill/record/{id}/iso18626.xml": {
            "get": {
                "summary": "The chosen copy's ISO 18626 Request message (schema v1.2)",
                "parameters": [_ID, _OWN, _COPY_PARAM, _LANG],
                "responses": {
                    "200": {
                        "description": "the message",
                        "content": {"application/xml": {"schema": _TEXT}},
                    },
                    "404": _HTML_404,
                    "409": {
                        "description": "no message: no own library, no ISIL, or no copy",
                        "content": {"text/html": {"schema": _TEXT}},
                    },
                },
            }
        },
        "/api/v1/ill/{id}": {
            "get": {
                "summary": "The ILL workbench as JSON, with the chosen copy's request field "
                "by field (each with its ISO 18626 element)",
                "parameters": [_ID, _OWN, _COPY_PARAM],
                "responses": {
                    "200": _json("IllView", "the workbench"),
                    "404": _json("Error", "unknown id"),
                },
            }
        },
        "/api/v1/availability/{id}": {
            "get": {
                "summary": "Availability in the DAIA shape, by work id or ISBN (urn:isbn: too): "
                "a document per work, an item per copy, services presentation, loan, "
                "interloan and remote; asks the catalogues now",
                "parameters": [_ID],
                "responses": {
                    "200": _json("Daia", "DAIA 1.0 response"),
                    "404": _json("Error", "unknown work id"),
                },
            }
        },
    }
