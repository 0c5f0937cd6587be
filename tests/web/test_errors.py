"""Every error a client sees is in the API's one shape, with the headers HTTP asks for, and a
cache that cannot write is said once in the log and shown in /health, not a traceback a write."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from federator.config import parse_settings
from federator.web.app import create_app


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(parse_settings({"targets": []}, environ={}))) as test_client:
        yield test_client


def allowed(header: str) -> set[str]:
    return {method.strip() for method in header.split(",")}


def test_405_says_what_is_allowed(client: TestClient) -> None:
    response = client.delete("/api/v1/search")
    assert response.status_code == 405 and allowed(response.headers["allow"]) == {"GET", "HEAD"}
    assert response.json()["error"]["code"] == "method_not_allowed"
    page = client.delete("/search", headers={"Accept": "text/html"})
    assert page.status_code == 405 and allowed(page.headers["allow"]) == {"GET", "HEAD"}
    assert "Method Not Allowed" not in page.text  # patrons see our words, in Swedish


def test_a_refused_cors_preflight_is_json(client: TestClient) -> None:
    response = client.options(
        "/api/v1/search",
        headers={"Origin": "https://kommun.example", "Access-Control-Request-Method": "DELETE"},
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "cors_refused"
    assert "method" in response.json()["error"]["message"]


def test_a_failing_cache_is_logged_once_and_shown_in_health(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    service = client.app_state["service"]
    writer = service.cache.writer
    assert writer is not None

    def disk_full(batches: object, added: object) -> None:
        raise OSError(28, "No space left on device")

    writer._write = disk_full  # type: ignore[method-assign]
    with caplog.at_level(logging.WARNING, logger="federator.index.writer"):
        for n in range(5):
            writer.submit([record(n)], {}, 0.0)
            assert client.portal is not None
            client.portal.call(writer.flush)
    assert [r.message for r in caplog.records] == ["cache write failed"]
    health = client.get("/health").json()
    assert health["status"] == "degraded"
    assert health["cache"]["failing"] and health["cache"]["failed_writes"] == 5


def record(number: int):  # type: ignore[no-untyped-def]
    from federator.models import SourceRecord

    return SourceRecord(target="t", record_id=f"r{number}", schema="marcxml", title="T")
