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


def waste_deadline(engine, created=dt.datetime(2024, 1, 2, 9)) -> dt.datetime:
    """When an item of the waste category created at `created` turns late (its handling term)."""
    with engine.connect() as conn:
        days = conn.execute(
            select(m.Category.handling_days).where(m.Category.code == "waste")
        ).scalar_one()
    return created + dt.timedelta(days=days)


def due(engine, actor, now) -> list[dict]:
    return [n for n in nt.list_for(engine, actor, now=now) if n["kind"] == "due_soon"]


def test_item_turning_late_within_a_day_is_shown_while_due_soon(app_engine):
    item_id = new_item(app_engine, category="waste")
    deadline = waste_deadline(app_engine)
    other, closed = new_item(app_engine), new_item(app_engine)
    for i in (item_id, other, closed):
        wf.assign(app_engine, actor=ADMIN, item_id=i, version=1, assignee="handler")
    wf.change_status(
        app_engine, actor=HANDLER, item_id=closed, version=2, to_status="resolved", message="Klaar"
    )
    wf.assign(app_engine, actor=HANDLER, item_id=other, version=2, assignee=None)
    stored = rows(app_engine)
    assert due(app_engine, HANDLER, deadline - dt.timedelta(days=2)) == []
    for before in (dt.timedelta(hours=20), dt.timedelta(hours=2)):
        [note] = due(app_engine, HANDLER, deadline - before)  # one, however often it is seen
        assert (note["item_id"], note["due_at"], note["read_at"]) == (item_id, deadline, None)
        assert note["created_at"] == deadline - nt.DUE_WINDOW  # since it became due soon
        assert nt.unread_count(app_engine, "handler", now=deadline - before) == len(stored) + 1
    assert due(app_engine, HANDLER, deadline + dt.timedelta(hours=1)) == []  # late: the inbox
    assert due(app_engine, ADMIN, deadline - dt.timedelta(hours=2)) == []  # not the admin's
    assert rows(app_engine) == stored  # seeing it wrote nothing


def test_a_due_notification_read_or_dismissed_stays_so(app_engine):
    first, second = new_item(app_engine), new_item(app_engine)
    for i in (first, second):
        wf.assign(app_engine, actor=HANDLER, item_id=i, version=1, assignee="handler")
    deadline = waste_deadline(app_engine)
    soon = deadline - dt.timedelta(hours=3)
    assert rows(app_engine) == [] and nt.unread_count(app_engine, "handler", now=soon) == 2
    notes = {n["item_id"]: n for n in due(app_engine, HANDLER, soon)}
    with pytest.raises(nt.NotificationError):  # someone else's due notification
        nt.mark_read(app_engine, actor=ADMIN, notification_id=notes[first]["id"], now=soon)
    with pytest.raises(nt.NotificationError):  # not a due notification at all
        nt.dismiss(app_engine, actor=HANDLER, notification_id=f"due_soon:{first}:1:x", now=soon)
    nt.mark_read(app_engine, actor=HANDLER, notification_id=notes[first]["id"], now=soon)
    nt.dismiss(app_engine, actor=HANDLER, notification_id=notes[second]["id"], now=soon)
    assert rows(app_engine) == [
        ("handler", "due_soon", first, None), ("handler", "due_soon", second, None)
    ]  # fmt: skip
    later = deadline - dt.timedelta(hours=1)
    [read] = due(app_engine, HANDLER, later)  # read: still listed, once; dismissed: gone
    assert (read["item_id"], read["due_at"], read["read_at"]) == (first, deadline, soon)
    assert nt.unread_count(app_engine, "handler", now=later) == 0
    assert due(app_engine, HANDLER, deadline + dt.timedelta(days=1)) == [read]  # kept, as read


def test_mark_all_read_includes_due_notifications(app_engine):
    item_id = new_item(app_engine)
    wf.assign(app_engine, actor=ADMIN, item_id=item_id, version=1, assignee="handler")
    soon = waste_deadline(app_engine) - dt.timedelta(hours=3)
    assert sorted(n["kind"] for n in nt.list_for(app_engine, HANDLER, now=soon)) == [
        "assigned", "due_soon"
    ]  # fmt: skip
    assert nt.unread_count(app_engine, "handler", now=soon) == 2
    assert nt.mark_all_read(app_engine, actor=HANDLER, now=soon) == 2
    assert nt.unread_count(app_engine, "handler", now=soon) == 0
    listed = nt.list_for(app_engine, HANDLER, now=soon)
    assert sorted((n["kind"], n["read_at"]) for n in listed) == [
        ("assigned", soon), ("due_soon", soon)
    ]  # fmt: skip
    assert nt.mark_all_read(app_engine, actor=HANDLER, now=soon) == 0


def scheduled_post(engine) -> tuple[int, dt.datetime]:
    """A post the builder scheduled for the next day; returns its id and moment."""
    from tests.top_down.builders import NL, NOW, make_post

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
    from tests.helpers import ROOT

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


def page_clock(engine) -> dt.datetime:
    """Now on the pages' clock: the pilot's demo date at the real time of day."""
    from hoplr_data.core.settings import demo_date

    return dt.datetime.combine(demo_date(engine), dt.datetime.now().time())


def make_due_in_12_hours(engine, moment: dt.datetime, username="behandelaar") -> str:
    """One open item of the user turns late 12 hours after `moment`; returns its id."""
    with engine.begin() as conn:
        item_id, days = conn.execute(
            select(m.Item.id, m.Category.handling_days)
            .join(m.Category, m.Category.id == m.Item.category_id)
            .join(m.User, m.User.id == m.Item.assignee_id)
            .where(m.User.username == username, m.Item.closed_at.is_(None))
            .order_by(m.Item.id)
            .limit(1)
        ).one()
        created = moment + dt.timedelta(hours=12) - dt.timedelta(days=days)
        conn.execute(
            m.Item.__table__.update().where(m.Item.id == item_id).values(created_at=created)
        )
    return item_id


def stored_notes(engine) -> list[tuple]:
    with engine.connect() as conn:
        return conn.execute(
            select(m.Notification.dedupe_key, m.Notification.read_at).order_by(m.Notification.id)
        ).all()


def test_pilot_due_item_is_in_the_badge_and_the_list_and_viewing_writes_nothing(
    pilot_sqlite_url, monkeypatch
):
    engine = make_engine(pilot_sqlite_url)
    handler = wf.Actor("behandelaar", ("case_handler",))
    stored = stored_notes(engine)
    moment = page_clock(engine)
    unread_before = nt.unread_count(engine, "behandelaar", now=moment)
    item_id = make_due_in_12_hours(engine, moment)
    [note] = [n for n in nt.list_for(engine, handler, now=moment) if n["kind"] == "due_soon"]
    assert nt.unread_count(engine, "behandelaar", now=moment) == unread_before + 1
    at = page(pilot_sqlite_url, monkeypatch, "behandelaar", ["case_handler"])
    at.run()
    assert not at.exception, at.exception
    assert f"[{unread_before + 1}]" in nav_labels(at)["Notifications"]
    texts = [x.value for x in at.text]
    item = f"{t('kind.' + note['item_kind'], 'nl')} {item_id}"
    deadline = f"{note['due_at']:%d-%m-%Y %H:%M}"
    assert t("notif.due_soon", "nl", item=item, deadline=deadline) in texts, texts
    assert stored_notes(engine) == stored  # the badge and the list only read
    at.button(key=f"notif_read_{note['id']}").click().run()
    assert not at.exception, at.exception
    [(key, read_at)] = stored_notes(engine)[len(stored) :]
    assert key == note["id"] and read_at is not None  # the button stored the read mark
    assert nt.unread_count(engine, "behandelaar", now=moment) == unread_before
    assert f"[{unread_before}]" in nav_labels(at)["Notifications"]
