"""Top-down publications: the composer's document, its validation and the publishing flow.

A publication moves draft -> scheduled -> published -> archived (a scheduled one can go back to
draft). Every write checks the role and the version the user saw (a concurrent edit is refused);
publishing writes one outbox row with everything the platform needs to show the item.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from hoplr_data.core.db import session_scope
from hoplr_data.core.models import (
    LANGUAGES,
    PUBLICATION_KINDS,
    Buurt,
    OutboxMessage,
    Publication,
    PublicationBuurt,
    User,
)
from hoplr_data.core.roles import Actor, require
from hoplr_data.core.timeutil import now_local
from hoplr_data.users.accounts import UserError
from hoplr_data.users.notifications import notify

POST_TYPES = ("news", "notice", "alert")
POST_CATEGORIES = (
    "mobility",
    "waste_collection",
    "safety",
    "project_development",
    "health",
    "greenery",
    "community",
    "other",
)
PROJECT_THEMES = ("greenery", "mobility", "play_and_sport", "safety", "culture", "other")
PROJECT_PHASES = ("inform", "collect_ideas", "vote", "results")
QUESTION_KINDS = ("single", "multiple", "scale", "yes_no", "open")
POLL_KINDS = ("for_against", "single", "scale")
FIXED_OPTIONS = {"yes_no": ("yes", "no"), "for_against": ("for", "against")}
CHOICE_KINDS = ("single", "multiple")
SCALE = range(1, 11)
LIMITS = {"title": 120, "body": 5000, "question": 300, "option": 100, "place": 200}
MAX_QUESTIONS = 30


class PublicationError(UserError):
    """A refused action, with a catalog code (and the problems found, for a refused publish)."""

    def __init__(self, code: str, problems: list[Problem] | None = None) -> None:
        super().__init__(code)
        self.problems = problems or []


class StalePublication(PublicationError):
    """Someone else changed the publication since the user loaded it."""

    def __init__(self) -> None:
        super().__init__("error.stale_edit")


@dataclass(frozen=True)
class Problem:
    """One validation problem: a catalog code, where it is, and values for the message."""

    code: str
    where: str = ""
    params: dict = field(default_factory=dict, hash=False, compare=False)


# --- the document ------------------------------------------------------------------------


def empty_document(kind: str) -> dict:
    """A new draft's document, with the fields its kind uses."""
    if kind not in PUBLICATION_KINDS:
        raise PublicationError("pub.error.unknown_kind")
    doc: dict = {"texts": {}}
    if kind == "post":
        doc.update(post_type="news", category="other")
    elif kind == "event":
        doc.update(starts_at=None, ends_at=None, place="", capacity=None)
    elif kind == "poll":
        doc["questions"] = [new_question("for_against", 1)]
    elif kind == "survey":
        doc["questions"] = []
    elif kind == "project":
        doc.update(
            theme="greenery",
            phases=[{"code": p, "start": None, "end": None} for p in PROJECT_PHASES],
        )
    return doc


def new_question(kind: str, number: int) -> dict:
    """A question with no text yet."""
    return {"code": f"q{number}", "kind": kind, "required": True, "text": {}, "options": {}}


def next_question_code(questions: list[dict]) -> int:
    """The number for a new question's code: one more than the highest in use."""
    numbers = [int(q["code"][1:]) for q in questions if q.get("code", "q")[1:].isdigit()]
    return max(numbers, default=0) + 1


def option_codes(question: dict) -> list[str]:
    """The answer codes of a question: fixed for yes/no, for/against and scale; else o1..on."""
    kind = question["kind"]
    if kind in FIXED_OPTIONS:
        return list(FIXED_OPTIONS[kind])
    if kind == "scale":
        return [str(n) for n in SCALE]
    if kind in CHOICE_KINDS:
        count = max((len(v) for v in question.get("options", {}).values()), default=0)
        return [f"o{i}" for i in range(1, count + 1)]
    return []


def title_of(doc: dict, languages: list[str] | tuple[str, ...]) -> str:
    """The title in the first language that has one."""
    texts = doc.get("texts", {})
    for lang in [*languages, *LANGUAGES]:
        title = (texts.get(lang) or {}).get("title", "").strip()
        if title:
            return title
    return ""


def _times(doc: dict, kind: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    """When the item takes place (events) or runs (projects), for the calendar."""
    if kind == "event":
        return parse_moment(doc.get("starts_at")), parse_moment(doc.get("ends_at"))
    if kind == "project":
        starts = [parse_moment(p.get("start")) for p in doc.get("phases", [])]
        ends = [parse_moment(p.get("end")) for p in doc.get("phases", [])]
        starts, ends = [s for s in starts if s], [e for e in ends if e]
        return (min(starts) if starts else None), (max(ends) if ends else None)
    return None, None


def parse_moment(value: object) -> dt.datetime | None:
    if not value or not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dt.datetime) else None


# --- validation --------------------------------------------------------------------------


def validate(
    doc: dict,
    *,
    kind: str,
    languages: list[str] | tuple[str, ...],
    targets_any: bool,
    schedule_at: dt.datetime | None,
    now: dt.datetime,
) -> list[Problem]:
    """Every problem that stops publishing; an empty list means the item can go out."""
    problems: list[Problem] = []
    if not targets_any:
        problems.append(Problem("pub.error.no_buurt", "buurten"))
    if schedule_at is not None and schedule_at <= now:
        problems.append(Problem("pub.error.schedule_past", "schedule"))
    problems += _closing_problems(doc, kind, schedule_at or now)
    problems += _text_problems(doc, languages)
    checks = {
        "event": _event_problems,
        "poll": _poll_problems,
        "survey": _survey_problems,
        "project": _project_problems,
    }
    if kind in checks:
        problems += checks[kind](doc, languages)
    return problems


CLOSING_KINDS = ("poll", "survey")


def closes_at(doc: dict, kind: str) -> dt.datetime | None:
    """When a poll or survey stops taking answers (None: it stays open)."""
    return parse_moment(doc.get("closes_at")) if kind in CLOSING_KINDS else None


def _closing_problems(doc: dict, kind: str, goes_out: dt.datetime) -> list[Problem]:
    """A closing date must be a moment after the item goes out."""
    if kind not in CLOSING_KINDS or not doc.get("closes_at"):
        return []
    closing = closes_at(doc, kind)
    if closing is None or closing <= goes_out:
        return [Problem("pub.error.closes_before_publication", "closes_at")]
    return []


def _text_problems(doc: dict, languages: list[str] | tuple[str, ...]) -> list[Problem]:
    problems: list[Problem] = []
    texts = doc.get("texts", {})
    for lang in languages:
        version = texts.get(lang) or {}
        title, body = version.get("title", "").strip(), version.get("body", "").strip()
        if not title and not body:
            problems.append(Problem("pub.error.language_missing", f"texts.{lang}", {"lang": lang}))
            continue
        if not title:
            problems.append(Problem("pub.error.title_empty", f"texts.{lang}.title", {"lang": lang}))
    for lang, version in texts.items():
        for part in ("title", "body"):
            if len((version or {}).get(part, "")) > LIMITS[part]:
                problems.append(
                    Problem(
                        f"pub.error.{part}_too_long",
                        f"texts.{lang}.{part}",
                        {"lang": lang, "max": LIMITS[part]},
                    )
                )
    return problems


def _event_problems(doc: dict, _languages: list[str] | tuple[str, ...]) -> list[Problem]:
    problems: list[Problem] = []
    starts, ends = parse_moment(doc.get("starts_at")), parse_moment(doc.get("ends_at"))
    if starts is None:
        problems.append(Problem("pub.error.start_missing", "starts_at"))
    if starts and ends and ends < starts:
        problems.append(Problem("pub.error.end_before_start", "ends_at"))
    if len(doc.get("place") or "") > LIMITS["place"]:
        problems.append(Problem("pub.error.place_too_long", "place", {"max": LIMITS["place"]}))
    capacity = doc.get("capacity")
    if capacity is not None and (not isinstance(capacity, int) or capacity < 1):
        problems.append(Problem("pub.error.capacity", "capacity"))
    return problems


def _poll_problems(doc: dict, languages: list[str] | tuple[str, ...]) -> list[Problem]:
    questions = doc.get("questions") or []
    if len(questions) != 1 or questions[0].get("kind") not in POLL_KINDS:
        return [Problem("pub.error.poll_shape", "questions")]
    return _question_problems(questions[0], 1, languages)


def _survey_problems(doc: dict, languages: list[str] | tuple[str, ...]) -> list[Problem]:
    questions = doc.get("questions") or []
    if not questions:
        return [Problem("pub.error.no_questions", "questions")]
    if len(questions) > MAX_QUESTIONS:
        return [Problem("pub.error.too_many_questions", "questions", {"max": MAX_QUESTIONS})]
    problems: list[Problem] = []
    for number, question in enumerate(questions, start=1):
        problems += _question_problems(question, number, languages)
    return problems


def _question_problems(
    question: dict, number: int, languages: list[str] | tuple[str, ...]
) -> list[Problem]:
    problems: list[Problem] = []
    where = f"questions.{question.get('code')}"
    for lang in languages:
        text = (question.get("text") or {}).get(lang, "").strip()
        params = {"n": number, "lang": lang}
        if not text:
            problems.append(Problem("pub.error.question_empty", where, params))
        elif len(text) > LIMITS["question"]:
            problems.append(
                Problem("pub.error.question_too_long", where, {**params, "max": LIMITS["question"]})
            )
        if question.get("kind") in CHOICE_KINDS:
            options = [o.strip() for o in (question.get("options") or {}).get(lang, [])]
            if len([o for o in options if o]) < 2 or not all(options):
                problems.append(Problem("pub.error.too_few_options", where, params))
            elif any(len(o) > LIMITS["option"] for o in options):
                problems.append(
                    Problem("pub.error.option_too_long", where, {**params, "max": LIMITS["option"]})
                )
    if question.get("kind") in CHOICE_KINDS:
        counts = {len((question.get("options") or {}).get(lang, [])) for lang in languages}
        if len(counts) > 1:
            problems.append(Problem("pub.error.options_differ", where, {"n": number}))
    return problems


def _project_problems(doc: dict, _languages: list[str] | tuple[str, ...]) -> list[Problem]:
    problems: list[Problem] = []
    previous_end: dt.datetime | None = None
    for phase in doc.get("phases") or []:
        start, end = parse_moment(phase.get("start")), parse_moment(phase.get("end"))
        params = {"phase": phase.get("code")}
        if start is None or end is None:
            problems.append(Problem("pub.error.phase_dates", f"phases.{phase.get('code')}", params))
            continue
        if end < start:
            problems.append(Problem("pub.error.end_before_start", f"phases.{phase.get('code')}"))
        if previous_end and start < previous_end:
            problems.append(
                Problem("pub.error.phase_overlap", f"phases.{phase.get('code')}", params)
            )
        previous_end = end
    return problems


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
        return row.id


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
        starts, ends = _times(doc, row.kind)
        row.content = json.dumps(doc, ensure_ascii=False)
        row.all_buurten = all_buurten
        row.starts_at, row.ends_at = starts, ends
        _set_buurten(session, row.id, [] if all_buurten else buurt_codes)
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
            return row.status
        _go_live(session, row, now)
        return row.status


def unschedule(engine: Engine, *, actor: Actor, publication_id: int, version: int) -> None:
    """Take a scheduled item back to draft."""
    require(actor.roles, "publish")
    with session_scope(engine) as session:
        row = _claim(session, publication_id, version, expect=("scheduled",), now=now_local())
        row.status, row.scheduled_at = "draft", None


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


def delete_draft(engine: Engine, *, actor: Actor, publication_id: int, version: int) -> None:
    """Delete a draft that was never published."""
    require(actor.roles, "publish")
    with session_scope(engine) as session:
        _claim(session, publication_id, version, expect=("draft",), now=now_local())
        session.execute(
            delete(PublicationBuurt).where(PublicationBuurt.publication_id == publication_id)
        )
        session.execute(delete(Publication).where(Publication.id == publication_id))


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


def release_due(engine: Engine, *, now: dt.datetime | None = None) -> int:
    """Publish every scheduled item whose time has come; returns how many went out."""
    now = now or now_local()
    with session_scope(engine) as session:
        due = session.scalars(
            select(Publication)
            .where(Publication.status == "scheduled", Publication.scheduled_at <= now)
            .order_by(Publication.scheduled_at)
            .with_for_update()
        ).all()
        for row in due:
            row.version += 1
            _go_live(session, row, row.scheduled_at or now)
            if row.created_by is not None:  # the author hears that it went out
                notify(
                    session,
                    user_id=row.created_by,
                    kind="published",
                    key=f"published:{row.id}",
                    at=row.published_at or now,
                    publication_id=row.id,
                )
        return len(due)


def _claim(
    session: Session,
    publication_id: int,
    version: int,
    *,
    expect: tuple[str, ...],
    now: dt.datetime,
) -> Publication:
    """Compare-and-set on the version; then check the status allows the action."""
    result = session.execute(
        update(Publication)
        .where(Publication.id == publication_id, Publication.version == version)
        .values(version=Publication.version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        if session.get(Publication, publication_id) is None:
            raise PublicationError("error.not_found")
        raise StalePublication()
    row = session.get(Publication, publication_id, populate_existing=True)
    assert row is not None
    if row.status not in expect:
        raise PublicationError("pub.error.wrong_status")
    return row


def _set_buurten(session: Session, publication_id: int, codes: list[str]) -> None:
    ids = session.scalars(select(Buurt.id).where(Buurt.code.in_(codes))).all() if codes else []
    if len(ids) != len(set(codes)):
        raise PublicationError("error.unknown_buurt")
    session.execute(
        delete(PublicationBuurt).where(PublicationBuurt.publication_id == publication_id)
    )
    session.add_all(PublicationBuurt(publication_id=publication_id, buurt_id=b) for b in ids)


def _buurt_ids(session: Session, publication_id: int) -> list[int]:
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
