"""What the federator believes of a request: not its Host header, not a forwarded address from
anyone but a configured proxy, not a path that would make a link leave the site. Each test
fails on the code before the fix (issue: reliability and security, items 6-8)."""

from __future__ import annotations

import re
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from lxml import etree
from starlette.testclient import TestClient

from federator.config import Settings, parse_settings
from federator.web.app import create_app
from tests.threaded import serve_federator

PUBLIC = "https://samsok.example.se/bibliotek"


def settings(burst: int = 3, **server: Any) -> Settings:
    limits = {"requests_per_minute": 6, "burst": burst}
    return parse_settings({"targets": [], "limits": limits, "server": server}, environ={})


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    with TestClient(create_app(settings(1000, public_url=PUBLIC))) as test_client:
        yield test_client


def test_links_we_write_use_the_configured_address_not_the_host_header(
    client: TestClient,
) -> None:
    evil = {"Host": "evil.example"}
    description = client.get("/opensearch.xml", headers=evil).text
    assert "evil.example" not in description
    assert f'template="{PUBLIC}/search?q={{searchTerms}}"' in description
    explain = client.get("/sru", params={"operation": "explain", "version": "1.2"}, headers=evil)
    root = etree.fromstring(explain.content)
    host = root.find(".//{http://explain.z3950.org/dtd/2.0/}host")
    database = root.find(".//{http://explain.z3950.org/dtd/2.0/}database")
    port = root.find(".//{http://explain.z3950.org/dtd/2.0/}port")
    assert host is not None and host.text == "samsok.example.se"
    assert database is not None and database.text == "bibliotek/sru"
    assert port is not None and port.text == "443"


@pytest.mark.parametrize("path", ["//evil.example/", "/\\evil.example/", "//evil.example/x?a=b"])
def test_an_unknown_path_never_becomes_a_link_to_another_site(
    client: TestClient, path: str
) -> None:
    page = client.get(f"http://testserver{path}", headers={"Accept": "text/html"})
    assert page.status_code == 404
    links = re.findall(r'href="([^"]*)"', page.text)
    assert links and not [link for link in links if link.startswith(("//", "/\\"))]
    assert 'href="/?lang=en"' in page.text


def test_a_public_url_that_is_not_http_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match=r"\[server\]: key 'public_url'"):
        settings(public_url="javascript:alert(1)")
    with pytest.raises(ValueError, match="'nonsense' is not an IP address"):
        settings(trusted_proxies=["nonsense"])


def statuses(base: str, count: int) -> list[int]:
    found = []
    for number in range(count):
        request = urllib.request.Request(
            f"{base}/openapi.json", headers={"X-Forwarded-For": f"203.0.113.{number}"}
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                found.append(response.status)
        except urllib.error.HTTPError as error:
            found.append(error.code)
    return found


def test_forwarded_addresses_are_believed_only_from_configured_proxies() -> None:
    """Before: uvicorn believed X-Forwarded-For from 127.0.0.1, so every spoofed address got
    a bucket of its own and the limit never applied."""
    with serve_federator(settings()) as base:
        untrusted = statuses(base, 8)
    assert untrusted.count(429) >= 4  # one client, however it says it is called
    with serve_federator(settings(trusted_proxies=["127.0.0.1"])) as base:
        trusted = statuses(base, 8)
    assert trusted == [200] * 8  # behind our proxy: eight different patrons


def read_all(sock: socket.socket) -> bytes:
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def test_a_slow_request_head_is_cut_off_and_a_huge_one_refused() -> None:
    """Before: 300 slowloris connections were held for 40 s, and a 40 KB head was accepted
    though the README promised 16 KB (uvicorn's httptools parser has no cap)."""
    config = settings(1000, header_timeout_s=0.5)
    with serve_federator(config) as base:
        port = int(base.rsplit(":", 1)[1])
        slow = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(20)]
        started = time.monotonic()
        for sock in slow:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")  # and never the end
        for sock in slow:
            assert read_all(sock) == b""  # closed by the server, no answer
            sock.close()
        assert time.monotonic() - started < 5  # the head deadline (0.5 s), not forever
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(
                b"GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 40_000 + b"\r\n\r\n"
            )
            answer = read_all(sock)
        assert answer.startswith(b"HTTP/1.1 431")
        assert b'{"error": {"code": "request_head_too_large"' in answer
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"NOT HTTP AT ALL\r\n\r\n")
            answer = read_all(sock)
        assert answer.startswith(b"HTTP/1.1 400") and b'"code": "bad_request"' in answer
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            assert read_all(sock).startswith(b"HTTP/1.1 200")  # a normal head still works
