"""Real Z39.50 servers: the SRU fixtures' zebrasrv and yaz-ztest (both speak Z39.50 on the same
port), and a Zebra that sends ISO 2709 in MARC-8, UTF-8 or Latin-1 (servers.py)."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.web.conftest import two_zebras  # noqa: F401  (shared with the mixed search)
from tests.z3950.servers import start_marc_zebra

Address = tuple[str, int]


def address(url: str) -> Address:
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    return parts.hostname, parts.port


@pytest.fixture(scope="session")
def zebra_z3950(zebra_url: str) -> Address:
    """The SRU tests' Zebra (tests/data/zebra/records.xml, stored as MARCXML), over Z39.50."""
    return address(zebra_url)


@pytest.fixture(scope="session")
def ztest_z3950(ztest_url: str) -> Address:
    return address(ztest_url)


@pytest.fixture(scope="session")
def marc_zebra(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Address]:
    server = start_marc_zebra(tmp_path_factory.mktemp("marc-zebra"))
    try:
        assert server.process.poll() is None, server.log()
        yield address(server.base_url)
    finally:
        server.stop()
