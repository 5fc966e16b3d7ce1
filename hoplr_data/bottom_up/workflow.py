"""The bottom-up workflow (DESIGN.md section 5), after Amsterdam's Signalen.

The allowed transitions are data in this module. Every action is one service function that checks
the role, locks the item (compare-and-set on its version inside one transaction, so a change made
on a stale version is refused on SQLite and PostgreSQL alike), writes history rows and, for
messages to the resident, an outbox row. A resident's reply (from ingest) is recorded here too: it
flags the item for its assignee until someone with triage changes the status, replies, adds a note
or assigns it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from hoplr_data.core.db import session_scope
from hoplr_data.core.models import (
    LANGUAGES,
    PRIORITIES,
    Category,
    Item,
    ItemEvent,
    OutboxMessage,
    User,
)
from hoplr_data.core.roles import Actor, require
from hoplr_data.core.timeutil import now_local
from hoplr_data.users.notifications import notify

REPORT_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": (
        "in_progress",
        "scheduled",
        "waiting_for_reporter",
        "forwarded",
        "resolved",
        "declined",
        "duplicate",
    ),
    "in_progress": (
        "scheduled",
        "waiting_for_reporter",
        "forwarded",
        "resolved",
        "declined",
        "duplicate",
    ),
    "scheduled": ("in_progress", "resolved", "declined"),
    "waiting_for_reporter": ("in_progress", "resolved", "declined"),
    "forwarded": ("in_progress", "resolved"),
    "resolved": ("reopened",),
    "declined": ("reopened",),
    "reopened": ("in_progress", "scheduled", "resolved", "declined"),
    "duplicate": (),
}
IDEA_TRANSITIONS: dict[str, tuple[str, ...]] = {
    "new": ("under_consideration", "not_adopted", "duplicate"),
    "under_consideration": ("adopted", "not_adopted"),
    "adopted": ("realised",),
    "not_adopted": (),
    "realised": (),
    "duplicate": (),
}
TRANSITIONS = {"report": REPORT_TRANSITIONS, "idea": IDEA_TRANSITIONS}
MESSAGE_REQUIRED = {
    "report": frozenset({"resolved", "declined", "waiting_for_reporter"}),
    "idea": frozenset({"adopted", "not_adopted"}),
}
CLOSED = {
    "report": frozenset({"resolved", "declined", "duplicate"}),
    "idea": frozenset({"not_adopted", "realised", "duplicate"}),
}
# Where a resident's reply takes an item (other statuses stay; the reply is recorded either way).
REPLY_RESUMES = {"report": {"waiting_for_reporter": "in_progress"}, "idea": {}}
MAX_MESSAGE_CHARS = 4000


class WorkflowError(ValueError):
    """An action that the workflow refuses; `code` is a translation key, `params` its values."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


class StaleItem(WorkflowError):
    """The item changed since the user loaded it."""

    def __init__(self) -> None:
        super().__init__("error.stale_item")


def statuses(kind: str) -> tuple[str, ...]:
    """Every status of a kind, in workflow order."""
    return tuple(TRANSITIONS[kind])


def allowed_next(kind: str, status: str) -> tuple[str, ...]:
    """The statuses an item may move to."""
    return TRANSITIONS[kind][status]


def is_closed(kind: str, status: str) -> bool:
    """True for final or closing statuses (resolved, declined, realised, ...)."""
    return status in CLOSED[kind]


def needs_message(kind: str, status: str) -> bool:
    """True when moving to the status requires a message to the resident."""
    return status in MESSAGE_REQUIRED[kind]


def _now() -> dt.datetime:
    return _CLOCK.get() or now_local()


_CLOCK: ContextVar[dt.datetime | None] = ContextVar("workflow_clock", default=None)


@contextmanager
def acting_at(moment: dt.datetime) -> Iterator[None]:
    """Record actions at a past moment (used by the seed to replay a pilot's history)."""
    token = _CLOCK.set(moment)
    try:
        yield
    finally:
        _CLOCK.reset(token)


def _user_id(session: Session, username: str) -> int | None:
    return session.scalar(select(User.id).where(User.username == username))


def _claim(session: Session, item_id: str, version: int, **values: object) -> Item:
    """Compare-and-set: bump the version only if it is still the one the user saw."""
    result = session.execute(
        update(Item)
        .where(Item.id == item_id, Item.version == version)
        .values(**{"version": Item.version + 1, "updated_at": _now(), **values})
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        if session.get(Item, item_id) is None:
            raise WorkflowError("error.not_found")
        raise StaleItem()
    item = session.get(Item, item_id, populate_existing=True)
    assert item is not None
    return item


def _load(session: Session, item_id: str, version: int) -> Item:
    """The item as the user saw it: refused as stale when its version moved on already."""
    item = session.get(Item, item_id)
    if item is None:
        raise WorkflowError("error.not_found")
    if item.version != version:
        raise StaleItem()
    return item


def _history(
    session: Session, item: Item, actor_id: int | None, action: str, **values: object
) -> None:
    session.add(ItemEvent(item_id=item.id, at=_now(), user_id=actor_id, action=action, **values))


def _message(text: str | None) -> str:
    text = (text or "").strip()
    if len(text) > MAX_MESSAGE_CHARS:
        raise WorkflowError("error.message_too_long", limit=MAX_MESSAGE_CHARS)
    return text


def _queue_reply(
    session: Session, item: Item, text: str, language: str, status: str | None
) -> None:
    payload = {
        "item_id": item.id,
        "household_id": item.household_id,
        "kind": item.kind,
        "status": status,
        "text": text,
    }
    session.add(
        OutboxMessage(
            kind="reply",
            item_id=item.id,
            household_id=item.household_id,
            language=language,
            payload=json.dumps(payload, ensure_ascii=False),
            created_at=_now(),
        )
    )


def change_status(
    engine: Engine,
    *,
    actor: Actor,
    item_id: str,
    version: int,
    to_status: str,
    message: str | None = None,
    language: str | None = None,
    note: str | None = None,
) -> None:
    """Move an item to another status; some statuses need a message to the resident."""
    require(actor.roles, "triage")
    text = _message(message)
    with session_scope(engine) as session:
        item = _load(session, item_id, version)
        if to_status == "duplicate":
            raise WorkflowError("error.use_duplicate_action")
        if to_status not in allowed_next(item.kind, item.status):
            raise WorkflowError("error.transition", source=item.status, target=to_status)
        if needs_message(item.kind, to_status) and not text:
            raise WorkflowError("error.message_required")
        before = item.status
        closed_at = _now() if is_closed(item.kind, to_status) else None
        item = _claim(
            session, item_id, version, status=to_status, closed_at=closed_at, new_reply_at=None
        )
        actor_id = _user_id(session, actor.username)
        _history(session, item, actor_id, "status", from_value=before, to_value=to_status)
        if text:
            lang = language if language in LANGUAGES else item.language
            _history(session, item, actor_id, "reply", to_value=lang, text=text)
            _queue_reply(session, item, text, lang, to_status)
        if note and note.strip():
            _history(session, item, actor_id, "note", text=_message(note))


def assign(
    engine: Engine, *, actor: Actor, item_id: str, version: int, assignee: str | None
) -> None:
    """Assign an item to a case handler (or to nobody)."""
    require(actor.roles, "triage")
    with session_scope(engine) as session:
        before = _load(session, item_id, version)
        before_id = before.assignee_id
        assignee_id = None
        if assignee:
            assignee_id = _user_id(session, assignee)
            if assignee_id is None:
                raise WorkflowError("error.not_found")
        item = _claim(session, item_id, version, assignee_id=assignee_id, new_reply_at=None)
        actor_id = _user_id(session, actor.username)
        _history(
            session,
            item,
            actor_id,
            "assign",
            from_value=_username(session, before_id),
            to_value=assignee,
        )
        if assignee_id is not None and assignee_id != actor_id:
            notify(
                session,
                user_id=assignee_id,
                kind="assigned",
                key=f"assigned:{item.id}:{item.version}",
                at=_now(),
                item_id=item.id,
                by_user_id=actor_id,
            )


def _username(session: Session, user_id: int | None) -> str | None:
    return session.scalar(select(User.username).where(User.id == user_id)) if user_id else None


def add_note(engine: Engine, *, actor: Actor, item_id: str, version: int, text: str) -> None:
    """An internal note; it never leaves the municipality."""
    require(actor.roles, "triage")
    body = _message(text)
    if not body:
        raise WorkflowError("error.empty_text")
    with session_scope(engine) as session:
        item = _claim(session, item_id, version, new_reply_at=None)
        _history(session, item, _user_id(session, actor.username), "note", text=body)


def reply(
    engine: Engine,
    *,
    actor: Actor,
    item_id: str,
    version: int,
    text: str,
    language: str | None = None,
) -> None:
    """A message to the resident without a status change (goes to the outbox)."""
    require(actor.roles, "triage")
    body = _message(text)
    if not body:
        raise WorkflowError("error.empty_text")
    with session_scope(engine) as session:
        item = _claim(session, item_id, version, new_reply_at=None)
        lang = language if language in LANGUAGES else item.language
        _history(
            session, item, _user_id(session, actor.username), "reply", to_value=lang, text=body
        )
        _queue_reply(session, item, body, lang, None)


def link_duplicate(
    engine: Engine, *, actor: Actor, item_id: str, version: int, main_id: str
) -> None:
    """Close an item as a duplicate of its main item (final)."""
    require(actor.roles, "triage")
    with session_scope(engine) as session:
        item = _load(session, item_id, version)
        main = session.get(Item, main_id)
        if main is None or main.id == item.id or main.kind != item.kind:
            raise WorkflowError("error.duplicate_target")
        if main.duplicate_of:
            raise WorkflowError("error.duplicate_target")
        if "duplicate" not in allowed_next(item.kind, item.status):
            raise WorkflowError("error.transition", source=item.status, target="duplicate")
        before = item.status
        item = _claim(
            session,
            item_id,
            version,
            status="duplicate",
            duplicate_of=main_id,
            closed_at=_now(),
            new_reply_at=None,
        )
        actor_id = _user_id(session, actor.username)
        _history(session, item, actor_id, "status", from_value=before, to_value="duplicate")
        _history(session, item, actor_id, "duplicate", to_value=main_id)


def change_category(
    engine: Engine, *, actor: Actor, item_id: str, version: int, category_code: str
) -> None:
    """Move an item to another category of its kind (and so to that category's department)."""
    require(actor.roles, "triage")
    with session_scope(engine) as session:
        item = _load(session, item_id, version)
        category = session.scalar(select(Category).where(Category.code == category_code))
        if category is None or category.kind != item.kind:
            raise WorkflowError("error.category")
        before = session.scalar(select(Category.code).where(Category.id == item.category_id))
        item = _claim(session, item_id, version, category_id=category.id)
        _history(
            session,
            item,
            _user_id(session, actor.username),
            "category",
            from_value=before,
            to_value=category_code,
        )


def change_priority(
    engine: Engine, *, actor: Actor, item_id: str, version: int, priority: str
) -> None:
    """Set normal or high priority."""
    require(actor.roles, "triage")
    if priority not in PRIORITIES:
        raise WorkflowError("error.priority")
    with session_scope(engine) as session:
        before = _load(session, item_id, version).priority
        item = _claim(session, item_id, version, priority=priority)
        _history(
            session,
            item,
            _user_id(session, actor.username),
            "priority",
            from_value=before,
            to_value=priority,
        )


def record_resident_reply(
    session: Session, *, event_id: str, item_id: str, at: dt.datetime, text: str, language: str
) -> None:
    """A resident's reply (ingest, in its transaction): history, status, flag and notification.

    An item waiting for the reporter goes back to in progress (REPLY_RESUMES); any other item keeps
    its status, a closed one included: reopening stays a decision of the case handler, whom the
    flag and the notification tell.
    """
    item = session.get(Item, item_id, with_for_update=True, populate_existing=True)
    if item is None:
        raise WorkflowError("error.not_found")
    before = item.status
    resumed = REPLY_RESUMES[item.kind].get(before)
    values: dict[str, object] = {"new_reply_at": at, "updated_at": max(item.updated_at, at)}
    if resumed:
        values["status"] = resumed
    with acting_at(at):
        item = _claim(session, item_id, item.version, **values)
        if resumed:
            _history(session, item, None, "status", from_value=before, to_value=resumed)
        _history(
            session, item, None, "resident_reply", to_value=language, text=text, event_id=event_id
        )
    if item.assignee_id is not None:
        notify(
            session,
            user_id=item.assignee_id,
            kind="reply",
            key=f"reply:{event_id}",
            at=at,
            item_id=item.id,
        )
