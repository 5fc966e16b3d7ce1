"""Results of top-down publications, the publishing calendar and the pilot's survey summary.

Every count of answers shown per option, per buurt or per open question follows the k-rule
(docs/privacy-security.md, hoplr_data.stats.disclosure): fewer than k is suppressed (None),
never shown, and so is any count that would let a hidden one be worked back from the totals
(its status says which: '< k' or '×').
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from hoplr_data.core import models as m
from hoplr_data.core.timeutil import now_local
from hoplr_data.stats.disclosure import Cell, protect_breakdown
from hoplr_data.stats.metrics import Scope, in_period
from hoplr_data.top_down.checks import reach
from hoplr_data.top_down.documents import CHOICE_KINDS, option_codes, title_of


def _k(count: int, k: int) -> int | None:
    """The count, or None when it is under k."""
    return count if count >= k else None


@dataclass
class OptionResult:
    """One answer option: respondents who chose it (None under k) and their share."""

    code: str
    label: str | None
    count: int | None
    share: float | None
    status: int = 0  # hoplr_data.stats.disclosure.Cell: shown, '< k' or '×'


@dataclass
class QuestionResult:
    """Results of one question."""

    code: str
    number: int
    kind: str
    text: str
    respondents: int | None
    options: list[OptionResult] = field(default_factory=list)
    per_buurt: list[dict] = field(default_factory=list)
    mean: float | None = None
    open_answers: list[str] | None = None


@dataclass
class IdeaResult:
    """A resident's idea in a participation project, with its votes and rank."""

    rank: int
    id: str
    title: str
    text: str
    buurt: str
    votes: int
    created_at: dt.datetime


@dataclass
class Results:
    """Everything known about how residents responded to one publication."""

    id: int
    kind: str
    status: str
    title: str
    published_at: dt.datetime | None
    reach: int
    reactions: int
    interested: int = 0
    attending: int = 0
    capacity: int | None = None
    responses: int | None = None
    questions: list[QuestionResult] = field(default_factory=list)
    ideas: list[IdeaResult] = field(default_factory=list)
    votes: int = 0


def list_publications(engine: Engine, *, statuses: tuple[str, ...] | None = None) -> list[dict]:
    """Publications newest first: id, kind, status, title, dates and targeted buurten."""
    with Session(engine) as session:
        names = _target_names(session)
        query = select(m.Publication).order_by(m.Publication.updated_at.desc(), m.Publication.id)
        if statuses:
            query = query.where(m.Publication.status.in_(statuses))
        rows = session.scalars(query).all()
    out = []
    for row in rows:
        doc = json.loads(row.content)
        out.append(
            {
                "id": row.id,
                "kind": row.kind,
                "status": row.status,
                "title": title_of(doc, ()),
                "published_at": row.published_at,
                "scheduled_at": row.scheduled_at,
                "starts_at": row.starts_at,
                "ends_at": row.ends_at,
                "updated_at": row.updated_at,
                "all_buurten": row.all_buurten,
                "buurten": names.get(row.id, []),
            }
        )
    return out


def _target_names(conn) -> dict[int, list[str]]:  # noqa: ANN001
    rows = conn.execute(
        select(m.PublicationBuurt.publication_id, m.Buurt.name)
        .join(m.Buurt, m.Buurt.id == m.PublicationBuurt.buurt_id)
        .order_by(m.Buurt.name)
    )
    names: dict[int, list[str]] = {}
    for pid, name in rows:
        names.setdefault(pid, []).append(name)
    return names


def results(engine: Engine, *, publication_id: int, k: int, language: str) -> Results:
    """Reach, reactions, RSVPs, answers per question (k-rule) and ideas of one publication."""
    with Session(engine) as conn:
        row = conn.get(m.Publication, publication_id)
        if row is None:
            raise LookupError(publication_id)
        doc = json.loads(row.content)
        targets = list(
            conn.execute(
                select(m.PublicationBuurt.buurt_id).where(
                    m.PublicationBuurt.publication_id == publication_id
                )
            ).scalars()
        )
        counts = _response_counts(conn, publication_id)
        out = Results(
            id=row.id,
            kind=row.kind,
            status=row.status,
            title=title_of(doc, (language,)),
            published_at=row.published_at,
            reach=0,
            reactions=counts.get("reaction", 0),
            interested=counts.get("interested", 0),
            attending=counts.get("attending", 0),
            capacity=doc.get("capacity"),
        )
        if row.kind in ("poll", "survey"):
            out.responses = _k(counts.get("answer", 0), k)
            out.questions = [
                _question_result(conn, publication_id, q, n, k, language)
                for n, q in enumerate(doc.get("questions") or [], start=1)
            ]
        if row.kind == "project":
            out.ideas = _ideas(conn, publication_id)
            out.votes = counts.get("vote", 0)
    moment = row.published_at or now_local()
    out.reach = reach(engine, buurt_ids=None if row.all_buurten else targets, moment=moment)
    return out


def _response_counts(conn, publication_id: int) -> dict[str, int]:  # noqa: ANN001
    rows = conn.execute(
        select(m.PublicationResponse.kind, func.count())
        .where(m.PublicationResponse.publication_id == publication_id)
        .group_by(m.PublicationResponse.kind)
    )
    return {kind: int(n) for kind, n in rows}


def _localised(values: dict, language: str) -> object:
    """The value for the language, else the first one there is."""
    if language in values and values[language]:
        return values[language]
    return next((v for v in values.values() if v), None)


def _question_result(
    conn,  # noqa: ANN001
    publication_id: int,
    question: dict,
    number: int,
    k: int,
    language: str,
) -> QuestionResult:
    answers = (
        select(
            m.SurveyAnswer.response_id,
            m.SurveyAnswer.option,
            m.SurveyAnswer.score,
            m.SurveyAnswer.text,
            m.PublicationResponse.buurt_id,
        )
        .join(m.PublicationResponse, m.PublicationResponse.id == m.SurveyAnswer.response_id)
        .where(
            m.PublicationResponse.publication_id == publication_id,
            m.SurveyAnswer.question == question["code"],
        )
    ).subquery()
    respondents = conn.execute(
        select(func.count(func.distinct(answers.c.response_id)))
    ).scalar_one()
    result = QuestionResult(
        code=question["code"],
        number=number,
        kind=question["kind"],
        text=_localised(question.get("text") or {}, language) or "",
        respondents=_k(respondents, k),
    )
    if question["kind"] == "open":
        if respondents >= k:
            result.open_answers = list(
                conn.execute(
                    select(answers.c.text)
                    .where(answers.c.text.is_not(None))
                    .order_by(answers.c.response_id)
                ).scalars()
            )
        return result
    value = answers.c.option if question["kind"] != "scale" else answers.c.score
    codes = option_codes(question)
    keys = [int(c) if question["kind"] == "scale" else c for c in codes]
    cells = _answer_cells(conn, answers, value, keys) or {None: [0] * len(keys)}
    status = protect_breakdown(cells, k, total_published=question["kind"] != "multiple")
    labels = _localised(question.get("options") or {}, language) or []
    for i, code in enumerate(codes):
        count = sum(row[i] for row in cells.values())
        label = labels[i] if question["kind"] in CHOICE_KINDS and i < len(labels) else None
        shown = count if status["totals"][i] == Cell.SHOWN else None
        share = count / respondents if respondents and shown is not None else None
        result.options.append(OptionResult(code, label, shown, share, status["totals"][i]))
    if question["kind"] == "scale" and respondents >= k:
        result.mean = conn.execute(select(func.avg(answers.c.score))).scalar()
    result.per_buurt = [
        {"buurt": name, "option": code, "count": n if state == Cell.SHOWN else None,
         "status": state}
        for name, row in cells.items() if name is not None
        for code, n, state in zip(codes, row, status[name], strict=True) if n
    ]  # fmt: skip
    return result


def _answer_cells(conn, answers, value, keys: list) -> dict[str | None, list[int]]:  # noqa: ANN001
    """Answers per buurt name (None: no buurt) and option, in the order of the options."""
    rows = conn.execute(
        select(m.Buurt.name, value, func.count())
        .outerjoin(m.Buurt, m.Buurt.id == answers.c.buurt_id)
        .group_by(m.Buurt.name, value)
    )
    cells: dict[str | None, list[int]] = {}
    for name, key, n in rows:
        if key in keys:
            cells.setdefault(name, [0] * len(keys))[keys.index(key)] += int(n)
    return dict(sorted(cells.items(), key=lambda item: (item[0] is None, item[0] or "")))


def _ideas(conn, publication_id: int) -> list[IdeaResult]:  # noqa: ANN001
    votes = (
        select(m.PublicationResponse.idea_id, func.count().label("votes"))
        .where(
            m.PublicationResponse.publication_id == publication_id,
            m.PublicationResponse.kind == "vote",
        )
        .group_by(m.PublicationResponse.idea_id)
        .subquery()
    )
    rows = conn.execute(
        select(
            m.ProjectIdea.id,
            m.ProjectIdea.title,
            m.ProjectIdea.text,
            m.Buurt.name,
            func.coalesce(votes.c.votes, 0),
            m.ProjectIdea.created_at,
        )
        .join(m.Buurt, m.Buurt.id == m.ProjectIdea.buurt_id)
        .outerjoin(votes, votes.c.idea_id == m.ProjectIdea.id)
        .where(m.ProjectIdea.publication_id == publication_id)
        .order_by(func.coalesce(votes.c.votes, 0).desc(), m.ProjectIdea.created_at)
    ).all()
    return [
        IdeaResult(rank, iid, title, text, buurt, int(n), created)
        for rank, (iid, title, text, buurt, n, created) in enumerate(rows, start=1)
    ]


def calendar(
    engine: Engine, *, start: dt.date, end: dt.date, buurt_ids: list[int] | None
) -> list[dict]:
    """Published and scheduled items going out, or taking place, between two dates (inclusive).

    One row per item and buurt it reaches; an item for every buurt has one row per buurt.
    """
    begin = dt.datetime.combine(start, dt.time())
    stop = dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    with Session(engine) as conn:
        all_buurten = conn.execute(select(m.Buurt.id, m.Buurt.name).order_by(m.Buurt.name)).all()
        targets: dict[int, set[int]] = {}
        for pid, bid in conn.execute(
            select(m.PublicationBuurt.publication_id, m.PublicationBuurt.buurt_id)
        ):
            targets.setdefault(pid, set()).add(bid)
        rows = conn.scalars(
            select(m.Publication).where(
                m.Publication.status.in_(("scheduled", "published", "archived"))
            )
        ).all()
    wanted = set(buurt_ids) if buurt_ids else {b for b, _ in all_buurten}
    out = []
    for row in rows:
        moments = [(m, w) for m, w in _calendar_moments(row) if begin <= m < stop]
        if not moments:
            continue
        title = title_of(json.loads(row.content), ())
        reached = {b for b, _ in all_buurten} if row.all_buurten else targets.get(row.id, set())
        names = [name for buurt_id, name in all_buurten if buurt_id in reached & wanted]
        out += [
            {"when": moment, "what": what, "id": row.id, "kind": row.kind,
             "status": row.status, "title": title, "buurt": name}
            for moment, what in moments
            for name in names
        ]  # fmt: skip
    return sorted(out, key=lambda r: (r["when"], r["buurt"], r["id"]))


def _calendar_moments(row: m.Publication) -> list[tuple[dt.datetime, str]]:
    """When an item shows in the calendar: going out, and (events) taking place."""
    moments = []
    going_out = row.published_at or row.scheduled_at
    if going_out:
        moments.append((going_out, "scheduled" if row.status == "scheduled" else "published"))
    if row.kind == "event" and row.starts_at:
        moments.append((row.starts_at, "takes_place"))
    return moments


def survey_summaries(engine: Engine, scope: Scope, *, k: int, language: str) -> list[dict]:
    """Each survey published in the scope's period: responses and option shares per question."""
    with engine.connect() as conn:
        ids = (
            conn.execute(
                select(m.Publication.id)
                .where(
                    m.Publication.kind == "survey",
                    m.Publication.status.in_(("published", "archived")),
                    in_period(m.Publication.published_at, scope),
                )
                .order_by(m.Publication.published_at)
            )
            .scalars()
            .all()
        )
    out = []
    for pid in ids:
        res = results(engine, publication_id=pid, k=k, language=language)
        out.append(
            {
                "title": res.title,
                "responses": res.responses,
                "questions": [
                    {
                        "text": q.text,
                        "options": [
                            {"option": o.label or o.code, "share": o.share} for o in q.options
                        ],
                    }
                    for q in res.questions
                    if q.kind != "open"
                ],
            }
        )
    return out
