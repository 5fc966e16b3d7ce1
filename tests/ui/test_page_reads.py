"""Looking at a page never writes: the Publish page shows scheduled items that are due and
publishes them only when asked (the `outbox export` job does it on its own)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from hoplr_data.core import models as m
from hoplr_data.core.db import make_engine
from hoplr_data.core.i18n import t_plural
from hoplr_data.core.roles import Actor
from hoplr_data.core.settings import demo_date
from hoplr_data.top_down import publications as pub
from tests.helpers import PAGES, app, button, logged_in

BUILDER = Actor(username="wijkregisseur", roles=("community_builder",))


def _scheduled(url: str, *, due: bool) -> int:
    """A post scheduled for the day before the demo's today (due) or the day after (not due)."""
    engine = make_engine(url)
    today = demo_date(engine)
    assert today is not None  # the pilot runs on the demo clock
    moment = dt.datetime.combine(today + dt.timedelta(days=-1 if due else 1), dt.time(12))
    made = moment - dt.timedelta(days=2)
    pid = pub.create_draft(engine, actor=BUILDER, kind="post", now=made)
    doc = pub.empty_document("post") | {"texts": {"nl": {"title": "Werk", "body": "Tekst."}}}
    version = pub.save_draft(engine, actor=BUILDER, publication_id=pid, version=1, doc=doc,
                             buurt_codes=[], all_buurten=True, now=made)  # fmt: skip
    languages = ("nl", "fr", "en")
    doc["texts"] |= {lang: {"title": "Werk", "body": "Tekst."} for lang in languages}
    version = pub.save_draft(engine, actor=BUILDER, publication_id=pid, version=version, doc=doc,
                             buurt_codes=[], all_buurten=True, now=made)  # fmt: skip
    pub.publish(engine, actor=BUILDER, publication_id=pid, version=version, languages=languages,
                schedule_at=moment, now=made)  # fmt: skip
    engine.dispose()
    return pid


def _state(url: str, pid: int) -> tuple:
    """The publication's status and version, and the number of outbox rows and notifications."""
    engine = make_engine(url)
    with engine.connect() as conn:
        row = conn.execute(
            select(m.Publication.status, m.Publication.version).where(m.Publication.id == pid)
        ).one()
        outbox = conn.scalar(select(func.count()).select_from(m.OutboxMessage))
        notes = conn.scalar(select(func.count()).select_from(m.Notification))
    engine.dispose()
    return (*row, outbox, notes)


def _open(url: str, monkeypatch: pytest.MonkeyPatch, pid: int | None = None) -> AppTest:
    at = logged_in(app(url, monkeypatch, "pages/4_Publish.py"), "wijkregisseur")
    if pid is not None:
        at.query_params["pub"] = str(pid)
    at.run()
    assert not at.exception, at.exception
    return at


def test_viewing_the_publish_page_writes_nothing(pilot_sqlite_url, monkeypatch):
    due = _scheduled(pilot_sqlite_url, due=True)
    before = _state(pilot_sqlite_url, due)
    assert before[0] == "scheduled"
    draft = pub.create_draft(make_engine(pilot_sqlite_url), actor=BUILDER, kind="poll")
    watch = _watch_writes(pilot_sqlite_url.removeprefix("sqlite:///"))
    at = _open(pilot_sqlite_url, monkeypatch)
    at.run()  # a second look (a rerun) changes nothing either
    assert _writes(watch) == []
    assert _state(pilot_sqlite_url, due) == before
    _open(pilot_sqlite_url, monkeypatch, draft)  # the composer loads a draft: no autosave
    _open(pilot_sqlite_url, monkeypatch, due)  # a scheduled item's own view
    assert _writes(watch) == []
    watch.close()
    assert _state(pilot_sqlite_url, due) == before


def test_due_items_are_named_and_go_out_when_asked(pilot_sqlite_url, monkeypatch):
    due = _scheduled(pilot_sqlite_url, due=True)
    later = _scheduled(pilot_sqlite_url, due=False)
    before = _state(pilot_sqlite_url, due)
    at = _open(pilot_sqlite_url, monkeypatch)
    waiting = t_plural("pub.due_waiting", 1, "nl")
    assert waiting in [i.value for i in at.info]
    button(at, t_plural("pub.release_due", 1, "nl")).click().run()
    assert not at.exception, at.exception
    assert t_plural("pub.released", 1, "nl") in [s.value for s in at.success]
    status, version, outbox, notes = _state(pilot_sqlite_url, due)
    assert (status, version) == ("published", before[1] + 1)
    assert (outbox, notes) == (before[2] + 1, before[3] + 1)  # the message and the author's note
    assert _state(pilot_sqlite_url, later)[0] == "scheduled"
    assert waiting not in [i.value for i in at.info]


# Writes a page view may make: its login session's last use, and the audit log's record of a view.
BOOKKEEPING = {"session", "login_throttle", "audit_log", "alembic_version"}


def _watch_writes(path: str) -> sqlite3.Connection:
    """Triggers that note every insert, update and delete on the data tables (bookkeeping aside)."""
    watch = sqlite3.connect(path)
    tables = [r[0] for r in watch.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    watch.execute("CREATE TABLE test_writes (tbl TEXT)")
    for table in set(tables) - BOOKKEEPING - {"sqlite_sequence"}:
        for op in ("INSERT", "UPDATE", "DELETE"):
            watch.execute(
                f'CREATE TRIGGER "tw_{table}_{op}" AFTER {op} ON "{table}" '
                f"BEGIN INSERT INTO test_writes VALUES ('{table} {op}'); END"
            )
    watch.commit()
    return watch


def _writes(watch: sqlite3.Connection) -> list[str]:
    return [r[0] for r in watch.execute("SELECT tbl FROM test_writes")]


@pytest.mark.parametrize("username", ["admin", "behandelaar"])
def test_no_page_writes_when_viewed(pilot_sqlite_url, monkeypatch, username):
    watch = _watch_writes(pilot_sqlite_url.removeprefix("sqlite:///"))
    for page in PAGES:
        at = logged_in(app(pilot_sqlite_url, monkeypatch, page), username)
        at.run()
        assert not at.exception, (page, at.exception)
        assert _writes(watch) == [], page
    watch.close()


def test_no_page_writes_when_an_assigned_item_is_nearly_due(pilot_sqlite_url, monkeypatch):
    engine = make_engine(pilot_sqlite_url)
    today = demo_date(engine)
    assert today is not None
    with engine.begin() as conn:
        item_id, days = conn.execute(
            select(m.Item.id, m.Category.handling_days)
            .join(m.Category, m.Category.id == m.Item.category_id)
            .join(m.User, m.User.id == m.Item.assignee_id)
            .where(m.User.username == "behandelaar", m.Item.closed_at.is_(None))
            .limit(1)
        ).one()
        moment = dt.datetime.combine(today, dt.datetime.now().time())  # the page's clock
        created = moment + dt.timedelta(hours=12) - dt.timedelta(days=days)  # due in 12 hours
        conn.execute(m.Item.__table__.update().where(m.Item.id == item_id)
                     .values(created_at=created))  # fmt: skip
    engine.dispose()
    watch = _watch_writes(pilot_sqlite_url.removeprefix("sqlite:///"))
    logged_in(app(pilot_sqlite_url, monkeypatch, "pages/3_Inbox.py"), "behandelaar").run()
    assert _writes(watch) == []
    watch.close()
