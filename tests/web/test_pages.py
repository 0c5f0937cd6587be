"""The HTML pages through the app: Swedish first, English by choice, escaped, accessible basics."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from babel.messages.extract import extract_from_dir
from starlette.testclient import TestClient

from federator.config import parse_settings
from federator.web.app import create_app
from federator.web.i18n import pick_locale, translations
from tests import fakesru
from tests.connectors.marc_builders import controlfield, datafield, marc_record
from tests.threaded import serve_in_thread

HOSTILE_TITLE = "<script>alert(1)</script> \"quoted\" 'single'"
RTL_TITLE = "زقاق المدق"
HOSTILE = [
    marc_record(
        controlfield("001", "h1"),
        datafield("245", ("a", HOSTILE_TITLE)),
        datafield(
            "952", ("a", "<b>X</b>"), ("b", "<b>X</b>"), ("o", "<img src=x onerror=alert(2)>")
        ),
    ),
    marc_record(
        controlfield("001", "h2"),
        controlfield("008", "990101s2001    sw |||||o|||| 000 1 ara c"),
        datafield("245", ("a", RTL_TITLE)),
    ),
    marc_record(controlfield("001", "h3"), datafield("245", ("a", "Lång " + "x" * 10_000))),
]
BOOKS = [
    marc_record(
        controlfield("001", f"b{n}"),
        controlfield("008", "990101s2012    sw |||||||||| 000 1 swe c"),
        datafield("020", ("a", "9789113023458")),
        datafield("245", ("a", "Röda rummet")),
        datafield("100", ("a", "Strindberg, August")),
        datafield(
            "952",
            ("a", "MSB"),
            ("b", "MSB"),
            ("o", "Hc Strindberg"),
            *([("q", "2026-12-24")] if n else []),
        ),
        datafield("952", ("a", "ROS"), ("b", "ROS"), ("o", "Hc"), ("7", "1")),
    )
    for n in range(2)
]


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    handlers = {
        "hostile": lambda: fakesru.paging_handler(HOSTILE),
        "orebro": lambda: fakesru.paging_handler(BOOKS[:1]),
        "kumla": lambda: fakesru.paging_handler(BOOKS[1:]),
    }
    with serve_in_thread(handlers) as urls:
        branches = {"MSB": "Stadsbiblioteket", "ROS": "Rosta"}
        targets = [
            {
                "id": "orebro",
                "name": "Örebro",
                "url": urls["orebro"],
                "holdings": {"field": "952"},
                "libraries": [
                    {
                        "name": "Örebro stadsbibliotek",
                        "municipality": "Örebro",
                        "branches": branches,
                    }
                ],
            },
            {
                "id": "kumla",
                "name": "Kumla",
                "url": urls["kumla"],
                "holdings": {"field": "952"},
                "ill": {"min_age_months": 600},
                "libraries": [
                    {"name": "Kumla bibliotek", "municipality": "Kumla", "branches": branches}
                ],
            },
            {
                "id": "hostile",
                "name": "Hostile",
                "url": urls["hostile"],
                "holdings": {"field": "952"},
            },
        ]
        limits = {"requests_per_minute": 100_000, "burst": 10_000}  # one client, many requests
        settings = parse_settings({"targets": targets, "limits": limits}, environ={})
        with TestClient(create_app(settings)) as test_client:
            yield test_client


def test_front_page_is_swedish_with_landmarks_and_a_skip_link(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and '<html lang="sv">' in page.text
    for landmark in (
        '<main id="main"',
        '<header class="site">',
        '<footer class="site">',
        'role="search"',
    ):
        assert landmark in page.text
    assert '<a class="skip" href="#main">Hoppa till innehållet</a>' in page.text
    assert '<label for="q">Sök i länets alla bibliotek</label>' in page.text
    assert 'href="/accessibility">Tillgänglighetsredogörelse</a>' in page.text


def test_english_by_switch_cookie_and_accept_language(client: TestClient) -> None:
    page = client.get("/", params={"lang": "en"})
    assert '<html lang="en">' in page.text and "Skip to content" in page.text
    assert page.cookies.get("lang") == "en"
    assert '<html lang="en">' in client.get("/").text  # the switch is remembered
    client.cookies.clear()
    assert '<html lang="en">' in client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    assert pick_locale(None, None, "de-DE, en;q=0.5, sv;q=0.9") == "sv"
    assert pick_locale(None, "en", "sv") == "en"
    client.cookies.clear()


def test_results_merge_and_say_where_a_copy_is(client: TestClient) -> None:
    page = client.get("/search", params={"q": "röda rummet", "targets": "orebro,kumla"}).text
    assert "1 träff" in page and "2 av 2 kataloger svarade" in page
    assert "Finns på 2 bibliotek · 1 inne nu" in page
    assert 'href="/search?q=' in page and "Avgränsa träffarna" in page
    record_link = re.search(r'href="(/record/[0-9a-f]+)"', page)
    assert record_link is not None
    record = client.get(record_link.group(1)).text
    assert (
        "Här finns den" in record and "Stadsbiblioteket" in record and "Referensexemplar" in record
    )
    assert "24 december 2026" in record  # a due date, in Swedish
    english = client.get(record_link.group(1), params={"lang": "en"}).text
    assert "December 24, 2026" in english and "Reference copy" in english
    client.cookies.clear()


def test_hostile_records_render_inert_and_readable(client: TestClient) -> None:
    page = client.get(
        "/search", params={"q": "<script>alert(3)</script>", "targets": "hostile"}
    ).text
    assert "<script>" not in page and "&lt;script&gt;alert(3)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page and "onerror=alert(2)" not in page.replace(
        "&lt;img src=x onerror=alert(2)&gt;", ""
    )
    assert '<article lang="ar">' in page and RTL_TITLE in page
    assert "Lång " + "x" * 1000 in page  # long, but there (CSS wraps it)


def test_ill_view_orders_by_what_can_go_out_and_says_why_not(client: TestClient) -> None:
    page = client.get("/search", params={"q": "röda rummet", "targets": "orebro,kumla"}).text
    work_id = re.search(r'href="/record/([0-9a-f]+)"', page).group(1)  # type: ignore[union-attr]
    ill = client.get(f"/ill/record/{work_id}").text
    rows = [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r'<tr id="copy-\d+"[^>]*>(.*?)</tr>', ill, re.S)
    ]
    assert rows[0].startswith("Örebro stadsbibliotek, Stadsbiblioteket") and " Ja " in rows[0]
    assert any("Kumla: nya titlar köps in" in row for row in rows)  # Kumla's min_age_months
    assert any("referensexemplar" in row for row in rows)
    assert "Beställningstext" in ill and "Hylla: Hc Strindberg" in ill
    csv_text = client.get(f"/ill/record/{work_id}/copies.csv").content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("Titel;Författare;År;ISBN;Bibliotek;Filial")


def test_security_headers_and_no_inline_script(client: TestClient) -> None:
    page = client.get("/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-content-type-options"] == "nosniff"
    assert page.headers["referrer-policy"] == "same-origin"
    scripts = re.findall(r"<script[^>]*>", page.text)
    assert scripts == ['<script src="/static/search.js" defer>'] and " style=" not in page.text


def test_unknown_pages_are_html_404_for_browsers(client: TestClient) -> None:
    page = client.get("/no/such/page", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "Hittades inte" in page.text
    assert client.get("/record/0000", headers={"Accept": "text/html"}).status_code == 404


def test_bad_query_is_a_400_page(client: TestClient) -> None:
    page = client.get("/search", params={"q": "x" * 1001})
    assert page.status_code == 400 and 'role="alert"' in page.text


def test_opensearch_and_about(client: TestClient) -> None:
    description = client.get("/opensearch.xml")
    assert (
        "OpenSearchDescription" in description.text
        and "/search?q={searchTerms}" in description.text
    )
    assert client.get("/opensearch/suggest", params={"q": "x"}).json()[0] == "x"
    about = client.get("/about").text
    assert "Kataloger som söks" in about and "Örebro" in about


def test_every_visible_string_has_a_swedish_translation() -> None:
    method_map = [("**/templates/**.html", "jinja2"), ("**.py", "python")]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    swedish = translations("sv")
    missing = []
    for _, _, message, _, _ in extract_from_dir(
        "federator/web", method_map=method_map, options_map=options
    ):
        singular = message[0] if isinstance(message, tuple) else message
        if swedish.gettext(singular) == singular and singular not in ("ISBN", "Status", "Film"):
            missing.append(singular)
    assert missing == []
