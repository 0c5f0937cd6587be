"""The OpenAPI operations beside API v1's JSON: the event stream, SRU and the pages, so a
fuzzer (and a reader) reaches every operation the federator serves (the ILL ones:
openapi_ill.py)."""

from __future__ import annotations

from typing import Any

_TEXT = {"type": "string"}
_ERROR = {"$ref": "#/components/schemas/Error"}


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "description": description, "schema": schema}


def _body(media: str, description: str) -> dict[str, Any]:
    return {"description": description, "content": {media: {"schema": _TEXT}}}


# Each Server-Sent Event; `data` is JSON: a TargetStatus, or a SearchResponse, or an Error.
_EVENTS = {
    "schema": {
        "type": "object",
        "properties": {
            "event": {"enum": ["target", "partial", "result", "error"]},
            "data": {"type": "string", "contentMediaType": "application/json"},
        },
        "required": ["event", "data"],
    }
}
# Any text is accepted over HTTP: what SRU does not support is answered with a diagnostic
# inside a 200 (SRU 1.x and 2.0 alike), so each field is a string with its values described.
_SRU_FIELDS: dict[str, dict[str, Any]] = {
    name: {"type": "string", "description": description}
    for name, description in (
        ("operation", "explain or searchRetrieve (default: searchRetrieve with a query)"),
        ("version", "1.1, 1.2 or 2.0"),
        ("query", "CQL"),
        ("startRecord", "1-based position of the first record"),
        ("maximumRecords", "0 to 1000"),
        ("recordSchema", "marcxml or dc (or their info:srw URIs)"),
        ("recordPacking", "xml or string (SRU 1.x)"),
        ("recordXMLEscaping", "xml or string (SRU 2.0)"),
    )
}
_SRU_ANSWER = {
    "200": _body(
        "application/xml",
        "an SRU response; what it cannot do is an SRU diagnostic inside it, never an HTTP error",
    )
}
_PAGE = {
    "200": _body("text/html", "the page"),
    "400": _body("text/html", "the page, saying what is wrong with the search"),
}
_LANG = _query("lang", "the page's language (remembered in a cookie)", {"enum": ["sv", "en"]})
_ID = {"name": "id", "in": "path", "required": True, "schema": _TEXT}


def extra_paths(search_parameters: list[dict[str, Any]]) -> dict[str, Any]:
    sru_params = [_query(n, "an SRU parameter", s) for n, s in _SRU_FIELDS.items()]
    sru_form = {"type": "object", "properties": _SRU_FIELDS, "additionalProperties": True}
    page_params = [*search_parameters, _LANG]
    return {
        "/api/v1/search/stream": {
            "get": {
                "summary": "The search as Server-Sent Events: `target` per catalogue as it "
                "answers, `partial` results so far, then `result` (or `error` if overloaded); "
                "editions only (`group` is for /api/v1/search)",
                "parameters": search_parameters,
                "responses": {
                    "200": {"description": "events", "content": {"text/event-stream": _EVENTS}},
                    "400": {"description": "bad parameters", "content": _json(_ERROR)},
                    "503": {"description": "overloaded", "content": _json(_ERROR)},
                },
            }
        },
        "/sru": {
            "get": {
                "summary": "The whole county as an SRU 1.1/1.2/2.0 server",
                "parameters": sru_params,
                "responses": _SRU_ANSWER,
            },
            "post": {
                "summary": "SRU over POST (form-encoded), as yaz-client sends it",
                "requestBody": {
                    "content": {"application/x-www-form-urlencoded": {"schema": sru_form}}
                },
                "responses": _SRU_ANSWER,
            },
        },
        "/search": {
            "get": {"summary": "The search page", "parameters": page_params, "responses": _PAGE}
        },
        "/record/{id}": {
            "get": {
                "summary": "A record page",
                "parameters": [_ID, _LANG],
                "responses": {
                    "200": _body("text/html", "the record"),
                    "404": _body("text/html", "not found"),
                },
            }
        },
        "/record/{id}/export.{format}": {
            "get": {
                "summary": "A record for reference managers: RIS, BibTeX, CSL-JSON or MARCXML",
                "parameters": [
                    _ID,
                    {
                        "name": "format",
                        "in": "path",
                        "required": True,
                        "schema": {"enum": ["ris", "bib", "json", "xml"]},
                    },
                ],
                "responses": {
                    "200": {
                        "description": "the record as a download",
                        "content": {
                            media: {"schema": _TEXT}
                            for media in (
                                "application/x-research-info-systems",
                                "application/x-bibtex",
                                "application/vnd.citationstyles.csl+json",
                                "application/marcxml+xml",
                            )
                        },
                    },
                    "404": {
                        "description": "no such record (a page) or format (the one error shape)",
                        "content": {"text/html": {"schema": _TEXT}, **_json(_ERROR)},
                    },
                },
            }
        },
        "/my-library": {
            "get": {
                "summary": "Remember the patron's library in a cookie, then go back",
                "parameters": [
                    _query("library", "a library id ('' forgets it)", _TEXT),
                    _query("back", "where to go back to: one of our own pages", _TEXT),
                ],
                "responses": {"303": {"description": "back to the page (or /)"}},
            }
        },
        "/about": {
            "get": {"summary": "About the service", "parameters": [_LANG], "responses": _PAGE}
        },
        "/opensearch.xml": {
            "get": {
                "summary": "OpenSearch description",
                "responses": {"200": _body("application/opensearchdescription+xml", "it")},
            }
        },
    }


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}
