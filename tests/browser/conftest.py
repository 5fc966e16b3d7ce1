"""Browser fixtures: one `streamlit run` server per test module, on the module's own copy of the
seeded pilot; one Chromium per module; a fresh browser context (no cookies) per test.

The tests of a module share the server and its database, so each test works on its own items
(one resolves report-011, another adds report-hostile, another publishes its own survey) and
never expects another test's changes or their absence."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import BROWSER_ARGS, CHROMIUM, ROOT, copy_sqlite, new_page


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def browser_db_url(pilot_sqlite_template: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The module's private copy of the seeded pilot, which its server uses."""
    return copy_sqlite(pilot_sqlite_template, tmp_path_factory.mktemp("browser") / "pilot.db")


def _wait_until_serving(proc: subprocess.Popen, url: str) -> None:
    """Read the server's output until it announces its URL (or ends); then drain it."""
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if "URL:" in line:
            break
    else:
        pytest.fail("streamlit run ended before serving:\n" + "".join(lines))
    threading.Thread(target=proc.stdout.read, daemon=True).start()  # keep the pipe from filling
    with urllib.request.urlopen(url + "/_stcore/health", timeout=30) as response:
        assert response.read() == b"ok"


@pytest.fixture(scope="module")
def server(browser_db_url: str) -> Iterator[str]:
    """A running `streamlit run app.py` on the module's database; its base URL."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("no Chromium at /usr/bin/chromium (apt-get install chromium)")
    pytest.importorskip("playwright")
    port = _free_port()
    env = {**os.environ, "DATABASE_URL": browser_db_url, "HOPLR_LOGIN_SLEEP": "0"}
    command = [
        sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    proc = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(proc, url)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(server: str) -> Iterator[object]:
    """One headless Chromium for the module."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=BROWSER_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A page in a fresh browser context (its own cookies) at 1,400 x 1,000 px."""
    page = new_page(browser, width=1400)
    yield page
    page.context.close()
