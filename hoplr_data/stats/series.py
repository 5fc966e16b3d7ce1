"""Weekly series for charts and the per-buurt table, aggregated in SQL."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, and_, func, select
from sqlalchemy.engine import Connection

from hoplr_data.core import models as m
from hoplr_data.core.timeutil import day_end, last_complete_weeks, week_start
from hoplr_data.stats.metrics import (
    RECENT_WEEKS,
    Scope,
    has_contributed,
    in_buurten,
    ratio,
    registered_at,
)


def _weeks(conn: Connection, scope: Scope) -> list[dt.date]:
    """Mondays from the first registration in scope up to the as-of week."""
    first = conn.execute(
        select(func.min(m.Membership.week)).where(in_buurten(m.Membership.buurt_id, scope))
    ).scalar()
    if first is None:
        return []
    first = dt.date.fromisoformat(first) if isinstance(first, str) else first
    if scope.start:
        first = max(first, week_start(scope.start))
    last = week_start(scope.as_of)
    count = (last - first).days // 7 + 1
    return [first + dt.timedelta(weeks=i) for i in range(max(count, 0))]


def _by_week(conn: Connection, model: type, scope: Scope, *extra) -> dict:  # noqa: ANN002
    """Rows per week of an activity table (up to the as-of date)."""
    query = (
        select(model.week, func.count())
        .where(model.created_at < scope.end, in_buurten(model.buurt_id, scope), *extra)
        .group_by(model.week)
    )
    return {_d(w): n for w, n in conn.execute(query).all()}


def _d(value: dt.date | str) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def weekly(engine: Engine, scope: Scope) -> pd.DataFrame:
    """One row per week: registrations (invite/organic), registered at week end, activity."""
    with engine.connect() as conn:
        weeks = _weeks(conn, scope)
        if not weeks:
            return pd.DataFrame()
        valid = and_(
            m.InvitationCode.code == m.Membership.invite_code,
            m.InvitationCode.buurt_id == m.Membership.buurt_id,
        )
        regs = conn.execute(
            select(m.Membership.week, func.count(m.InvitationCode.code), func.count())
            .select_from(m.Membership)
            .outerjoin(m.InvitationCode, valid)
            .where(m.Membership.registered_at < scope.end, in_buurten(m.Membership.buurt_id, scope))
            .group_by(m.Membership.week)
        ).all()
        invite = {_d(w): i for w, i, _ in regs}
        total = {_d(w): n for w, _, n in regs}
        registered = _registered_per_week(conn, scope, weeks)
        visits = dict(
            (_d(w), n)
            for w, n in conn.execute(
                select(m.Visit.week, func.count(func.distinct(m.Visit.household_id)))
                .where(m.Visit.day <= scope.as_of, in_buurten(m.Visit.buurt_id, scope))
                .group_by(m.Visit.week)
            ).all()
        )
        posts = _by_week(conn, m.Post, scope)
        reactions = _by_week(conn, m.Reaction, scope)
        thanks = _by_week(conn, m.Appreciation, scope)
        events = _by_week(conn, m.ResidentEvent, scope)
        interested = _by_week(conn, m.EventResponse, scope, m.EventResponse.kind == "interested")
        attending = _by_week(conn, m.EventResponse, scope, m.EventResponse.kind == "attending")
    complete = set(last_complete_weeks(scope.as_of, len(weeks)))
    return pd.DataFrame(
        {
            "week": pd.to_datetime(weeks),
            "registrations_via_invite": [invite.get(w, 0) for w in weeks],
            "registrations_organic": [total.get(w, 0) - invite.get(w, 0) for w in weeks],
            "households_registered": [registered[w] for w in weeks],
            "active_households": [visits.get(w, 0) for w in weeks],
            "weekly_active_share": [ratio(visits.get(w, 0), registered[w]) for w in weeks],
            "posts": [posts.get(w, 0) for w in weeks],
            "reactions": [reactions.get(w, 0) for w in weeks],
            "appreciations": [thanks.get(w, 0) for w in weeks],
            "events_organised": [events.get(w, 0) for w in weeks],
            "event_interested": [interested.get(w, 0) for w in weeks],
            "event_attending": [attending.get(w, 0) for w in weeks],
            "complete": [w in complete for w in weeks],
        }
    )


def _registered_per_week(conn: Connection, scope: Scope, weeks: list[dt.date]) -> dict:
    """Households registered at the end of each week (at the as-of date for its own week).

    Registrations minus deregistrations, summed up to each week; a household has at most one
    open registration at a time, so this equals the number of distinct registered households.
    """
    joined = conn.execute(
        select(m.Membership.week, func.count())
        .where(m.Membership.registered_at < scope.end, in_buurten(m.Membership.buurt_id, scope))
        .group_by(m.Membership.week)
    ).all()
    left = conn.execute(
        select(m.Membership.deregistered_week, func.count())
        .where(m.Membership.deregistered_at < scope.end, in_buurten(m.Membership.buurt_id, scope))
        .group_by(m.Membership.deregistered_week)
    ).all()
    change: dict[dt.date, int] = {}
    for week, n in joined:
        change[_d(week)] = change.get(_d(week), 0) + n
    for week, n in left:
        change[_d(week)] = change.get(_d(week), 0) - n
    result, running = {}, 0
    changes = sorted(change.items())
    i = 0
    for week in weeks:
        while i < len(changes) and changes[i][0] <= week:
            running += changes[i][1]
            i += 1
        result[week] = running
    return result


def _grouped(conn: Connection, query) -> dict[int, int]:  # noqa: ANN001
    return {b: int(n) for b, n in conn.execute(query).all()}


def per_buurt(engine: Engine, scope: Scope) -> pd.DataFrame:
    """One row per buurt in scope with the figures of the Buurten page."""
    weeks = last_complete_weeks(scope.as_of, RECENT_WEEKS)
    with engine.connect() as conn:
        buurten = conn.execute(
            select(m.Buurt.id, m.Buurt.code, m.Buurt.name, m.Buurt.households)
            .where(in_buurten(m.Buurt.id, scope))
            .order_by(m.Buurt.name)
        ).all()
        registered = _grouped(conn, _registered_by_buurt(scope, scope.end))
        active_share = _active_share_by_buurt(conn, scope, weeks)
        posts = _grouped(conn, _recent_by_buurt(m.Post, scope, weeks))
        reactions = _grouped(conn, _recent_by_buurt(m.Reaction, scope, weeks))
        contributors = _grouped(conn, _contributors_by_buurt(scope))
        events = _grouped(
            conn,
            select(m.ResidentEvent.buurt_id, func.count())
            .where(
                m.ResidentEvent.created_at < scope.end,
                in_buurten(m.ResidentEvent.buurt_id, scope),
                *([m.ResidentEvent.created_at >= scope.begin] if scope.begin else []),
            )
            .group_by(m.ResidentEvent.buurt_id),
        )
    rows = []
    for bid, code, name, households in buurten:
        reg = registered.get(bid, 0)
        rows.append(
            {
                "code": code,
                "name": name,
                "households_total": households,
                "households_registered": reg,
                "registration_rate": ratio(reg, households),
                "weekly_active_share_recent": active_share.get(bid),
                "posts_recent": posts.get(bid, 0),
                "posts_per_week_recent": posts.get(bid, 0) / RECENT_WEEKS,
                "reactions_recent": reactions.get(bid, 0),
                "reactions_per_week_recent": reactions.get(bid, 0) / RECENT_WEEKS,
                "contributors": contributors.get(bid, 0),
                "contributor_share": ratio(contributors.get(bid, 0), reg),
                "events_organised": events.get(bid, 0),
            }
        )
    return pd.DataFrame(rows)


PER_BUURT_SUPPRESSION = {
    "households_registered": [
        "registration_rate",
        "weekly_active_share_recent",
        "contributors",
        "contributor_share",
    ],
    "contributors": ["contributor_share"],
    "posts_recent": ["posts_per_week_recent"],
    "reactions_recent": ["reactions_per_week_recent"],
    "events_organised": [],
}


def _registered_by_buurt(scope: Scope, moment: dt.datetime):  # noqa: ANN202
    return (
        select(m.Membership.buurt_id, func.count(func.distinct(m.Membership.household_id)))
        .where(registered_at(moment), in_buurten(m.Membership.buurt_id, scope))
        .group_by(m.Membership.buurt_id)
    )


def _recent_by_buurt(model: type, scope: Scope, weeks: list[dt.date]):  # noqa: ANN202
    return (
        select(model.buurt_id, func.count())
        .where(model.week.in_(weeks), in_buurten(model.buurt_id, scope))
        .group_by(model.buurt_id)
    )


def _active_share_by_buurt(conn: Connection, scope: Scope, weeks: list[dt.date]) -> dict:
    """Mean weekly active share per buurt over the given weeks."""
    visits = conn.execute(
        select(m.Visit.buurt_id, m.Visit.week, func.count(func.distinct(m.Visit.household_id)))
        .where(m.Visit.week.in_(weeks), in_buurten(m.Visit.buurt_id, scope))
        .group_by(m.Visit.buurt_id, m.Visit.week)
    ).all()
    active = {(b, _d(w)): n for b, w, n in visits}
    shares: dict[int, list[float]] = {}
    for week in weeks:
        end = day_end(week + dt.timedelta(days=6))
        for bid, registered in _grouped(conn, _registered_by_buurt(scope, end)).items():
            if registered:
                shares.setdefault(bid, []).append(active.get((bid, week), 0) / registered)
    return {bid: sum(s) / len(s) for bid, s in shares.items()}


def _contributors_by_buurt(scope: Scope):  # noqa: ANN202
    return (
        select(m.Membership.buurt_id, func.count(func.distinct(m.Membership.household_id)))
        .where(
            registered_at(scope.end),
            in_buurten(m.Membership.buurt_id, scope),
            has_contributed(scope.end),
        )
        .group_by(m.Membership.buurt_id)
    )
