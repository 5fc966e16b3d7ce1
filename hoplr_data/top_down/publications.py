"""Top-down publications: the publishing flow (drafts, scheduling, going live, archiving).

A publication moves draft -> scheduled -> published -> archived (a scheduled one can go back to
draft). Every write checks the role and the version the user saw (a concurrent edit is refused);
publishing writes one outbox row with everything the platform needs to show the item.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import Engine, and_, delete, func, select
from sqlalchemy.orm import Session

from hoplr_data.core import audit
from hoplr_data.core.db import claim, session_scope
from hoplr_data.core.errors import NotFound, StaleEdit
from hoplr_data.core.models import (
    LANGUAGES,
    Buurt,
    OutboxMessage,
    Publication,
    PublicationBuurt,
    User,
)
from hoplr_data.core.roles import Actor, require
from hoplr_data.core.timeutil import now_local
from hoplr_data.top_down.documents import empty_document, times_of
from hoplr_data.top_down.errors import PublicationError, StalePublication
from hoplr_data.top_down.validation import validate
from hoplr_data.users.notifications import notify

# --- reads -------------------------------------------------------------------------------


@dataclass
class Draft:
    """A publication as the composer edits it."""

    id: int
    kind: str
    status: str
    version: int
    doc: dict
    all_buurten: bool
    buurt_codes: list[str]
    scheduled_at: dt.datetime | None
    published_at: dt.datetime | None
    updated_at: dt.datetime


def load(engine: Engine, publication_id: int) -> Draft:
    """One publication for the composer; PublicationError when it does not exist."""
    with session_scope(engine) as session:
        row = session.get(Publication, publication_id)
        if row is None:
            raise PublicationError("error.not_found")
        codes = session.scalars(
            select(Buurt.code)
            .join(PublicationBuurt, PublicationBuurt.buurt_id == Buurt.id)
            .where(PublicationBuurt.publication_id == publication_id)
            .order_by(Buurt.code)
        ).all()
        return Draft(
            id=row.id,
            kind=row.kind,
            status=row.status,
            version=row.version,
            doc=json.loads(row.content),
            all_buurten=row.all_buurten,
            buurt_codes=list(codes),
            scheduled_at=row.scheduled_at,
            published_at=row.published_at,
            updated_at=row.updated_at,
        )


# --- writes ------------------------------------------------------------------------------


def create_draft(engine: Engine, *, actor: Actor, kind: str, now: dt.datetime | None = None) -> int:
    """A new, empty draft of a kind; returns its id."""
    require(actor.roles, "publish")
    now = now or now_local()
    doc = empty_document(kind)
    with session_scope(engine) as session:
        user_id = session.scalar(select(User.id).where(User.username == actor.username))
        row = Publication(
            kind=kind,
            status="draft",
            content=json.dumps(doc, ensure_ascii=False),
            created_by=user_id,
            created_at=now,
            updated_at=now,
            version=1,
        )
        session.add(row)
        session.flush()
        _audit(session, actor.username, "publication.create", row.id, now, kind=kind)
        return row.id


def _audit(
    session: Session,
    actor: str,
    action: str,
    publication_id: int,
    at: dt.datetime | None = None,
    **detail: object,
) -> None:
    """The audit row of a publishing write at its moment, in its transaction (codes, counts)."""
    audit.record(
        session, actor=actor, action=action, object_type="publication",
        object_id=publication_id, detail=detail, at=at,
    )  # fmt: skip


def save_draft(
    engine: Engine,
    *,
    actor: Actor,
    publication_id: int,
    version: int,
    doc: dict,
    buurt_codes: list[str],
    all_buurten: bool,
    now: dt.datetime | None = None,
) -> int:
    """Store the composer's state as it is (no validation: drafts may be incomplete).

    Returns the new version; refuses a stale version and anything but a draft.
    """
    require(actor.roles, "publish")
    now = now or now_local()
    with session_scope(engine) as session:
        row = _claim(session, publication_id, version, expect=("draft",), now=now)
        starts, ends = times_of(doc, row.kind)
        row.content = json.dumps(doc, ensure_ascii=False)
        row.all_buurten = all_buurten
        row.starts_at, row.ends_at = starts, ends
        _set_buurten(session, row.id, [] if all_buurten else buurt_codes)
        _audit(session, actor.username, "publication.save", row.id, now, buurten=len(buurt_codes))
        return row.version


def publish(
    engine: Engine,
    *,
    actor: Actor,
    publication_id: int,
    version: int,
    languages: list[str] | tuple[str, ...],
    schedule_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> str:
    """Publish now, or schedule for later; refuses with every problem found. Returns the status."""
    require(actor.roles, "publish")
    now = now or now_local()
    with session_scope(engine) as session:
        row = _claim(session, publication_id, version, expect=("draft", "scheduled"), now=now)
        doc = json.loads(row.content)
        targets_any = row.all_buurten or bool(_buurt_ids(session, row.id))
        problems = validate(
            doc,
            kind=row.kind,
            languages=languages,
            targets_any=targets_any,
            schedule_at=schedule_at,
            now=now,
        )
        if problems:
            raise PublicationError("pub.error.not_ready", problems)
        if schedule_at is not None:
            row.status, row.scheduled_at = "scheduled", schedule_at
        else:
            _go_live(session, row, now)
        _audit(session, actor.username, "publication.publish", row.id, now, status=row.status)
        return row.status


def unschedule(engine: Engine, *, actor: Actor, publication_id: int, version: int) -> None:
    """Take a scheduled item back to draft."""
    require(actor.roles, "publish")
    with session_scope(engine) as session:
        row = _claim(session, publication_id, version, expect=("scheduled",), now=now_local())
        row.status, row.scheduled_at = "draft", None
        _audit(session, actor.username, "publication.unschedule", row.id)


def archive(
    engine: Engine,
    *,
    actor: Actor,
    publication_id: int,
    version: int,
    now: dt.datetime | None = None,
) -> None:
    """Archive a published item (its results stay readable)."""
    require(actor.roles, "publish")
    now = now or now_local()
    with session_scope(engine) as session:
        row = _claim(session, publication_id, version, expect=("published",), now=now)
        row.status, row.archived_at = "archived", now
        _audit(session, actor.username, "publication.archive", row.id, now)


def delete_draft(engine: Engine, *, actor: Actor, publication_id: int, version: int) -> None:
    """Delete a draft that was never published."""
    require(actor.roles, "publish")
    with session_scope(engine) as session:
        _claim(session, publication_id, version, expect=("draft",), now=now_local())
        session.execute(
            delete(PublicationBuurt).where(PublicationBuurt.publication_id == publication_id)
        )
        session.execute(delete(Publication).where(Publication.id == publication_id))
        _audit(session, actor.username, "publication.delete", publication_id)


def copy_as_draft(
    engine: Engine, *, actor: Actor, publication_id: int, now: dt.datetime | None = None
) -> int:
    """A new draft with the same kind, texts, questions and audience (for a recurring notice)."""
    require(actor.roles, "publish")
    source = load(engine, publication_id)
    pid = create_draft(engine, actor=actor, kind=source.kind, now=now)
    doc = {k: v for k, v in source.doc.items() if k not in ("planned_at", "closes_at")}
    save_draft(
        engine,
        actor=actor,
        publication_id=pid,
        version=1,
        doc=doc,
        buurt_codes=source.buurt_codes,
        all_buurten=source.all_buurten,
        now=now,
    )
    return pid


def _due(now: dt.datetime) -> tuple:
    """The condition of a scheduled item whose moment has come."""
    return (Publication.status == "scheduled", Publication.scheduled_at <= now)


def due_count(engine: Engine, *, now: dt.datetime | None = None) -> int:
    """How many scheduled items are due and not out yet (a read: `release_due` sends them)."""
    with Session(engine) as session:
        query = select(func.count()).select_from(Publication).where(*_due(now or now_local()))
        return session.scalar(query) or 0


def release_due(engine: Engine, *, now: dt.datetime | None = None) -> int:
    """Publish every scheduled item whose time has come; returns how many went out.

    Run by `python -m hoplr_data outbox export` (the job that also hands them to the platform) and
    by the Publish page's button; never as a side effect of reading.
    """
    now = now or now_local()
    with session_scope(engine) as session:
        due = session.scalars(
            select(Publication).where(*_due(now)).order_by(Publication.scheduled_at)
        ).all()
        released = [row for row in due if _take_due(session, row, now)]  # others: released
        for row in released:  # meanwhile by another job or the Publish page's button
            _go_live(session, row, row.scheduled_at or now)
            _audit(session, audit.SYSTEM, "publication.release", row.id, now, status=row.status)
            if row.created_by is not None:  # the author hears that it went out
                notify(
                    session,
                    user_id=row.created_by,
                    kind="published",
                    key=f"published:{row.id}",
                    at=row.published_at or now,
                    publication_id=row.id,
                )
        return len(released)


def _take_due(session: Session, row: Publication, now: dt.datetime) -> bool:
    """Claim a due item if it is still as read and due (another job may have released it)."""
    try:
        claim(session, Publication, and_(Publication.id == row.id, *_due(now)), row.version)
    except (StaleEdit, NotFound):
        return False
    return True


def _claim(
    session: Session,
    publication_id: int,
    version: int,
    *,
    expect: tuple[str, ...],
    now: dt.datetime,
) -> Publication:
    """The one optimistic lock (core.db.claim); then check the status allows the action."""
    where = Publication.id == publication_id
    try:
        row = claim(session, Publication, where, version, stale=StalePublication, updated_at=now)
    except NotFound:
        raise PublicationError("error.not_found") from None
    if row.status not in expect:
        raise PublicationError("pub.error.wrong_status")
    return row


def _set_buurten(session: Session, publication_id: int, codes: list[str]) -> None:
    """Replace the publication's target buurten by these codes (unknown codes are refused)."""
    ids = session.scalars(select(Buurt.id).where(Buurt.code.in_(codes))).all() if codes else []
    if len(ids) != len(set(codes)):
        raise PublicationError("error.unknown_buurt")
    session.execute(
        delete(PublicationBuurt).where(PublicationBuurt.publication_id == publication_id)
    )
    session.add_all(PublicationBuurt(publication_id=publication_id, buurt_id=b) for b in ids)


def _buurt_ids(session: Session, publication_id: int) -> list[int]:
    """The ids of the buurten a publication targets (empty: none, or every buurt)."""
    return list(
        session.scalars(
            select(PublicationBuurt.buurt_id).where(
                PublicationBuurt.publication_id == publication_id
            )
        )
    )


def _go_live(session: Session, row: Publication, when: dt.datetime) -> None:
    """Mark published and put the item in the outbox for the platform."""
    row.status, row.published_at = "published", when
    doc = json.loads(row.content)
    codes = session.scalars(
        select(Buurt.code).where(Buurt.id.in_(_buurt_ids(session, row.id))).order_by(Buurt.code)
    ).all()
    payload = {
        "publication_id": row.id,
        "publication_kind": row.kind,
        "buurten": "all" if row.all_buurten else list(codes),
        "published_at": when.isoformat(),
        "document": doc,
    }
    languages = [lang for lang in LANGUAGES if lang in doc.get("texts", {})] or ["nl"]
    session.add(
        OutboxMessage(
            kind="publication",
            item_id=None,
            publication_id=row.id,
            household_id=None,
            language=languages[0],
            payload=json.dumps(payload, ensure_ascii=False),
            created_at=when,
        )
    )
