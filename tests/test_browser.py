"""Open the index and a report in headless Chromium: every link resolves, every image loads.

Needs Debian's chromium and chromium-driver (``.ci/run`` installs them). Outside CI
the test is skipped when they are missing; in CI (``CI=true``) it fails instead.
"""

import functools
import http.server
import io
import json
import os
import shutil
import threading
import time

import nbformat
import pandas as pd
import pytest

from helpers.report import figure_data, runner

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

if not (CHROMIUM and CHROMEDRIVER) and os.environ.get("CI") != "true":
    pytest.skip("chromium and chromedriver are not installed (apt-get install chromium chromium-driver)",
                allow_module_level=True)


@pytest.fixture
def browser(tmp_path):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS + [f"--user-data-dir={tmp_path / 'chromium-profile'}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    yield driver
    driver.quit()


@pytest.fixture
def static_host(theme_reports):
    """The rendered reports served over http on localhost, as a static host would serve them."""
    root = next(iter(theme_reports.values())).html.parents[1]
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield root, f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


def _requested_urls(browser) -> list[str]:
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def _wait_for(predicate, seconds: float = 20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


@pytest.mark.notebook
def test_a_reader_clicks_through_downloads_data_and_searches(static_host, browser, tmp_path):
    root, base = static_host
    browser.execute_cdp_cmd("Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(tmp_path)})
    browser.get(base + "index.html")
    browser.find_element("css selector", 'a[href="KAZ/energy.html"]').click()
    assert browser.current_url == base + "KAZ/energy.html"
    switcher = browser.find_element("css selector", '[data-switch="country"] a[href="../UZB/energy.html"]')
    switcher.click()
    assert browser.current_url == base + "UZB/energy.html"
    assert browser.find_element("css selector", '[data-switch="country"] [aria-current]').text == "Uzbekistan"

    link = browser.find_elements("css selector", "a[data-figure]")[0]
    figure_id = link.get_attribute("data-figure")
    link.click()
    downloaded = tmp_path / f"{figure_id}.csv"
    assert _wait_for(downloaded.exists), f"{figure_id}.csv was not downloaded"
    executed = nbformat.read(root / "UZB" / "energy.ipynb", as_version=4)
    drawn = next(b for b in figure_data.bundles(executed) if b["id"] == figure_id)
    got, expected = pd.read_csv(downloaded), pd.read_csv(io.StringIO(drawn["csv"]))
    pd.testing.assert_frame_equal(got, expected)
    assert got["value"].notna().any()

    browser.get((root / "search.html").as_uri() + "?q=pipeline")  # from file://, no server
    assert _wait_for(lambda: browser.find_elements("css selector", "#results li"))
    hits = [a.get_attribute("href") for a in browser.find_elements("css selector", "#results a")]
    assert any("/energy.html" in h for h in hits)
    browser.get((root / "search.html").as_uri() + "?q=uranium")
    assert _wait_for(lambda: browser.find_element("id", "summary").text == "No section matches.")
    assert browser.find_elements("css selector", "#results li") == []

    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    network = [u for u in _requested_urls(browser) if u.startswith(("http://", "https://", "ws://", "wss://"))]
    external = [u for u in network if not u.startswith(base)]  # the browser's own chrome:// pages are not network
    assert external == []


def test_index_links_resolve_and_report_images_load(themes, tmp_path, browser):
    out = tmp_path / "reports"
    runner.run(runner.plan(countries=["KAZ", "UZB"]), out, say=lambda _: None)

    browser.get((out / "index.html").as_uri())
    links = [a.get_attribute("href") for a in browser.find_elements("css selector", "a[href]")]
    assert len(browser.find_elements("css selector", "td a[href]")) == 4  # two themes x two states
    assert any(h.endswith("/search.html") for h in links)
    for href in links:
        browser.get(href)
        landed = browser.execute_script("return location.href")  # 'chrome-error://...' when it failed
        assert landed == href, f"{href} did not open (browser shows {landed})"
        assert browser.execute_script("return document.readyState") == "complete"
        assert browser.execute_script("return document.body.innerText.length") > 0

    browser.get((out / "KAZ" / "gdp.html").as_uri())
    images = browser.execute_script(
        "return Array.from(document.images).map(i => [i.complete && i.naturalWidth > 0, i.alt])")
    assert len(images) == 1
    assert all(loaded for loaded, _ in images)
    assert images[0][1] == "GDP of KAZ. Line chart of the GDP of KAZ, 2015-2020."  # title, then description


def test_a_broken_link_is_detected(browser, tmp_path):
    """The check above can fail: a link to a missing file does not resolve."""
    page = tmp_path / "index.html"
    page.write_text('<a href="KAZ/missing.html">missing</a>')
    browser.get(page.as_uri())
    href = browser.find_element("css selector", "a").get_attribute("href")
    browser.get(href)
    assert browser.execute_script("return location.href").startswith("chrome-error://")
