"""What issue #16 promises patrons, in real headless Chromium over the demo catalogues: work
groups, chips, Mitt bibliotek, only-on-the-shelf, field errors, the keyboard path to the first
hit, exports downloaded and parsed, covers; axe-core on every page kind in both languages at
phone and desktop width; and the screenshots a person looks at."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import bibtexparser
import pymarc
import pytest
import rispy
from citeproc.source.json import CiteProcJSON
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait

from tests.browser.test_pages_in_chromium import SHOTS, arrive, no_violations, search, wait_for

pytestmark = pytest.mark.realserver
FIRST_HIT = "ol.hits > li:first-child h3 a"


@pytest.fixture(autouse=True)
def in_swedish(browser: webdriver.Chrome, phone: webdriver.Chrome, site: str) -> None:
    """Each test starts as a Swedish patron, whatever language an earlier test left chosen."""
    for driver in (browser, phone):
        driver.get(f"{site}/?lang=sv")


def params(driver: webdriver.Chrome) -> list[tuple[str, str]]:
    return parse_qsl(urlsplit(driver.current_url).query)


GROUPED = "Flickan som lekte med elden"  # six editions in five formats in the test catalogues


def first_group(driver: webdriver.Chrome, site: str) -> None:
    search(driver, site, GROUPED)
    wait_for(driver, "li.group details.editions")


def test_editions_of_one_work_open_and_close_without_javascript(
    browser: webdriver.Chrome, site: str
) -> None:
    first_group(browser, site)
    group = browser.find_element(By.CSS_SELECTOR, "li.group")
    assert "utgåvor:" in group.find_element(By.CSS_SELECTOR, ".editions-summary").text
    assert "inne nu" in group.find_element(By.CSS_SELECTOR, ".held").text
    details = group.find_element(By.CSS_SELECTOR, "details.editions")
    assert details.get_attribute("open") is None
    edition_links = details.find_elements(By.CSS_SELECTOR, "ol > li > a")
    assert len(edition_links) >= 2 and not edition_links[0].is_displayed()
    details.find_element(By.TAG_NAME, "summary").send_keys(Keys.ENTER)  # keyboard opens it
    assert details.get_attribute("open") is not None and edition_links[0].is_displayed()
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", group)
    assert browser.save_screenshot(str(SHOTS / "group-desktop.png"))
    details.find_element(By.TAG_NAME, "summary").click()
    assert details.get_attribute("open") is None


def test_a_chosen_filter_is_a_chip_and_clicking_it_again_removes_it(
    browser: webdriver.Chrome, site: str
) -> None:
    search(browser, site, "Astrid Lindgren")
    browser.find_element(
        By.XPATH, "//aside//h3[text()='Medietyp']/following-sibling::ul//a"
    ).click()
    arrive(browser, "format=")
    chips = browser.find_elements(By.CSS_SELECTOR, ".chips a.chip")
    assert len(chips) == 1 and "Ta bort filtret" in chips[0].get_attribute("textContent")  # type: ignore[operator]
    chosen = browser.find_element(By.CSS_SELECTOR, "aside a[aria-current='true']")
    chosen.click()  # the chosen value again: removed, never doubled
    arrive(browser, "/search?")
    assert [k for k, _ in params(browser)].count("format") == 0
    assert browser.find_elements(By.CSS_SELECTOR, ".chips a.chip") == []


def test_my_library_and_only_on_the_shelf(browser: webdriver.Chrome, site: str) -> None:
    search(browser, site, "Astrid Lindgren")
    choice = Select(browser.find_element(By.ID, "my-library"))
    library = choice.options[1].text
    choice.select_by_index(1)
    browser.find_element(By.CSS_SELECTOR, "form.my-library button").click()
    arrive(browser, "q=Astrid")
    held = [
        e.text
        for e in browser.find_elements(
            By.CSS_SELECTOR, "ol.hits > li .hit-text > .held, ol.hits > li .hit-text > div > .held"
        )
    ]
    assert held and all(library in text for text in held)  # every hit: at my library or not
    assert browser.get_cookie("my_library") is not None
    browser.find_element(By.LINK_TEXT, "Bara inne nu").click()
    arrive(browser, "available=1")
    counts = browser.find_elements(By.CSS_SELECTOR, "ol.hits > li .held")
    assert counts and all(" 0 inne nu" not in c.text for c in counts)
    browser.find_element(By.LINK_TEXT, f"Bara på {library}").click()
    arrive(browser, "library=")
    texts = [e.text for e in browser.find_elements(By.CSS_SELECTOR, "ol.hits > li .held")]
    assert all(f"Inne på {library}" in t or f"inne på {library}" in t for t in texts) or not texts
    browser.delete_cookie("my_library")


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("sv", "Skriv ett år, till exempel 1879"),
        ("en", "Enter a year, like 1879"),
    ],
)
def test_a_field_error_is_in_words_next_to_the_field(
    browser: webdriver.Chrome, site: str, language: str, message: str
) -> None:
    browser.get(f"{site}/?lang={language}")
    browser.find_element(By.CSS_SELECTOR, "details.advanced summary").click()
    browser.find_element(By.ID, "author").send_keys("Lagerlöf")
    year = browser.find_element(By.ID, "year")
    year.send_keys("18x9", Keys.ENTER)
    WebDriverWait(browser, 15).until(lambda d: "year=" in d.current_url)
    wait_for(browser, "#year-error")
    year = browser.find_element(By.ID, "year")
    assert year.get_attribute("aria-invalid") == "true" and year.is_displayed()
    described = browser.find_element(By.ID, year.get_attribute("aria-describedby") or "")
    assert message in described.text
    assert message in browser.find_element(By.CSS_SELECTOR, ".error-summary a").text
    assert no_violations(browser) == []
    browser.get(f"{site}/?lang=sv")


def _tab(driver: webdriver.Chrome) -> None:
    driver.switch_to.active_element.send_keys(Keys.TAB)


def test_at_most_five_tab_presses_from_the_top_to_the_first_hit(
    browser: webdriver.Chrome, phone: webdriver.Chrome, site: str
) -> None:
    for driver in (browser, phone):
        search(driver, site, "Selma Lagerlöf")
        driver.get(driver.current_url)  # a fresh load: focus starts at the top
        first = driver.find_element(By.CSS_SELECTOR, FIRST_HIT)
        presses = 0
        while driver.switch_to.active_element != first and presses < 5:
            _tab(driver)
            presses += 1
            active = driver.switch_to.active_element
            if (active.get_attribute("href") or "").endswith("#hits"):
                active.send_keys(Keys.ENTER)  # the first skip link: "Hoppa till träffarna"
        assert driver.switch_to.active_element == first, f"not there after {presses} Tab presses"
        assert presses <= 5
        # The second skip link leads to the filters, which come after every hit.
        driver.get(driver.current_url.split("#")[0])
        _tab(driver)
        _tab(driver)
        skip = driver.switch_to.active_element
        assert skip.text == "Hoppa till filtren"
        skip.send_keys(Keys.ENTER)
        assert driver.switch_to.active_element.get_attribute("id") == "filters"
        order = driver.execute_script(
            "const all = Array.from("
            "  document.querySelectorAll('a[href], button, select, input, summary'));"
            "return [all.indexOf(document.querySelector(arguments[0])),"
            " all.indexOf(document.querySelector('aside.facets a'))];",
            FIRST_HIT,
        )
        assert order[0] < order[1]  # results before filters in the focus order
        hits, filters = (
            driver.find_element(By.CSS_SELECTOR, css).rect
            for css in ("section.results", "aside.facets")
        )
        # The same order on screen: filters to the right (desktop) or below (phone), never first.
        assert filters["x"] > hits["x"] or filters["y"] > hits["y"]


def _downloaded(folder: Path, suffix: str) -> Path:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        found = [p for p in folder.glob(f"*{suffix}") if p.stat().st_size]
        if found:
            return found[0]
        time.sleep(0.05)  # a browser download: nothing to await from here
    raise AssertionError(f"no {suffix} downloaded")


def test_exports_download_and_parse_back(
    browser: webdriver.Chrome, site: str, tmp_path: Path
) -> None:
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)}
    )
    search(browser, site, "Röda rummet")
    browser.find_element(By.CSS_SELECTOR, FIRST_HIT).click()
    arrive(browser, "/record/")
    title = browser.find_element(By.TAG_NAME, "h1").text
    for label in ("RIS", "BibTeX", "CSL-JSON", "MARCXML"):
        browser.find_element(By.PARTIAL_LINK_TEXT, label).click()
    ris = rispy.load(io.StringIO(_downloaded(tmp_path, ".ris").read_text(encoding="utf-8")))
    assert title.startswith(ris[0]["title"].split(" : ")[0])
    bib = bibtexparser.parse_string(_downloaded(tmp_path, ".bib").read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    assert len(bib.entries) == 1 and bib.failed_blocks == []
    csl = CiteProcJSON(json.loads(_downloaded(tmp_path, ".json").read_text(encoding="utf-8")))
    assert len(list(csl.values())) == 1
    marc = pymarc.parse_xml_to_array(io.BytesIO(_downloaded(tmp_path, ".xml").read_bytes()))  # type: ignore[no-untyped-call]
    assert marc[0]["245"]["a"].startswith(ris[0]["title"].split(" : ")[0].split(" ")[0])
    coins = browser.find_element(By.CSS_SELECTOR, "span.Z3988").get_attribute("title")
    assert coins and "ctx_ver=Z39.88-2004" in coins
    data = json.loads(
        browser.find_element(By.CSS_SELECTOR, "script[type='application/ld+json']").get_attribute(
            "textContent"
        )
        or "{}"
    )
    assert data["@context"] == "https://schema.org" and data["name"]


def test_covers_load_lazily_with_alt_text_and_a_placeholder(
    browser: webdriver.Chrome, site: str
) -> None:
    search(browser, site, "Röda rummet")
    browser.find_element(By.CSS_SELECTOR, FIRST_HIT).click()
    arrive(browser, "/record/")
    image = browser.find_element(By.CSS_SELECTOR, ".cover img")
    assert image.get_attribute("loading") == "lazy"
    assert (image.get_attribute("alt") or "").startswith("Omslag: ")
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script(
            "return arguments[0].complete && arguments[0].naturalWidth", image
        )
    )
    placeholders = browser.find_elements(By.CSS_SELECTOR, ".cover-placeholder")
    assert placeholders and placeholders[0].get_attribute("textContent") == "Inget omslag"
    logs = browser.get_log("browser") if hasattr(browser, "get_log") else []  # type: ignore[no-untyped-call]
    assert not [e for e in logs if "Content Security Policy" in e.get("message", "")]


PAGES = {
    "search": "/",
    "results": "/search?q=R%C3%B6da+rummet",
    "no-hits": "/search?q=qqxyzzy+wwvvq",
    "field-error": "/search?q=strindberg&year=18x9",
    "accessibility": "/accessibility",
    "about": "/about",
    "ill": "/ill?q=R%C3%B6da+rummet",
    "not-found": "/no/such/page",
}


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["sv", "en"])
def test_axe_finds_nothing_on_any_page_kind_at_either_width(
    browser: webdriver.Chrome, phone: webdriver.Chrome, site: str, language: str, device: str
) -> None:
    driver = browser if device == "desktop" else phone
    found = {}
    for name, path in PAGES.items():
        joiner = "&" if "?" in path else "?"
        driver.get(f"{site}{path}{joiner}lang={language}")
        found[name] = no_violations(driver)
    first_group(driver, site)
    driver.find_element(By.CSS_SELECTOR, "li.group summary").click()
    found["group-open"] = no_violations(driver)
    record = driver.find_element(By.CSS_SELECTOR, FIRST_HIT).get_attribute("href")
    driver.get(f"{record}?lang={language}")
    found["record"] = no_violations(driver)
    driver.get(f"{str(record).replace('/record/', '/ill/record/')}?lang={language}")
    found["ill-record"] = no_violations(driver)
    driver.get(f"{site}/?lang=sv")
    assert {page: v for page, v in found.items() if v} == {}


def test_screenshots_of_results_group_record_and_no_hits(
    browser: webdriver.Chrome, phone: webdriver.Chrome, site: str
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, driver in (("1280", browser), ("390", phone)):
        search(driver, site, GROUPED)
        assert driver.save_screenshot(str(SHOTS / f"patron-results-{name}.png"))
        group = driver.find_element(By.CSS_SELECTOR, "li.group")
        group.find_element(By.TAG_NAME, "summary").click()
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'})", group)
        assert driver.save_screenshot(str(SHOTS / f"patron-group-{name}.png"))
        driver.find_element(By.CSS_SELECTOR, FIRST_HIT).click()
        arrive(driver, "/record/")
        assert driver.save_screenshot(str(SHOTS / f"patron-record-{name}.png"))
        driver.get(f"{site}/search?q=qqxyzzy+wwvvq")
        wait_for(driver, "ul.advice")
        assert driver.save_screenshot(str(SHOTS / f"patron-no-hits-{name}.png"))
        scroll, view = driver.execute_script(
            "return [document.documentElement.scrollWidth, window.innerWidth]"
        )
        assert scroll <= view  # nothing forces sideways scrolling
