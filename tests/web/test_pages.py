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
        "empty": lambda: fakesru.paging_handler([]),
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
            {"id": "empty", "name": "Tomma katalogen", "url": urls["empty"]},
            {"id": "dead", "name": "Laxå bibliotek", "url": "http://127.0.0.1:9/dead"},
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
    assert '<article lang="ar"' in page and RTL_TITLE in page
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


def test_field_errors_are_translated_and_tied_to_their_field(client: TestClient) -> None:
    page = client.get("/search", params={"q": "strindberg", "year": "18x9"})
    assert page.status_code == 400
    assert (
        'id="year"' in page.text
        and 'aria-invalid="true" aria-describedby="year-error"' in page.text
    )
    assert '<p id="year-error" class="field-error">' in page.text
    assert "Skriv ett år, till exempel 1879" in page.text and "must be" not in page.text
    assert '<details class="advanced" open>' in page.text  # the field in error is visible
    english = client.get("/search", params={"q": "x" * 1001, "lang": "en"}).text
    assert 'aria-describedby="q-error"' in english
    assert "A search can be at most 1,000 characters long." in english
    client.cookies.clear()
    not_a_field = client.get("/search", params={"q": "x", "sort": "<b>"}).text
    assert "Ett filter i adressen gick inte att förstå." in not_a_field
    assert "aria-invalid" not in not_a_field and "sort must be" not in not_a_field


def test_chosen_filters_are_chips_and_a_chosen_value_removes_itself(client: TestClient) -> None:
    params = {"q": "röda rummet", "targets": "orebro,kumla", "format": "book"}
    page = client.get("/search", params=params).text
    assert "Valda filter" in page and "Ta bort filtret" in page
    chosen = re.search(r'<a href="([^"]+)" aria-current="true" class="chosen">', page)
    assert chosen is not None
    again = chosen.group(1).replace("&amp;", "&")
    assert "format=" not in again  # clicking the chosen value removes it, never repeats it
    library = re.search(r'href="([^"]*library=orebro-stadsbibliotek[^"]*)"', page)
    assert library is not None and library.group(1).count("library=") == 1
    narrowed = client.get(library.group(1).replace("&amp;", "&")).text
    assert narrowed.count('aria-current="true"') == 2  # book and the library, each once


def test_my_library_is_a_cookie_and_each_hit_says_if_it_is_on_the_shelf_there(
    client: TestClient,
) -> None:
    back = "/search?q=r%C3%B6da+rummet&targets=orebro,kumla"
    answer = client.get(
        "/my-library", params={"library": "kumla-bibliotek", "back": back}, follow_redirects=False
    )
    assert answer.status_code == 303 and answer.headers["location"] == back
    assert client.cookies.get("my_library") == "kumla-bibliotek"
    page = client.get(back).text
    held = re.findall(r"<p class=\"held\">(.*?)</p>", page, re.S)
    assert held == [
        '<span class="status on_loan">Finns på Kumla bibliotek, men inte inne nu</span>'
        " · finns även på 1 annat bibliotek"
    ]
    assert "Finns på 2 bibliotek" not in page  # the chosen library instead of the count
    assert 'value="kumla-bibliotek" selected' in page and "Bara på Kumla bibliotek" in page
    record = re.search(r'href="(/record/[0-9a-f]+)"', page)
    assert record is not None
    copies = client.get(record.group(1)).text
    assert copies.index("Kumla bibliotek <span") < copies.index("Örebro stadsbibliotek</h3>")
    assert "(ditt bibliotek)" in copies  # my library's copies first, and marked
    offsite = client.get("/my-library", params={"back": "//evil.example/"}, follow_redirects=False)
    assert offsite.headers["location"] == "/" and "my_library" not in client.cookies
    client.cookies.clear()


def test_no_hits_page_advises_and_names_catalogues_that_did_not_answer(
    client: TestClient,
) -> None:
    page = client.get("/search", params={"q": "zzyzx qwerty", "targets": "empty,dead"}).text
    assert "Inga träffar för" in page and "Kontrollera stavningen" in page
    assert "Sök med färre ord:" in page and ">zzyzx</a>" in page
    assert 'id="sort"' not in page and "Avgränsa träffarna" not in page
    assert (
        "Kataloger som inte svarade" in page and "Det gick inte att söka i Laxå bibliotek" in page
    )


def test_covers_are_off_by_default_and_built_from_the_first_isbn(client: TestClient) -> None:
    from federator.web.pages import cover_src

    page = client.get("/search", params={"q": "röda rummet", "targets": "orebro,kumla"})
    assert (
        "<img" not in page.text
        and "img-src 'self' data:;" in page.headers["content-security-policy"]
    )
    from federator.merge import merge_records
    from federator.models import SourceRecord

    (w,) = merge_records(
        [SourceRecord(target="t", record_id="1", schema="marcxml", title="X", isbns=("978",))]
    )
    assert cover_src("https://c.example/{isbn}.jpg", w) == "https://c.example/978.jpg"
    assert cover_src("", w) is None


def test_the_accessibility_statement_has_its_known_problems_and_a_date(
    client: TestClient,
) -> None:
    page = client.get("/accessibility").text
    assert "<h2>Kända brister</h2>" in page and "den 1 december 2026" in page
