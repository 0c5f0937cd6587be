"""A real headless Chromium (Debian's chromium + chromium-driver) against the app, serving the
generated demo catalogues (small scale) over real sockets."""

from __future__ import annotations

import shutil
import struct
import tempfile
import zlib
from collections.abc import Iterator

import pytest
from aiohttp import web
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from federator.config import parse_settings
from federator.demo.catalogue import DemoIndex
from federator.demo.generate import generate_catalogues
from federator.demo.run import DemoOptions, _target
from federator.demo.server import catalogue_app
from tests.threaded import serve_apps_in_thread
from tests.web.live import federator_app

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


def cover_png(isbn: str, width: int = 120, height: int = 180) -> bytes:
    """A cover-like PNG (a coloured board with a pale band), colour from the ISBN: no network."""
    hue = sum(map(ord, isbn)) % 5
    board = [(11, 79, 138), (29, 107, 47), (122, 75, 0), (90, 40, 110), (60, 60, 60)][hue]
    rows = []
    for y in range(height):
        colour = (235, 235, 225) if height // 3 < y < height // 2 else board
        rows.append(b"\x00" + bytes(colour) * width)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows)))
        + chunk(b"IEND", b"")
    )


def covers_app() -> web.Application:
    """A local stand-in for a cover service (Open Library's shape: /b/isbn/{isbn}-M.jpg)."""

    async def cover(request: web.Request) -> web.Response:
        return web.Response(body=cover_png(request.match_info["isbn"]), content_type="image/png")

    app = web.Application()
    app.router.add_get("/b/isbn/{isbn}-M.png", cover)
    return app


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    catalogues = generate_catalogues(scale=0.1)[:5]
    options = DemoOptions(cache_dir=str(tmp_path_factory.mktemp("cache")))
    targets = [_target(options, n, c) for n, c in enumerate(catalogues)]
    settings = parse_settings({"targets": targets}, environ={})
    indexes = {
        t.id: DemoIndex(t, c.records) for t, c in zip(settings.targets, catalogues, strict=True)
    }
    slow = settings.targets[-1].id  # one late catalogue, so streamed results can be seen
    factories = {
        tid: (lambda tid=tid: catalogue_app(indexes[tid], tid, delay_ms=800 if tid == slow else 0))
        for tid in indexes
    } | {"covers": covers_app}
    with serve_apps_in_thread(factories) as roots:  # type: ignore[arg-type]
        for target in targets:
            target["url"] = f"{roots[target['id']]}/{target['id']}"
            target["record_url"] = f"{target['url']}/post/{{record_id}}"
        # One test browser is one client making many requests: not what the limit is for.
        limits = {"requests_per_minute": 100_000, "burst": 10_000}
        covers = {"cover_url": f"{roots['covers']}/b/isbn/{{isbn}}-M.png"}
        data = {
            "targets": targets,
            "cache": {"path": options.cache_dir},
            "limits": limits,
            "pages": covers,
        }
        with federator_app(parse_settings(data, environ={})) as url:
            yield url


def _driver(width: int, height: int, *, mobile: bool = False) -> webdriver.Chrome:
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        f"--window-size={width},{height}",
        f"--user-data-dir={tempfile.mkdtemp(prefix='chromium-')}",
    ):
        options.add_argument(flag)
    # A Swedish patron's browser: the site must come up in Swedish by Accept-Language alone.
    options.add_argument("--lang=sv-SE")
    options.add_experimental_option("prefs", {"intl.accept_languages": "sv-SE,sv"})
    if mobile:  # desktop Chrome will not make a window this narrow: emulate the phone
        metrics = {"width": width, "height": height, "pixelRatio": 2}
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": metrics})
    return webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))


@pytest.fixture(scope="session")
def browser() -> Iterator[webdriver.Chrome]:
    driver = _driver(1280, 1000)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="session")
def phone() -> Iterator[webdriver.Chrome]:
    driver = _driver(390, 844, mobile=True)
    try:
        yield driver
    finally:
        driver.quit()
