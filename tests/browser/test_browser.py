"""Real-browser tests: Playwright drives Debian's Chromium against `streamlit run` (one server
per module, tests/browser/conftest.py): login, deep links, logout, the inbox, hostile text, the
publish-and-results round trip."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from seed.load import DEMO_PASSWORD
from tests.helpers import (
    HOSTILE,
    WAIT_MS,
    add_hostile_report,
    choose,
    log_in,
    rerun,
    settle,
    settle_after_load,
)
from ui.setup import COOKIE_NAME

pytestmark = pytest.mark.browser


def test_login_pages_by_url_reload_logout(server, page):
    from playwright.sync_api import expect

    page.goto(server + "/Buurten")  # a deep link survives the login
    expect(page.get_by_role("textbox", name="Gebruikersnaam")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", name="Buurten")).to_have_count(0)
    settle_after_load(page)  # the login cookie component reruns the first page once
    page.get_by_role("textbox", name="Gebruikersnaam").fill("admin")
    page.get_by_role("textbox", name="Wachtwoord").fill(DEMO_PASSWORD)
    with rerun(page):
        page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name="Buurten").first).to_be_visible(timeout=60_000)
    for path, heading in [("/", "Overzicht"), ("/Buurten", "Buurten"), ("/Admin", "Beheer")]:
        page.goto(server + path)  # the cookie logs us in again on a fresh session
        expect(page.get_by_role("heading", name=heading).first).to_be_visible(timeout=60_000)
    page.reload()
    expect(page.get_by_role("heading", name="Beheer").first).to_be_visible(timeout=60_000)
    settle(page)
    page.get_by_role("button", name="Uitloggen").click()
    # the Admin page's own "Gebruikersnaam" field (new user form) stays on screen, faded, until
    # the logout run ends: wait for the page to go and the run to end, then for the login form
    expect(page.get_by_role("heading", name="Beheer")).to_have_count(0, timeout=60_000)
    settle(page)
    expect(page.get_by_role("textbox", name="Gebruikersnaam")).to_be_visible(timeout=60_000)
    page.wait_for_function(  # the cookie component deletes the login cookie
        f"() => !document.cookie.split('; ').some(c => c.startsWith('{COOKIE_NAME}='))",
        timeout=WAIT_MS,
    )
    page.reload()
    expect(page.get_by_role("textbox", name="Gebruikersnaam")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("heading", name="Beheer")).to_have_count(0)


def test_case_handler_assigns_replies_and_resolves(server, page, browser_db_url):
    from playwright.sync_api import expect
    from sqlalchemy import select

    from hoplr_data.core import models as hm
    from hoplr_data.core.db import make_engine

    log_in(page, server + "/Inbox", "behandelaar", "Meldingen en ideeën")
    page.get_by_text("Filters").click()
    page.get_by_label("Zoekwoord").fill("report-011")
    with rerun(page):
        page.get_by_label("Zoekwoord").press("Enter")
    grid = page.locator("[data-testid='stDataFrame']").first
    expect(grid).to_contain_text("report-011", timeout=WAIT_MS)
    box = grid.bounding_box()
    with rerun(page):
        page.mouse.click(box["x"] + 15, box["y"] + 55)  # the row's selection checkbox
    expect(page.get_by_role("heading", name="Melding report-011").first).to_be_visible(
        timeout=30_000
    )

    choose(page, "Toewijzen aan", "behandelaar")  # in a form: no rerun until it is sent
    with rerun(page):
        page.locator("button:visible", has_text="Toewijzen").last.click()
    expect(page.get_by_text("Opgeslagen.")).to_be_visible(timeout=30_000)

    with rerun(page):  # the composer is no form: choosing a status reruns the page
        choose(page, "Nieuwe status", "Afgehandeld")
    with rerun(page):
        page.locator("button:visible", has_text="Standaardtekst invullen").click()
    message = page.locator("textarea[aria-label='Bericht aan de bewoner']:visible")
    expect(message).to_have_count(1, timeout=30_000)  # a stale copy may linger during a rerun
    expect(message).to_have_value(
        re.compile("Le problème est résolu"), timeout=30_000
    )  # the resident wrote in French
    with rerun(page):
        page.locator("button:visible", has_text="Status opslaan").click()
    expect(page.get_by_text("Opgeslagen.")).to_be_visible(timeout=30_000)

    engine = make_engine(browser_db_url)
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


def test_hostile_report_text_is_inert_in_the_browser(server, page, browser_db_url):
    from playwright.sync_api import expect

    add_hostile_report(browser_db_url)
    log_in(page, server + "/Inbox", "behandelaar", "Meldingen en ideeën")
    page.get_by_text("Filters").click()
    page.get_by_label("Zoekwoord").fill("report-hostile")
    with rerun(page):
        page.get_by_label("Zoekwoord").press("Enter")
    grid = page.locator("[data-testid='stDataFrame']").first
    expect(grid).to_contain_text("report-hostile", timeout=WAIT_MS)
    box = grid.bounding_box()
    with rerun(page):
        page.mouse.click(box["x"] + 15, box["y"] + 55)
    expect(page.get_by_role("heading", name="Melding report-hostile").first).to_be_visible(
        timeout=30_000
    )
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


def test_compose_preview_publish_a_survey_and_read_its_results(server, page, browser_db_url):
    from playwright.sync_api import expect

    log_in(page, server + "/Publish", "wijkregisseur", "Publiceren voor de buurten")
    with rerun(page):
        choose(page, "Soort", "Enquête")
    with rerun(page):
        page.get_by_role("button", name="Concept maken").click()
    expect(page.get_by_role("heading", name="Enquête · Concept").first).to_be_visible(
        timeout=60_000
    )
    for buurt in ("Duinoord", "Kijkduin"):
        with rerun(page):
            choose(page, "Buurten", buurt)
        page.keyboard.press("Escape")
    for name, value in [("Titel", "Speeltuin aan het plein"),
                        ("Tekst", "Wat vindt u van een nieuwe speeltuin?")]:  # fmt: skip
        page.get_by_role("textbox", name=name).fill(value)
        with rerun(page):
            page.keyboard.press("Tab")
    with rerun(page):
        page.get_by_role("button", name="Vraag toevoegen").click()
    page.get_by_role("textbox", name="Vraag", exact=True).fill("Wilt u een speeltuin?")
    with rerun(page):
        page.keyboard.press("Tab")
    page.get_by_role("textbox", name="Antwoorden, één per regel").fill("Ja graag\nLiever niet")
    with rerun(page):
        page.keyboard.press("Tab")
    preview = page.get_by_role("tabpanel", name="Nederlands").filter(has_text="Gemeente · Enquête")
    expect(preview.get_by_text("Speeltuin aan het plein")).to_be_visible()
    expect(preview.get_by_text("Liever niet", exact=False)).to_be_visible()
    with rerun(page):
        page.get_by_role("button", name="Publiceren", exact=True).click()
    expect(page.get_by_text("Nu publiceren naar", exact=False)).to_be_visible(timeout=30_000)
    with rerun(page):
        page.get_by_role("button", name="Ja, nu publiceren").click()  # publishing asks first
    expect(page.get_by_text("Gepubliceerd: het bericht staat klaar")).to_be_visible(timeout=30_000)
    # the audience line of the published item (the confirmation above it, which names the same
    # buurten, may still be on screen while the rerun finishes)
    published_line = page.get_by_text(re.compile(r"^Gepubliceerd op .*Duinoord, Kijkduin"))
    expect(published_line).to_be_visible(timeout=30_000)

    pid = _answers_for(browser_db_url, "Speeltuin aan het plein", 6)
    page.goto(f"{server}/Results?pub={pid}")
    expect(page.get_by_text("Wilt u een speeltuin?")).to_be_visible(timeout=60_000)
    settle_after_load(page)
    expect(page.get_by_text("6 bewoners beantwoordden deze vraag.")).to_be_visible()
    grid = page.locator("[data-testid='stDataFrame']").first
    expect(grid).to_contain_text("Ja graag", timeout=30_000)
    expect(grid).to_contain_text("< 5")  # 5 yes, 1 no: the no is suppressed
