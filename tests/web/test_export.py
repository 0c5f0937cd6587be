"""Record pages for reference managers: RIS, BibTeX, CSL-JSON and MARCXML, each parsed back by
a library made for that format; COinS and schema.org JSON-LD on the page."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from html import unescape
from urllib.parse import parse_qs

import bibtexparser
import pymarc
import pytest
import rispy
from citeproc.source.json import CiteProcJSON
from starlette.testclient import TestClient

from federator.config import parse_settings
from federator.web.app import create_app
from tests import fakesru
from tests.connectors.marc_builders import controlfield, datafield, marc_record
from tests.threaded import serve_in_thread

TITLE = 'Röda rummet {50% "&" mer}'  # LaTeX and HTML specials both
RECORD = marc_record(
    controlfield("001", "r1"),
    controlfield("008", "990101s1879    sw |||||||||| 000 1 swe c"),
    datafield("020", ("a", "9789113023458")),
    datafield("084", ("a", "Hc.01"), ("2", "kssb/8")),
    datafield("100", ("a", "Strindberg, August,"), ("d", "1849-1912")),
    datafield("245", ("a", TITLE + " :"), ("b", "skildringar ur artist- och författarlivet")),
    datafield("250", ("a", "2. uppl.")),
    datafield("264", ("b", "Bonnier,"), ("c", "1879"), ind2="1"),
    datafield("300", ("a", "368 s. ;"), ("c", "20 cm")),
    datafield("490", ("a", "Svenska klassiker ;"), ("v", "7")),
    datafield("500", ("a", "Originalupplagan 1879.\nAndra raden")),
    datafield("505", ("a", "Kapitel 1 -- Kapitel 2")),
    datafield("650", ("a", "Stockholm")),
    datafield("952", ("a", "MSB"), ("b", "MSB"), ("o", "Hc Strindberg")),
)


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with serve_in_thread({"orebro": lambda: fakesru.paging_handler([RECORD])}) as urls:
        target = {
            "id": "orebro",
            "name": "Örebro",
            "url": urls["orebro"],
            "holdings": {"field": "952"},
        }
        data = {"targets": [target], "server": {"public_url": "https://samsok.example.se"}}
        with TestClient(create_app(parse_settings(data, environ={}))) as test_client:
            yield test_client


def work_id(client: TestClient) -> str:
    page = client.get("/search", params={"q": "röda rummet"}).text
    found = re.search(r'href="/record/([0-9a-f]+)"', page)
    assert found is not None
    return found.group(1)


def download(client: TestClient, fmt: str) -> tuple[str, str]:
    answer = client.get(f"/record/{work_id(client)}/export.{fmt}")
    assert answer.status_code == 200
    assert answer.headers["content-disposition"].startswith("attachment; filename=")
    return answer.headers["content-type"], answer.text


def test_record_page_shows_what_patrons_read(client: TestClient) -> None:
    page = client.get(f"/record/{work_id(client)}").text
    for shown in ("Omfång</dt><dd>368 s. ; 20 cm", "Svenska klassiker ; 7", "Hc.01"):
        assert shown in page
    assert "<li>Kapitel 1</li><li>Kapitel 2</li>" in page and "Originalupplagan 1879." in page


def test_ris_parses_back_with_rispy(client: TestClient) -> None:
    media, text = download(client, "ris")
    assert media.startswith("application/x-research-info-systems")
    (entry,) = rispy.load(io.StringIO(text))
    assert entry["type_of_reference"] == "BOOK"
    assert entry["title"].startswith(TITLE) and entry["authors"] == ["Strindberg, August"]
    assert entry["year"] == "1879" and entry["issn"] == "9789113023458"
    assert entry["notes"] == ["Originalupplagan 1879. Andra raden"]  # one line: no false tag
    assert entry["urls"] == [f"https://samsok.example.se/record/{entry['id']}"]


def test_bibtex_parses_back_with_bibtexparser(client: TestClient) -> None:
    media, text = download(client, "bib")
    assert media.startswith("application/x-bibtex")
    library = bibtexparser.parse_string(text)  # type: ignore[attr-defined]
    assert library.failed_blocks == []
    (entry,) = library.entries
    assert entry.entry_type == "book" and entry["year"] == "1879"
    assert entry["author"] == "Strindberg, August" and entry["isbn"] == "9789113023458"
    assert entry["title"].startswith(r'Röda rummet \{50\% "\&" mer\}')  # LaTeX escaped


def test_csl_json_parses_back_with_citeproc(client: TestClient) -> None:
    media, text = download(client, "json")
    assert media.startswith("application/vnd.citationstyles.csl+json")
    items = json.loads(text)
    source = CiteProcJSON(items)
    (reference,) = source.values()
    assert reference.type == "book" and str(reference.title).startswith(TITLE)
    assert reference.author[0].family == "Strindberg" and reference.issued.year == 1879
    assert items[0]["publisher"] == "Bonnier"


def test_marcxml_parses_back_with_pymarc(client: TestClient) -> None:
    media, text = download(client, "xml")
    assert media.startswith("application/marcxml+xml")
    (record,) = pymarc.parse_xml_to_array(io.BytesIO(text.encode()))  # type: ignore[no-untyped-call]
    assert record["245"]["a"].startswith("Röda rummet")
    assert record["020"]["a"] == "9789113023458"
    assert record.get_fields("852")[0]["h"] == "Hc Strindberg"  # each copy, as /sru gives it


def test_coins_and_json_ld_are_on_the_record_page(client: TestClient) -> None:
    page = client.get(f"/record/{work_id(client)}").text
    coins = re.search(r'<span class="Z3988" title="([^"]+)"></span>', page)
    assert coins is not None
    context = parse_qs(unescape(coins.group(1)))
    assert context["ctx_ver"] == ["Z39.88-2004"] and context["rft.isbn"] == ["9789113023458"]
    assert context["rft.btitle"][0].startswith(TITLE)
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    assert block is not None and "<" not in block.group(1)  # nothing can close the block early
    data = json.loads(block.group(1))
    assert data["@type"] == "Book" and data["isbn"] == ["9789113023458"]
    assert data["inLanguage"] == "sv" and data["author"][0]["name"] == "Strindberg, August"


def test_unknown_formats_and_records_are_404(client: TestClient) -> None:
    assert client.get(f"/record/{work_id(client)}/export.pdf").status_code == 404
    assert client.get("/record/0000/export.ris").status_code == 404
