"""The figures of DESIGN.md section 3, each computed by SQL aggregation over row-level data.

A figure is computed for a scope: a set of buurten (None: all), an as-of date (everything up to
and including that day) and an optional first day of the period.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, and_, exists, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement

from hoplr_data.core import models as m
from hoplr_data.core.timeutil import add_months, day_end, last_complete_months, last_complete_weeks

RECENT_WEEKS = 4
RECENT_MONTHS = 3
FIGURE_KEYS = (
    "neighbourhoods",
    "households_total",
    "households_registered",
    "registration_rate",
    "registrations_via_invite",
    "registrations_organic",
    "new_registrations_per_month_recent",
    "posts_total",
    "posts_per_week_recent",
    "reactions_per_week_recent",
    "weekly_active_share_recent",
    "contributor_share",
    "interactions_total",
    "interactions_per_household",
    "events_organised",
    "event_interested",
    "event_attending",
    "bottom_up_reports",
    "bottom_up_ideas",
    "top_down_posts",
)


@dataclass(frozen=True)
class Scope:
    """Which buurten and which period a figure covers."""

    as_of: dt.date
    buurt_ids: tuple[int, ...] | None = None
    start: dt.date | None = None

    @property
    def end(self) -> dt.datetime:
        """Exclusive upper bound: the first moment after the as-of date."""
        return day_end(self.as_of)

    @property
    def begin(self) -> dt.datetime | None:
        """Inclusive lower bound of the period, if any."""
        return dt.datetime.combine(self.start, dt.time()) if self.start else None


def in_buurten(column, scope: Scope) -> ColumnElement[bool]:  # noqa: ANN001
    """Condition restricting a buurt_id column to the scope's buurten."""
    if scope.buurt_ids is None:
        return column.is_not(None)
    return column.in_(scope.buurt_ids)


def in_period(column, scope: Scope) -> ColumnElement[bool]:  # noqa: ANN001
    """Condition restricting a time column to the scope's period."""
    condition = column < scope.end
    return and_(column >= scope.begin, condition) if scope.begin else condition


def registered_at(moment: dt.datetime) -> ColumnElement[bool]:
    """Memberships that were open just before the moment (exclusive upper bound)."""
    return and_(
        m.Membership.registered_at < moment,
        or_(m.Membership.deregistered_at.is_(None), m.Membership.deregistered_at >= moment),
    )


def households_total(conn: Connection, scope: Scope) -> int:
    """Households living in the selected buurten (reference data)."""
    query = select(func.coalesce(func.sum(m.Buurt.households), 0)).where(
        in_buurten(m.Buurt.id, scope)
    )
    return int(conn.execute(query).scalar_one())


def neighbourhoods(conn: Connection, scope: Scope) -> int:
    """Number of buurten in the scope."""
    query = select(func.count()).select_from(m.Buurt).where(in_buurten(m.Buurt.id, scope))
    return int(conn.execute(query).scalar_one())


def households_registered(conn: Connection, scope: Scope, moment: dt.datetime) -> int:
    """Households registered before the moment and not deregistered by then."""
    query = select(func.count(func.distinct(m.Membership.household_id))).where(
        registered_at(moment), in_buurten(m.Membership.buurt_id, scope)
    )
    return int(conn.execute(query).scalar_one())


def registrations_by_invitation(conn: Connection, scope: Scope) -> tuple[int, int]:
    """Registrations in the period with a valid invitation code, and without one."""
    valid = and_(
        m.InvitationCode.code == m.Membership.invite_code,
        m.InvitationCode.buurt_id == m.Membership.buurt_id,
    )
    query = (
        select(
            func.count(m.InvitationCode.code),
            func.count(m.Membership.id) - func.count(m.InvitationCode.code),
        )
        .select_from(m.Membership)
        .outerjoin(m.InvitationCode, valid)
        .where(
            in_period(m.Membership.registered_at, scope), in_buurten(m.Membership.buurt_id, scope)
        )
    )
    via_invite, organic = conn.execute(query).one()
    return int(via_invite), int(organic)


def new_registrations_per_month_recent(conn: Connection, scope: Scope) -> float:
    """Mean new registrations per calendar month over the last 3 complete months."""
    months = last_complete_months(scope.as_of, RECENT_MONTHS)
    begin = dt.datetime.combine(months[0], dt.time())
    end = dt.datetime.combine(add_months(months[-1], 1), dt.time())
    query = select(func.count()).where(
        m.Membership.registered_at >= begin,
        m.Membership.registered_at < end,
        in_buurten(m.Membership.buurt_id, scope),
    )
    return conn.execute(query).scalar_one() / RECENT_MONTHS


def count_in_period(conn: Connection, model: type, scope: Scope) -> int:
    """Rows of an activity table (post, reaction, ...) created in the scope."""
    query = (
        select(func.count())
        .select_from(model)
        .where(in_period(model.created_at, scope), in_buurten(model.buurt_id, scope))
    )
    return int(conn.execute(query).scalar_one())


def per_week_recent(conn: Connection, model: type, scope: Scope) -> float:
    """Mean rows per ISO week over the last 4 complete weeks."""
    weeks = last_complete_weeks(scope.as_of, RECENT_WEEKS)
    query = (
        select(func.count())
        .select_from(model)
        .where(model.week.in_(weeks), in_buurten(model.buurt_id, scope))
    )
    return conn.execute(query).scalar_one() / RECENT_WEEKS


def weekly_active_share_recent(conn: Connection, scope: Scope) -> float | None:
    """Mean over the last 4 complete weeks of visiting households / households registered."""
    weeks = last_complete_weeks(scope.as_of, RECENT_WEEKS)
    query = (
        select(m.Visit.week, func.count(func.distinct(m.Visit.household_id)))
        .where(m.Visit.week.in_(weeks), in_buurten(m.Visit.buurt_id, scope))
        .group_by(m.Visit.week)
    )
    active = dict(conn.execute(query).all())
    shares = []
    for week in weeks:
        registered = households_registered(conn, scope, day_end(week + dt.timedelta(days=6)))
        if registered:
            shares.append(active.get(week, 0) / registered)
    return sum(shares) / len(shares) if shares else None


def has_contributed(end: dt.datetime) -> ColumnElement[bool]:
    """The membership's household posted, reacted or answered an event before the moment."""
    return or_(
        *(
            exists().where(model.household_id == m.Membership.household_id, model.created_at < end)
            for model in (m.Post, m.Reaction, m.EventResponse)
        )
    )


def contributors(conn: Connection, scope: Scope) -> int:
    """Registered households that ever posted, reacted or answered an event (up to as-of)."""
    query = select(func.count(func.distinct(m.Membership.household_id))).where(
        registered_at(scope.end),
        in_buurten(m.Membership.buurt_id, scope),
        has_contributed(scope.end),
    )
    return int(conn.execute(query).scalar_one())


def event_responses(conn: Connection, scope: Scope) -> dict[str, int]:
    """Event responses in the period by kind (interested, attending)."""
    query = (
        select(m.EventResponse.kind, func.count())
        .where(
            in_period(m.EventResponse.created_at, scope),
            in_buurten(m.EventResponse.buurt_id, scope),
        )
        .group_by(m.EventResponse.kind)
    )
    counts = dict(conn.execute(query).all())
    return {kind: int(counts.get(kind, 0)) for kind in m.RESPONSE_KINDS}


def bottom_up_counts(conn: Connection, scope: Scope) -> dict[str, int]:
    """Reports and ideas residents sent to the municipality in the period."""
    query = (
        select(m.Item.kind, func.count())
        .where(in_period(m.Item.created_at, scope), in_buurten(m.Item.buurt_id, scope))
        .group_by(m.Item.kind)
    )
    counts = dict(conn.execute(query).all())
    return {kind: int(counts.get(kind, 0)) for kind in m.ITEM_KINDS}


def top_down_posts(conn: Connection, scope: Scope) -> int:
    """Items the municipality published in the period for (some of) the scope's buurten."""
    query = select(func.count()).where(
        m.Publication.status.in_(("published", "archived")),
        in_period(m.Publication.published_at, scope),
    )
    if scope.buurt_ids is not None:
        targeted = (
            select(m.PublicationBuurt.publication_id)
            .where(m.PublicationBuurt.buurt_id.in_(scope.buurt_ids))
            .scalar_subquery()
        )
        query = query.where(or_(m.Publication.all_buurten, m.Publication.id.in_(targeted)))
    return int(conn.execute(query).scalar_one())


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None when the denominator is zero."""
    return numerator / denominator if denominator else None


def summary(engine: Engine, scope: Scope) -> dict[str, float | int | None]:
    """Every figure of DESIGN.md section 3 for the scope, under its documented key."""
    with engine.connect() as conn:
        total = households_total(conn, scope)
        registered = households_registered(conn, scope, scope.end)
        via_invite, organic = registrations_by_invitation(conn, scope)
        posts = count_in_period(conn, m.Post, scope)
        responses = event_responses(conn, scope)
        bottom_up = bottom_up_counts(conn, scope)
        interactions = (
            posts
            + count_in_period(conn, m.Reaction, scope)
            + count_in_period(conn, m.Appreciation, scope)
            + sum(responses.values())
        )
        return {
            "neighbourhoods": neighbourhoods(conn, scope),
            "households_total": total,
            "households_registered": registered,
            "registration_rate": ratio(registered, total),
            "registrations_via_invite": via_invite,
            "registrations_organic": organic,
            "new_registrations_per_month_recent": new_registrations_per_month_recent(conn, scope),
            "posts_total": posts,
            "posts_per_week_recent": per_week_recent(conn, m.Post, scope),
            "reactions_per_week_recent": per_week_recent(conn, m.Reaction, scope),
            "weekly_active_share_recent": weekly_active_share_recent(conn, scope),
            "contributor_share": ratio(contributors(conn, scope), registered),
            "interactions_total": interactions,
            "interactions_per_household": ratio(interactions, registered),
            "events_organised": count_in_period(conn, m.ResidentEvent, scope),
            "event_interested": responses["interested"],
            "event_attending": responses["attending"],
            "bottom_up_reports": bottom_up["report"],
            "bottom_up_ideas": bottom_up["idea"],
            "top_down_posts": top_down_posts(conn, scope),
        }
