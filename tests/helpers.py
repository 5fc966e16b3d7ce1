"""Shared test helpers: small hand-built data sets for exact tests, the inbox set-up, pages in
AppTest, and the real browser (Playwright waits on conditions, never on fixed sleeps). Test
modules import from here, never from each other."""

from __future__ import annotations

import datetime as dt
import itertools
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, insert

from hoplr_data.core import models as m
from hoplr_data.ingest.pipeline import IngestReport, ingest_events

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["app.py", *sorted(f"pages/{p.name}" for p in (ROOT / "pages").glob("*.py"))]
_ids = itertools.count(1)


def copy_sqlite(template: Path, path: Path) -> str:
    """Copy a SQLite database consistently (the backup API); return the copy's URL."""
    src, dst = sqlite3.connect(template), sqlite3.connect(path)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    return f"sqlite:///{path}"


def add_buurten(engine: Engine, buurten: dict[str, int]) -> None:
    """Insert buurten {code: households}."""
    with engine.begin() as conn:
        for code, households in buurten.items():
            conn.execute(
                insert(m.Buurt).values(
                    code=code, name=f"Buurt {code}", households=households, version=1
                )
            )


def add_codes(engine: Engine, codes: dict[str, str]) -> None:
    """Insert invitation codes {code: buurt code}."""
    with engine.begin() as conn:
        ids = dict(
            conn.execute(
                m.Buurt.__table__.select().with_only_columns(m.Buurt.code, m.Buurt.id)
            ).all()
        )
        for code, buurt in codes.items():
            conn.execute(
                insert(m.InvitationCode).values(
                    code=code,
                    buurt_id=ids[buurt],
                    address="Teststraat 1",
                    created_at=dt.datetime(2023, 12, 1),
                )
            )


def ev(kind: str, when: str, **fields: object) -> dict:
    """One platform event with a fresh id."""
    return {"id": f"{kind}-{next(_ids)}", "type": kind, "time": when, **fields}


def load(engine: Engine, events: list[dict]) -> IngestReport:
    """Ingest events and fail on any rejection."""
    report = ingest_events(engine, events)
    assert not report.rejected, report.rejected
    return report


# --- the bottom-up inbox: one buurt 'A', the default categories, case handler 'handler' ---

HANDLER_NAME = "handler"


def inbox_setup(engine: Engine) -> Engine:
    """Buurt A, the default categories, user 'handler' (case handler) and household h1."""
    from hoplr_data.bottom_up.defaults import ensure_defaults
    from hoplr_data.core.db import session_scope
    from hoplr_data.users.accounts import create_user

    add_buurten(engine, {"A": 100})
    ensure_defaults(engine)
    with session_scope(engine) as session:
        create_user(
            session, username=HANDLER_NAME, name="H", password="x" * 12, roles=["case_handler"]
        )
    load(engine, [ev("registration", "2024-01-01T08:00:00", household_id="h1", buurt="A")])
    return engine


def new_item(
    engine: Engine, kind: str = "report", text: str = "Losse stoeptegel voor nummer 12", **extra: object
) -> str:
    """Ingest one report or idea from household h1 in buurt A; returns its id."""
    event = ev(
        kind,
        "2024-01-02T09:00:00",
        household_id="h1",
        buurt="A",
        text=text,
        contact={"name": "Jan", "email": "jan@example.org"},
        **extra,
    )
    load(engine, [event])
    return event["id"]


def current(engine: Engine, item_id: str) -> m.Item:
    """The item's row as stored now."""
    from sqlalchemy import select

    with engine.connect() as conn:
        return conn.execute(select(m.Item).where(m.Item.id == item_id)).one()


def move(engine: Engine, item_id: str, path: list[str], actor: object = None) -> None:
    """Walk an item along statuses (with a message where one is required); 'duplicate' links
    it to a fresh item of the same kind."""
    from hoplr_data.bottom_up import workflow as wf

    actor = actor or wf.Actor(HANDLER_NAME, ("case_handler",))
    for status in path:
        version = current(engine, item_id).version
        if status == "duplicate":
            main = new_item(engine, current(engine, item_id).kind, text="Het hoofditem")
            wf.link_duplicate(engine, actor=actor, item_id=item_id, version=version, main_id=main)
            continue
        wf.change_status(
            engine,
            actor=actor,
            item_id=item_id,
            version=version,
            to_status=status,
            message="Bericht aan de bewoner",
        )


# --- pages in AppTest ---------------------------------------------------------------------------

USERS = {
    "admin": ["admin"],
    "wijkregisseur": ["community_builder"],
    "behandelaar": ["case_handler"],
    "viewer": ["viewer"],
}
APP_TIMEOUT = 120  # seconds for one script run (a loaded CI machine; a normal run takes ~1 s)


def app(db_url: str, monkeypatch: pytest.MonkeyPatch, page: str = "app.py") -> Any:
    """The app in AppTest on a database, opened at a page."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("DATABASE_URL", db_url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=APP_TIMEOUT)
    if page != "app.py":
        at.switch_page(page)
    return at


def logged_in(at: Any, username: str) -> Any:
    """Log a demo user in the way the authenticator does (its session state)."""
    at.session_state["authentication_status"] = True
    at.session_state["username"] = username
    at.session_state["name"] = username
    at.session_state["roles"] = USERS[username]
    return at


def button(at: Any, label: str) -> Any:
    """The button with this label."""
    return next(b for b in at.button if b.label == label)


def chart_records(at: Any) -> list[dict]:
    """Every data row of every chart (Streamlit sends chart data as Arrow tables)."""
    import json

    import pyarrow as pa

    records = []
    for chart in at.get("vega_lite_chart"):
        for rows in json.loads(chart.proto.spec).get("datasets", {}).values():
            records.extend(rows)
        for named in chart.proto.datasets:
            table = pa.ipc.open_stream(named.data.data).read_all()
            records.extend(table.to_pylist())
    return records


HOSTILE = (
    "![tracker](https://evil.example/pixel.png) <script>alert('x')</script> <img src=x onerror=\"window.__xss=1\"> "
    # control characters (BEL, ESC) are refused at ingest now (tests/ingest/test_faults.py)
    "[klik hier](javascript:alert(1)) **vet** \u202egnirts desrever\u202c [31m "
    + "lang "
    * 400
)


def add_hostile_report(url: str) -> str:
    """Ingest report 'report-hostile' whose text, photo and address are markup and tricks."""
    from sqlalchemy import select

    from hoplr_data.core.db import make_engine
    from hoplr_data.ingest.pipeline import ingest_events

    engine = make_engine(url)
    with engine.connect() as conn:
        household = conn.execute(select(m.Membership.household_id).limit(1)).scalar_one()
    event = {
        "id": "report-hostile",
        "type": "report",
        "time": "2020-05-09T10:00:00",
        "household_id": household,
        "buurt": "DH-DUI",
        "text": HOSTILE,
        "photo_url": "https://evil.example/photo.png",
        "location": {"address": "<b>Straat</b> 1"},
    }
    report = ingest_events(engine, [event])
    engine.dispose()
    assert not report.rejected, report.rejected
    return event["id"]


# --- the real browser ---------------------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium"
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WAIT_MS = 60_000  # the longest any condition may take on a loaded machine
# Watches the app's WebSocket: messages sent (a widget change, a click: each asks for a rerun)
# and received, and when the last one arrived.
WATCH_SOCKET = """
window.__hoplr = {sent: 0, received: 0, receivedAtSend: 0, lastReceived: 0};
const NativeSocket = window.WebSocket;
window.WebSocket = class extends NativeSocket {
  constructor(...args) {
    super(...args);
    this.addEventListener("message", () => {
      window.__hoplr.received++;
      window.__hoplr.lastReceived = performance.now();
    });
  }
  send(data) {
    window.__hoplr.sent++;
    window.__hoplr.receivedAtSend = window.__hoplr.received;
    return super.send(data);
  }
};
"""
QUIET_MS = 150  # the connection counts as quiet when no message arrived for this long
# After a page load the login cookie component sends its value about 250 ms after the first
# render (later on a loaded machine), which reruns the page; an action before that can be lost.
LOAD_QUIET_MS = 1000
# Idle: connected; every message sent has had an answer and none arrived for QUIET_MS; no script
# running or asked to rerun; no element left from the previous run; no status widget; and (when
# `since` is a number) more messages were sent than that count.
IDLE = """([since, quiet]) => {
  const app = document.querySelector("[data-testid='stApp']");
  const socket = window.__hoplr;
  if (!app || !socket) return false;
  if (since !== null && socket.sent <= since) return false;
  return socket.received > socket.receivedAtSend
    && performance.now() - socket.lastReceived > quiet
    && app.getAttribute("data-test-connection-state") === "CONNECTED"
    && app.getAttribute("data-test-script-state") === "notRunning"
    && !document.querySelector("[data-stale='true']")
    && !document.querySelector("[data-testid='stStatusWidget']");
}"""
# A selectbox holds the option when its closed combobox shows it; a multiselect when the option
# is one of its chips (its text; typed text sits in the input's value, not in the text).
CHOSEN = """([label, option]) => {
  const input = [...document.querySelectorAll("input[aria-label]")]
    .find(e => e.getAttribute("aria-label") === label && e.offsetParent !== null);
  if (!input) return true;  // the rerun it caused replaced the widget (a new language)
  const multi = input.closest("[data-testid='stMultiSelect']");
  if (multi) return multi.innerText.includes(option);  // the dropdown lives elsewhere
  return input.getAttribute("aria-expanded") !== "true" && input.value === option;
}"""


def new_page(browser: Any, width: int = 1400, height: int = 1000) -> Any:
    """A page in a fresh browser context (no cookies) that watches the app's WebSocket."""
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(WATCH_SOCKET)
    return context.new_page()


def sent(page: Any) -> int:
    """How many messages the page has sent to the server."""
    return page.evaluate("window.__hoplr ? window.__hoplr.sent : 0")


def settle(page: Any, since: int | None = None, quiet_ms: int = QUIET_MS) -> None:
    """Wait until the app is idle (and, with `since`, has sent more messages than that)."""
    page.wait_for_function(IDLE, arg=[since, quiet_ms], timeout=WAIT_MS, polling=50)


def settle_after_load(page: Any) -> None:
    """Wait until a freshly loaded page is idle, past the login cookie component's rerun."""
    settle(page, quiet_ms=LOAD_QUIET_MS)


@contextmanager
def rerun(page: Any) -> Iterator[None]:
    """Around an action that reruns the script: start from an idle app (an action during a run
    can be lost), then wait until the action was sent, answered and its run has finished."""
    settle(page)
    before = sent(page)
    yield
    settle(page, since=before)


def log_in(page: Any, url: str, username: str, heading: str) -> None:
    """Open a page, log in through the real form and wait for the page's heading."""
    from playwright.sync_api import expect

    from seed.load import DEMO_PASSWORD

    page.goto(url)
    expect(page.get_by_role("textbox", name="Gebruikersnaam")).to_be_visible(timeout=WAIT_MS)
    settle_after_load(page)  # a click during the first runs can be lost: start from an idle form
    page.get_by_role("textbox", name="Gebruikersnaam").fill(username)
    page.get_by_role("textbox", name="Wachtwoord").fill(DEMO_PASSWORD)
    with rerun(page):
        page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", name=heading).first).to_be_visible(timeout=WAIT_MS)
    settle_after_load(page)


def choose(page: Any, label: str, option: str, attempts: int = 3) -> None:
    """Pick an option of a Streamlit selectbox or multiselect by typing it; wait until the
    widget holds it (a widget outside a form also reruns the script: wrap in `rerun`). Typing
    into a widget that a rerun is just redrawing can be lost: then it types again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(1, attempts + 1):
        page.locator(f"input[aria-label='{label}']:visible").click()
        page.keyboard.type(option)
        page.keyboard.press("Enter")
        try:
            page.wait_for_function(CHOSEN, arg=[label, option], timeout=WAIT_MS // 4, polling=50)
            return
        except PlaywrightTimeout:
            if attempt == attempts:
                raise
            page.keyboard.press("Escape")
            settle(page)
