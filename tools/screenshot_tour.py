"""Screenshot tour: every page x role x language at several widths, with a few layout checks.

Run against a seeded demo database (it starts its own server on a free port):

    python -m tools.screenshot_tour --database-url sqlite:////tmp/tour/pilot.db --out /tmp/tour

It writes one full-page PNG per page, role, language and width, and prints what it found:
metric labels cut off with an ellipsis, English-style numbers on a Dutch or French page, raw ISO
dates, Streamlit's own English crash message. Needs Debian's Chromium at /usr/bin/chromium.
"""

from __future__ import annotations

import argparse
import os
import re
import secrets
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hoplr_data.core.db import make_engine
from hoplr_data.core.i18n import LANGUAGE_NAMES, LANGUAGES, t
from hoplr_data.core.roles import allows
from hoplr_data.users.accounts import get_user, set_language
from ui.nav import NAV

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
DEMO_USERS = ("admin", "wijkregisseur", "behandelaar", "viewer")
PASSWORD = os.environ.get("HOPLR_TOUR_PASSWORD", "demo-password-2020")
ENGLISH_NUMBER = re.compile(
    r"(?<![\d.,])\d{1,3}(,\d{3})+(?![\d,])|(?<![\d.,])\d+\.\d{1,2}(?![\d.])"
)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
CRASH = "This app has encountered an error"
CUT_LABELS = """() => [...document.querySelectorAll(
  '[data-testid="stMetricLabel"] p, [data-testid="stMetricLabel"] div, button p, label p'
)].filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText)"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def streamlit_server(database_url: str) -> Iterator[str]:
    """Start `streamlit run app.py` on a free loopback port; yield its URL."""
    port = _free_port()
    env = {"HOPLR_COOKIE_KEY": secrets.token_urlsafe(48), **os.environ,
           "DATABASE_URL": database_url, "HOPLR_LOGIN_SLEEP": "0"}  # fmt: skip
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
               "--server.address", "127.0.0.1"]  # fmt: skip
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.25)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def settle(page) -> None:  # noqa: ANN001
    """Wait until Streamlit's run is over (no status widget, no skeleton)."""
    page.wait_for_timeout(400)
    page.locator("[data-testid='stStatusWidget']").wait_for(state="detached", timeout=60_000)
    page.wait_for_timeout(400)


def log_in(page, url: str, username: str, lang: str) -> None:  # noqa: ANN001
    """Log in through the real form (labels in the language the login page shows)."""
    page.goto(f"{url}/?lang={lang}")
    user_box = page.get_by_role("textbox", name=t("login.username", lang))
    user_box.wait_for(timeout=60_000)
    settle(page)
    user_box.fill(username)
    page.get_by_role("textbox", name=t("login.password", lang)).fill(PASSWORD)
    page.get_by_role("button", name=t("login.submit", lang)).click()
    user_box.wait_for(state="detached", timeout=60_000)
    settle(page)


def ensure_language(page, lang: str) -> None:  # noqa: ANN001
    """Pick the tour's language in the sidebar when the app shows another one (the server keeps
    a user's record for 30 s, so a language set in the database may not be adopted at login)."""
    wanted = page.get_by_role("combobox", name=t("sidebar.language", lang), exact=True)
    if wanted.count():
        return
    for shown in LANGUAGES:
        box = page.get_by_role("combobox", name=t("sidebar.language", shown), exact=True)
        if box.count():
            box.click()
            page.get_by_role("option", name=LANGUAGE_NAMES[lang], exact=True).click()
            wanted.wait_for(timeout=60_000)
            settle(page)
            return
    raise RuntimeError("no language picker in the sidebar")


def findings(page, lang: str) -> list[str]:  # noqa: ANN001
    """Layout and language problems visible in the page's text."""
    text = page.inner_text("[data-testid='stMain']")
    found = [f"cut label: {label!r}" for label in page.evaluate(CUT_LABELS)]
    if CRASH in text:
        found.append("Streamlit crash message")
    if lang in ("nl", "fr"):
        found += [f"English-style number: {m.group(0)}" for m in ENGLISH_NUMBER.finditer(text)]
    found += [f"raw ISO date: {m.group(0)}" for m in ISO_DATE.finditer(text)]
    return found


def tour(url: str, database_url: str, out: Path, widths: list[int], langs: list[str],
         usernames: list[str]) -> int:  # fmt: skip
    """Take every screenshot; return how many problems were found."""
    from playwright.sync_api import sync_playwright

    engine = make_engine(database_url)
    problems = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for username in usernames:
            roles = (get_user(engine, username) or {}).get("roles", [])
            for lang in langs:
                set_language(engine, username=username, language=lang)
                for width in widths:
                    context = browser.new_context(viewport={"width": width, "height": 1000})
                    page = context.new_page()
                    log_in(page, url, username, lang)
                    ensure_language(page, lang)
                    for item in NAV:
                        if not allows(roles, item.capability):
                            continue
                        slug = Path(item.path).stem.split("_", 1)[-1].lower()
                        page.goto(f"{url}/{'' if slug == 'app' else Path(item.path).stem[2:]}")
                        page.locator("h1").first.wait_for(timeout=60_000)
                        settle(page)
                        page.wait_for_timeout(1500)  # charts draw after the run ends
                        name = f"{username}-{lang}-{width}-{slug}.png"
                        page.screenshot(path=str(out / name), full_page=True)
                        for problem in findings(page, lang):
                            problems += 1
                            print(f"{name}: {problem}")
                    context.close()
        browser.close()
    engine.dispose()
    return problems


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, start a server and run the tour."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--out", type=Path, default=Path("screenshots"))
    parser.add_argument("--widths", default="1280,1920")
    parser.add_argument("--langs", default="nl,fr,en")
    parser.add_argument("--users", default=",".join(DEMO_USERS))
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with streamlit_server(args.database_url) as url:
        problems = tour(url, args.database_url, args.out,
                        [int(w) for w in args.widths.split(",")], args.langs.split(","),
                        args.users.split(","))  # fmt: skip
    print(f"{problems} problems; screenshots in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
