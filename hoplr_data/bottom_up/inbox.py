"""Reads for the triage inbox: the filtered list, counts, one item with its history, duplicate
suggestions, search over items and published items (team figures and the Open311 export of a
listed frame: `frames.py`)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, and_, func, or_, select
from sqlalchemy.orm import aliased

from hoplr_data.bottom_up.frames import open311, team_figures  # noqa: F401 (re-exported)
from hoplr_data.bottom_up.transitions import is_closed
from hoplr_data.core import models as m
from hoplr_data.top_down.documents import title_of

PUNCTUALITY = ("on_time", "late", "very_late")
PREVIEW_CHARS = 90


@dataclass(frozen=True)
class InboxFilter:
    """What the case handler filters on; empty tuples mean 'any'."""

    kinds: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    buurt_codes: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    assignees: tuple[str, ...] = ()  # usernames; "" means unassigned
    punctuality: tuple[str, ...] = ()
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    keyword: str = ""
    open_only: bool = False
    handled_by: str = ""  # username: only items this user acted on, latest action first


def punctuality(
    created: dt.datetime, closed: dt.datetime | None, days: int, now: dt.datetime
) -> str:
    """on_time, late (past the handling term) or very_late (past three times the term)."""
    elapsed = ((closed or now) - created).total_seconds() / 86400
    if elapsed <= days:
        return "on_time"
    return "late" if elapsed <= 3 * days else "very_late"


def _name(lang: str, model: type):  # noqa: ANN202
    return getattr(model, f"name_{lang}")


def _base_query(lang: str):  # noqa: ANN202
    assignee = aliased(m.User)
    query = (
        select(
            m.Item.id,
            m.Item.kind,
            m.Item.status,
            m.Item.priority,
            m.Item.created_at,
            m.Item.updated_at,
            m.Item.closed_at,
            m.Item.text,
            m.Item.language,
            m.Item.address,
            m.Item.lat,
            m.Item.lon,
            m.Item.photo_url,
            m.Item.version,
            m.Item.duplicate_of,
            m.Item.new_reply_at,
            m.Buurt.code.label("buurt_code"),
            m.Buurt.name.label("buurt"),
            m.Category.code.label("category_code"),
            _name(lang, m.Category).label("category"),
            m.Category.handling_days,
            m.Department.code.label("department_code"),
            _name(lang, m.Department).label("department"),
            assignee.username.label("assignee"),
        )
        .join(m.Buurt, m.Buurt.id == m.Item.buurt_id)
        .join(m.Category, m.Category.id == m.Item.category_id)
        .join(m.Department, m.Department.id == m.Category.department_id)
        .outerjoin(assignee, assignee.id == m.Item.assignee_id)
    )
    return query, assignee


def list_items(engine: Engine, flt: InboxFilter, *, lang: str, now: dt.datetime) -> pd.DataFrame:
    """The items that match the filter, newest first, with deadline and punctuality."""
    query, assignee = _base_query(lang)
    conditions = []
    if flt.kinds:
        conditions.append(m.Item.kind.in_(flt.kinds))
    if flt.statuses:
        conditions.append(m.Item.status.in_(flt.statuses))
    if flt.buurt_codes:
        conditions.append(m.Buurt.code.in_(flt.buurt_codes))
    if flt.categories:
        conditions.append(m.Category.code.in_(flt.categories))
    if flt.departments:
        conditions.append(m.Department.code.in_(flt.departments))
    if flt.assignees:
        named = [a for a in flt.assignees if a]
        parts = [assignee.username.in_(named)] if named else []
        if "" in flt.assignees:
            parts.append(m.Item.assignee_id.is_(None))
        conditions.append(or_(*parts))
    if flt.date_from:
        conditions.append(m.Item.created_at >= dt.datetime.combine(flt.date_from, dt.time()))
    if flt.date_to:
        conditions.append(
            m.Item.created_at < dt.datetime.combine(flt.date_to + dt.timedelta(days=1), dt.time())
        )
    if flt.keyword.strip():
        conditions.append(_matches(flt.keyword))
    order = [m.Item.created_at.desc()]
    if flt.handled_by:
        handled = _handled_by(flt.handled_by)
        query = query.add_columns(handled.c.handled_at).join(
            handled, handled.c.item_id == m.Item.id
        )
        order = [handled.c.handled_at.desc(), *order]
    with engine.connect() as conn:
        rows = conn.execute(query.where(and_(True, *conditions)).order_by(*order)).mappings().all()
    frame = pd.DataFrame([dict(r) for r in rows])
    if frame.empty:
        return frame
    frame["deadline"] = frame["created_at"] + pd.to_timedelta(frame["handling_days"], unit="D")
    frame["punctuality"] = [
        punctuality(c, None if pd.isna(x) else x, d, now)
        for c, x, d in zip(
            frame["created_at"], frame["closed_at"], frame["handling_days"], strict=True
        )
    ]
    frame["open"] = [
        not is_closed(k, s) for k, s in zip(frame["kind"], frame["status"], strict=True)
    ]
    frame["preview"] = frame["text"].str.slice(0, PREVIEW_CHARS)
    if flt.punctuality:
        frame = frame[frame["punctuality"].isin(flt.punctuality)]
    if flt.open_only:
        frame = frame[frame["open"]]
    return frame.reset_index(drop=True)


def _matches(words: str):  # noqa: ANN202
    """Items whose id, text or address contain the words (case-insensitive, taken literally)."""
    escaped = words.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    needle = f"%{escaped}%"
    return or_(
        *(
            func.lower(column).like(needle, escape="\\")
            for column in (m.Item.text, m.Item.address, m.Item.id)
        )
    )


def _handled_by(username: str):  # noqa: ANN202
    """Per item, the moment of the user's latest action on it."""
    return (
        select(m.ItemEvent.item_id, func.max(m.ItemEvent.at).label("handled_at"))
        .join(m.User, m.User.id == m.ItemEvent.user_id)
        .where(m.User.username == username)
        .group_by(m.ItemEvent.item_id)
        .subquery()
    )


def status_counts(frame: pd.DataFrame) -> dict[str, int]:
    """Items per status in a listed frame."""
    return frame["status"].value_counts().to_dict() if not frame.empty else {}


def item_detail(engine: Engine, item_id: str, *, lang: str) -> dict | None:
    """One item with its contact details, history (notes and replies included) and duplicates."""
    query, _ = _base_query(lang)
    with engine.connect() as conn:
        row = conn.execute(query.where(m.Item.id == item_id)).mappings().first()
        if row is None:
            return None
        contact = conn.execute(
            select(
                m.Item.reporter_name,
                m.Item.reporter_email,
                m.Item.reporter_phone,
                m.Item.contact_erased_at,
            ).where(m.Item.id == item_id)
        ).one()
        history = conn.execute(
            select(
                m.ItemEvent.at,
                m.User.username,
                m.ItemEvent.action,
                m.ItemEvent.from_value,
                m.ItemEvent.to_value,
                m.ItemEvent.text,
            )
            .outerjoin(m.User, m.User.id == m.ItemEvent.user_id)
            .where(m.ItemEvent.item_id == item_id)
            .order_by(m.ItemEvent.at, m.ItemEvent.id)
        ).all()
        duplicates = (
            conn.execute(select(m.Item.id).where(m.Item.duplicate_of == item_id)).scalars().all()
        )
    detail = dict(row)
    detail.update(
        reporter_name=contact[0],
        reporter_email=contact[1],
        reporter_phone=contact[2],
        contact_erased_at=contact[3],
        history=[
            {"at": h[0], "user": h[1], "action": h[2], "from": h[3], "to": h[4], "text": h[5]}
            for h in history
        ],
        duplicates=list(duplicates),
    )
    return detail


def reply_templates(engine: Engine, kind: str) -> dict[tuple[str, str], str]:
    """Standard replies of a kind: (status, language) -> text."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(m.ReplyTemplate.status, m.ReplyTemplate.language, m.ReplyTemplate.text).where(
                m.ReplyTemplate.kind == kind
            )
        ).all()
    return {(status, language): text for status, language, text in rows}


def categories(engine: Engine, *, lang: str) -> list[dict]:
    """Every category with its kind, department and handling term."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                m.Category.code,
                m.Category.kind,
                _name(lang, m.Category).label("name"),
                m.Category.handling_days,
                m.Department.code.label("department_code"),
                _name(lang, m.Department).label("department"),
            )
            .join(m.Department, m.Department.id == m.Category.department_id)
            .order_by(m.Category.kind, _name(lang, m.Category))
        ).mappings()
        return [dict(r) for r in rows]


def case_handlers(engine: Engine) -> list[str]:
    """Usernames that may be assigned items (active case handlers and admins)."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(m.User.username)
            .join(m.UserRole, m.UserRole.user_id == m.User.id)
            .where(m.User.active, m.UserRole.role.in_(("case_handler", "admin")))
            .distinct()
            .order_by(m.User.username)
        )
        return list(rows.scalars())


def possible_duplicates(engine: Engine, item_id: str, *, limit: int = 5) -> list[dict]:
    """Items of the same kind with similar text in the same buurt (or close by), open first."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    with engine.connect() as conn:
        target = conn.execute(select(m.Item).where(m.Item.id == item_id)).mappings().first()
        if target is None:
            return []
        target = dict(target)
        nearby = or_(m.Item.buurt_id == target["buurt_id"], m.Item.lat.is_not(None))
        candidates = [
            dict(r)
            for r in conn.execute(
                select(
                    m.Item.id,
                    m.Item.text,
                    m.Item.status,
                    m.Item.kind,
                    m.Item.buurt_id,
                    m.Item.lat,
                    m.Item.lon,
                    m.Item.created_at,
                ).where(
                    m.Item.kind == target["kind"],
                    m.Item.id != item_id,
                    m.Item.duplicate_of.is_(None),
                    nearby,
                )
            ).mappings()
        ]
    candidates = [c for c in candidates if c["buurt_id"] == target["buurt_id"] or _close(target, c)]
    if not candidates:
        return []
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
    matrix = vectorizer.fit_transform([target["text"], *(c["text"] for c in candidates)])
    scores = cosine_similarity(matrix[0], matrix[1:])[0]
    ranked = []
    for candidate, score in zip(candidates, scores, strict=True):
        if score >= 0.25:
            ranked.append(
                {
                    **candidate,
                    "similarity": float(score),
                    "open": not is_closed(candidate["kind"], candidate["status"]),
                }
            )
    ranked.sort(key=lambda c: (not c["open"], -c["similarity"]))
    return ranked[:limit]


def _close(a: dict, b: dict, metres: float = 250) -> bool:
    if None in (a["lat"], a["lon"], b["lat"], b["lon"]):
        return False
    dy = (a["lat"] - b["lat"]) * 111_000
    dx = (a["lon"] - b["lon"]) * 111_000 * 0.61  # cos(52 degrees north)
    return (dx * dx + dy * dy) ** 0.5 <= metres


SEARCH_LIMIT = 20
SEARCHED_PUBLICATIONS = ("published", "archived")  # the ones the Results page shows


@dataclass(frozen=True)
class SearchHits:
    """What a search found: items (open and closed) and published items."""

    items: list[dict]
    publications: list[dict]


def search(engine: Engine, words: str, *, lang: str, limit: int = SEARCH_LIMIT) -> SearchHits:
    """Items whose id, text or address contain the words, and published items whose title or
    text (in any language) do; newest first, at most `limit` of each."""
    if not words.strip():
        return SearchHits([], [])
    query, _ = _base_query(lang)
    with engine.connect() as conn:
        items = conn.execute(
            query.where(_matches(words)).order_by(m.Item.created_at.desc()).limit(limit)
        ).mappings()
        found = [_hit(dict(r)) for r in items]
        publications = conn.execute(
            select(
                m.Publication.id, m.Publication.kind, m.Publication.status, m.Publication.content
            )
            .where(m.Publication.status.in_(SEARCHED_PUBLICATIONS))
            .order_by(m.Publication.published_at.desc(), m.Publication.id.desc())
        ).all()
    needle = words.strip().casefold()
    hits = []
    for pid, kind, status, content in publications:
        doc = json.loads(content)
        if needle in _publication_text(doc).casefold():
            hits.append(
                {"id": pid, "kind": kind, "status": status, "title": title_of(doc, (lang,))}
            )
    return SearchHits(found, hits[:limit])


def _hit(row: dict) -> dict:
    """The fields a search result shows for an item."""
    return {
        "id": row["id"],
        "kind": row["kind"],
        "status": row["status"],
        "created_at": row["created_at"],
        "address": row["address"],
        "preview": row["text"][:PREVIEW_CHARS],
        "open": not is_closed(row["kind"], row["status"]),
    }


def _publication_text(doc: dict) -> str:
    """Every title and body of a publication's document, one per line."""
    texts = doc.get("texts", {}).values()
    return "\n".join(str(v.get(part, "")) for v in texts if v for part in ("title", "body"))
