"""API v1 end to end: real Zebra catalogues and fault servers in one search, through the app."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import jsonschema
import pytest
from starlette.testclient import TestClient

from federator.config import parse_settings
from federator.web.app import create_app
from federator.web.openapi import openapi_document
from tests.web.conftest import settings_for

pytestmark = pytest.mark.realserver
SCHEMAS = openapi_document()["components"]["schemas"]


def check_schema(body: Any, schema: str) -> None:
    resolver_root = {"components": {"schemas": SCHEMAS}, **SCHEMAS[schema]}
    jsonschema.validate(body, resolver_root)


def assert_error(response: Any, status: int, code: str) -> str:
    """The one error shape of the API."""
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    check_schema(body, "Error")
    assert body["error"]["code"] == code
    message: str = body["error"]["message"]
    return message


@pytest.fixture
def client(two_zebras: tuple[str, str], fault_urls: dict[str, str]) -> Iterator[TestClient]:
    with TestClient(create_app(settings_for(two_zebras, fault_urls))) as test_client:
        yield test_client


def test_healthy_targets_answer_while_the_others_fail(client: TestClient) -> None:
    response = client.get("/api/v1/search", params={"q": "strindberg"})
    assert response.status_code == 200
    body = response.json()
    check_schema(body, "SearchResponse")
    statuses = {t["id"]: (t["status"], t["error_kind"]) for t in body["targets"]}
    assert statuses == {
        "orebro": ("ok", None),
        "bergslagsbibblan": ("ok", None),
        "hang": ("timeout", "timeout"),
        "broken": ("error", "unavailable"),
        "diagnostic": ("error", "diagnostic"),
        "dead": ("error", "unavailable"),
    }
    messages = {t["id"]: t["message"] for t in body["targets"]}
    assert messages["diagnostic"] == "SRU diagnostic 16: Unsupported index: dc.foo"
    assert body["elapsed_ms"] < 2000 + 500  # answered by the deadline (2 s), with slack


def test_copies_of_one_edition_merge_into_one_result(client: TestClient) -> None:
    body = client.get(
        "/api/v1/search",
        params={"title": "Gösta Berlings saga", "targets": "orebro,bergslagsbibblan"},
    ).json()
    (work,) = body["results"]
    assert work["merge"]["rule"] == "isbn"
    assert {h["target"] for h in work["holdings"]} == {"orebro"}  # 952 copies; 852 has none
    assert {s for s in work["isbns"]} == {"9789100567897"}
    merged = client.get(f"/api/v1/record/{work['id']}").json()
    check_schema(merged, "Record")
    assert sorted(s["target"] for s in merged["sources"]) == ["bergslagsbibblan", "orebro"]


def test_known_item_search_by_isbn_with_hyphens_comes_first(client: TestClient) -> None:
    body = client.get(
        "/api/v1/search", params={"q": "978-91-1-302345-8", "targets": "orebro,bergslagsbibblan"}
    ).json()
    first = body["results"][0]
    assert first["title"] == "Röda rummet" and "9789113023458" in first["isbns"]


def test_title_typed_without_diacritics_ranks_the_title_first(client: TestClient) -> None:
    body = client.get(
        "/api/v1/search", params={"q": "Röda rummet", "targets": "orebro,bergslagsbibblan"}
    ).json()
    assert {r["title"] for r in body["results"][:3]} == {"Röda rummet"}
    assert {r["format"] for r in body["results"][:3]} == {"book", "audiobook"}


def test_facets_equal_a_recount_of_the_results(client: TestClient) -> None:
    body = client.get(
        "/api/v1/search",
        params={
            "q": "Svensk skönlitteratur",
            "page_size": 100,
            "targets": "orebro,bergslagsbibblan",
        },
    ).json()
    results = body["results"]
    assert body["total"] == len(results) > 5
    formats: dict[str, int] = {}
    for work in results:
        formats[work["format"]] = formats.get(work["format"], 0) + 1
    assert {f["value"]: f["count"] for f in body["facets"]["format"]} == formats
    for library in body["facets"]["library"]:
        holders = [w for w in results if library["value"] in {h["library"] for h in w["holdings"]}]
        assert library["count"] == len(holders)


def test_filters_sort_and_paging(client: TestClient) -> None:
    params = {"q": "Svensk skönlitteratur", "targets": "orebro,bergslagsbibblan"}
    everything = client.get("/api/v1/search", params=params | {"page_size": 100}).json()
    books = client.get(
        "/api/v1/search", params=params | {"format": "book", "page_size": 100}
    ).json()
    assert books["total"] == sum(1 for w in everything["results"] if w["format"] == "book")
    newest = client.get(
        "/api/v1/search", params=params | {"sort": "year_desc", "page_size": 100}
    ).json()
    years = [w["year"] for w in newest["results"] if w["year"] is not None]
    assert years == sorted(years, reverse=True)
    page_two = client.get(
        "/api/v1/search", params=params | {"sort": "title", "page_size": 3, "page": 2}
    ).json()
    by_title = client.get(
        "/api/v1/search", params=params | {"sort": "title", "page_size": 100}
    ).json()
    assert [w["id"] for w in page_two["results"]] == [w["id"] for w in by_title["results"][3:6]]
    available = client.get(
        "/api/v1/search", params=params | {"available": "true", "page_size": 100}
    ).json()
    assert all(w["available"] > 0 for w in available["results"])


TWO = {"targets": "orebro,bergslagsbibblan"}


def test_editions_carry_their_work_group_and_group_work_lists_them(client: TestClient) -> None:
    editions = client.get("/api/v1/search", params={"q": "röda rummet", **TWO}).json()
    red_room = [r for r in editions["results"] if r["title"] == "Röda rummet"]
    assert len(red_room) == 3 and len({r["group"] for r in red_room}) == 1  # 2 books, audiobook
    grouped = client.get(
        "/api/v1/search", params={"q": "röda rummet", "group": "work", "page_size": 1, **TWO}
    ).json()
    check_schema(grouped, "SearchResponse")
    (group,) = grouped["groups"]
    assert group["id"] == red_room[0]["group"] and set(group["formats"]) == {"book", "audiobook"}
    assert group["years"] == {"from": 1879, "to": 2019}
    assert group["editions"] == [r["id"] for r in grouped["results"]]  # the editions, inline
    assert grouped["total_editions"] == editions["total"] >= grouped["total"]
    assert grouped["query"]["group"] == "work"


def test_a_translation_is_grouped_with_its_original(client: TestClient) -> None:
    body = client.get("/api/v1/search", params={"q": "pippi", "group": "work", **TWO}).json()
    check_schema(body, "SearchResponse")
    titles = {r["id"]: r["title"] for r in body["results"] if r["authors"][0] == "Lindgren, Astrid"}
    pippi = next(g for g in body["groups"] if set(g["editions"]) & set(titles))
    assert {titles[e] for e in pippi["editions"]} >= {"Pippi Långstrump", "Pippi Longstocking"}
    english = next(r for r in body["results"] if r["title"] == "Pippi Longstocking")
    assert english["uniform_title"] == "Pippi Långstrump"


def test_libraries_filter_by_stable_id_as_by_name(client: TestClient) -> None:
    targets = client.get("/api/v1/targets").json()
    ids = {lib["name"]: lib["id"] for t in targets for lib in t["library_ids"]}
    assert ids["Nora bibliotek"] == "nora-bibliotek"
    params: dict[str, str | int] = {"q": "Svensk skönlitteratur", "page_size": 100, **TWO}
    by_name = client.get(
        "/api/v1/search", params=params | {"library": "Lindesbergs bibliotek"}
    ).json()
    by_id = client.get(
        "/api/v1/search", params=params | {"library": "lindesbergs-bibliotek"}
    ).json()
    assert by_id["total"] == by_name["total"] > 0
    assert by_id["query"]["filters"]["library"] == ["Lindesbergs bibliotek"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({}, "a search needs q, cql or one of"),
        ({"q": "x", "page_size": "500"}, "page_size must be between 1 and 100"),
        ({"q": "x", "page": "two"}, "page must be a whole number"),
        ({"q": "x", "sort": "random"}, "sort must be one of"),
        ({"q": "x", "format": "scroll"}, "format must be one of"),
        ({"q": "x", "targets": "nowhere"}, "unknown target id(s): nowhere"),
        ({"cql": "title=("}, "CQL syntax error at position 7"),
        ({"cql": "dc.rights = x"}, "unsupported index 'dc.rights'"),
        ({"q": "x", "cql": "title=x"}, "not both"),
        ({"q": "x" * 1001}, "longer than 1000"),
        ({"q": "x" + "\r" * 1000}, "longer than 1000"),  # the limit is on q as sent
        ({"q": "x", "available": "maybe"}, "available must be true or false"),
        (
            {"q": "x", "library": ",".join(f"L{n}" for n in range(21))},
            "at most 20 values for library",
        ),
        ({"q": "<script>alert(1)</script>", "sort": "<script>"}, "sort must be one of"),
        ({"q": "x", "group": "shelf"}, "group must be one of"),
    ],
)
def test_bad_parameters_are_400_with_one_error_shape(
    client: TestClient, params: dict[str, str], message: str
) -> None:
    assert message in assert_error(client.get("/api/v1/search", params=params), 400, "bad_request")


def test_suggest_answers_with_completions(client: TestClient) -> None:
    assert client.get("/api/v1/suggest", params={"q": ""}).json() == {
        "query": "",
        "suggestions": [],
    }
    body = client.get("/api/v1/suggest", params={"q": "strind"}).json()
    assert body["query"] == "strind" and isinstance(body["suggestions"], list)


def test_unknown_record_and_route_are_404(client: TestClient) -> None:
    assert_error(client.get("/api/v1/record/nope"), 404, "not_found")
    assert_error(client.get("/api/v1/nothing"), 404, "not_found")


def test_targets_openapi_health_metrics_and_cors(client: TestClient) -> None:
    client.get("/api/v1/search", params={"q": "aniara"})
    targets = client.get("/api/v1/targets").json()
    for target in targets:
        check_schema(target, "Target")
    assert {t["id"] for t in targets} >= {"orebro", "hang"}
    assert client.get("/openapi.json").json()["openapi"] == "3.1.0"
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["targets"] == 6
    assert health["cache"] == {
        "enabled": True,
        "writing": True,
        "failing": False,
        "failed_writes": 0,
        "dropped_batches": 0,
    }
    metrics = client.get("/metrics").text
    assert 'federator_target_requests_total{outcome="timeout",target="hang"} 1.0' in metrics
    assert "federator_search_latency_seconds_count 1.0" in metrics
    cors = client.get("/api/v1/targets", headers={"Origin": "https://kommun.example"})
    assert cors.headers["access-control-allow-origin"] == "*"


def test_circuit_breaker_opens_and_shows_in_targets(
    two_zebras: tuple[str, str], fault_urls: dict[str, str]
) -> None:
    settings = settings_for(
        two_zebras, {"dead": fault_urls["dead"]}, breaker_failures=2, breaker_cooldown_s=60
    )
    with TestClient(create_app(settings)) as client:
        states = []
        for _ in range(3):
            body = client.get("/api/v1/search", params={"q": "aniara"}).json()
            states.append({t["id"]: t["status"] for t in body["targets"]}["dead"])
        assert states == ["error", "error", "skipped"]
        skipped = next(t for t in body["targets"] if t["id"] == "dead")
        assert skipped["message"].startswith(
            "suspended after 2 failures; next try in 60 s (cannot connect"
        )
        assert body["total"] > 0  # the healthy catalogues still answered
        (dead,) = [t for t in client.get("/api/v1/targets").json() if t["id"] == "dead"]
        assert dead["circuit"]["state"] == "open" and dead["circuit"]["consecutive_failures"] == 2


def test_stream_sends_each_catalogue_then_the_result(client: TestClient) -> None:
    response = client.get("/api/v1/search/stream", params={"q": "strindberg"})
    assert response.headers["content-type"].startswith("text/event-stream")
    events = [block.split("\n", 1) for block in response.text.strip().split("\n\n")]
    names = [head.removeprefix("event: ") for head, _ in events]
    assert names.count("target") == 6 and names[-1] == "result"
    assert names.count("partial") == 2  # after each catalogue that brought records (two Zebras)
    partial = json.loads(events[names.index("partial")][1].removeprefix("data: "))
    check_schema(partial, "SearchResponse")
    first_target = json.loads(events[0][1].removeprefix("data: "))
    check_schema(first_target, "TargetStatus")
    assert first_target["status"] in ("ok", "error")  # the quick ones come first, not the hang
    result = json.loads(events[-1][1].removeprefix("data: "))
    check_schema(result, "SearchResponse")
    assert result["total"] > 0
    assert_error(client.get("/api/v1/search/stream"), 400, "bad_request")


def test_when_every_catalogue_fails_the_answer_is_empty_not_an_error(
    fault_urls: dict[str, str], tmp_path: object
) -> None:
    targets = [
        {"id": name, "name": name.title(), "url": url, "timeout_s": 0.5, "connect_timeout_s": 0.3}
        for name, url in fault_urls.items()
    ]
    settings = parse_settings({"targets": targets, "search": {"deadline_s": 2}}, environ={})
    with TestClient(create_app(settings)) as all_failing:
        response = all_failing.get("/api/v1/search", params={"q": "strindberg"})
        assert response.status_code == 200
        body = response.json()
        check_schema(body, "SearchResponse")
        assert body["total"] == 0 and body["results"] == []
        assert {t["status"] for t in body["targets"]} == {"timeout", "error"}
        assert body["elapsed_ms"] < 2500
        page = all_failing.get("/search", params={"q": "strindberg"})
        assert page.status_code == 200 and "0 av 4 kataloger svarade" in page.text


def test_every_way_a_search_arrives_is_counted_and_streams_carry_the_search_id(
    two_zebras: tuple[str, str],
) -> None:
    """Before: only two API handlers observed; pages, streams and /sru never reached /metrics,
    and streamed partial results had no search id (a ContextVar the stream never set)."""
    with TestClient(create_app(settings_for(two_zebras, {}))) as client:
        client.get("/api/v1/search", params={"q": "aniara"})
        client.get("/search", params={"q": "aniara", "fresh": "1"})
        client.get("/ill", params={"q": "aniara", "fresh": "1"})
        client.get("/sru", params={"version": "1.2", "operation": "searchRetrieve", "query": "x"})
        stream = client.get("/api/v1/search/stream", params={"q": "strindberg"}).text
        metrics = client.get("/metrics").text
    assert "federator_search_latency_seconds_count 5.0" in metrics
    blocks = [b.split("\n", 1) for b in stream.strip().split("\n\n")]
    ids = {
        json.loads(data.removeprefix("data: "))["search_id"]
        for head, data in blocks
        if head in ("event: partial", "event: result")
    }
    assert len(ids) == 1 and ids != {"-"} and all(ids)


def test_orjson_bytes_are_the_json_module_bytes(client: TestClient) -> None:
    """ORJSONResponse writes what Starlette's JSONResponse wrote, byte for byte."""
    from starlette.responses import JSONResponse

    from federator.web.encode import ORJSONResponse

    for params in ({"q": "strindberg", "explain": "1"}, {"q": "röda rummet"}):
        body = client.get("/api/v1/search", params=params).json()
        assert body["results"] and body["facets"]["library"]
        assert ORJSONResponse(body).body == JSONResponse(body).body
