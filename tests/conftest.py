from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.realservers import ZEBRA_RECORDS, start_yaz_ztest, start_zebra
from tests.shared.redisserver import RedisServer, start_redis


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


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RedisServer]:
    """A real redis-server (Debian's) on a free port of 127.0.0.1, for the shared state."""
    server = start_redis(tmp_path_factory.mktemp("redis"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def prefix() -> str:
    """A key prefix of this test's own, so tests sharing the Redis never see each other."""
    return f"test-{uuid.uuid4().hex[:8]}:"


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of this test's own, to kill and restart; stopped whatever happens."""
    server = start_redis(tmp_path / "redis")
    try:
        yield server
    finally:
        server.stop()
