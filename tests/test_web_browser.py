"""The dashboard in a real browser (Debian's Chromium, driven by selenium).

The app runs with uvicorn on a free loopback port; Chromium starts headless with a fresh
profile and no background networking. Screenshots go to ``test-artifacts/``. These tests
fail — they do not skip — when Chromium is missing: CI must install ``chromium`` and
``chromium-driver`` from Debian.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.data]

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1800",
)


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    import uvicorn

    from allydrift.web import create_app

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(create_app(), log_level="warning", access_log=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web app did not start within 30 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    for path in (CHROMIUM, CHROMEDRIVER):
        if not Path(path).exists() and not shutil.which(Path(path).name):
            pytest.fail(f"{path} is missing: apt-get install -y chromium chromium-driver")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _wait_for_charts(driver, ids: list[str], timeout: float = 60) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def drawn(d) -> bool:
        states = [d.find_element(By.ID, i).get_attribute("data-rendered") for i in ids]
        if "error" in states:
            pytest.fail(f"a chart failed to draw: {ids} -> {states}")
        return all(s == "true" for s in states)

    WebDriverWait(driver, timeout).until(drawn)


def _screenshot(driver, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(1280, min(max(height, 900), 6000))
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    return path


def _only_local_resources(driver, base_url: str) -> list[str]:
    urls = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    return [u for u in urls if not u.startswith(base_url) and not u.startswith("data:")]


def test_pick_us_japan_and_see_chart_and_table(browser, base_url: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(base_url + "/")
    Select(browser.find_element(By.ID, "state-a")).select_by_value("USA")
    Select(browser.find_element(By.ID, "state-b")).select_by_value("JPN")
    browser.find_element(By.ID, "show").click()
    WebDriverWait(browser, 60).until(lambda d: "/dyads/USA/JPN" in d.current_url)

    assert "Japan" in browser.find_element(By.ID, "dyad-title").text
    chart_ids = [e.get_attribute("id") for e in browser.find_elements(By.CSS_SELECTOR, "div.chart")]
    assert "chart-un_agreement" in chart_ids
    _wait_for_charts(browser, chart_ids)
    marks = browser.find_elements(By.CSS_SELECTOR, "#chart-un_agreement svg path")
    assert len(marks) > 5, "the UN agreement chart has no marks"
    axis_titles = browser.find_element(By.CSS_SELECTOR, "#chart-un_agreement svg").text
    assert "Year" in axis_titles

    rows = browser.find_elements(By.CSS_SELECTOR, "#data-table tbody tr")
    assert len(rows) >= 70  # 1952 to the latest year
    first = rows[0].find_elements(By.TAG_NAME, "td")
    assert first[0].text == "1952"
    assert browser.find_elements(By.CSS_SELECTOR, "#findings li")
    assert _only_local_resources(browser, base_url) == []

    path = _screenshot(browser, "dashboard-us-japan.png")
    assert path.stat().st_size > 10_000
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []


def test_compare_page_draws_several_dyads(browser, base_url: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(base_url + "/compare?dyads=USA-JPN,USA-KOR,USA-GBR&start=1960")
    _wait_for_charts(browser, ["chart-compare"])
    legend = browser.find_element(By.CSS_SELECTOR, "#chart-compare svg").text
    for dyad in ("USA-JPN", "USA-KOR", "USA-GBR"):
        assert dyad in legend
    assert len(browser.find_elements(By.CSS_SELECTOR, "#compare-table tbody tr")) == 3
    _screenshot(browser, "dashboard-compare.png")
