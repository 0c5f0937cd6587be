"""The OpenAPI 3.1 document of API v1. Tests validate real responses against these schemas."""

from __future__ import annotations

from typing import Any

from federator.models import (
    ErrorKind,
    Format,
    Grouping,
    HoldingStatus,
    ItemFlag,
    SkipReason,
    SortOrder,
    TargetState,
    Understood,
)
from federator.web.openapi_ill import SCHEMAS as ILL_SCHEMAS
from federator.web.openapi_ill import ill_paths
from federator.web.openapi_paths import extra_paths

_NULLABLE_STRING = {"type": ["string", "null"]}
_NULLABLE_INT = {"type": ["integer", "null"]}


def _object(properties: dict[str, Any], extra: bool = False) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": extra,
    }


HOLDING = _object(
    {
        "target": {"type": "string"},
        "library": {"type": "string"},
        "branch": _NULLABLE_STRING,
        "branch_code": _NULLABLE_STRING,
        "municipality": _NULLABLE_STRING,
        "record_id": {
            "type": "string",
            "description": "the catalogue's own id (001 / recordIdentifier)",
        },
        "call_number": _NULLABLE_STRING,
        "location": _NULLABLE_STRING,
        "status": {"enum": [s.value for s in HoldingStatus]},
        "status_raw": {**_NULLABLE_STRING, "description": "the catalogue's own status code"},
        "due_date": {"type": ["string", "null"], "format": "date"},
        "item_type": _NULLABLE_STRING,
        "flags": {
            "type": "array",
            "items": {"enum": [f.value for f in ItemFlag]},
            "description": "damaged, restricted, no_ill (lent at home only), reference",
        },
        "ill": {"type": ["boolean", "null"], "description": "may go out on interlibrary loan"},
        "note": _NULLABLE_STRING,
        "url": {**_NULLABLE_STRING, "description": "the record in the library's own catalogue"},
        "stale": {"type": "boolean", "description": "from the cache index: status may be old"},
        "as_of": {"type": ["string", "null"], "description": "when a stale copy was last seen"},
    }
)
_STRINGS = {"type": "array", "items": {"type": "string"}}
_WORK_PROPERTIES: dict[str, Any] = {
    "id": {"type": "string", "description": "stable: derived from the merge key"},
    "online": {
        "type": "array",
        "items": _object({"url": {"type": "string"}, "label": _NULLABLE_STRING}),
        "description": "online access (an e-book, a stream): links, not copies on a shelf",
    },
    "original_script": {
        "type": "array",
        "items": {"type": "string"},
        "description": "title, names and more in their original script (MARC 880)",
    },
    "group": {
        "type": "string",
        "description": "the work group this edition belongs to (group=work lists them): "
        "stable, from the folded title or uniform title, volume, main author and form",
    },
    "title": {"type": "string"},
    "subtitle": _NULLABLE_STRING,
    "part": _NULLABLE_STRING,
    "authors": {"type": "array", "items": {"type": "string"}},
    "year": _NULLABLE_INT,
    "year_range": {"type": ["array", "null"], "items": {"type": "integer"}},
    "isbns": {"type": "array", "items": {"type": "string"}},
    "format": {"enum": [f.value for f in Format]},
    "language": _NULLABLE_STRING,
    "languages": {"type": "array", "items": {"type": "string"}},
    "subjects": {"type": "array", "items": {"type": "string"}},
    "edition": _NULLABLE_STRING,
    "publisher": _NULLABLE_STRING,
    "uniform_title": {**_NULLABLE_STRING, "description": "the work, when the record names it"},
    "extent": {**_NULLABLE_STRING, "description": "MARC 300"},
    "notes": {**_STRINGS, "description": "MARC 5XX a patron reads"},
    "contents": {**_STRINGS, "description": "MARC 505, one entry per part"},
    "classifications": {**_STRINGS, "description": "SAB codes (MARC 084 $2 kssb)"},
    "series": _STRINGS,
    "score": {"type": ["number", "null"]},
    "libraries": {"type": "integer"},
    "available": {"type": "integer", "description": "copies on the shelf now"},
    "holdings": {"type": "array", "items": {"$ref": "#/components/schemas/Holding"}},
    "merge": _object(
        {
            "rule": {"type": "string"},
            "key": {"type": "string"},
            "display_source": {"type": "string"},
        }
    ),
}
WORK = _object(_WORK_PROPERTIES) | {
    "properties": _WORK_PROPERTIES | {"explanation": {"type": "array", "items": {"type": "string"}}}
}
SOURCE = _object(
    {
        "target": {"type": "string"},
        "record_id": {"type": "string"},
        "schema": {"type": "string"},
        "title": {"type": "string"},
        "format": {"type": "string"},
        "year": _NULLABLE_INT,
        "isbns": {"type": "array", "items": {"type": "string"}},
        "invalid_isbns": {"type": "array", "items": {"type": "string"}},
        "url": _NULLABLE_STRING,
        "raw": {"type": "string", "description": "the record as the catalogue sent it"},
    }
)
RECORD = _object(
    _WORK_PROPERTIES
    | {"sources": {"type": "array", "items": {"$ref": "#/components/schemas/Source"}}}
)
HEALTH = _object(
    {
        "status": {"enum": ["ok", "degraded"]},
        "targets": {"type": "integer", "description": "enabled catalogues"},
        "cache": _object(
            {
                "enabled": {"type": "boolean"},
                "writing": {"type": "boolean", "description": "this process writes the index"},
                "failing": {"type": "boolean", "description": "the last write failed"},
                "failed_writes": {"type": "integer"},
                "dropped_batches": {"type": "integer"},
            }
        ),
        "shared": _object(
            {
                "backend": {"enum": ["local", "redis"], "description": "where shared state is"},
                "server": {**_NULLABLE_STRING, "description": "the Redis server, no password"},
                "reachable": {"type": "boolean", "description": "false: each process its own"},
                "down_s": {"type": ["number", "null"], "description": "unreachable this long"},
                "faults": {"type": "integer", "description": "failed or too slow calls"},
                "last_fault": _NULLABLE_STRING,
            }
        ),
    }
)
TARGET_STATUS = _object(
    {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "status": {"enum": [s.value for s in TargetState]},
        "hits": _NULLABLE_INT,
        "fetched": {"type": "integer"},
        "elapsed_ms": {"type": "number"},
        "message": _NULLABLE_STRING,
        "error_kind": {
            "enum": [*(k.value for k in ErrorKind), None],
            "description": "why the target failed",
        },
        "skip_reason": {
            "enum": [*(r.value for r in SkipReason), None],
            "description": "status skipped: why the target was not asked",
        },
        "cached_age_s": {"type": ["number", "null"], "description": "status cached: data age"},
        "more": {
            "type": "boolean",
            "description": "the catalogue holds more than was fetched (hits > fetched): the "
            "page shows 'showing {fetched} of {hits}', and a page past the merged results "
            "fetches the next ones",
        },
        "next_record": {
            **_NULLABLE_INT,
            "description": "more: the position of the catalogue's next record",
        },
    }
)
READING = _object(
    {
        "kind": {
            "enum": [k.value for k in Understood],
            "description": "isbn, issn: searched for that identifier alone; format: a filter "
            "on the results, not a search word; audience: kept as a search word (records do "
            "not say who they are for); title: a pasted title, title proper and names searched",
        },
        "typed": {"type": "string", "description": "the text as typed that was read so"},
        "value": {
            "type": "string",
            "description": "what it was read as: an ISBN-13, an ISSN, a format, the title",
        },
        "applied": {"type": "boolean", "description": "false: understood, not acted on"},
    }
)
_FACET_VALUE = {
    "type": "object",
    "properties": {
        "value": {"type": "string"},
        "count": {"type": "integer"},
        "branches": {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}},
    },
    "required": ["value", "count"],
    "additionalProperties": False,
}
_FACETS = _object(
    {
        name: {"type": "array", "items": {"$ref": "#/components/schemas/FacetValue"}}
        for name in ("library", "format", "language", "year")
    }
)
WORK_GROUP = _object(
    {
        "id": {"type": "string", "description": "the editions' `group`"},
        "title": {"type": "string", "description": "the best-ranked edition's"},
        "authors": _STRINGS,
        "formats": {"type": "array", "items": {"enum": [f.value for f in Format]}},
        "years": {
            "oneOf": [
                _object({"from": {"type": "integer"}, "to": {"type": "integer"}}),
                {"type": "null"},
            ]
        },
        "libraries": {"type": "integer", "description": "libraries holding any edition"},
        "available": {"type": "integer", "description": "copies of any edition on the shelf"},
        "editions": {**_STRINGS, "description": "ids of its editions in `results`, best first"},
    }
)
SEARCH = _object(
    {
        "search_id": {"type": "string"},
        "query": {"type": "object"},
        "total": {
            "type": "integer",
            "description": "editions; with group=work, work groups (the editions: total_editions)",
        },
        "page": {"type": "integer"},
        "page_size": {"type": "integer"},
        "results": {"type": "array", "items": {"$ref": "#/components/schemas/Work"}},
        "facets": _FACETS,
        "targets": {"type": "array", "items": {"$ref": "#/components/schemas/TargetStatus"}},
        "elapsed_ms": {"type": "number"},
        "cached": {"type": "boolean", "description": "answered by the result cache"},
        "groups": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/WorkGroup"},
            "description": "group=work only: this page's work groups",
        },
        "total_editions": {"type": "integer", "description": "group=work only"},
        "did_you_mean": {
            **_NULLABLE_STRING,
            "description": "a spelling the catalogues use, when little was found; the cache "
            "index knows it finds records",
        },
        "literal": {"type": "boolean", "description": "searched exactly as typed (literal=1)"},
        "understood": {
            "type": "array",
            "items": {"$ref": "#/components/schemas/Reading"},
            "description": "what the text q was read as; literal=1 searches it as typed",
        },
        "corrected_to": {
            **_NULLABLE_STRING,
            "description": "what q found nothing (or one thing), so these are the results "
            "for this correction instead; literal=1 searches q as typed",
        },
        "more_available": {
            "type": "boolean",
            "description": "some catalogue holds more than was fetched; a later page fetches "
            "the next records (up to [search] max_fetch_depth)",
        },
    }
)
SEARCH["required"] = [k for k in SEARCH["required"] if k not in ("groups", "total_editions")]
TARGET = _object(
    {
        "id": {"type": "string"},
        "name": {"type": "string"},
        "enabled": {"type": "boolean"},
        "sru_version": {"type": "string"},
        "libraries": {"type": "array", "items": {"type": "string"}},
        "library_ids": {
            "type": "array",
            "description": "each library's stable id, for the search's `library` filter",
            "items": _object(
                {
                    "id": {"type": "string"},
                    "name": {"type": "string"},
                    "municipality": {"type": "string"},
                }
            ),
        },
        "circuit": _object(
            {
                "state": {"enum": ["closed", "open", "half_open"]},
                "consecutive_failures": {"type": "integer"},
                "next_probe_in_s": {"type": "number"},
                "last_error": _NULLABLE_STRING,
            }
        ),
    }
)
ERROR = _object({"error": _object({"code": {"type": "string"}, "message": {"type": "string"}})})
SCHEMAS = {
    "Holding": HOLDING,
    "Work": WORK,
    "Source": SOURCE,
    "Record": RECORD,
    "TargetStatus": TARGET_STATUS,
    "Reading": READING,
    "FacetValue": _FACET_VALUE,
    "WorkGroup": WORK_GROUP,
    "SearchResponse": SEARCH,
    "Target": TARGET,
    "Error": ERROR,
}


def _param(
    name: str, description: str, schema: dict[str, Any], explode: bool = False
) -> dict[str, Any]:
    param: dict[str, Any] = {
        "name": name,
        "in": "query",
        "description": description,
        "schema": schema,
    }
    if explode:
        param["schema"] = {"type": "array", "items": schema}
    return param


def _or_empty(schema: dict[str, Any]) -> dict[str, Any]:
    """An HTML form sends its empty fields ("year_from="): empty means not given, everywhere."""
    return {"anyOf": [schema, {"type": "string", "maxLength": 0}]}


def _response(schema: str, description: str) -> dict[str, Any]:
    ref = {"$ref": f"#/components/schemas/{schema}"}
    return {"description": description, "content": {"application/json": {"schema": ref}}}


_ERRORS = {"400": _response("Error", "bad parameters"), "500": _response("Error", "server error")}
SEARCH_PARAMETERS = [
    _param(
        "q",
        "free text; an ISBN alone is a known-item search. A search needs q, cql or a field "
        "(title, author, subject, isbn, year); cql goes alone",
        {"type": "string", "maxLength": 1000},
    ),
    _param("cql", "expert CQL (validated); instead of q", {"type": "string", "maxLength": 1000}),
    *[
        _param(f, f"search the {f} field", {"type": "string"})
        for f in ("title", "author", "subject", "isbn")
    ],
    _param("year", "a year or a range like 1870-1880", {"type": "string"}),
    _param("targets", "comma-separated target ids (default: all enabled)", {"type": "string"}),
    _param(
        "page",
        "1-based",
        _or_empty({"type": "integer", "minimum": 1, "maximum": 1000, "default": 1}),
    ),
    _param(
        "page_size",
        "results per page",
        _or_empty({"type": "integer", "minimum": 1, "maximum": 100, "default": 20}),
    ),
    _param(
        "sort",
        "result order",
        _or_empty({"enum": [s.value for s in SortOrder], "default": "relevance"}),
    ),
    _param(
        "library",
        "only works held by this library: its id from /api/v1/targets `library_ids` "
        "(`nora-bibliotek`), a branch as id/code (`nora-bibliotek/GYT`), or, as before, the "
        "display name (`Nora bibliotek`, `Nora bibliotek / Gyttorps bibliotek`)",
        {"type": "string"},
        True,
    ),
    _param("format", "only these formats", _or_empty({"enum": [f.value for f in Format]}), True),
    _param(
        "language", "only these languages (MARC codes: swe, eng, ...)", {"type": "string"}, True
    ),
    _param(
        "year_from",
        "published in or after",
        _or_empty({"type": "integer", "minimum": 0, "maximum": 9999}),
    ),
    _param(
        "year_to",
        "published in or before",
        _or_empty({"type": "integer", "minimum": 0, "maximum": 9999}),
    ),
    _param(
        "available",
        "only works with a copy on the shelf now (with `library`: at one of those libraries)",
        _or_empty({"type": "boolean"}),
    ),
    _param(
        "group",
        "edition: one result per edition (default); work: editions of one work (other "
        "formats, translations) grouped, `total` and paging counting groups",
        _or_empty({"enum": [g.value for g in Grouping], "default": "edition"}),
    ),
    _param("explain", "include each score's explanation", _or_empty({"type": "boolean"})),
    _param("fresh", "ask the catalogues now, not the result cache", _or_empty({"type": "boolean"})),
    _param(
        "literal",
        "search q exactly as typed: no ISBN or format words read from it, no widening of "
        "words to their forms, no correction when nothing is found",
        _or_empty({"type": "boolean"}),
    ),
]


def openapi_document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "federator API",
            "version": "1",
            "description": "Federated search over the library catalogues of Region Örebro län.",
        },
        "paths": {
            "/api/v1/search": {
                "get": {
                    "summary": "Search every catalogue at once; one ranked list of merged works",
                    "parameters": SEARCH_PARAMETERS,
                    "responses": {
                        "200": _response("SearchResponse", "ranked, merged results"),
                        **_ERRORS,
                    },
                }
            },
            "/api/v1/record/{id}": {
                "get": {
                    "summary": "One merged work with its holdings and source records",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                    ],
                    "responses": {
                        "200": _response("Record", "the work"),
                        "404": _response("Error", "unknown id"),
                    },
                }
            },
            "/api/v1/targets": {
                "get": {
                    "summary": "The catalogues and their circuit-breaker state",
                    "responses": {
                        "200": {
                            "description": "every configured target",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "array",
                                        "items": {"$ref": "#/components/schemas/Target"},
                                    }
                                }
                            },
                        }
                    },
                }
            },
            "/api/v1/suggest": {
                "get": {
                    "summary": "Completions of what is typed, from the words of cached records",
                    "parameters": [_param("q", "the text typed so far", {"type": "string"})],
                    "responses": {
                        "200": {"description": '{"query": "...", "suggestions": ["..."]}'}
                    },
                }
            },
            "/health": {
                "get": {
                    "summary": "Liveness; 'degraded' while the cache index or Redis fails",
                    "responses": {
                        "200": {
                            "description": "alive",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Health"}
                                }
                            },
                        }
                    },
                }
            },
            "/metrics": {
                "get": {
                    "summary": "Prometheus metrics",
                    "responses": {"200": {"description": "text format"}},
                }
            },
            **extra_paths(SEARCH_PARAMETERS),
            **ill_paths(SEARCH_PARAMETERS),
        },
        "components": {"schemas": SCHEMAS | ILL_SCHEMAS | {"Health": HEALTH}},
    }
