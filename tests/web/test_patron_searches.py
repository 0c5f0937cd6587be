"""What patrons type, end to end against a real Zebra (which does not stem or fold): the API and
the page say what was understood, search again with a correction when nothing is found, and
say when a catalogue holds more than was fetched, and fetch the next records."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from federator.config import parse_settings
from federator.web.app import create_app

pytestmark = pytest.mark.realserver


@pytest.fixture
def client(zebra_url: str) -> Iterator[TestClient]:
    target = {
        "id": "orebro",
        "name": "Örebro stadsbibliotek",
        "url": zebra_url,
        "widening": "truncation",
        "relevance": "modifier",
        "max_records": 4,
    }
    settings = parse_settings({"targets": [target], "search": {"deadline_s": 3}}, environ={})
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def search(client: TestClient, **params: str | int) -> dict[str, Any]:
    response = client.get("/api/v1/search", params=params)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def page(client: TestClient, **params: str | int) -> str:
    response = client.get("/search", params=params)
    assert response.status_code == 200
    return " ".join(response.text.split())


def flush(client: TestClient) -> None:
    """Wait until the cache index holds what the searches so far fetched."""
    assert client.portal is not None
    client.portal.call(client.app_state["service"].cache.flush)


def test_a_catalogue_cut_at_max_records_says_so_and_the_next_page_fetches_more(
    client: TestClient,
) -> None:
    first = search(client, q="skönlitteratur", page_size=4)
    [target] = first["targets"]
    assert target["hits"] > 4 and target["fetched"] == 4 and target["more"] is True
    assert target["next_record"] == 5 and first["more_available"] is True
    assert first["total"] == 4
    second = search(client, q="skönlitteratur", page_size=4, page=2)
    [target] = second["targets"]
    assert target["fetched"] == 8 and target["next_record"] == 9 and second["total"] == 8
    titles = {w["id"] for w in first["results"]}
    assert len(second["results"]) == 4 and titles | {w["id"] for w in second["results"]}
    last = search(client, q="skönlitteratur", page_size=4, page=10)
    [target] = last["targets"]
    assert target["fetched"] == target["hits"] and target["more"] is False
    assert last["more_available"] is False


def test_the_page_says_how_much_of_a_catalogue_is_shown(client: TestClient) -> None:
    html = page(client, q="skönlitteratur", page_size=4, fresh=1)
    hits = search(client, q="skönlitteratur", page_size=4)["targets"][0]["hits"]
    assert f"visar 4 av {hits} från Örebro stadsbibliotek" in html
    assert "Nästa sidor hämtar fler." in html and "eller fler" in html
    assert 'rel="next"' in html
    english = page(client, q="skönlitteratur", page_size=4, lang="en")
    assert f"showing 4 of {hits} from Örebro stadsbibliotek" in english


def test_nothing_found_searches_again_with_a_correction_known_to_find_records(
    client: TestClient,
) -> None:
    search(client, q="strindberg")  # the cache index learns the catalogue's words
    flush(client)
    typo = search(client, q="strindbrg", fresh=1)
    assert typo["corrected_to"] == "strindberg" and typo["total"] >= 3
    assert typo["query"]["text"] == "strindbrg" and typo["did_you_mean"] is None
    assert {"Strindberg, August"} <= {a for w in typo["results"] for a in w["authors"]}
    again = search(client, q="strindbrg", fresh=1)
    assert again["corrected_to"] == typo["corrected_to"]  # the same every time
    html = page(client, q="strindbrg", fresh=1)
    assert (
        "Visar träffar för <strong>strindberg</strong> — sök i stället på "
        '<a href="/search?q=strindbrg&amp;literal=1">strindbrg</a>' in html
    )
    literal = search(client, q="strindbrg", literal=1)
    assert literal["total"] == 0 and literal["corrected_to"] is None
    assert literal["did_you_mean"] == "strindberg" and literal["literal"] is True


def test_diacritics_not_typed_are_restored_for_a_catalogue_that_does_not_fold(
    client: TestClient,
) -> None:
    search(client, q="lagerlöf")
    flush(client)
    assert search(client, q="gosta berling", literal=1)["total"] == 0
    found = search(client, q="gosta berling")
    assert found["corrected_to"] == "gösta berling"
    assert [w["title"] for w in found["results"]] == ["Gösta Berlings saga"]


def test_format_words_filter_and_the_page_offers_the_search_as_typed(client: TestClient) -> None:
    body = search(client, q="röda rummet ljudbok")
    assert [w["format"] for w in body["results"]] == ["audiobook"]
    assert body["understood"] == [
        {"kind": "format", "typed": "ljudbok", "value": "audiobook", "applied": True}
    ]
    html = page(client, q="röda rummet ljudbok")
    assert "Ljudböcker som matchar <q>röda rummet</q>" in html
    assert re.search(r'href="/search\?q=r%C3%B6da\+rummet\+ljudbok&amp;literal=1"', html)
    english = page(client, q="röda rummet ljudbok", lang="en")
    assert "Audiobooks matching <q>röda rummet</q>" in english
    assert "Search for exactly what you typed instead" in english


def test_a_pasted_isbn_and_an_audience_word_are_said_as_read(client: TestClient) -> None:
    body = search(client, q="ISBN 978-91-1-302345-8")
    assert {w["title"] for w in body["results"]} == {"Röda rummet"}
    assert body["understood"][0]["kind"] == "isbn"
    assert "ISBN 9789113023458, det enda som söktes" in page(client, q="ISBN 978-91-1-302345-8")
    html = page(client, q="pippi barn", literal=0)
    assert "”barn” söktes som ett ord" in html
