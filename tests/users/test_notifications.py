"""Notifications inside the app: each kind is created once for the right user, read or dismissed
per user; the page lists them and the sidebar counts them."""

import datetime as dt
import json

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from hoplr_data.bottom_up import workflow as wf
from hoplr_data.bottom_up.defaults import ensure_defaults
from hoplr_data.core import models as m
from hoplr_data.core.db import make_engine, session_scope
from hoplr_data.core.i18n import t
from hoplr_data.ingest.pipeline import ingest_lines
from hoplr_data.top_down import publications as pub
from hoplr_data.users import notifications as nt
from hoplr_data.users.accounts import create_user
from tests.helpers import add_buurten, ev, load

HANDLER = wf.Actor("handler", ("case_handler",))
ADMIN = wf.Actor("boss", ("admin",))
BUILDER = pub.Actor("builder", ("community_builder",))
VIEWER = wf.Actor("watcher", ("viewer",))


@pytest.fixture
def app_engine(engine):
    add_buurten(engine, {"A": 100})
    ensure_defaults(engine)
    with session_scope(engine) as session:
        for username, role in (
            ("handler", "case_handler"), ("boss", "admin"), ("builder", "community_builder"),
            ("watcher", "viewer"),
        ):  # fmt: skip
            create_user(session, username=username, name=username, password="x" * 12, roles=[role])
    load(engine, [ev("registration", "2024-01-01T08:00:00", household_id="h1", buurt="A")])
    return engine


def new_item(engine, category="waste") -> str:
    event = ev(
        "report", "2024-01-02T09:00:00", household_id="h1", buurt="A", text="Volle container",
        category=category,
    )  # fmt: skip
    load(engine, [event])
    return event["id"]


def version(engine, item_id) -> int:
    with engine.connect() as conn:
        return conn.execute(select(m.Item.version).where(m.Item.id == item_id)).scalar_one()


def rows(engine) -> list[tuple]:
    with engine.connect() as conn:
        return conn.execute(
            select(m.User.username, m.Notification.kind, m.Notification.item_id,
                   m.Notification.publication_id)
            .join(m.User, m.User.id == m.Notification.user_id)
            .order_by(m.Notification.id)
        ).all()  # fmt: skip


def kinds(engine, username) -> list[str]:
    return [r[1] for r in rows(engine) if r[0] == username]


def test_assignment_by_someone_else_notifies_the_assignee_once(app_engine):
    item_id = new_item(app_engine)
    wf.assign(app_engine, actor=HANDLER, item_id=item_id, version=1, assignee="handler")
    assert rows(app_engine) == []  # taking an item yourself is no news
    wf.assign(app_engine, actor=ADMIN, item_id=item_id, version=2, assignee="boss")
    wf.assign(app_engine, actor=ADMIN, item_id=item_id, version=3, assignee="handler")
    assert rows(app_engine) == [("handler", "assigned", item_id, None)]
    with pytest.raises(wf.StaleItem):  # a refused assignment notifies nobody
        wf.assign(app_engine, actor=ADMIN, item_id=item_id, version=3, assignee="boss")
    assert len(rows(app_engine)) == 1
    [note] = nt.list_for(app_engine, HANDLER, now=dt.datetime(2024, 1, 3))
    assert (note["kind"], note["item_id"], note["by"]) == ("assigned", item_id, "boss")


def reply(engine, item_id, event_id="rr-1") -> None:
    line = json.dumps(
        {"id": event_id, "type": "reporter_reply", "time": "2024-01-04T12:00:00",
         "item_id": item_id, "text": "Het staat er nog steeds."}
    )  # fmt: skip
    report = ingest_lines(engine, [line])
    assert not report.rejected, report.rejected


def test_resident_reply_notifies_the_assignee_once(app_engine):
    item_id = new_item(app_engine)
    unassigned = new_item(app_engine)
    wf.assign(app_engine, actor=HANDLER, item_id=item_id, version=1, assignee="handler")
    reply(app_engine, item_id)
    reply(app_engine, item_id)  # the same event again
    reply(app_engine, unassigned, "rr-2")  # nobody to tell yet: the inbox list shows it
    assert rows(app_engine) == [("handler", "reply", item_id, None)]
    assert nt.new_reply_count(app_engine, "handler") == 1
    assert nt.new_reply_count(app_engine, "boss") == 0


def test_item_turning_late_within_a_day_is_notified_once(app_engine):
    item_id = new_item(app_engine, category="waste")  # handling term: see the category
    with app_engine.connect() as conn:
        days = conn.execute(
            select(m.Category.handling_days).where(m.Category.code == "waste")
        ).scalar_one()
    deadline = dt.datetime(2024, 1, 2, 9) + dt.timedelta(days=days)
    other = new_item(app_engine)
    closed = new_item(app_engine)
    for i in (item_id, other, closed):
        wf.assign(app_engine, actor=ADMIN, item_id=i, version=1, assignee="handler")
    wf.change_status(
        app_engine, actor=HANDLER, item_id=closed, version=2, to_status="resolved", message="Klaar"
    )
    wf.assign(app_engine, actor=HANDLER, item_id=other, version=2, assignee=None)
    assigned = len(rows(app_engine))
    assert nt.refresh_due(app_engine, now=deadline - dt.timedelta(days=2)) == 0
    assert nt.refresh_due(app_engine, now=deadline - dt.timedelta(hours=20)) == 1
    assert nt.refresh_due(app_engine, now=deadline - dt.timedelta(hours=2)) == 0
    assert nt.refresh_due(app_engine, now=deadline + dt.timedelta(hours=1)) == 0  # late already
    assert rows(app_engine)[assigned:] == [("handler", "due_soon", item_id, None)]
    [due] = [n for n in nt.list_for(app_engine, HANDLER, now=deadline) if n["kind"] == "due_soon"]
    assert due["due_at"] == deadline


def test_listing_creates_due_notifications_for_the_user(app_engine):
    item_id = new_item(app_engine)
    wf.assign(app_engine, actor=HANDLER, item_id=item_id, version=1, assignee="handler")
    with app_engine.connect() as conn:
        days = conn.execute(
            select(m.Category.handling_days).where(m.Category.code == "waste")
        ).scalar_one()
    soon = dt.datetime(2024, 1, 2, 9) + dt.timedelta(days=days, hours=-3)
    assert [n["kind"] for n in nt.list_for(app_engine, HANDLER, now=soon)] == ["due_soon"]
    assert nt.unread_count(app_engine, "handler") == 1


def scheduled_post(engine) -> tuple[int, dt.datetime]:
    """A post the builder scheduled for the next day; returns its id and moment."""
    from tests.top_down.test_publications import NL, NOW, make_post

    pid, at = make_post(engine, ["A"]), NOW + dt.timedelta(days=1)
    pub.publish(
        engine, actor=BUILDER, publication_id=pid, version=2, languages=NL, schedule_at=at, now=NOW
    )
    return pid, at


def test_scheduled_publication_going_out_notifies_its_author_once(app_engine):
    pid, at = scheduled_post(app_engine)
    assert rows(app_engine) == []
    assert pub.release_due(app_engine, now=at + dt.timedelta(minutes=5)) == 1
    assert pub.release_due(app_engine, now=at + dt.timedelta(hours=5)) == 0
    assert rows(app_engine) == [("builder", "published", None, pid)]
    [note] = nt.list_for(app_engine, BUILDER, now=at + dt.timedelta(hours=5), lang="nl")
    assert note["publication_id"] == pid and note["title"]


def test_read_and_dismiss_are_per_user(app_engine):
    first, second = new_item(app_engine), new_item(app_engine)
    for i in (first, second):
        wf.assign(app_engine, actor=ADMIN, item_id=i, version=1, assignee="handler")
    wf.assign(app_engine, actor=HANDLER, item_id=first, version=2, assignee="boss")
    now = dt.datetime(2024, 1, 3)
    mine = nt.list_for(app_engine, HANDLER, now=now)
    assert [n["item_id"] for n in mine] == [second, first]  # newest first
    assert nt.unread_count(app_engine, "handler") == 2 and nt.unread_count(app_engine, "boss") == 1
    boss_note = nt.list_for(app_engine, ADMIN, now=now)[0]
    with pytest.raises(nt.NotificationError):  # someone else's notification
        nt.mark_read(app_engine, actor=HANDLER, notification_id=boss_note["id"])
    with pytest.raises(nt.NotificationError):
        nt.dismiss(app_engine, actor=HANDLER, notification_id=boss_note["id"])
    nt.mark_read(app_engine, actor=HANDLER, notification_id=mine[0]["id"])
    assert nt.unread_count(app_engine, "handler") == 1 and nt.unread_count(app_engine, "boss") == 1
    nt.dismiss(app_engine, actor=HANDLER, notification_id=mine[1]["id"])
    assert [n["id"] for n in nt.list_for(app_engine, HANDLER, now=now)] == [mine[0]["id"]]
    assert nt.unread_count(app_engine, "handler") == 0
    assert nt.mark_all_read(app_engine, actor=ADMIN) == 1
    assert nt.unread_count(app_engine, "boss") == 0
    assert nt.list_for(app_engine, ADMIN, now=now)[0]["read_at"] is not None


def test_every_role_sees_only_its_own_notifications(app_engine):
    assert nt.list_for(app_engine, VIEWER, now=dt.datetime(2024, 1, 3)) == []
    assert nt.mark_all_read(app_engine, actor=VIEWER) == 0
    with app_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(m.Notification)).scalar_one() == 0


# --- the page and the sidebar ------------------------------------------------------------------


def page(db_url, monkeypatch, username, roles, path="pages/6_Notifications.py") -> AppTest:
    from tests.ui.test_guard import ROOT

    monkeypatch.setenv("DATABASE_URL", db_url)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.switch_page(path)
    at.session_state["authentication_status"] = True
    at.session_state["username"] = username
    at.session_state["name"] = username
    at.session_state["roles"] = roles
    return at


def nav_labels(at: AppTest) -> dict[str, str]:
    return {link.proto.page: link.proto.label for link in at.sidebar.get("page_link")}


def test_pilot_case_handler_sees_replies_in_the_sidebar_and_the_page(pilot_sqlite_url, monkeypatch):
    engine = make_engine(pilot_sqlite_url)
    replies = nt.new_reply_count(engine, "behandelaar")
    assert replies >= 1
    at = page(pilot_sqlite_url, monkeypatch, "behandelaar", ["case_handler"])
    at.run()
    assert not at.exception, at.exception
    assert at.title[0].value == t("notif.title", "nl")
    unread = nt.unread_count(engine, "behandelaar")
    assert unread >= replies
    labels = nav_labels(at)
    assert labels["Notifications"].startswith(t("nav.notifications", "nl"))
    assert f"[{unread}]" in labels["Notifications"]
    assert f"[{replies}]" in labels["Inbox"]
    texts = [x.value for x in at.text]
    assert any(x.startswith(t("notif.reply", "nl", item="")[:12]) for x in texts), texts
    links = [x.proto for x in at.main.get("page_link")]
    assert any(p.page == "Inbox" and "item=" in p.query_string for p in links), links
    next(b for b in at.button if b.label == t("notif.mark_all_read", "nl")).click().run()
    assert not at.exception
    assert nt.unread_count(engine, "behandelaar") == 0
    assert "[" not in nav_labels(at)["Notifications"]
    dismiss = [b for b in at.button if b.label == t("notif.dismiss", "nl")]
    dismiss[0].click().run()
    assert len([b for b in at.button if b.label == t("notif.dismiss", "nl")]) == len(dismiss) - 1


def test_viewer_gets_an_empty_list_in_english(pilot_sqlite_url, monkeypatch):
    at = page(pilot_sqlite_url, monkeypatch, "viewer", ["viewer"])
    at.run()
    assert not at.exception
    assert at.title[0].value == t("notif.title", "en")
    assert [i.value for i in at.info] == [t("notif.empty", "en")]
    assert nav_labels(at)["Notifications"] == t("nav.notifications", "en")
