"""The ILL workbench as fjärrlån staff use it, in real headless Chromium over the demo's
catalogues: choose the own library, see its and its network's copies marked as reservations,
pick another lender, copy the request; a catalogue down shows its rows cached with their age;
an e-book is never lendable; the downloads the page links to are read back and validated;
axe-core finds no WCAG 2.1 A/AA violations in either language; screenshots at 390 and 1280 px.
"""

from __future__ import annotations

import base64
import csv
import io
import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from aiohttp import web
from aiohttp.typedefs import Handler
from lxml import etree
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from federator.config import parse_settings
from federator.demo.catalogue import DemoIndex
from federator.demo.generate import generate_catalogues
from federator.demo.ill_facts import HUB_ROUTE
from federator.demo.run import DemoOptions, _target
from federator.demo.server import catalogue_app
from federator.web.openapi import openapi_document
from tests.browser.test_pages_in_chromium import SHOTS, no_violations, wait_for
from tests.threaded import serve_apps_in_thread
from tests.web.live import federator_app

pytestmark = pytest.mark.realserver
DATA = Path(__file__).parent.parent / "data"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
DOWN: set[str] = set()  # catalogues answering 503 just now


def _switchable(app: web.Application, target_id: str) -> web.Application:
    @web.middleware
    async def maybe_down(request: web.Request, handler: Handler) -> web.StreamResponse:
        if target_id in DOWN:
            return web.Response(status=503, text="down for maintenance")
        return await handler(request)

    app.middlewares.append(maybe_down)
    return app


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    # Örebro (the hub), Karlskoga, Degerfors, and Askersund with Hallsberg: two of
    # Bergslagsbibblan's nine, one network.
    catalogues = generate_catalogues(scale=0.1)[:5]
    options = DemoOptions(cache_dir=str(tmp_path_factory.mktemp("ill-cache")))
    targets = [_target(options, n, c) for n, c in enumerate(catalogues)]
    settings = parse_settings({"targets": targets}, environ={})
    indexes = {
        t.id: DemoIndex(t, c.records) for t, c in zip(settings.targets, catalogues, strict=True)
    }
    factories = {
        tid: (lambda tid=tid: _switchable(catalogue_app(indexes[tid], tid), tid)) for tid in indexes
    }
    with serve_apps_in_thread(factories) as roots:  # type: ignore[arg-type]
        for target in targets:
            target["url"] = f"{roots[target['id']]}/{target['id']}"
            target["record_url"] = f"{target['url']}/post/{{record_id}}"
        data = {
            "targets": targets,
            "cache": {"path": options.cache_dir},
            "limits": {"requests_per_minute": 100_000, "burst": 10_000},
            "ill": {"hub_route": HUB_ROUTE},
            # A catalogue taken down here comes back at once, not after a breaker's cooldown.
            "search": {"breaker_failures": 1000},
        }
        with federator_app(parse_settings(data, environ={})) as url:
            yield url


def arrive(driver: webdriver.Chrome, url_part: str) -> None:
    WebDriverWait(driver, 20).until(lambda d: url_part in d.current_url)
    wait_for(driver, "main h1")


def choose_library(driver: webdriver.Chrome, site: str, name: str, language: str = "sv") -> None:
    driver.get(f"{site}/ill?lang={language}")
    Select(driver.find_element(By.ID, "library")).select_by_visible_text(name)
    driver.find_element(By.CSS_SELECTOR, "form.choose-library button").click()
    arrive(driver, "library=")


def ill_search(driver: webdriver.Chrome, text: str) -> list[str]:
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys(text, Keys.ENTER)
    arrive(driver, "q=")
    return [
        str(a.get_attribute("href")) for a in driver.find_elements(By.CSS_SELECTOR, "ol.hits a")
    ]


def rows(driver: webdriver.Chrome) -> list[str]:
    return [r.text for r in driver.find_elements(By.CSS_SELECTOR, "table.ill tbody tr")]


def open_work_with(driver: webdriver.Chrome, links: list[str], wanted: str) -> None:
    """The first work whose workbench shows `wanted` (a text on the page)."""
    for link in links:
        driver.get(link)
        wait_for(driver, "table.ill")
        if wanted in driver.find_element(By.TAG_NAME, "main").text:
            return
    raise AssertionError(f"no work among {len(links)} shows {wanted!r}")


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=20) as response:
        body: bytes = response.read()
        return body


def test_choose_library_see_reservations_pick_another_lender_and_copy(
    browser: webdriver.Chrome, site: str
) -> None:
    choose_library(browser, site, "Askersunds bibliotek")
    assert "Askersunds bibliotek" in browser.find_element(By.CSS_SELECTOR, ".own-name").text
    links = ill_search(browser, "Astrid Lindgren")
    assert links and all("library=askersunds-bibliotek" in link for link in links)
    open_work_with(browser, links, "i din egen katalog: en reservation, inget fjärrlån")
    reserved = browser.find_element(By.CSS_SELECTOR, "section.reserve").text
    assert "Hallsbergs bibliotek" in reserved or "Askersunds bibliotek" in reserved
    assert any("Reservation, inget fjärrlån" in row for row in rows(browser))
    suggested = browser.find_elements(By.CSS_SELECTOR, "ol.suggestions > li")
    assert len(suggested) >= 2, "this work needs two lenders to choose between"
    for item in suggested:
        assert "Askersunds" not in item.text and "Hallsbergs" not in item.text
        assert "Varför:" in item.text
    second = suggested[1].find_element(By.CSS_SELECTOR, ".lender strong").text
    suggested[1].find_element(By.PARTIAL_LINK_TEXT, "Välj den här långivaren").click()
    arrive(browser, "copy=")
    text = str(browser.find_element(By.ID, "request").get_attribute("value"))
    assert f"Långivande bibliotek: {second}" in text.splitlines()
    assert "Beställande bibliotek: Askersunds bibliotek" in text.splitlines()
    heading = browser.find_element(By.ID, "request-heading").text
    assert heading == f"Beställning till {second}"
    browser.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"origin": site, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
    )
    button = browser.find_element(By.ID, "copy-request")
    assert button.is_displayed()  # the script showed it; without JavaScript it stays hidden
    button.click()
    WebDriverWait(browser, 10).until(
        lambda d: d.find_element(By.ID, "copy-status").text == "Kopierad"
    )
    copied = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, e => done('failed: ' + e));"
    )
    assert copied == text


def test_the_downloads_the_page_links_read_back_and_validate(
    browser: webdriver.Chrome, site: str
) -> None:
    choose_library(browser, site, "Askersunds bibliotek")
    open_work_with(browser, ill_search(browser, "Astrid Lindgren"), "Föreslagna långivare")

    def link(text: str) -> str:
        return str(browser.find_element(By.PARTIAL_LINK_TEXT, text).get_attribute("href"))

    body = fetch(link("Ladda ner alla exemplar som CSV"))
    assert body.startswith(b"\xef\xbb\xbf")
    table = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert len(table) == len(rows(browser))  # one row per copy
    assert {r["Fjärrlån"] for r in table} <= {"Ja", "Nej", "Reservera"}
    assert all(r["Aktualitet"].startswith("direkt från katalogen") for r in table)
    assert any(r["ISIL"] == "SE-Ask" for r in table) or any(r["ISIL"] == "SE-Hbg" for r in table)
    schema = etree.XMLSchema(etree.parse(str(DATA / "iso18626" / "ISO-18626-v1_2.xsd"), PARSER))
    message = etree.fromstring(fetch(link("ISO 18626-meddelande")), PARSER)
    schema.assertValid(message)
    daia = json.loads(fetch(link("Tillgänglighet för andra system")))
    jsonschema.Draft4Validator(
        json.loads((DATA / "daia" / "daia.schema.json").read_text(encoding="utf-8"))
    ).validate(daia)
    documented = openapi_document()["components"]["schemas"]
    jsonschema.validate(daia, {"components": {"schemas": documented}, **documented["Daia"]})


def test_a_catalogue_that_is_down_shows_its_rows_cached_with_their_age(
    browser: webdriver.Chrome, site: str
) -> None:
    choose_library(browser, site, "Örebro stadsbibliotek")
    open_work_with(browser, ill_search(browser, "Astrid Lindgren"), "Degerfors bibliotek")
    page = browser.current_url
    DOWN.add("degerfors")
    try:
        # The cache index is written just after the search: reload until Degerfors's copies
        # come from it (the catalogue answers 503 all along).
        def cached(driver: webdriver.Chrome) -> bool:
            driver.get(page)
            return any("Degerfors" in r and "från cachen:" in r for r in rows(driver))

        WebDriverWait(browser, 20, poll_frequency=0.5).until(cached)
    finally:
        DOWN.discard("degerfors")
    assert (
        "Degerfors bibliotek svarade inte" in browser.find_element(By.CSS_SELECTOR, ".checked").text
    )
    for row in rows(browser):
        if "Degerfors" in row:
            assert "gammal (sedd " in row
        else:
            assert "direkt från katalogen" in row


def test_an_ebook_is_never_lendable(browser: webdriver.Chrome, site: str) -> None:
    choose_library(browser, site, "Karlskoga bibliotek")
    browser.get(f"{site}/ill?q=a&format=ebook")
    links = [
        str(a.get_attribute("href")) for a in browser.find_elements(By.CSS_SELECTOR, "ol.hits a")
    ]
    assert links, "the demo has e-books"
    browser.get(links[0])
    wait_for(browser, "table.ill")
    assert "(E-bok)" in browser.find_element(By.CSS_SELECTOR, "p.meta").text or "E-bok" in (
        browser.find_element(By.CSS_SELECTOR, "p.meta").text
    )
    found = rows(browser)
    assert found and all("Nej" in row for row in found)
    assert all("e-resurs" in row or "e-böcker fjärrlånas aldrig" in row for row in found)
    assert (
        "Inget exemplar kan fjärrlånas just nu." in browser.find_element(By.TAG_NAME, "main").text
    )


@pytest.mark.parametrize("language", ["sv", "en"])
def test_axe_finds_no_wcag_violations_on_the_ill_views(
    browser: webdriver.Chrome, site: str, language: str
) -> None:
    found = {}
    browser.get(f"{site}/ill?lang={language}&library=")
    found["ill-empty"] = no_violations(browser)
    name = "Askersunds bibliotek"
    choose_library(browser, site, name, language)
    found["ill-chosen"] = no_violations(browser)
    links = ill_search(browser, "Astrid Lindgren")
    found["ill-results"] = no_violations(browser)
    open_work_with(browser, links, "Askersund")
    found["ill-record"] = no_violations(browser)
    browser.get(f"{site}/ill?q=a&format=ebook&lang={language}")
    ebook = browser.find_elements(By.CSS_SELECTOR, "ol.hits a")
    if ebook:
        ebook[0].click()
        wait_for(browser, "table.ill")
        found["ill-ebook"] = no_violations(browser)
    assert {page: v for page, v in found.items() if v} == {}


def full_page(driver: webdriver.Chrome, path: Path) -> None:
    """The whole page, not just the window (DevTools' captureBeyondViewport)."""
    size = driver.execute_cdp_cmd("Page.getLayoutMetrics", {})["cssContentSize"]
    clip = {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1}
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True, "clip": clip}
    )
    path.write_bytes(base64.b64decode(shot["data"]))


def test_screenshots_of_the_ill_views_at_phone_and_desktop_width(
    browser: webdriver.Chrome, phone: webdriver.Chrome, site: str
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width, driver in (("desktop", browser), ("phone", phone)):
        choose_library(driver, site, "Askersunds bibliotek")
        links = ill_search(driver, "Astrid Lindgren")
        assert driver.save_screenshot(str(SHOTS / f"ill-search-{width}.png"))
        open_work_with(driver, links, "i din egen katalog")
        full_page(driver, SHOTS / f"ill-record-{width}.png")
        for part in ("suggest-heading", "request-section", "copies-heading"):  # window-sized
            driver.execute_script(f"document.getElementById('{part}').scrollIntoView()")
            assert driver.save_screenshot(str(SHOTS / f"ill-record-{width}-{part}.png"))
        scroll, view = driver.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll <= view, f"{width}: {scroll} px wide in a {view} px window"
