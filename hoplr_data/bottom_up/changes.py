"""One save of an inbox item as data (`ItemChange`), and its check: everything a save would
write is planned, and every refusal raised, before the item's first write."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from enum import Enum

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoplr_data.bottom_up.transitions import allowed_next, is_closed, needs_message
from hoplr_data.core.errors import Invalid, NotFound
from hoplr_data.core.models import LANGUAGES, PRIORITIES, Category, Item, User
from hoplr_data.core.timeutil import now_local

MAX_MESSAGE_CHARS = 4000
WorkflowError = Invalid  # the name callers knew: a refusal with a catalog code and params


class Keep(Enum):
    """The marker type of KEEP."""

    KEEP = "keep"


KEEP = Keep.KEEP  # "leave the assignee as it is" (None means: assign to nobody)


@dataclass(frozen=True)
class ItemChange:
    """One save of an item: any of category, priority, assignee, status, message and note."""

    category: str | None = None  # a category code of the item's kind
    priority: str | None = None
    assignee: str | None | Keep = KEEP  # a username, None for nobody
    status: str | None = None
    message: str | None = None  # to the resident (with or without a status change)
    language: str | None = None  # of the message; the item's language when not given
    note: str | None = None  # internal, never leaves the municipality


@dataclass
class Plan:
    """What a checked change will write: the item's new values and its history lines."""

    values: dict[str, object] = field(default_factory=dict)
    history: list[tuple[str, dict[str, object]]] = field(default_factory=list)
    reply: tuple[str, str, str | None] | None = None  # text, language, status
    assignee_id: int | None = None
    notify_assignee: bool = False


_CLOCK: ContextVar[dt.datetime | None] = ContextVar("workflow_clock", default=None)


def now() -> dt.datetime:
    """The moment actions are recorded at: now, or the seed's replayed moment."""
    return _CLOCK.get() or now_local()


@contextmanager
def acting_at(moment: dt.datetime) -> Iterator[None]:
    """Record actions at a past moment (used by the seed to replay a pilot's history)."""
    token = _CLOCK.set(moment)
    try:
        yield
    finally:
        _CLOCK.reset(token)


def user_id(session: Session, username: str) -> int | None:
    """The id of a username, or None."""
    return session.scalar(select(User.id).where(User.username == username))


def username_of(session: Session, user_id: int | None) -> str | None:
    """The username of an id, or None."""
    return session.scalar(select(User.username).where(User.id == user_id)) if user_id else None


def message_text(text: str | None) -> str:
    """A trimmed message or note; Invalid when it is too long."""
    text = (text or "").strip()
    if len(text) > MAX_MESSAGE_CHARS:
        raise WorkflowError("error.message_too_long", limit=MAX_MESSAGE_CHARS)
    return text


def _plan_route(session: Session, item: Item, change: ItemChange, plan: Plan) -> None:
    """Check a new category and priority; plan their values and history lines."""
    if change.category is not None:
        category = session.scalar(select(Category).where(Category.code == change.category))
        if category is None or category.kind != item.kind:
            raise WorkflowError("error.category")
        if category.id != item.category_id:
            before = session.scalar(select(Category.code).where(Category.id == item.category_id))
            plan.values["category_id"] = category.id
            plan.history.append(("category", {"from_value": before, "to_value": category.code}))
    if change.priority is not None:
        if change.priority not in PRIORITIES:
            raise WorkflowError("error.priority")
        if change.priority != item.priority:
            plan.values["priority"] = change.priority
            plan.history.append(
                ("priority", {"from_value": item.priority, "to_value": change.priority})
            )


def _plan_assignee(session: Session, item: Item, change: ItemChange, plan: Plan) -> None:
    """Check the new assignee (an existing user, or nobody); plan the assignment."""
    if change.assignee is KEEP:
        return
    assignee_id = None
    if change.assignee:
        assignee_id = user_id(session, change.assignee)
        if assignee_id is None:
            raise NotFound()
    plan.values["assignee_id"] = assignee_id
    plan.assignee_id, plan.notify_assignee = assignee_id, assignee_id is not None
    before = username_of(session, item.assignee_id)
    plan.history.append(("assign", {"from_value": before, "to_value": change.assignee}))


def _plan_status(item: Item, change: ItemChange, text: str, plan: Plan) -> None:
    """Check a status change against the transitions (and its required message)."""
    target = change.status
    if not target:
        return
    if target == "duplicate":
        raise WorkflowError("error.use_duplicate_action")
    if target not in allowed_next(item.kind, item.status):
        raise WorkflowError("error.transition", source=item.status, target=target)
    if needs_message(item.kind, target) and not text:
        raise WorkflowError("error.message_required")
    plan.values["status"] = target
    plan.values["closed_at"] = now() if is_closed(item.kind, target) else None
    plan.history.append(("status", {"from_value": item.status, "to_value": target}))


def audit_detail(change: ItemChange) -> dict[str, object]:
    """What the audit log keeps of a change: the fields it set and the new status, no text."""
    fields = [name for name in ("category", "priority", "status") if getattr(change, name)]
    fields += ["assignee"] if change.assignee is not KEEP else []
    fields += [name for name in ("message", "note") if message_text(getattr(change, name))]
    return {"fields": fields, "status": change.status or None}


def plan_change(session: Session, item: Item, change: ItemChange) -> Plan:
    """Check the whole change before anything is written; what it will write."""
    text, note = message_text(change.message), message_text(change.note)
    plan = Plan()
    _plan_route(session, item, change, plan)
    _plan_assignee(session, item, change, plan)
    _plan_status(item, change, text, plan)
    if text:
        lang = change.language if change.language in LANGUAGES else item.language
        plan.history.append(("reply", {"to_value": lang, "text": text}))
        plan.reply = (text, lang, change.status or None)
    if note:
        plan.history.append(("note", {"text": note}))
    if change.status or text or note or change.assignee is not KEEP:
        plan.values["new_reply_at"] = None  # someone with triage acted on the resident's reply
    return plan
