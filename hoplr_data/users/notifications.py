"""Notifications inside the app, one row per user and event.

Kinds: an item assigned to the user by someone else, a resident's reply on an item assigned to the
user, an item of the user turning late within a day, the user's scheduled publication going out.
Each has a unique key, so it is written once however often its cause is seen again; each user
reads or dismisses only their own.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Engine, and_, func, or_, select, update
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


def _user_id(session: Session, username: str) -> int | None:
    return session.scalar(select(m.User.id).where(m.User.username == username))


def _open_items():  # noqa: ANN202
    """SQL condition: the item is still open (by the workflow's closed statuses)."""
    from hoplr_data.bottom_up.workflow import CLOSED

    return or_(
        *(and_(m.Item.kind == kind, m.Item.status.not_in(tuple(s))) for kind, s in CLOSED.items())
    )


def refresh_due(
    engine: Engine, *, now: dt.datetime | None = None, username: str | None = None
) -> int:
    """Notify assignees of open items whose handling term ends within a day (each once).

    Only for one user when a username is given; returns how many notifications were written.
    """
    now = now or now_local()
    query = (
        select(m.Item.id, m.Item.assignee_id, m.Item.created_at, m.Category.handling_days)
        .join(m.Category, m.Category.id == m.Item.category_id)
        .where(
            m.Item.assignee_id.is_not(None), _open_items(), m.Item.created_at <= now + DUE_WINDOW
        )
    )
    written = 0
    with session_scope(engine) as session:
        if username is not None:
            user_id = _user_id(session, username)
            if user_id is None:
                return 0
            query = query.where(m.Item.assignee_id == user_id)
        for item_id, assignee_id, created, days in session.execute(query).all():
            deadline = created + dt.timedelta(days=days)
            if now < deadline <= now + DUE_WINDOW:
                written += notify(
                    session,
                    user_id=assignee_id,
                    kind="due_soon",
                    key=f"due_soon:{item_id}:{assignee_id}:{deadline:%Y%m%dT%H%M}",
                    at=now,
                    item_id=item_id,
                    due_at=deadline,
                )
    return written


def list_for(
    engine: Engine, actor: Actor, *, now: dt.datetime | None = None, lang: str = "nl"
) -> list[dict]:
    """The user's notifications that are not dismissed, newest first (due ones refreshed first)."""
    require(actor.roles, "statistics")
    refresh_due(engine, now=now, username=actor.username)
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
    for row in rows:
        content = row.pop("content")
        row["title"] = _title(content, lang) if content else None
    return rows


def _title(content: str, lang: str) -> str:
    """A publication's title in the user's language, else in the first language it has."""
    from hoplr_data.top_down.documents import title_of

    return title_of(json.loads(content), [lang, *(x for x in LANGUAGES if x != lang)])


def unread_count(engine: Engine, username: str) -> int:
    """Notifications the user has neither read nor dismissed."""
    with engine.connect() as conn:
        return conn.execute(
            select(func.count())
            .select_from(m.Notification)
            .join(m.User, m.User.id == m.Notification.user_id)
            .where(
                m.User.username == username,
                m.Notification.read_at.is_(None),
                m.Notification.dismissed_at.is_(None),
            )
        ).scalar_one()


def new_reply_count(engine: Engine, username: str) -> int:
    """Items assigned to the user with a resident's reply nobody has acted on yet."""
    with engine.connect() as conn:
        return conn.execute(
            select(func.count())
            .select_from(m.Item)
            .join(m.User, m.User.id == m.Item.assignee_id)
            .where(m.User.username == username, m.Item.new_reply_at.is_not(None))
        ).scalar_one()


def _own(session: Session, actor: Actor, notification_id: int) -> m.Notification:
    require(actor.roles, "statistics")
    row = session.get(m.Notification, notification_id)
    if row is None or row.user_id != _user_id(session, actor.username):
        raise NotificationError()
    return row


def mark_read(
    engine: Engine, *, actor: Actor, notification_id: int, now: dt.datetime | None = None
) -> None:
    """Mark one of the user's own notifications read."""
    with session_scope(engine) as session:
        row = _own(session, actor, notification_id)
        row.read_at = row.read_at or now or now_local()


def dismiss(
    engine: Engine, *, actor: Actor, notification_id: int, now: dt.datetime | None = None
) -> None:
    """Remove one of the user's own notifications from their list (it counts as read)."""
    with session_scope(engine) as session:
        row = _own(session, actor, notification_id)
        moment = now or now_local()
        row.read_at = row.read_at or moment
        row.dismissed_at = moment


def mark_all_read(engine: Engine, *, actor: Actor, now: dt.datetime | None = None) -> int:
    """Mark every unread notification of the user read; returns how many."""
    require(actor.roles, "statistics")
    with session_scope(engine) as session:
        user_id = _user_id(session, actor.username)
        if user_id is None:
            return 0
        result = session.execute(
            update(m.Notification)
            .where(m.Notification.user_id == user_id, m.Notification.read_at.is_(None))
            .values(read_at=now or now_local())
            .execution_options(synchronize_session=False)
        )
        return result.rowcount
