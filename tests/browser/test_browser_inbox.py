"""Real-browser tests of the inbox (issue 9): a shrinking list neither crashes nor opens another
item, a saved item stays open, a link opens an item, and the reply preview follows the text."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import text

from hoplr_data.core.db import make_engine
from tests.helpers import WAIT_MS, choose, log_in, rerun, settle_after_load

pytestmark = pytest.mark.browser

ITEM_HEADING = re.compile(r"^(Melding|Idee) [A-Za-z0-9-]+$")
ROW = 35  # pixels per grid row; the first row's checkbox is 55 px below the grid's top


def open_ids(url: str, where: str) -> list[str]:
    """Open items matching a condition, newest first (the order of the inbox list)."""
    query = (
        "SELECT item.id FROM item LEFT JOIN app_user u ON u.id = item.assignee_id "
        "WHERE item.status NOT IN ('resolved', 'declined', 'duplicate', 'not_adopted', "
        f"'realised') AND {where} ORDER BY item.created_at DESC"
    )
    with make_engine(url).connect() as conn:
        return list(conn.execute(text(query)).scalars())


def tick_row(page, row: int, item_id: str) -> None:  # noqa: ANN001
    """Click the selection checkbox of a row of the inbox list (the first grid on the page)
    once the list shows the item; the selection reruns the page."""
    from playwright.sync_api import expect

    grid = page.locator("[data-testid='stDataFrame']").first
    expect(grid).to_contain_text(item_id, timeout=WAIT_MS)
    box = grid.bounding_box()
    with rerun(page):
        page.mouse.click(box["x"] + 15, box["y"] + 55 + ROW * row)


def preview(page, words: str):  # noqa: ANN001, ANN201
    """Plain-text elements (st.text, as the preview is) showing exactly these words; the text
    box itself is no match."""
    return page.locator("[data-testid='stText']:visible").filter(
        has_text=re.compile(f"^{re.escape(words)}$")
    )


def no_crash(page) -> None:  # noqa: ANN001
    assert page.locator("[data-testid='stException']").count() == 0
    assert page.get_by_text("This app has encountered an error").count() == 0


def test_a_filter_that_shrinks_the_list_keeps_the_open_item(server, page, browser_db_url):
    from playwright.sync_api import expect

    mine = open_ids(browser_db_url, "u.username = 'behandelaar'")
    assert len(mine) > 8
    log_in(page, server + "/Inbox", "behandelaar", "Meldingen en ideeën")
    with rerun(page):
        page.get_by_text("Aan mij toegewezen", exact=True).click()
    tick_row(page, 7, mine[7])
    kind = "Melding" if mine[7].startswith("report") else "Idee"
    heading = page.get_by_role("heading", name=f"{kind} {mine[7]}")
    expect(heading.first).to_be_visible(timeout=30_000)

    with rerun(page):  # row 7 is now another item
        page.get_by_text("Alles (ook gesloten)", exact=True).click()
    no_crash(page)
    expect(heading.first).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name=ITEM_HEADING)).to_have_count(1)  # no other item

    page.get_by_text("Filters").click()
    page.get_by_label("Zoekwoord").fill("graffiti")
    with rerun(page):
        page.get_by_label("Zoekwoord").press("Enter")
    no_crash(page)
    expect(heading.first).to_be_visible(timeout=30_000)
    expect(page.get_by_text("past niet (meer) bij de gekozen weergave")).to_be_visible()
    assert f"item={mine[7]}" in page.url


def test_after_saving_the_same_item_stays_open_and_a_link_opens_it(
    server,
    page,
    browser_db_url,
):
    from playwright.sync_api import expect

    unassigned = open_ids(browser_db_url, "item.assignee_id IS NULL")
    row = unassigned.index("report-011")
    follower = unassigned[row + 1]  # the row that moves up when report-011 leaves the list
    log_in(page, server + "/Inbox", "behandelaar", "Meldingen en ideeën")
    with rerun(page):
        page.get_by_text("Niet toegewezen", exact=True).click()
    tick_row(page, row, "report-011")
    expect(page.get_by_role("heading", name="Melding report-011").first).to_be_visible(
        timeout=30_000
    )
    with rerun(page):  # choosing a status reruns the page
        choose(page, "Nieuwe status", "Afgehandeld")
    with rerun(page):
        page.locator("button:visible", has_text="Standaardtekst invullen").click()
    message = page.locator("textarea[aria-label='Bericht aan de bewoner']:visible")
    expect(message).to_have_value(re.compile("Le problème est résolu"), timeout=30_000)
    with rerun(page):
        page.locator("button:visible", has_text="Status opslaan").click()
    expect(page.get_by_text("Opgeslagen.")).to_be_visible(timeout=30_000)
    no_crash(page)
    expect(page.get_by_role("heading", name="Melding report-011").first).to_be_visible()
    kind = "Melding" if follower.startswith("report") else "Idee"
    expect(page.get_by_role("heading", name=f"{kind} {follower}")).to_have_count(0)

    page.goto(server + f"/Inbox?item={follower}")  # a shared link (the cookie logs us in)
    expect(page.get_by_role("heading", name=f"{kind} {follower}").first).to_be_visible(
        timeout=60_000
    )
    settle_after_load(page)
    with rerun(page):
        page.locator("button:visible", has_text="Sluiten").click()
    expect(page.get_by_role("heading", name=f"{kind} {follower}")).to_have_count(0, timeout=30_000)
    assert "item=" not in page.url

    page.goto(server + "/Inbox?item=nope](javascript:alert(1))")
    expect(page.get_by_text("bestaat niet (controleer de link)")).to_be_visible(timeout=60_000)
    no_crash(page)


def test_the_reply_preview_follows_the_text(server, page, browser_db_url):
    from playwright.sync_api import expect

    log_in(page, server + "/Inbox", "behandelaar", "Meldingen en ideeën")
    page.get_by_text("Filters").click()
    page.get_by_label("Zoekwoord").fill("report-012")
    with rerun(page):
        page.get_by_label("Zoekwoord").press("Enter")
    tick_row(page, 0, "report-012")
    expect(page.get_by_role("heading", name="Melding report-012").first).to_be_visible(
        timeout=30_000
    )
    message = page.locator("textarea[aria-label='Bericht aan de bewoner']:visible")
    message.fill("Wij komen dinsdag kijken.")
    message.press("Tab")  # leaving the box commits the text, as a click elsewhere does
    expect(preview(page, "Wij komen dinsdag kijken.")).to_have_count(1, timeout=30_000)
    message.fill("Wij komen woensdag kijken.")
    message.press("Tab")
    expect(preview(page, "Wij komen woensdag kijken.")).to_have_count(1, timeout=30_000)
    expect(preview(page, "Wij komen dinsdag kijken.")).to_have_count(0)
