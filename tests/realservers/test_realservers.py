"""Contract tests for the real-server helpers and the Zebra test catalogue.

These pin down the behaviour documented in tests/realservers/README.md, so a
change in the Zebra configuration or in records.xml that would silently change
what connector tests see fails here first.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from tests.realservers import (
    ZEBRA_RECORDS,
    BinaryNotFoundError,
    RunningServer,
    free_port,
    start_yaz_ztest,
    start_zebra,
)

pytestmark = pytest.mark.realserver

SRU_1 = "http://www.loc.gov/zing/srw/"
SRU_2 = "http://docs.oasis-open.org/ns/search-ws/sruResponse"
MARC = "http://www.loc.gov/MARC21/slim"
ZEEREX = "http://explain.z3950.org/dtd/2.0/"


@pytest.fixture(scope="module")
def zebra(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    server = start_zebra(tmp_path_factory.mktemp("zebra"), [ZEBRA_RECORDS])
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def ztest(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    server = start_yaz_ztest(tmp_path_factory.mktemp("ztest"))
    try:
        yield server
    finally:
        server.stop()


def get(base_url: str, **params: str) -> etree._Element:
    url = base_url + "?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=5) as response:
        assert response.status == 200
        body: bytes = response.read()
    return etree.fromstring(body)


def search(base_url: str, query: str, version: str = "1.2", **params: str) -> etree._Element:
    params.setdefault("maximumRecords", "100")
    return get(base_url, operation="searchRetrieve", version=version, query=query, **params)


def count(root: etree._Element) -> int | None:
    text = root.findtext(f"{{{root.nsmap['zs']}}}numberOfRecords")
    return None if text is None else int(text)


def ids(root: etree._Element) -> list[str]:
    return [str(e.text) for e in root.iterfind(f".//{{{MARC}}}controlfield[@tag='001']")]


def diagnostics(root: etree._Element) -> list[str]:
    return [str(e.text) for e in root.iter() if etree.QName(e).localname == "uri"]


def test_free_port_is_bindable() -> None:
    port = free_port()
    assert 1024 <= port <= 65535


def test_missing_binary_is_an_error_not_a_skip(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(BinaryNotFoundError, match="zebraidx"):
        start_zebra(tmp_path / "z", [ZEBRA_RECORDS])
    with pytest.raises(BinaryNotFoundError, match="yaz-ztest"):
        start_yaz_ztest(tmp_path / "y")


def test_stop_ends_the_process(tmp_path: Path) -> None:
    server = start_yaz_ztest(tmp_path)
    server.stop()
    assert server.process.poll() is not None
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(server.base_url, timeout=2)


def test_base_url(zebra: RunningServer) -> None:
    assert zebra.base_url.startswith("http://127.0.0.1:")
    assert zebra.base_url.endswith("/catalogue")


def test_explain_advertises_indexes(zebra: RunningServer) -> None:
    root = get(zebra.base_url, operation="explain", version="1.2")
    names = {
        f"{n.get('set')}.{n.text}"
        for n in root.iterfind(f".//{{{ZEEREX}}}index/{{{ZEEREX}}}map/{{{ZEEREX}}}name")
    }
    assert {
        "cql.serverChoice",
        "dc.title",
        "dc.creator",
        "dc.subject",
        "dc.date",
        "bath.isbn",
        "rec.id",
        "local.title",
        "local.author",
        "local.subject",
        "local.isbn",
        "local.year",
        "local.any",
    } <= names


@pytest.mark.parametrize(("version", "namespace"), [("1.1", SRU_1), ("1.2", SRU_1), ("2.0", SRU_2)])
def test_versions(zebra: RunningServer, version: str, namespace: str) -> None:
    root = search(zebra.base_url, "dc.title=rummet", version=version)
    assert etree.QName(root).namespace == namespace
    assert count(root) == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dc.title=rummet", ["fed0001", "fed0002", "fed0003"]),
        ('title="röda rummet"', ["fed0001", "fed0002", "fed0003"]),
        ("author=strindberg", ["fed0001", "fed0002", "fed0003", "fed0016", "fed0017"]),
        ("dc.creator=lagerlöf", ["fed0004", "fed0015"]),
        ("subject=konstnärer", ["fed0001", "fed0002", "fed0003"]),
        ("bath.isbn=9789113023458", ["fed0001", "fed0002"]),
        ("bath.isbn=978-91-1-302345-8", ["fed0001", "fed0002"]),
        ("isbn=9100567892", ["fed0004"]),
        ("isbn=9789100567897", []),  # ISBN-10 in the record: no 10->13 conversion
        ("isbn=9789100123451", ["fed0006"]),  # catalogued as "9789100123451 (inb.)"
        ("isbn=9789100142270", []),  # only in 020 $z
        ("year=1879", ["fed0003"]),
        ("dc.date>=2018", ["fed0002", "fed0021", "fed0022", "fed0025"]),
        ("cql.serverChoice=hobbit", ["fed0010"]),
        ("malmö", ["fed0022"]),
        ("malmo", []),
        ("rec.id=fed0011", ["fed0011"]),
        ("language=fin", ["fed0012"]),
        ("title=rumm*", ["fed0001", "fed0002", "fed0003"]),
    ],
)
def test_zebra_queries(zebra: RunningServer, query: str, expected: list[str]) -> None:
    root = search(zebra.base_url, query)
    assert diagnostics(root) == []
    assert ids(root) == expected
    assert count(root) == len(expected)


def test_all_records(zebra: RunningServer) -> None:
    assert count(search(zebra.base_url, "cql.allRecords=1", maximumRecords="0")) == 27


def test_paging(zebra: RunningServer) -> None:
    query = 'subject="svensk skönlitteratur"'
    pages = [
        ids(search(zebra.base_url, query, startRecord=str(start), maximumRecords="5"))
        for start in (1, 6, 11)
    ]
    assert [len(p) for p in pages] == [5, 5, 3]
    assert len({i for p in pages for i in p}) == 13
    assert diagnostics(search(zebra.base_url, query, startRecord="14")) == [
        "info:srw/diagnostic/1/61"
    ]


def test_no_maximum_records_means_no_records(zebra: RunningServer) -> None:
    root = get(zebra.base_url, operation="searchRetrieve", version="1.2", query="strindberg")
    assert count(root) == 5
    assert ids(root) == []


def test_dc_schema(zebra: RunningServer) -> None:
    root = search(zebra.base_url, "rec.id=fed0001", recordSchema="dc")
    titles = [e.text for e in root.iter("{http://purl.org/dc/elements/1.1/}title")]
    assert titles == ["Röda rummet : skildringar ur artist- och författarlivet"]


def test_record_packing_string(zebra: RunningServer) -> None:
    root = search(zebra.base_url, "rec.id=fed0001", recordPacking="string")
    data = root.findtext(f".//{{{SRU_1}}}recordData")
    assert data is not None and "<record" in data


@pytest.mark.parametrize(
    ("query", "params", "uri"),
    [
        ("dc.rights=x", {}, "info:srw/diagnostic/1/16"),
        ("foo.bar=x", {}, "info:srw/diagnostic/1/15"),
        ("title=(", {}, "info:srw/diagnostic/1/10"),
        ("rummet", {"recordSchema": "mods"}, "info:srw/diagnostic/1/66"),
    ],
)
def test_zebra_diagnostics(
    zebra: RunningServer, query: str, params: dict[str, str], uri: str
) -> None:
    assert diagnostics(search(zebra.base_url, query, **params)) == [uri]


@pytest.mark.parametrize(("version", "namespace"), [("1.1", SRU_1), ("1.2", SRU_1), ("2.0", SRU_2)])
def test_ztest_versions(ztest: RunningServer, version: str, namespace: str) -> None:
    assert ztest.base_url.endswith("/Default")
    root = search(ztest.base_url, "dc.title=rummet", version=version, maximumRecords="1")
    assert etree.QName(root).namespace == namespace
    assert count(root) is not None


@pytest.mark.parametrize(
    ("sortby", "expected"),
    [
        ("dc.date", ["fed0003", "fed0016", "fed0001", "fed0017", "fed0002"]),
        ("year/sort.descending", ["fed0002", "fed0017", "fed0001", "fed0016", "fed0003"]),
        ("dc.title", ["fed0017", "fed0016", "fed0003", "fed0001", "fed0002"]),
    ],
)
def test_sortby(zebra: RunningServer, sortby: str, expected: list[str]) -> None:
    assert ids(search(zebra.base_url, f"author=strindberg sortby {sortby}")) == expected


def test_empty_database(tmp_path: Path) -> None:
    with start_zebra(tmp_path, [], database="empty") as server:
        assert server.base_url.endswith("/empty")
        # Zebra only knows indexes that occur in some record: diag 16, not 0 hits.
        assert diagnostics(search(server.base_url, "title=x")) == ["info:srw/diagnostic/1/16"]
