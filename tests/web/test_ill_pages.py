"""The ILL workbench through the app: the staff's own library, reservations first, lenders
suggested with reasons, any copy picked, freshness on every row (a catalogue down: cached,
with its age), and the hand-offs: CSV read back with ';', ISO 18626 valid against the
schema, JSON and DAIA valid against their documented schemas."""

from __future__ import annotations

import csv
import io
import json
import re
import threading
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
from aiohttp import web
from lxml import etree
from starlette.testclient import TestClient

from federator.config import parse_settings
from federator.ill.request import FIELDS
from federator.web.app import create_app
from federator.web.ill_pages import TEXT_ORDER
from federator.web.openapi import openapi_document
from tests import fakesru
from tests.connectors.marc_builders import controlfield, datafield, f008, marc_record
from tests.threaded import serve_in_thread

DATA = Path(__file__).parent.parent / "data"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
XSD = etree.XMLSchema(etree.parse(str(DATA / "iso18626" / "ISO-18626-v1_2.xsd"), PARSER))
DAIA_SCHEMA = json.loads((DATA / "daia" / "daia.schema.json").read_text(encoding="utf-8"))
ISBN = "9789113023458"
EBOOK_ISBN = "9789100000004"
HOSTILE_ISBN = "9789100000011"
OVERDUE = (date.today() - timedelta(days=6)).isoformat()
DUE = (date.today() + timedelta(days=10)).isoformat()


def book(
    record_id: str,
    *items: tuple[tuple[str, str], ...],
    title: str = "Röda rummet",
    isbn: str = ISBN,
) -> str:
    return marc_record(
        controlfield("001", record_id),
        controlfield("008", f008("2001")),
        datafield("020", ("a", isbn)),
        datafield("100", ("a", "Strindberg, August")),
        datafield("245", ("a", title)),
        *(datafield("952", *item) for item in items),
    )


EBOOK = marc_record(
    controlfield("001", "e1"),
    controlfield("007", "cr"),
    controlfield("008", f008("2019", form="o")),
    datafield("020", ("a", EBOOK_ISBN)),
    datafield("245", ("a", "Hemsöborna")),
    datafield("856", ("u", "https://ebok.example/hemsoborna"), ind1="4", ind2="0"),
    datafield("952", ("a", "NOR"), ("b", "NOR"), ("y", "EBOK")),
)
CATALOGUES = {
    "orebro": [
        book(
            "o1",
            (("a", "OSB"), ("b", "OSB"), ("o", "Hc Strindberg"), ("q", OVERDUE)),
            (("a", "VIV"), ("b", "VIV"), ("o", "Hc"), ("q", DUE)),
            (("a", "OSB"), ("b", "OSB"), ("o", "Hc"), ("7", "1")),
        )
    ],
    "bergslagsbibblan": [
        book(
            "b1", (("a", "NOR"), ("b", "NOR"), ("o", "Hc Strindberg")), (("a", "LSB"), ("b", "LSB"))
        ),
        EBOOK,
    ],
    "karlskoga": [book("k1", (("a", "KSB"), ("b", "KSB"), ("o", "Hc Strindberg")))],
    "hostile": [
        book("h1", (("a", "X"), ("b", "X")), title="@SUM(1+1)*cmd|' /C calc'!A0", isbn=HOSTILE_ISBN)
    ],
}


def _library(name: str, code: str, isil: str, route: str, **extra: Any) -> dict[str, Any]:
    sigel = isil.removeprefix("SE-")
    return {
        "name": name,
        "municipality": name.split()[0],
        "branches": {code: name},
        "isil": isil,
        "sigel": sigel,
        "ill_email": f"fjarrlan@{sigel.lower()}.bibliotek.example",
        "route": route,
        "address": {"line1": name, "postal_code": "700 00", "locality": name.split()[0]},
        **extra,
    }


@pytest.fixture(scope="module")
def down() -> threading.Event:
    return threading.Event()


@pytest.fixture(scope="module")
def client(down: threading.Event) -> Iterator[TestClient]:
    def catalogue(name: str) -> Any:
        serve = fakesru.paging_handler(CATALOGUES[name])
        if name != "karlskoga":
            return serve

        async def switchable(request: web.Request) -> web.StreamResponse:
            if down.is_set():
                return web.Response(status=503, text="down for maintenance")
            return await serve(request)

        return switchable

    handlers = {name: (lambda name=name: catalogue(name)) for name in CATALOGUES}
    with serve_in_thread(handlers) as urls:  # type: ignore[arg-type]
        targets = [
            {
                "id": "orebro",
                "name": "Örebro",
                "url": urls["orebro"],
                "holdings": {"preset": "koha"},
                "record_url": "https://bibliotek.orebro.example/post/{record_id}",
                "libraries": [
                    _library("Örebro stadsbibliotek", "OSB", "SE-Ob", "Örebro")
                    | {"branches": {"OSB": "Stadsbiblioteket", "VIV": "Vivalla bibliotek"}}
                ],
            },
            {
                "id": "bergslagsbibblan",
                "name": "Bergslagsbibblan",
                "url": urls["bergslagsbibblan"],
                "holdings": {"preset": "koha"},
                "libraries": [
                    _library("Nora bibliotek", "NOR", "SE-Nor", "Norr"),
                    _library("Lindesbergs stadsbibliotek", "LSB", "SE-Lbg", "Norr"),
                ],
            },
            {
                "id": "karlskoga",
                "name": "Karlskoga",
                "url": urls["karlskoga"],
                "holdings": {"preset": "koha"},
                "timeout_s": 1.0,
                "libraries": [_library("Karlskoga bibliotek", "KSB", "SE-Kga", "Väster")],
            },
            {
                "id": "hostile",
                "name": "Hostile",
                "url": urls["hostile"],
                "holdings": {"preset": "koha"},
                "libraries": [_library("Hostile bibliotek", "X", "SE-Hos", "")],
            },
        ]
        data = {
            "targets": targets,
            "ill": {"hub_route": "Örebro"},
            "search": {"breaker_failures": 100},
            "limits": {"requests_per_minute": 100_000, "burst": 10_000},
        }
        with TestClient(create_app(parse_settings(data, environ={}))) as test_client:
            yield test_client


def work_id(client: TestClient, isbn: str = ISBN) -> str:
    page = client.get("/ill", params={"q": isbn}).text
    found = re.search(r'href="/ill/record/([0-9a-f]+)', page)
    assert found, page
    return found.group(1)


def check(body: Any, schema: str) -> None:
    schemas = openapi_document()["components"]["schemas"]
    jsonschema.validate(body, {"components": {"schemas": schemas}, **schemas[schema]})


def rows_of(page: str) -> list[str]:
    return re.findall(r'<tr id="copy-\d+"[^>]*>(.*?)</tr>', page, re.S)


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_own_library_chosen_once_and_its_catalogues_copies_come_first(client: TestClient) -> None:
    client.cookies.clear()
    wid = work_id(client)
    first = client.get(f"/ill/record/{wid}")
    assert "Välj ditt bibliotek" in first.text and "Ditt bibliotek" in first.text
    chosen = client.get(f"/ill/record/{wid}", params={"library": "nora-bibliotek"})
    assert chosen.cookies.get("ill_library") == "nora-bibliotek"
    page = client.get(f"/ill/record/{wid}").text  # remembered by the cookie
    assert "<strong>Nora bibliotek</strong> · ISIL SE-Nor" in page
    reserve = page[page.index('id="reserve-heading"') : page.index('id="suggest-heading"')]
    assert "ditt eget bibliotek: en reservation, inget fjärrlån" in reserve
    assert "i din egen katalog: en reservation, inget fjärrlån" in reserve  # Lindesberg
    rows = [text_of(r) for r in rows_of(page)]
    assert rows[0].startswith("Nora bibliotek") and "Reservation, inget fjärrlån" in rows[0]
    assert rows[1].startswith("Lindesbergs stadsbibliotek")
    assert not any("Nora bibliotek, Nora bibliotek" in r for r in rows)  # named once
    suggestions = page[page.index('id="suggest-heading"') : page.index('id="request-heading"')]
    assert "Nora bibliotek" not in suggestions and "Karlskoga bibliotek" in suggestions
    client.cookies.clear()


def test_lenders_suggested_with_reasons_and_any_copy_can_be_picked(client: TestClient) -> None:
    wid = work_id(client)
    page = client.get(f"/ill/record/{wid}", params={"library": "nora-bibliotek"}).text
    suggestions = re.findall(r'<ol class="suggestions">(.*?)</ol>', page, re.S)[0]
    lenders = re.findall(r'<p class="lender"><strong>(.*?)</strong>', suggestions)
    # On the shelf first (Karlskoga, via the hub), then the copy due back; the overdue last.
    assert lenders == ["Karlskoga bibliotek", "Örebro stadsbibliotek, Vivalla bibliotek"]
    assert "Varför: inne nu; via transportnavet (slinga Väster)" in suggestions
    assert "försenad sedan" not in suggestions.split("Vivalla")[0]
    overdue_row = next(r for r in rows_of(page) if "Stadsbiblioteket" in r and "Utlånad" in r)
    assert "Försenad" in overdue_row and "samma bibliotek som förslag 2" in overdue_row
    assert f"q={OVERDUE}" not in page  # the due date is shown, not as a raw code
    request = page[page.index('id="request-heading"') :]
    assert "Beställning till Karlskoga bibliotek" in request
    picks = re.findall(r'<a href="([^"]+)">Välj<span class="visually-hidden"> \(([^)]+)', page)
    (pick,) = [url for url, what in picks if what.endswith("Stadsbiblioteket, Utlånad")]
    picked = client.get(pick.replace("&amp;", "&")).text
    text = re.search(r'<textarea id="request"[^>]*>(.*?)</textarea>', picked, re.S)
    assert text is not None
    lines = text.group(1).splitlines()
    assert "Långivande bibliotek: Örebro stadsbibliotek, Stadsbiblioteket" in lines
    assert "Långivande bibliotek (ISIL): SE-Ob" in lines
    assert "Beställande bibliotek: Nora bibliotek" in lines
    assert any(
        line.startswith("Status: Utlånad") and "direkt från katalogen" in line for line in lines
    )
    assert "Det här exemplaret kan inte lånas ut" not in picked  # lendable, just overdue
    mail = re.search(r'href="(mailto:[^"]+)">Skicka med e-post', picked)
    assert mail is not None and mail.group(1).startswith("mailto:fjarrlan@ob.bibliotek.example?")


def test_a_reference_copy_can_be_picked_but_says_why_not(client: TestClient) -> None:
    wid = work_id(client)
    body = client.get(f"/api/v1/ill/{wid}", params={"library": "nora-bibliotek"}).json()
    reference = next(c for c in body["copies"] if c["status"] == "not_for_loan")
    assert reference["ill"] == {
        "lendable": False,
        "rule": {"scope": "copy", "subject": "reference_copy", "lends": False, "by": None},
        "reasons": ["reference_copy"],
    }
    page = client.get(f"/ill/record/{wid}", params={"copy": reference["key"]}).text
    assert (
        "Det här exemplaret kan inte lånas ut som fjärrlån: exemplaret självt: referensexemplar"
        in page
    )


def test_an_ebook_is_never_lendable(client: TestClient) -> None:
    wid = work_id(client, EBOOK_ISBN)
    page = client.get(f"/ill/record/{wid}", params={"library": "orebro-stadsbibliotek"}).text
    (row,) = [text_of(r) for r in rows_of(page)]
    assert "Nej" in row and "Regel: exemplaret självt: en e-resurs" in row
    assert "Inget exemplar kan fjärrlånas just nu." in page
    body = client.get(f"/api/v1/ill/{wid}").json()
    assert [c["ill"]["lendable"] for c in body["copies"]] == [False]
    assert body["suggestions"] == [] and body["request"] is None


def test_csv_for_swedish_spreadsheets_one_row_per_copy(client: TestClient) -> None:
    wid = work_id(client)
    response = client.get(f"/ill/record/{wid}/copies.csv", params={"library": "nora-bibliotek"})
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 6  # Örebro 3, Nora, Lindesberg, Karlskoga
    assert set(rows[0]) >= {"Titel", "Bibliotek", "ISIL", "Status", "Åter", "Aktualitet", "Regel"}
    by_place = {(r["Bibliotek"], r["Filial"], r["Status"]): r for r in rows}
    nora = by_place[("Nora bibliotek", "Nora bibliotek", "Inne")]
    assert nora["Fjärrlån"] == "Reservera" and nora["ISIL"] == "SE-Nor"
    overdue = by_place[("Örebro stadsbibliotek", "Stadsbiblioteket", "Utlånad")]
    assert overdue["Försenad"] == "Ja" and overdue["Åter"] == OVERDUE
    assert overdue["Aktualitet"].startswith("direkt från katalogen")
    assert overdue["E-post för fjärrlån"] == "fjarrlan@ob.bibliotek.example"
    hostile = client.get(f"/ill/record/{work_id(client, HOSTILE_ISBN)}/copies.csv").content
    (row,) = list(csv.reader(io.StringIO(hostile.decode("utf-8-sig")), delimiter=";"))[1:]
    assert row[0] == "'@SUM(1+1)*cmd|' /C calc'!A0"  # text, not a formula


def test_iso_18626_request_for_the_chosen_copy_is_valid(client: TestClient) -> None:
    wid = work_id(client)
    page = client.get(f"/ill/record/{wid}", params={"library": "nora-bibliotek"}).text
    link = re.search(r'href="(/ill/record/[^"]+/iso18626\.xml\?[^"]+)"', page)
    assert link is not None
    response = client.get(link.group(1).replace("&amp;", "&"))
    assert response.status_code == 200 and response.headers["content-type"].startswith(
        "application/xml"
    )
    root = etree.fromstring(response.content, PARSER)
    XSD.assertValid(root)
    ns = {"i": "http://illtransactions.org/2013/iso18626"}
    assert root.xpath("string(//i:supplyingAgencyId/i:agencyIdValue)", namespaces=ns) == "SE-Kga"
    assert root.xpath("string(//i:requestingAgencyId/i:agencyIdValue)", namespaces=ns) == "SE-Nor"
    assert root.xpath("string(//i:bibliographicItemIdentifier)", namespaces=ns) == ISBN
    client.cookies.clear()
    without = client.get(f"/ill/record/{wid}/iso18626.xml")
    assert without.status_code == 409 and "Välj ditt eget bibliotek först" in without.text


def test_json_and_daia_match_their_documented_schemas(client: TestClient) -> None:
    wid = work_id(client)
    body = client.get(f"/api/v1/ill/{wid}", params={"library": "nora-bibliotek"}).json()
    check(body, "IllView")
    fields = {f["name"]: f for f in body["request"]["fields"]}
    assert fields["supplying_agency"]["iso18626"] == "header/supplyingAgencyId/agencyIdValue"
    assert fields["supplying_agency"]["value"] == "SE-Kga"
    for asked in (wid, ISBN, f"urn:isbn:{ISBN}"):
        daia = client.get(f"/api/v1/availability/{asked}").json()
        check(daia, "Daia")
        jsonschema.Draft4Validator(DAIA_SCHEMA).validate(daia)
        (document,) = daia["document"]
        assert document["requested"] == asked
    items = {i["department"]["content"]: i for i in document["item"]}
    assert {"service": "interloan"} in items["Karlskoga bibliotek"]["available"]
    assert items["Karlskoga bibliotek"]["department"]["id"] == "https://libris.kb.se/library/Kga"
    assert items["Karlskoga bibliotek"]["about"].startswith("live: status as of ")
    unknown = client.get("/api/v1/availability/0000")
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/ill/0000").status_code == 404


def test_a_catalogue_that_is_down_shows_its_copies_cached_with_their_age(
    client: TestClient, down: threading.Event
) -> None:
    wid = work_id(client)
    service = client.app_state["service"]
    assert client.portal is not None
    client.portal.call(service.cache.flush)
    down.set()
    try:
        page = client.get(f"/ill/record/{wid}", params={"library": "nora-bibliotek"}).text
        daia = client.get(f"/api/v1/availability/{wid}").json()
        rows = list(
            csv.DictReader(
                io.StringIO(
                    client.get(f"/ill/record/{wid}/copies.csv").content.decode("utf-8-sig")
                ),
                delimiter=";",
            )
        )
    finally:
        down.clear()
    assert "Karlskoga svarade inte: dess exemplar visas från cachen" in page
    karlskoga = next(text_of(r) for r in rows_of(page) if "Karlskoga" in r)
    assert re.search(r"från cachen: \d+ minut(er)? gammal \(sedd ", karlskoga), karlskoga
    orebro = next(text_of(r) for r in rows_of(page) if "Vivalla" in r)
    assert "direkt från katalogen" in orebro
    (karlskoga_row,) = [r for r in rows if r["Bibliotek"] == "Karlskoga bibliotek"]
    assert karlskoga_row["Aktualitet"].startswith("från cachen:")
    items = {i["department"]["content"]: i for i in daia["document"][0]["item"]}
    assert items["Karlskoga bibliotek"]["about"].startswith("cached: status as of ")


def test_english_through_the_same_mechanism_and_links_carry_the_library(client: TestClient) -> None:
    wid = work_id(client)
    page = client.get(f"/ill/record/{wid}", params={"library": "nora-bibliotek", "lang": "en"}).text
    assert '<html lang="en">' in page and "Suggested lenders" in page
    assert "Why: on the shelf now; via the transport hub (route Väster)" in page
    csv_link = re.search(r'href="(/ill/record/[^"]+/copies\.csv\?[^"]*)"', page)
    assert csv_link is not None
    assert parse_qs(urlsplit(csv_link.group(1)).query) == {"library": ["nora-bibliotek"]}
    header = client.get(csv_link.group(1)).content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Title;Author;Year;ISBN;Library")
    client.cookies.clear()
    assert '<html lang="sv">' in client.get(f"/ill/record/{wid}").text


def test_an_unknown_library_is_said_and_the_search_is_not_filtered_by_it(
    client: TestClient,
) -> None:
    page = client.get("/ill", params={"q": ISBN, "library": "atlantis"})
    assert page.status_code == 200 and "Det finns inget bibliotek med koden atlantis." in page.text
    assert "/ill/record/" in page.text  # ?library= is the staff's library, not a filter
    assert "ill_library" not in page.cookies


def test_the_request_text_has_each_iso_18626_field_once() -> None:
    assert sorted(TEXT_ORDER) == sorted(name for name, _ in FIELDS)
    assert len(set(TEXT_ORDER)) == len(TEXT_ORDER)
