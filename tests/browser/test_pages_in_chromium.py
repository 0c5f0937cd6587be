"""Patrons' and staff's paths through the pages in real headless Chromium, keyboard included,
and axe-core (WCAG 2.1 A and AA rules) on every kind of page in both languages."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ready
from selenium.webdriver.support.ui import Select, WebDriverWait

pytestmark = pytest.mark.realserver
# axe-core from the npm registry (scripts/bootstrap.sh installs it next to the venv).
AXE = (
    Path(__file__).resolve().parents[2]
    / ".venv"
    / "npm"
    / "node_modules"
    / "axe-core"
    / "axe.min.js"
)
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}})
  .then(r => done(r.violations.map(v => `${v.id}: ${v.help} (${v.nodes.length})`)),
        e => done([`axe failed: ${e}`]));
"""
SHOTS = Path(os.environ.get("FEDERATOR_SCREENSHOTS", "bench/out/screenshots"))


def wait_for(driver: webdriver.Chrome, css: str) -> None:
    WebDriverWait(driver, 15).until(ready.presence_of_element_located((By.CSS_SELECTOR, css)))


def arrive(driver: webdriver.Chrome, url_part: str) -> None:
    """Wait until a navigation has landed: the old page has results too."""
    WebDriverWait(driver, 15).until(lambda d: url_part in d.current_url)
    wait_for(driver, "ol.hits li, #copies, table.ill")


def search(driver: webdriver.Chrome, site: str, text: str) -> None:
    driver.get(site + "/")
    box = driver.find_element(By.ID, "q")
    box.clear()
    box.send_keys(text, Keys.ENTER)
    arrive(driver, "/search?")


def no_violations(driver: webdriver.Chrome) -> list[str]:
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    found: list[str] = driver.execute_async_script(RUN_AXE)
    return found


def test_search_filter_sort_page_and_open_a_record(browser: webdriver.Chrome, site: str) -> None:
    search(browser, site, "Astrid Lindgren")
    assert "Astrid Lindgren" in browser.find_element(By.TAG_NAME, "h1").text
    before = len(browser.find_elements(By.CSS_SELECTOR, "ol.hits > li"))
    browser.find_element(
        By.XPATH, "//aside//h3[text()='Medietyp']/following-sibling::ul//a"
    ).click()
    arrive(browser, "format=")
    assert len(browser.find_elements(By.CSS_SELECTOR, "ol.hits > li")) <= before
    Select(browser.find_element(By.ID, "sort")).select_by_value("year_desc")
    browser.find_element(By.CSS_SELECTOR, "form.sort button").click()
    arrive(browser, "sort=year_desc")
    search(browser, site, "roman")
    next_links = browser.find_elements(By.CSS_SELECTOR, "a[rel=next]")
    if next_links:
        next_links[0].click()
        arrive(browser, "page=2")
    browser.find_element(By.CSS_SELECTOR, "ol.hits h3 a").click()
    arrive(browser, "/record/")
    assert browser.find_element(By.ID, "copies").text == "Här finns den"
    browser.find_element(By.LINK_TEXT, "Fjärrlånevy").click()
    arrive(browser, "/ill/record/")
    assert "Fjärrlån" in browser.find_element(By.TAG_NAME, "h1").text


def test_language_switch(browser: webdriver.Chrome, site: str) -> None:
    search(browser, site, "Strindberg")
    browser.find_element(By.LINK_TEXT, "In English").click()
    arrive(browser, "lang=en")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Results for")
    browser.find_element(By.LINK_TEXT, "På svenska").click()
    arrive(browser, "lang=sv")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sv"


def test_keyboard_only(browser: webdriver.Chrome, site: str) -> None:
    browser.get(site + "/")
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    skip = browser.switch_to.active_element
    assert skip.get_attribute("class") == "skip"
    skip.send_keys(Keys.ENTER)
    assert browser.switch_to.active_element.get_attribute("id") == "main"
    browser.get(site + "/")
    body = browser.find_element(By.TAG_NAME, "body")
    for _ in range(4):  # skip link, site name, language switch, search box
        body = browser.switch_to.active_element
        body.send_keys(Keys.TAB)
        if browser.switch_to.active_element.get_attribute("id") == "q":
            break
    box = browser.switch_to.active_element
    assert box.get_attribute("id") == "q"
    box.send_keys("Selma Lagerlöf", Keys.ENTER)
    arrive(browser, "/search?")
    first = browser.find_element(By.CSS_SELECTOR, "ol.hits h3 a")
    first.send_keys(Keys.ENTER)
    arrive(browser, "/record/")


@pytest.mark.parametrize("language", ["sv", "en"])
def test_axe_finds_no_wcag_violations(browser: webdriver.Chrome, site: str, language: str) -> None:
    found = {}
    browser.get(f"{site}/?lang={language}")
    found["search"] = no_violations(browser)
    search(browser, site, "Röda rummet")
    found["results"] = no_violations(browser)
    record_url = browser.find_element(By.CSS_SELECTOR, "ol.hits h3 a").get_attribute("href")
    browser.get(str(record_url))
    found["record"] = no_violations(browser)
    browser.get(str(record_url).replace("/record/", "/ill/record/"))
    found["ill"] = no_violations(browser)
    browser.get(f"{site}/accessibility")
    found["accessibility"] = no_violations(browser)
    browser.get(f"{site}/search?q=r%C3%B6da+rummet+ljudbok+barn&page_size=2")
    assert browser.find_elements(By.CSS_SELECTOR, ".understood a")  # the way back, literal
    found["understood"] = no_violations(browser)
    browser.get(f"{site}/about")
    assert browser.find_elements(By.CSS_SELECTOR, "#tips-heading")
    found["about, search tips"] = no_violations(browser)
    assert {page: v for page, v in found.items() if v} == {}


def test_screenshots_at_phone_and_desktop_width(
    browser: webdriver.Chrome, phone: webdriver.Chrome, site: str
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    for name, driver in (("desktop", browser), ("phone", phone)):
        search(driver, site, "Astrid Lindgren")
        assert driver.save_screenshot(str(SHOTS / f"results-{name}.png"))
        driver.find_element(By.CSS_SELECTOR, "ol.hits h3 a").click()
        arrive(driver, "/record/")
        assert driver.save_screenshot(str(SHOTS / f"record-{name}.png"))
    scroll, view = phone.execute_script(
        "return [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert view == 390 and scroll <= view  # nothing forces sideways scrolling on a phone


def test_javascript_streams_progress_then_shows_results_and_suggests(
    browser: webdriver.Chrome, site: str
) -> None:
    search(browser, site, "Strindberg")  # fills the cache the suggestions come from
    browser.get(site + "/")
    box = browser.find_element(By.ID, "q")
    box.send_keys("Strind")
    WebDriverWait(browser, 10).until(
        lambda d: (
            d.execute_script("return document.querySelectorAll('#q-suggestions option').length") > 0
        )
    )
    options = browser.execute_script(
        "return Array.from(document.querySelectorAll('#q-suggestions option')).map(o => o.value)"
    )
    assert "strindberg" in options
    box.clear()
    box.send_keys("Kerstin Ekman", Keys.ENTER)  # not searched before: no result cache
    # While the late catalogue is still out, the best results so far are on the page.
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script(
            "const s = document.getElementById('live-results');"
            "return s && !s.hidden && s.querySelectorAll('li').length > 0"
        )
    )
    announced = browser.find_element(By.ID, "search-progress").text
    assert any(word in announced for word in ("kataloger har svarat", "catalogues have answered"))
    arrive(browser, "/search?")
    # The script, not the plain form, navigated: it leaves the empty advanced fields out.
    assert "title=" not in browser.current_url and "q=Kerstin+Ekman" in browser.current_url
    assert browser.find_element(By.ID, "search-progress").get_attribute("aria-live") == "polite"
