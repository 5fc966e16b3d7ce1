"""Server-side sessions and the login lockout on the real server in Chromium (issue 12): a
copied cookie replayed in a new browser after logout, after a password reset and after a
deactivation; idle expiry (this module's server ends a session after 30 s unused); twenty
wrong passwords lock the account until an admin lifts the block; no request leaves 127.0.0.1."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import select

from hoplr_data.core.db import make_engine
from hoplr_data.core.i18n import t
from hoplr_data.core.models.audit import AuditEntry
from hoplr_data.core.models.users import LoginSession, LoginThrottle, User
from hoplr_data.core.roles import Actor
from hoplr_data.users import accounts
from seed.load import DEMO_PASSWORD
from tests.helpers import WAIT_MS, choose, log_in, new_page, rerun, settle_after_load
from ui.setup import COOKIE_NAME

pytestmark = pytest.mark.browser
IDLE_SECONDS = 30


@pytest.fixture(scope="module", autouse=True)
def short_idle_timeout() -> Iterator[None]:
    """This module's server (started after this) ends sessions unused for 30 seconds."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("HOPLR_SESSION_IDLE_MINUTES", str(IDLE_SECONDS / 60))
        yield


def auth_cookie(page) -> dict:
    return next(c for c in page.context.cookies() if c["name"] == COOKIE_NAME)


def replay(browser, server: str, cookie: dict, path: str = "/"):
    """A new browser context holding only the copied cookie, opened at `path`."""
    page = new_page(browser)
    page.context.add_cookies([cookie])
    page.goto(server + path)
    return page


def expect_login_form(page, lang: str = "nl") -> None:
    """The login form (in `lang`) and no page behind it."""
    from playwright.sync_api import expect

    username = page.get_by_role("textbox", name=t("login.username", lang))
    expect(username).to_be_visible(timeout=WAIT_MS)
    expect(page.get_by_role("textbox", name=t("login.password", lang))).to_be_visible()
    settle_after_load(page)
    expect(username).to_be_visible()
    assert page.get_by_role("heading", name="Overview").count() == 0
    assert page.get_by_role("heading", name="Overzicht").count() == 0


def expect_heading(page, name: str) -> None:
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name=name).first).to_be_visible(timeout=WAIT_MS)


def user_row(db_url: str, username: str) -> dict:
    with make_engine(db_url).connect() as conn:
        row = conn.execute(select(User).where(User.username == username)).one()
    return {"id": row.id, "version": row.version}


def test_the_cookie_is_only_a_signed_session_reference_and_dies_at_logout(server, page, browser):
    log_in(page, server, "viewer", "Overview")  # the viewer's language is English
    cookie = auth_cookie(page)
    header, payload, _ = cookie["value"].split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    assert set(claims) == {"sid", "exp"} and "viewer" not in cookie["value"]
    assert cookie["sameSite"] == "Strict"
    other = replay(browser, server, cookie)  # the copied cookie works while the session lives
    expect_heading(other, "Overview")
    other.context.close()
    with rerun(page):
        page.get_by_role("button", name=t("logout", "en")).click()
    expect_login_form(page, "en")  # this tab keeps the viewer's language
    again = replay(browser, server, cookie)  # the same cookie after logout: the login form
    expect_login_form(again)
    again.reload()
    expect_login_form(again)
    again.context.close()


def test_a_password_reset_and_a_deactivation_end_copied_cookies(
    server, page, browser, browser_db_url
):
    engine = make_engine(browser_db_url)
    admin = Actor("admin", ("admin",))
    log_in(page, server, "behandelaar", "Overzicht")
    cookie = auth_cookie(page)
    row = user_row(browser_db_url, "behandelaar")
    accounts.reset_password(
        engine, actor=admin, user_id=row["id"], version=row["version"], password="Gracht-Fiets 42"
    )
    replayed = replay(browser, server, cookie)
    expect_login_form(replayed)
    replayed.context.close()
    page.reload()  # and the browser that logged in
    expect_login_form(page)

    second = new_page(browser)
    log_in(second, server, "wijkregisseur", "Overzicht")
    cookie = auth_cookie(second)
    row = user_row(browser_db_url, "wijkregisseur")
    accounts.update_user(
        engine, actor=admin, user_id=row["id"], version=row["version"],
        roles=["community_builder"], active=False, name="Wijkregisseur",
    )  # fmt: skip
    for _ in range(2):  # a form (not a bare hint), across reloads
        replayed = replay(browser, server, cookie)
        expect_login_form(replayed)
        replayed.context.close()
    second.context.close()


def test_an_unused_session_ends_after_the_idle_time(server, page, browser_db_url):
    log_in(page, server, "admin", "Overzicht")
    time.sleep(IDLE_SECONDS + 2)  # the point of the test is the time that passes unused
    page.reload()
    expect_login_form(page)
    with make_engine(browser_db_url).connect() as conn:
        reasons = (
            conn.execute(
                select(LoginSession.end_reason)
                .join(User, User.id == LoginSession.user_id)
                .where(User.username == "admin", LoginSession.ended_at.is_not(None))
            )
            .scalars()
            .all()
        )
    assert "idle" in reasons, reasons


def submit(page, username: str, password: str) -> float:
    """Submit the login form; the seconds until its run ended."""
    page.get_by_role("textbox", name="Gebruikersnaam").fill(username)
    page.get_by_role("textbox", name="Wachtwoord").fill(password)
    started = time.monotonic()
    with rerun(page):
        page.get_by_role("button", name="Inloggen").click()
    return time.monotonic() - started


def test_twenty_wrong_passwords_lock_the_account_until_an_admin_lifts_it(
    server, page, browser, browser_db_url
):
    from playwright.sync_api import expect

    page.goto(server)
    expect_login_form(page)
    took = [submit(page, "viewer", f"wrong-password-{i}") for i in range(20)]
    locked = t("login.locked", "nl")
    expect(page.get_by_text(locked)).to_be_visible(timeout=WAIT_MS)
    assert took[4] >= 8 and took[3] >= 4, took  # waits of 1, 2, 4 and 8 s before tries 2-5
    assert max(took[6:]) < took[4], took  # a locked account is refused at once
    submit(page, "viewer", DEMO_PASSWORD)  # the right password is refused too
    expect(page.get_by_text(locked)).to_be_visible(timeout=WAIT_MS)
    assert page.get_by_role("heading", name="Overview").count() == 0
    submit(page, "nobody-at-all", "whatever-it-is")  # an unknown name: the same answer
    for _ in range(5):
        submit(page, "nobody-at-all", "whatever-it-is")
    expect(page.get_by_text(locked)).to_be_visible(timeout=WAIT_MS)
    with make_engine(browser_db_url).connect() as conn:
        keys = set(conn.execute(select(LoginThrottle.key)).scalars())
        audited = conn.execute(select(AuditEntry.actor, AuditEntry.action, AuditEntry.result)).all()
    assert {"account:viewer", "account:nobody-at-all"} <= keys
    assert audited.count(("viewer", "auth.login", "failed")) == 5
    assert ("viewer", "auth.lockout", "ok") in audited
    assert audited.count(("viewer", "auth.login", "refused")) >= 15  # the tries while locked
    assert ("unknown", "auth.lockout", "ok") in audited  # the typed name is not logged
    assert not [row for row in audited if "nobody" in row[0]]

    admin = new_page(browser)
    log_in(admin, server + "/Admin", "admin", "Beheer")
    with rerun(admin):
        choose(admin, "Geblokkeerd", "Account: viewer")
    with rerun(admin):
        admin.get_by_role("button", name="Blokkade opheffen").click()
    expect(admin.get_by_text("De blokkade is opgeheven.")).to_be_visible(timeout=WAIT_MS)
    admin.context.close()
    submit(page, "viewer", DEMO_PASSWORD)
    expect_heading(page, "Overview")


def test_no_page_load_fetches_anything_from_outside(server, page):
    hosts: list[str] = []
    page.on("request", lambda request: hosts.append(request.url.split("/")[2]))
    log_in(page, server + "/Buurten", "admin", "Buurten")
    page.reload()
    expect_heading(page, "Buurten")
    settle_after_load(page)
    assert hosts and set(hosts) == {server.split("/")[2]}, sorted(set(hosts))
    icon = page.locator("link[rel='shortcut icon'], link[rel='icon']").first
    assert icon.get_attribute("href").startswith("./media/") or "/media/" in icon.get_attribute(
        "href"
    )
