from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.realservers import ZEBRA_RECORDS, start_yaz_ztest, start_zebra


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        help="rewrite tests/data/**/*.json from the current mapping (then read the diff)",
    )


@pytest.fixture(scope="session")
def zebra_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Zebra SRU server (Debian idzebra-2.0) holding tests/data/zebra/records.xml."""
    server = start_zebra(tmp_path_factory.mktemp("zebra"), [ZEBRA_RECORDS])
    try:
        assert server.process.poll() is None, server.log()
        yield server.base_url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def ztest_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """yaz-ztest (Debian yaz): YAZ's own test server, answering SRU with LoC sample records."""
    server = start_yaz_ztest(tmp_path_factory.mktemp("ztest"))
    try:
        assert server.process.poll() is None, server.log()
        yield server.base_url
    finally:
        server.stop()
