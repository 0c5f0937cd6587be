"""Two real Zebra catalogues sharing part of their records, and fault servers beside them."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import etree

from federator.config import Settings, parse_settings
from tests import fakesru
from tests.realservers import ZEBRA_RECORDS, start_zebra
from tests.threaded import serve_in_thread

MARC = "{http://www.loc.gov/MARC21/slim}"


def _subset(path: Path, keep: range) -> Path:
    root = etree.parse(str(ZEBRA_RECORDS)).getroot()
    for index, record in enumerate(list(root.iter(f"{MARC}record")), 1):
        if index not in keep:
            root.remove(record)
    etree.ElementTree(root).write(str(path), xml_declaration=True, encoding="UTF-8")
    return path


@pytest.fixture(scope="session")
def two_zebras(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """'orebro' holds records 1-18, 'bergslagen' 4-27: 15 titles in both."""
    work = tmp_path_factory.mktemp("two-zebras")
    first = start_zebra(work / "a", [_subset(work / "a.xml", range(1, 19))], database="orebro")
    second = start_zebra(work / "b", [_subset(work / "b.xml", range(4, 28))], database="bergslagen")
    try:
        yield first.base_url, second.base_url
    finally:
        first.stop()
        second.stop()


@pytest.fixture(scope="session")
def fault_urls() -> Iterator[dict[str, str]]:
    handlers = {
        "hang": lambda: fakesru.hanging(asyncio.Event()),
        "broken": lambda: fakesru.fixed(
            b"<html><h1>Internal Server Error</h1></html>", 500, "text/html"
        ),
        "diagnostic": lambda: fakesru.fixed(
            fakesru.diagnostic_envelope(16, "Unsupported index", "dc.foo")
        ),
    }
    with serve_in_thread(handlers) as urls:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            urls["dead"] = f"http://127.0.0.1:{sock.getsockname()[1]}/dead"
        yield urls


def settings_for(zebras: tuple[str, str], faults: dict[str, str], **search: object) -> Settings:
    orebro, bergslagen = zebras
    targets = [
        {
            "id": "orebro",
            "name": "Örebro stadsbibliotek",
            "url": orebro,
            "record_url": "https://bibliotek.orebro.se/post/{record_id}",
            "holdings": {"field": "952"},
            "libraries": [
                {
                    "name": "Örebro stadsbibliotek",
                    "municipality": "Örebro",
                    "branches": {
                        "MSB": "Stadsbiblioteket",
                        "ROS": "Rosta bibliotek",
                        "LIM": "Olaus Petri",
                    },
                }
            ],
        },
        {
            "id": "bergslagsbibblan",
            "name": "Bergslagsbibblan",
            "url": bergslagen,
            "sru_version": "2.0",
            "holdings": {"field": "852"},
            "libraries": [
                {
                    "name": "Lindesbergs bibliotek",
                    "municipality": "Lindesberg",
                    "branches": {"SSB-HUV": "Huvudbiblioteket", "SSB-BARN": "Barn"},
                },
                {
                    "name": "Nora bibliotek",
                    "municipality": "Nora",
                    "branches": {"SSB-MAG": "Magasinet", "SSB-INT": "Internationellt"},
                },
            ],
        },
    ] + [
        {"id": name, "name": name.title(), "url": url, "timeout_s": 0.5, "connect_timeout_s": 0.3}
        for name, url in faults.items()
    ]
    data = {"search": {"deadline_s": 2.0, **search}, "targets": targets}
    return parse_settings(data, environ={})
