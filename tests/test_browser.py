"""Real-browser test: Playwright drives Debian's Chromium against `streamlit run`."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from seed.load import DEMO_PASSWORD
from tests.test_guard import ROOT

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(pilot_sqlite_url) -> Iterator[str]:
    if not os.path.exists(CHROMIUM):
        pytest.skip("no Chromium at /usr/bin/chromium (apt-get install chromium)")
    pytest.importorskip("playwright")
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": pilot_sqlite_url, "HOPLR_LOGIN_SLEEP": "0"}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.25)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture
def page(server, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        yield context.new_page()
        browser.close()
    shutil.rmtree(tmp_path, ignore_errors=True)


def test_login_pages_by_url_reload_logout(server, page):
    from playwright.sync_api import expect

    page.goto(server + "/Buurten")  # a deep link survives the login
    expect(page.get_by_role("textbox", name="Gebruikersnaam")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", name="Buurten")).to_have_count(0)
    page.get_by_role("textbox", name="Gebruikersnaam").fill("admin")
    page.get_by_role("textbox", name="Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Buurten")).to_be_visible(timeout=60_000)
    for path, heading in [("/", "Overzicht"), ("/Buurten", "Buurten"), ("/Admin", "Beheer")]:
        page.goto(server + path)  # the cookie logs us in again on a fresh session
        expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=60_000)
    page.reload()
    expect(page.get_by_role("heading", name="Beheer")).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("textbox", name="Gebruikersnaam")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", name="Beheer")).to_have_count(0, timeout=30_000)
    page.wait_for_timeout(1500)  # let the cookie component delete the cookie
    page.reload()
    expect(page.get_by_role("textbox", name="Gebruikersnaam")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", name="Beheer")).to_have_count(0)
