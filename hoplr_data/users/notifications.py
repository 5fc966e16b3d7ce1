"""Notifications inside the app, one row per user and event.

Kinds: an item assigned to the user by someone else, a resident's reply on an item assigned to the
user, an item of the user turning late within a day, the user's scheduled publication going out.
Each has a unique key, so it is written once however often its cause is seen again; each user
reads or dismisses only their own.

"Due soon" is worked out when read (`due_soon`), never stored by looking: listing and counting
write nothing. Only the user's own button (mark read, dismiss, mark all read) stores a due-soon
notification, under its key, to keep that state; from then on the stored row is listed instead.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Connection, Engine, and_, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from hoplr_data.core import models as m
from hoplr_data.core.db import session_scope
from hoplr_data.core.errors import NotFound
from hoplr_data.core.models import LANGUAGES
from hoplr_data.core.roles import Actor, require
from hoplr_data.core.timeutil import now_local

DUE_WINDOW = dt.timedelta(days=1)
LIST_LIMIT = 200


class NotificationError(NotFound):
    """The notification does not exist or belongs to someone else."""


def notify(
    session: Session,
    *,
    user_id: int,
    kind: str,
    key: str,
    at: dt.datetime,
    item_id: str | None = None,
    publication_id: int | None = None,
    by_user_id: int | None = None,
    due_at: dt.datetime | None = None,
) -> int:
    """Write a notification in the caller's transaction unless its key exists; 1 if written."""
    if kind not in m.NOTIFICATION_KINDS:
        raise ValueError(kind)
    values = {
        "user_id": user_id,
        "kind": kind,
        "dedupe_key": key[:160],
        "item_id": item_id,
        "publication_id": publication_id,
        "by_user_id": by_user_id,
        "due_at": due_at,
        "created_at": at,
    }
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    table = m.Notification.__table__
    statement = insert(table).values(**values).on_conflict_do_nothing().returning(table.c.id)
    return len(session.execute(statement).all())  # no row back when the key existed


def _user_id(conn: Connection | Session, username: str) -> int | None:
    """The user's id, None for an unknown username."""
    return conn.scalar(select(m.User.id).where(m.User.username == username))


def _open_items():  # noqa: ANN202
    """SQL condition: the item is still open (by the workflow's closed statuses)."""
    from hoplr_data.bottom_up.workflow import CLOSED

    return or_(
        *(and_(m.Item.kind == kind, m.Item.status.not_in(tuple(s))) for kind, s in CLOSED.items())
    )


def _due_key(item_id: str, user_id: int, deadline: dt.datetime) -> str:
    """The key a due-soon notification is stored under once the user reads or dismisses it."""
    return f"due_soon:{item_id}:{user_id}:{deadline:%Y%m%dT%H%M}"


def _assigned_open(
    conn: Connection | Session, user_id: int, item_id: str | None = None
) -> list[tuple[str, str, dt.datetime]]:
    """The user's open assigned items with their handling deadline: (item id, kind, deadline)."""
    query = (
        select(m.Item.id, m.Item.kind, m.Item.created_at, m.Category.handling_days)
        .join(m.Category, m.Category.id == m.Item.category_id)
        .where(m.Item.assignee_id == user_id, _open_items())
    )
    if item_id is not None:
        query = query.where(m.Item.id == item_id)
    return [
        (i, kind, created + dt.timedelta(days=days))
        for i, kind, created, days in conn.execute(query).all()
    ]


def due_soon(conn: Connection | Session, user_id: int, now: dt.datetime) -> list[dict]:
    """The user's unread "due soon" notifications, worked out at `now` without writing anything.

    One per open item assigned to the user whose handling term ends within a day, unless the user
    read or dismissed it (then it is stored under its key and `list_for` shows the stored row).
    Each dates from when its item became due soon, a day before its deadline; its `id` is its key.
    """
    due = [
        (item_id, kind, deadline)
        for item_id, kind, deadline in _assigned_open(conn, user_id)
        if now < deadline <= now + DUE_WINDOW
    ]
    keys = {_due_key(item_id, user_id, deadline) for item_id, _, deadline in due}
    stored = set(
        conn.scalars(select(m.Notification.dedupe_key).where(m.Notification.dedupe_key.in_(keys)))
    )
    return [
        {
            "id": key,
            "kind": "due_soon",
            "item_id": item_id,
            "publication_id": None,
            "due_at": deadline,
            "created_at": deadline - DUE_WINDOW,
            "read_at": None,
            "by": None,
            "item_kind": kind,
            "title": None,
        }
        for item_id, kind, deadline in due
        if (key := _due_key(item_id, user_id, deadline)) not in stored
    ]


def list_for(
    engine: Engine, actor: Actor, *, now: dt.datetime | None = None, lang: str = "nl"
) -> list[dict]:
    """The user's notifications that are not dismissed, newest first; reads only.

    Stored ones (assignments, replies, publications, due-soon ones the user has read) and the
    due-soon ones worked out at this moment (`due_soon`, their `id` is their key, a string).
    """
    require(actor.roles, "statistics")
    by = aliased(m.User)
    me = aliased(m.User)
    query = (
        select(
            m.Notification.id,
            m.Notification.kind,
            m.Notification.item_id,
            m.Notification.publication_id,
            m.Notification.due_at,
            m.Notification.created_at,
            m.Notification.read_at,
            by.username.label("by"),
            m.Item.kind.label("item_kind"),
            m.Publication.content.label("content"),
        )
        .join(me, me.id == m.Notification.user_id)
        .outerjoin(by, by.id == m.Notification.by_user_id)
        .outerjoin(m.Item, m.Item.id == m.Notification.item_id)
        .outerjoin(m.Publication, m.Publication.id == m.Notification.publication_id)
        .where(me.username == actor.username, m.Notification.dismissed_at.is_(None))
        .order_by(m.Notification.created_at.desc(), m.Notification.id.desc())
        .limit(LIST_LIMIT)
    )
    with engine.connect() as conn:
        rows = [dict(r) for r in conn.execute(query).mappings()]
        user_id = _user_id(conn, actor.username)
        computed = due_soon(conn, user_id, now or now_local()) if user_id is not None else []
    for row in rows:
        content = row.pop("content")
        row["title"] = _title(content, lang) if content else None
    return _newest_first(rows, computed)[:LIST_LIMIT]


def _newest_first(stored: list[dict], computed: list[dict]) -> list[dict]:
    """Stored and computed notifications merged, newest first (stored ones by id on a tie)."""
    return sorted(
        [*stored, *computed],
        key=lambda n: (n["created_at"], n["id"] if isinstance(n["id"], int) else 0),
        reverse=True,
    )


def _title(content: str, lang: str) -> str:
    """A publication's title in the user's language, else in the first language it has."""
    from hoplr_data.top_down.documents import title_of

    return title_of(json.loads(content), [lang, *(x for x in LANGUAGES if x != lang)])


def unread_count(engine: Engine, username: str, *, now: dt.datetime | None = None) -> int:
    """Notifications the user has neither read nor dismissed (due-soon ones included); reads only."""
    with engine.connect() as conn:
        user_id = _user_id(conn, username)
        if user_id is None:
            return 0
        stored = conn.execute(
            select(func.count())
            .select_from(m.Notification)
            .where(
                m.Notification.user_id == user_id,
                m.Notification.read_at.is_(None),
                m.Notification.dismissed_at.is_(None),
            )
        ).scalar_one()
        return stored + len(due_soon(conn, user_id, now or now_local()))


def new_reply_count(engine: Engine, username: str) -> int:
    """Items assigned to the user with a resident's reply nobody has acted on yet."""
    with engine.connect() as conn:
        return conn.execute(
            select(func.count())
            .select_from(m.Item)
            .join(m.User, m.User.id == m.Item.assignee_id)
            .where(m.User.username == username, m.Item.new_reply_at.is_not(None))
        ).scalar_one()


def _own(
    session: Session, actor: Actor, notification_id: int | str, now: dt.datetime
) -> m.Notification:
    """The user's own stored notification; a due-soon one (its key) is stored first, unread."""
    require(actor.roles, "statistics")
    user_id = _user_id(session, actor.username)
    if isinstance(notification_id, str):
        notification_id = _store_due(session, user_id, notification_id, now)
    row = session.get(m.Notification, notification_id)
    if row is None or row.user_id != user_id:
        raise NotificationError()
    return row


def _store_due(session: Session, user_id: int | None, key: str, now: dt.datetime) -> int:
    """Store the due-soon notification with this key if it is the user's and has begun; its id."""
    parts = key.removeprefix("due_soon:").rsplit(":", 2)
    if user_id is None or not key.startswith("due_soon:") or len(parts) != 3:
        raise NotificationError()
    found = [
        deadline
        for item_id, _, deadline in _assigned_open(session, user_id, parts[0])
        if _due_key(item_id, user_id, deadline) == key and deadline - DUE_WINDOW <= now
    ]
    if not found:
        raise NotificationError()
    return _store(session, user_id, parts[0], found[0])


def _store(session: Session, user_id: int, item_id: str, deadline: dt.datetime) -> int:
    """Store (once) the user's due-soon notification of this item and deadline; its id."""
    key = _due_key(item_id, user_id, deadline)
    notify(
        session, user_id=user_id, kind="due_soon", key=key, at=deadline - DUE_WINDOW,
        item_id=item_id, due_at=deadline,
    )  # fmt: skip
    return session.scalar(select(m.Notification.id).where(m.Notification.dedupe_key == key))


def mark_read(
    engine: Engine, *, actor: Actor, notification_id: int | str, now: dt.datetime | None = None
) -> None:
    """Mark one of the user's own notifications read (a due-soon one is stored then)."""
    moment = now or now_local()
    with session_scope(engine) as session:
        row = _own(session, actor, notification_id, moment)
        row.read_at = row.read_at or moment


def dismiss(
    engine: Engine, *, actor: Actor, notification_id: int | str, now: dt.datetime | None = None
) -> None:
    """Remove one of the user's own notifications from their list (it counts as read)."""
    moment = now or now_local()
    with session_scope(engine) as session:
        row = _own(session, actor, notification_id, moment)
        row.read_at = row.read_at or moment
        row.dismissed_at = moment


def mark_all_read(engine: Engine, *, actor: Actor, now: dt.datetime | None = None) -> int:
    """Mark every unread notification of the user read (due-soon ones included); how many."""
    require(actor.roles, "statistics")
    moment = now or now_local()
    with session_scope(engine) as session:
        user_id = _user_id(session, actor.username)
        if user_id is None:
            return 0
        for note in due_soon(session, user_id, moment):
            _store(session, user_id, note["item_id"], note["due_at"])
        result = session.execute(
            update(m.Notification)
            .where(m.Notification.user_id == user_id, m.Notification.read_at.is_(None))
            .values(read_at=moment)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount
