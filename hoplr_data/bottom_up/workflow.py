"""The bottom-up workflow's actions (docs/workflow.md), after Amsterdam's Signalen.

The transitions are data (`transitions.py`). Every save of an item is one `ItemChange` applied
by `apply_change` in the caller's transaction: it checks everything first, then claims the item
(compare-and-set on the version the user saw, `db.claim`, so a stale save is refused on SQLite
and PostgreSQL alike), then writes history rows, the outbox row of a message to the resident and
a notification. The public actions (`update_item`, `bulk_update` and the single-purpose ones
below) each open one transaction: they commit once or not at all. A resident's reply (from
ingest) flags the item for its assignee until someone with triage changes the status, replies,
adds a note or assigns it.
"""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from hoplr_data.bottom_up.changes import (  # noqa: F401 (re-exported)
    KEEP,
    MAX_MESSAGE_CHARS,
    ItemChange,
    Keep,
    WorkflowError,
    acting_at,
    audit_detail,
    message_text,
    now,
    plan_change,
    user_id,
)
from hoplr_data.bottom_up.transitions import (  # noqa: F401 (the workflow's vocabulary, re-exported)
    CLOSED,
    IDEA_TRANSITIONS,
    MESSAGE_REQUIRED,
    REPLY_RESUMES,
    REPORT_TRANSITIONS,
    TRANSITIONS,
    allowed_next,
    bulk_allowed,
    bulk_statuses,
    is_closed,
    needs_message,
    statuses,
)
from hoplr_data.core import audit
from hoplr_data.core.db import claim, session_scope
from hoplr_data.core.errors import DomainError, NotFound, StaleEdit
from hoplr_data.core.models import Item, ItemEvent, OutboxMessage
from hoplr_data.core.roles import Actor
from hoplr_data.users.notifications import notify


class StaleItem(StaleEdit):
    """The item changed since the user loaded it."""

    default_code = "error.stale_item"


def _load(session: Session, item_id: str, version: int) -> Item:
    """The item as the user saw it: NotFound, or StaleItem when its version moved on already."""
    item = session.get(Item, item_id)
    if item is None:
        raise NotFound()
    if item.version != version:
        raise StaleItem()
    return item


def _history(
    session: Session, item: Item, actor_id: int | None, action: str, **values: object
) -> None:
    """One line of the item's history."""
    session.add(ItemEvent(item_id=item.id, at=now(), user_id=actor_id, action=action, **values))


def _queue_reply(
    session: Session, item: Item, text: str, language: str, status: str | None
) -> None:
    """The message to the resident, for the platform to deliver (outbox)."""
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
            created_at=now(),
        )
    )


def apply_change(
    session: Session, actor: Actor, item_id: str, version: int, change: ItemChange
) -> int:
    """Check, claim and record one change in the caller's transaction; returns the new version.

    Every refusal (DomainError) is raised before the item's first write, so a caller may catch
    it and go on with other items in the same transaction.
    """
    item = _load(session, item_id, version)
    plan = plan_change(session, item, change)
    item = claim(
        session, Item, Item.id == item_id, version, stale=StaleItem, updated_at=now(), **plan.values
    )
    actor_id = user_id(session, actor.username)
    for action, values in plan.history:
        _history(session, item, actor_id, action, **values)
    if plan.reply:
        _queue_reply(session, item, *plan.reply)
    if plan.notify_assignee and plan.assignee_id != actor_id:
        notify(
            session,
            user_id=plan.assignee_id,  # type: ignore[arg-type]
            kind="assigned",
            key=f"assigned:{item.id}:{item.version}",
            at=now(),
            item_id=item.id,
            by_user_id=actor_id,
        )
    return item.version


def update_item(
    engine: Engine, *, actor: Actor, item_id: str, version: int, change: ItemChange
) -> int:
    """One save of the inbox (route, assignment, status, reply, note): all of it or nothing."""
    with audit.refusals(engine, actor, "item.update", "item", item_id):
        actor.require("triage")
        with session_scope(engine) as session:
            new_version = apply_change(session, actor, item_id, version, change)
            _audit(session, actor, "item.update", item_id, audit_detail(change))
            return new_version


def _audit(
    session: Session, actor: Actor, action: str, item_id: str, detail: dict, result: str = "ok"
) -> None:
    """The audit row of a triage write, in its transaction."""
    audit.record(
        session, actor=actor.username, action=action, object_type="item", object_id=item_id,
        result=result, detail=detail, at=now(),
    )  # fmt: skip


def bulk_update(
    engine: Engine,
    *,
    actor: Actor,
    versions: dict[str, int],
    assignee: str | None | Keep = KEEP,
    status: str | None = None,
) -> list[str]:
    """Assign and/or set a status on many items in one transaction; returns the refused ids.

    Only a status no item needs a message for may be set in bulk (never 'duplicate'). An item
    that is stale or may not take the status is left as it is and listed; the others commit
    together (and none of them if anything else fails).
    """
    with audit.refusals(engine, actor, "item.bulk_update", "item"):
        actor.require("triage")
    change = ItemChange(assignee=assignee, status=status or None)
    refused: list[str] = []
    with session_scope(engine) as session:
        kinds = dict(session.execute(select(Item.id, Item.kind).where(Item.id.in_(versions))).all())
        if status and status not in bulk_statuses(kinds.values()):
            code = (
                "error.use_duplicate_action" if status == "duplicate" else "error.message_required"
            )
            raise WorkflowError(code)
        for item_id, version in versions.items():
            try:
                apply_change(session, actor, item_id, version, change)
            except DomainError as exc:
                refused.append(item_id)
                detail = {**audit_detail(change), "code": exc.code}
                _audit(session, actor, "item.bulk_update", item_id, detail, "refused")
            else:
                _audit(session, actor, "item.bulk_update", item_id, audit_detail(change))
    return refused


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
    change = ItemChange(status=to_status, message=message, language=language, note=note)
    update_item(engine, actor=actor, item_id=item_id, version=version, change=change)


def assign(
    engine: Engine, *, actor: Actor, item_id: str, version: int, assignee: str | None
) -> None:
    """Assign an item to a case handler (or to nobody)."""
    change = ItemChange(assignee=assignee)
    update_item(engine, actor=actor, item_id=item_id, version=version, change=change)


def add_note(engine: Engine, *, actor: Actor, item_id: str, version: int, text: str) -> None:
    """An internal note; it never leaves the municipality."""
    actor.require("triage")
    if not message_text(text):
        raise WorkflowError("error.empty_text")
    update_item(engine, actor=actor, item_id=item_id, version=version, change=ItemChange(note=text))


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
    actor.require("triage")
    if not message_text(text):
        raise WorkflowError("error.empty_text")
    change = ItemChange(message=text, language=language)
    update_item(engine, actor=actor, item_id=item_id, version=version, change=change)


def change_category(
    engine: Engine, *, actor: Actor, item_id: str, version: int, category_code: str
) -> None:
    """Move an item to another category of its kind (and so to that category's department)."""
    change = ItemChange(category=category_code)
    update_item(engine, actor=actor, item_id=item_id, version=version, change=change)


def change_priority(
    engine: Engine, *, actor: Actor, item_id: str, version: int, priority: str
) -> None:
    """Set normal or high priority (update_item checks the role and the value)."""
    change = ItemChange(priority=priority)
    update_item(engine, actor=actor, item_id=item_id, version=version, change=change)


def link_duplicate(
    engine: Engine, *, actor: Actor, item_id: str, version: int, main_id: str
) -> None:
    """Close an item as a duplicate of its main item (final)."""
    with audit.refusals(engine, actor, "item.duplicate", "item", item_id):
        _link_duplicate(engine, actor, item_id, version, main_id)


def _link_duplicate(engine: Engine, actor: Actor, item_id: str, version: int, main_id: str) -> None:
    """Check and write the duplicate link with its history and audit rows, in one transaction."""
    actor.require("triage")
    with session_scope(engine) as session:
        item = _load(session, item_id, version)
        main = session.get(Item, main_id)
        if main is None or main.id == item.id or main.kind != item.kind or main.duplicate_of:
            raise WorkflowError("error.duplicate_target")
        if "duplicate" not in allowed_next(item.kind, item.status):
            raise WorkflowError("error.transition", source=item.status, target="duplicate")
        before, moment = item.status, now()
        item = claim(
            session, Item, Item.id == item_id, version, stale=StaleItem, updated_at=moment,
            status="duplicate", duplicate_of=main_id, closed_at=moment, new_reply_at=None,
        )  # fmt: skip
        actor_id = user_id(session, actor.username)
        _history(session, item, actor_id, "status", from_value=before, to_value="duplicate")
        _history(session, item, actor_id, "duplicate", to_value=main_id)
        _audit(
            session, actor, "item.duplicate", item_id, {"fields": ["status"], "status": "duplicate"}
        )


RESIDENT_REPLY_ATTEMPTS = 5


def record_resident_reply(
    session: Session, *, event_id: str, item_id: str, at: dt.datetime, text: str, language: str
) -> None:
    """A resident's reply (ingest, in its transaction): history, status, flag and notification.

    An item waiting for the reporter goes back to in progress (REPLY_RESUMES); any other item keeps
    its status, a closed one included: reopening stays a decision of the case handler, whom the
    flag and the notification tell. No user saw a version here, so a concurrent save is not a
    refusal: the reply is applied on top of it (read again, claim again).
    """
    for _attempt in range(RESIDENT_REPLY_ATTEMPTS):
        item = session.get(Item, item_id, populate_existing=True)
        if item is None:
            raise NotFound()
        before = item.status
        resumed = REPLY_RESUMES[item.kind].get(before)
        values: dict[str, object] = {"new_reply_at": at, "updated_at": max(item.updated_at, at)}
        if resumed:
            values["status"] = resumed
        try:
            item = claim(session, Item, Item.id == item_id, item.version, stale=StaleItem, **values)
        except StaleItem:
            continue
        break
    else:
        raise StaleItem()
    with acting_at(at):
        if resumed:
            _history(session, item, None, "status", from_value=before, to_value=resumed)
        _history(
            session, item, None, "resident_reply", to_value=language, text=text, event_id=event_id
        )
    if item.assignee_id is not None:
        notify(
            session, user_id=item.assignee_id, kind="reply", key=f"reply:{event_id}", at=at,
            item_id=item.id,
        )  # fmt: skip
