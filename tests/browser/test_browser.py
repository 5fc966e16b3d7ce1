"""Real-browser test: Playwright drives Debian's Chromium against `streamlit run`."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from seed.load import DEMO_PASSWORD
from tests.ui.test_guard import ROOT

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
    expect(page.get_by_role("heading", name="Buurten").first).to_be_visible(timeout=60_000)
    for path, heading in [("/", "Overzicht"), ("/Buurten", "Buurten"), ("/Admin", "Beheer")]:
        page.goto(server + path)  # the cookie logs us in again on a fresh session
        expect(page.get_by_role("heading", name=heading).first).to_be_visible(timeout=60_000)
    page.reload()
    expect(page.get_by_role("heading", name="Beheer").first).to_be_visible(timeout=60_000)
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("textbox", name="Gebruikersnaam")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", name="Beheer")).to_have_count(0, timeout=30_000)
    page.wait_for_timeout(1500)  # let the cookie component delete the cookie
    page.reload()
    expect(page.get_by_role("textbox", name="Gebruikersnaam")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", name="Beheer")).to_have_count(0)


def log_in(page, url: str, username: str, heading: str) -> None:  # noqa: ANN001
    """Open a page, log in through the real form and wait for the page's heading."""
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.get_by_role("textbox", name="Gebruikersnaam")).to_be_visible(timeout=60_000)
    settle(page)  # a click during the first run can be lost; let the login form settle
    page.get_by_role("textbox", name="Gebruikersnaam").fill(username)
    page.get_by_role("textbox", name="Wachtwoord").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name=heading).first).to_be_visible(timeout=60_000)


def settle(page) -> None:  # noqa: ANN001
    """Wait until Streamlit has finished the current run (its status widget is gone)."""
    from playwright.sync_api import expect

    page.wait_for_timeout(500)
    expect(page.locator("[data-testid='stStatusWidget']")).to_have_count(0, timeout=60_000)
    page.wait_for_timeout(500)


def choose(page, label: str, option: str) -> None:  # noqa: ANN001
    """Pick an option of a Streamlit selectbox by typing it (robust against reruns)."""
    box = page.locator(f"input[aria-label='{label}']:visible")
    box.click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")
    page.wait_for_timeout(500)


def test_case_handler_assigns_replies_and_resolves(server, page, pilot_sqlite_url):
    from playwright.sync_api import expect
    from sqlalchemy import select

    from hoplr_data.core import models as hm
    from hoplr_data.core.db import make_engine

    log_in(page, server + "/Inbox", "behandelaar", "Meldingen en ideeën")
    page.get_by_text("Filters").click()
    page.get_by_label("Zoekwoord").fill("report-011")
    page.get_by_label("Zoekwoord").press("Enter")
    page.wait_for_timeout(2500)
    grid = page.locator("[data-testid='stDataFrame']").first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 55)  # the row's selection checkbox
    expect(page.get_by_role("heading", name="Melding report-011").first).to_be_visible(
        timeout=30_000
    )
    settle(page)

    choose(page, "Toewijzen aan", "behandelaar")
    page.locator("button:visible", has_text="Toewijzen").last.click()
    expect(page.get_by_text("Opgeslagen.")).to_be_visible(timeout=30_000)

    settle(page)
    choose(page, "Nieuwe status", "Afgehandeld")
    settle(page)  # the composer is no form: choosing a status reruns the page
    page.locator("button:visible", has_text="Standaardtekst invullen").click()
    settle(page)
    message = page.locator("textarea[aria-label='Bericht aan de bewoner']:visible")
    expect(message).to_have_count(1, timeout=30_000)  # a stale copy may linger during a rerun
    expect(message).to_have_value(
        re.compile("Le problème est résolu"), timeout=30_000
    )  # the resident wrote in French
    page.locator("button:visible", has_text="Status opslaan").click()
    expect(page.get_by_text("Opgeslagen.")).to_be_visible(timeout=30_000)

    engine = make_engine(pilot_sqlite_url)
    with engine.connect() as conn:
        item = conn.execute(
            select(hm.Item.status, hm.Item.assignee_id).where(hm.Item.id == "report-011")
        ).one()
        replies = (
            conn.execute(
                select(hm.OutboxMessage.payload).where(hm.OutboxMessage.item_id == "report-011")
            )
            .scalars()
            .all()
        )
    assert item.status == "resolved" and item.assignee_id is not None
    assert any("Le problème est résolu" in r for r in replies)


def test_hostile_report_text_is_inert_in_the_browser(server, page, pilot_sqlite_url):
    from playwright.sync_api import expect

    from tests.ui.test_pages import HOSTILE, _add_hostile_report

    _add_hostile_report(pilot_sqlite_url)
    log_in(page, server + "/Inbox", "behandelaar", "Meldingen en ideeën")
    settle(page)
    page.get_by_text("Filters").click()
    page.get_by_label("Zoekwoord").fill("report-hostile")
    page.get_by_label("Zoekwoord").press("Enter")
    settle(page)
    box = page.locator("[data-testid='stDataFrame']").first.bounding_box()
    page.mouse.click(box["x"] + 15, box["y"] + 55)
    expect(page.get_by_role("heading", name="Melding report-hostile").first).to_be_visible(
        timeout=30_000
    )
    settle(page)
    expect(
        page.get_by_text("![tracker](https://evil.example/pixel.png)", exact=False).first
    ).to_be_visible()
    assert page.locator("img[src*='evil.example']").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.locator("a[href*='evil.example']").count() == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert page.locator("script", has_text="alert('x')").count() == 0
    expect(page.get_by_text(HOSTILE[:60]).first).to_be_visible()  # shown literally, markup and all


def _answers_for(url: str, title: str, count: int) -> int:
    """Ingest anonymous answers to the survey with this title from households in its buurten."""
    from sqlalchemy import select

    from hoplr_data.core import models as hm
    from hoplr_data.core.db import make_engine
    from hoplr_data.ingest.pipeline import ingest_events

    engine = make_engine(url)
    with engine.connect() as conn:
        pid, published = next(
            (p.id, p.published_at)
            for p in conn.execute(
                select(hm.Publication.id, hm.Publication.published_at, hm.Publication.content)
            )  # fmt: skip
            if title in p.content
        )
        households = (
            conn.execute(
                select(hm.Membership.household_id)
                .join(hm.PublicationBuurt, hm.PublicationBuurt.buurt_id == hm.Membership.buurt_id)
                .where(
                    hm.PublicationBuurt.publication_id == pid,
                    hm.Membership.deregistered_at.is_(None),
                )  # fmt: skip
                .limit(count)
            )
            .scalars()
            .all()
        )
    when = (published + dt.timedelta(minutes=1)).isoformat()
    events = [
        {"id": f"browser-answer-{i}", "type": "survey_response", "time": when,
         "household_id": hid, "publication_id": pid,
         "answers": {"q1": "o1" if i < count - 1 else "o2"}}
        for i, hid in enumerate(households)
    ]  # fmt: skip
    report = ingest_events(engine, events)
    assert not report.rejected, report.rejected
    return pid


def test_compose_preview_publish_a_survey_and_read_its_results(server, page, pilot_sqlite_url):
    from playwright.sync_api import expect

    log_in(page, server + "/Publish", "wijkregisseur", "Publiceren voor de buurten")
    settle(page)
    choose(page, "Soort", "Enquête")
    settle(page)
    page.get_by_role("button", name="Concept maken").click()
    expect(page.get_by_role("heading", name="Enquête · Concept").first).to_be_visible(
        timeout=60_000
    )
    settle(page)
    for buurt in ("Duinoord", "Kijkduin"):
        choose(page, "Buurten", buurt)
        page.keyboard.press("Escape")
        settle(page)
    for name, value in [("Titel", "Speeltuin aan het plein"),
                        ("Tekst", "Wat vindt u van een nieuwe speeltuin?")]:  # fmt: skip
        page.get_by_role("textbox", name=name).fill(value)
        page.keyboard.press("Tab")
        settle(page)
    page.get_by_role("button", name="Vraag toevoegen").click()
    settle(page)
    page.get_by_role("textbox", name="Vraag", exact=True).fill("Wilt u een speeltuin?")
    page.keyboard.press("Tab")
    settle(page)
    page.get_by_role("textbox", name="Antwoorden, één per regel").fill("Ja graag\nLiever niet")
    page.keyboard.press("Tab")
    settle(page)
    preview = page.get_by_role("tabpanel", name="Nederlands").filter(has_text="Gemeente · Enquête")
    expect(preview.get_by_text("Speeltuin aan het plein")).to_be_visible()
    expect(preview.get_by_text("Liever niet", exact=False)).to_be_visible()
    page.get_by_role("button", name="Publiceren", exact=True).click()
    settle(page)
    expect(page.get_by_text("Nu publiceren naar", exact=False)).to_be_visible(timeout=30_000)
    page.get_by_role("button", name="Ja, nu publiceren").click()  # publishing asks first
    expect(page.get_by_text("Gepubliceerd: het bericht staat klaar")).to_be_visible(timeout=30_000)
    expect(page.get_by_text("Duinoord, Kijkduin", exact=False)).to_be_visible(timeout=30_000)

    pid = _answers_for(pilot_sqlite_url, "Speeltuin aan het plein", 6)
    page.goto(f"{server}/Results?pub={pid}")
    expect(page.get_by_text("Wilt u een speeltuin?")).to_be_visible(timeout=60_000)
    settle(page)
    expect(page.get_by_text("6 bewoners beantwoordden deze vraag.")).to_be_visible()
    grid = page.locator("[data-testid='stDataFrame']").first
    expect(grid).to_contain_text("Ja graag", timeout=30_000)
    expect(grid).to_contain_text("< 5")  # 5 yes, 1 no: the no is suppressed
