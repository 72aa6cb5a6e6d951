"""/docs and /redoc work with the network cut off (issue 14 §1), in a real headless Chromium.

The browser runs with every address but 127.0.0.1 unreachable (a dead proxy and a resolver that
answers nothing), records each request it makes, and must list every operation of the contract
with its id, the worked examples included. Chromium and its driver are Debian's packages:
installed here with apt-get when missing (as CI's root can), skipped with the reason otherwise.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from lrc_api.main import app

INSTALL_SECONDS = 900
"""Bound on installing Chromium from Debian's packages on a fresh machine."""

RENDER_SECONDS = 120
"""Bound on a page listing its operations (Swagger UI resolves the whole document first)."""

EXAMPLE = "3名职工反映被拖欠"
"""A phrase of the documented example of `cases-create` (lrc_api.cases.schemas.CaseCreate)."""


def _executables() -> tuple[str, str] | None:
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    return (browser, driver) if browser and driver else None


def _install() -> str:
    """Install Debian's chromium and chromium-driver; '' when done, else why not."""
    if not shutil.which("apt-get"):
        return "no apt-get on this machine"
    if os.geteuid() != 0:
        return "not root, so apt-get cannot install chromium and chromium-driver"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", "chromium", "chromium-driver"]
    for step in ([install], [["apt-get", "update", "-q"], install]):
        try:
            done = all(
                subprocess.run(
                    cmd, env=env, capture_output=True, timeout=INSTALL_SECONDS
                ).returncode
                == 0
                for cmd in step
            )
        except subprocess.TimeoutExpired:
            return f"apt-get took longer than {INSTALL_SECONDS} s"
        if done:
            return ""
    return "apt-get could not install chromium and chromium-driver"


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[webdriver.Chrome]:
    """Headless Chromium with the network cut off except loopback, logging its requests."""
    found = _executables()
    if found is None:
        reason = _install()
        found = _executables()
        if found is None:
            pytest.skip(f"Chromium is needed to load the docs in a browser: {reason}")
    chromium, chromedriver = found
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium')}",
        "--window-size=1400,1000",
        # The network is cut off: no name resolves but 127.0.0.1, and every other request
        # goes to a proxy that does not exist.
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        "--proxy-server=http://127.0.0.1:9",
    ):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must not download anything
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.set_page_load_timeout(RENDER_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()


def _requests(driver: webdriver.Chrome) -> list[tuple[str, str | None]]:
    """(url, why it failed) of each request the page made since the last call."""
    urls: dict[str, str] = {}
    failed: dict[str, str | None] = {}
    for entry in driver.get_log("performance"):
        message: dict[str, Any] = json.loads(entry["message"])["message"]
        params = message.get("params", {})
        if message["method"] == "Network.requestWillBeSent":
            urls[params["requestId"]] = params["request"]["url"]
        elif message["method"] == "Network.loadingFailed":
            failed[params["requestId"]] = params.get("blockedReason") or params.get("errorText")
    return [(url, failed.get(rid)) for rid, url in urls.items()]


def _outside(requests: list[tuple[str, str | None]], base: str) -> list[tuple[str, str | None]]:
    """Requests that would leave the machine: not to the service, not in-page, not refused.

    A request the page's Content-Security-Policy refused (ReDoc's sidebar logo, which its
    bundle loads from the vendor) never leaves the browser, so it does not count.
    """
    return [
        (url, why)
        for url, why in requests
        if url.startswith(("http:", "https:", "ws:", "wss:"))
        and not url.startswith(base + "/")
        and why != "csp"
    ]


OPERATION_IDS = {
    op["operationId"]
    for item in app.openapi()["paths"].values()
    for op in item.values()
    if isinstance(op, dict) and "operationId" in op
}


def test_docs_pages_name_no_outside_address(live_server: str) -> None:
    """The HTML of both pages refers only to this service (no CDN, no web fonts)."""
    for page in ("/docs", "/redoc"):
        r = httpx.get(live_server + page)
        assert r.status_code == 200
        assert "http://" not in r.text and "https://" not in r.text and "//" + "fonts" not in r.text
        assert "default-src 'self'" in r.headers["content-security-policy"]


def test_swagger_ui_lists_every_operation_offline(
    browser: webdriver.Chrome, live_server: str
) -> None:
    """Swagger UI renders from the bundled files, lists each operation id, shows the examples."""
    browser.get_log("performance")
    browser.get(f"{live_server}/docs#/cases/cases-create")  # deep link: opens cases-create
    WebDriverWait(browser, RENDER_SECONDS).until(
        lambda d: (
            len(d.find_elements(By.CSS_SELECTOR, ".opblock-summary-operation-id"))
            >= len(OPERATION_IDS)
        )
    )
    shown = {
        e.get_attribute("textContent")
        for e in browser.find_elements(By.CSS_SELECTOR, ".opblock-summary-operation-id")
    }
    assert shown == OPERATION_IDS
    WebDriverWait(browser, RENDER_SECONDS).until(lambda d: EXAMPLE in d.page_source)
    requests = _requests(browser)
    assert any(url.endswith("/docs/static/swagger-ui-bundle.js") for url, _ in requests)
    assert not _outside(requests, live_server)


def test_redoc_lists_every_operation_offline(browser: webdriver.Chrome, live_server: str) -> None:
    """ReDoc renders from the bundled file with system fonts, every operation and its example."""
    browser.get_log("performance")
    browser.get(f"{live_server}/redoc")
    selector = "[data-item-id*='/operation/']"
    WebDriverWait(browser, RENDER_SECONDS).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, selector)) >= len(OPERATION_IDS)
    )
    shown = {
        str(e.get_attribute("data-item-id")).rsplit("/operation/", 1)[1]
        for e in browser.find_elements(By.CSS_SELECTOR, selector)
    }
    assert shown == OPERATION_IDS
    assert EXAMPLE in browser.page_source
    requests = _requests(browser)
    assert any(url.endswith("/docs/static/redoc.standalone.js") for url, _ in requests)
    assert not _outside(requests, live_server)
