"""The figures of docs/figures.md: one definition each, computed by SQL aggregation.

A figure is computed for a scope (a set of buurten, None: all; an as-of date, everything up to
and including that day; an optional first day of the period) and a grouping: one value for the
whole scope, one per buurt or one per week. Each definition below is written once and groups by
the grouping's column, so the summary, the Buurten table, the weekly charts and the CLI agree.
The registry (hoplr_data.stats.figures) says what kind each figure is and how weeks combine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, case, exists, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement

from hoplr_data.core import models as m
from hoplr_data.core.timeutil import add_months, last_complete_months, last_complete_weeks
from hoplr_data.stats.figures import FIGURE_KEYS
from hoplr_data.stats.grouping import (
    Grouping,
    Key,
    Scope,
    Values,
    as_key,
    grouped,
    grouped_each,
    groups,
    in_buurten,
    in_period,
    ratio,
    registered_at,
    week_end,
    weeks,
)

__all__ = [  # Scope and the conditions are re-exported: callers import them from here
    "FIGURE_KEYS",
    "Grouping",
    "Scope",
    "figures",
    "in_buurten",
    "in_period",
    "ratio",
    "registered_at",
    "summary",
]

RECENT_WEEKS = 4
RECENT_MONTHS = 3

# --- the definitions ------------------------------------------------------------------------


def households_total(conn: Connection, scope: Scope, grouping: Grouping) -> Values:
    """Households living in the selected buurten (reference data); the same every week."""
    if grouping is Grouping.WEEK:
        total = households_total(conn, scope, Grouping.SCOPE)[None]
        return {week: total for week in weeks(conn, scope)}
    value = func.coalesce(func.sum(m.Buurt.households), 0)
    return grouped(conn, grouping, value, m.Buurt.id, None, in_buurten(m.Buurt.id, scope))


def neighbourhoods(conn: Connection, scope: Scope, grouping: Grouping) -> Values:
    """Number of buurten in the scope (1 per buurt)."""
    return grouped(conn, grouping, func.count(), m.Buurt.id, None, in_buurten(m.Buurt.id, scope))


def registered_at_moments(
    conn: Connection, scope: Scope, moments: list[dt.datetime], by_buurt: bool
) -> dict[tuple[int | None, int], int]:
    """Households registered at each moment: {(buurt id or None, moment index): count}.

    One scan, one count per moment. A household has at most one open membership at a time
    (ingest refuses a second registration, 'already_registered'), so open memberships count
    households.
    """
    if not moments:
        return {}
    counts = [func.count(case((registered_at(moment), 1))) for moment in moments]
    group = [m.Membership.buurt_id] if by_buurt else []
    query = (
        select(*group, *counts)
        .where(m.Membership.registered_at < max(moments), in_buurten(m.Membership.buurt_id, scope))
        .group_by(*group)
    )
    found: dict[tuple[int | None, int], int] = {}
    for row in conn.execute(query).all():
        buurt, values = (row[0], row[1:]) if by_buurt else (None, row)
        found.update({(buurt, i): int(n) for i, n in enumerate(values)})
    return found


def households_registered_by(
    conn: Connection, scope: Scope, grouping: Grouping, stocks: WeekStocks | None = None
) -> Values:
    """Households registered at the as-of date (per week: at the end of the week)."""
    if grouping is Grouping.WEEK:
        stocks = stocks or measure_weeks(conn, scope, weeks(conn, scope), False)
        return {w: stocks.registered.get((None, i), 0) for i, w in enumerate(stocks.keys)}
    found = registered_at_moments(conn, scope, [scope.end], grouping is Grouping.BUURT)
    return {buurt: n for (buurt, _), n in found.items()}


def households_registered(conn: Connection, scope: Scope, moment: dt.datetime) -> int:
    """Households registered before the moment and not deregistered by then (whole scope)."""
    return registered_at_moments(conn, scope, [moment], False).get((None, 0), 0)


def registrations_by_invitation(
    conn: Connection, scope: Scope, grouping: Grouping
) -> tuple[Values, Values]:
    """Registrations in the period with a valid invitation code (a letter wave), and without."""
    where = (in_period(m.Membership.registered_at, scope), in_buurten(m.Membership.buurt_id, scope))
    by = (m.Membership.buurt_id, m.Membership.week)
    counts = (func.count(m.Membership.invite_wave), func.count(m.Membership.id))
    via, every = grouped_each(conn, grouping, counts, *by, *where)
    return via, {g: n - via.get(g, 0) for g, n in every.items()}


def new_registrations_per_month_recent(
    conn: Connection, scope: Scope, grouping: Grouping
) -> Values:
    """Mean new registrations per calendar month over the last 3 complete months."""
    months = last_complete_months(scope.as_of, RECENT_MONTHS)
    begin = dt.datetime.combine(months[0], dt.time())
    end = dt.datetime.combine(add_months(months[-1], 1), dt.time())
    counts = grouped(
        conn, grouping, func.count(), m.Membership.buurt_id, None,
        m.Membership.registered_at >= begin, m.Membership.registered_at < end,
        in_buurten(m.Membership.buurt_id, scope),
    )  # fmt: skip
    return {g: n / RECENT_MONTHS for g, n in counts.items()}


def count_in_period(
    conn: Connection, model: type, scope: Scope, grouping: Grouping, *extra: ColumnElement[bool]
) -> Values:
    """Rows of an activity table (post, reaction, ...) created in the scope's period."""
    where = (in_period(model.created_at, scope), in_buurten(model.buurt_id, scope), *extra)
    return grouped(conn, grouping, func.count(), model.buurt_id, model.week, *where)


def recent_weekly_counts(conn: Connection, model: type, scope: Scope, grouping: Grouping) -> Values:
    """Rows in the last 4 complete weeks (per week: the week's own rows)."""
    if grouping is Grouping.WEEK:
        return count_in_period(conn, model, scope, grouping)
    recent = last_complete_weeks(scope.as_of, RECENT_WEEKS)
    where = (model.week.in_(recent), in_buurten(model.buurt_id, scope))
    return grouped(conn, grouping, func.count(), model.buurt_id, None, *where)


def active_households(
    conn: Connection, scope: Scope, keys: list[dt.date], by_buurt: bool
) -> dict[tuple[int | None, dt.date], int]:
    """Households with at least one visit in each of the (consecutive) weeks, up to the as-of
    date."""
    if not keys:
        return {}
    group = [m.Visit.buurt_id] if by_buurt else []
    query = (
        select(*group, m.Visit.week, func.count(func.distinct(m.Visit.household_id)))
        .where(
            m.Visit.week >= min(keys),
            m.Visit.week <= max(keys),
            m.Visit.day < scope.end.date(),
            in_buurten(m.Visit.buurt_id, scope),
        )
        .group_by(*group, m.Visit.week)
    )
    rows = conn.execute(query).all()
    if by_buurt:
        return {(b, as_key(w)): int(n) for b, w, n in rows}
    return {(None, as_key(w)): int(n) for w, n in rows}


@dataclass(frozen=True)
class WeekStocks:
    """What weeks are measured by, queried once: registered households at each week's end
    {(group, week index): n} and visiting households {(group, week): n}."""

    keys: list[dt.date]
    registered: dict[tuple[int | None, int], int]
    active: dict[tuple[int | None, dt.date], int]

    def shares(self) -> dict[tuple[int | None, dt.date], float | None]:
        """Per week: households that visited / households registered at the end of that week."""
        return {
            (group, self.keys[i]): ratio(self.active.get((group, self.keys[i]), 0), n)
            for (group, i), n in self.registered.items()
        }


def measure_weeks(
    conn: Connection, scope: Scope, keys: list[dt.date], by_buurt: bool
) -> WeekStocks:
    """The registered and visiting households of the weeks (per buurt or for the scope)."""
    moments = [week_end(w, scope) for w in keys]
    return WeekStocks(
        keys,
        registered_at_moments(conn, scope, moments, by_buurt),
        active_households(conn, scope, keys, by_buurt),
    )


def weekly_active_share_recent(
    conn: Connection, scope: Scope, grouping: Grouping, stocks: WeekStocks | None = None
) -> Values:
    """Mean over the last 4 complete weeks of visiting households / households registered
    (weeks without a registered household do not count); per week: that week's share."""
    if grouping is Grouping.WEEK:
        stocks = stocks or measure_weeks(conn, scope, weeks(conn, scope), False)
        shares = stocks.shares()
        return {w: shares.get((None, w)) for w in stocks.keys}
    recent = last_complete_weeks(scope.as_of, RECENT_WEEKS)
    collected: dict[Key, list[float]] = {}
    for (group, _), share in (
        measure_weeks(conn, scope, recent, grouping is Grouping.BUURT).shares().items()
    ):
        if share is not None:
            collected.setdefault(group, []).append(share)
    return {g: sum(s) / len(s) for g, s in collected.items()}


def has_contributed(end: dt.datetime) -> ColumnElement[bool]:
    """The membership's household posted, reacted or answered an event before the moment."""
    return or_(
        *(
            exists().where(model.household_id == m.Membership.household_id, model.created_at < end)
            for model in (m.Post, m.Reaction, m.EventResponse)
        )
    )


def contributors(conn: Connection, scope: Scope, grouping: Grouping) -> Values:
    """Registered households that ever posted, reacted or answered an event (up to as-of)."""
    value = func.count(func.distinct(m.Membership.household_id))
    where = (
        registered_at(scope.end),
        in_buurten(m.Membership.buurt_id, scope),
        has_contributed(scope.end),
    )
    return grouped(conn, grouping, value, m.Membership.buurt_id, None, *where)


def event_responses(conn: Connection, scope: Scope, grouping: Grouping) -> dict[str, Values]:
    """Event responses in the period by kind (interested, attending)."""
    model = m.EventResponse
    counts = tuple(func.count(case((model.kind == kind, 1))) for kind in m.RESPONSE_KINDS)
    where = (in_period(model.created_at, scope), in_buurten(model.buurt_id, scope))
    found = grouped_each(conn, grouping, counts, model.buurt_id, model.week, *where)
    return dict(zip(m.RESPONSE_KINDS, found, strict=True))


def bottom_up_counts(conn: Connection, scope: Scope, grouping: Grouping) -> dict[str, Values]:
    """Reports and ideas residents sent to the municipality in the period."""
    counts = tuple(func.count(case((m.Item.kind == kind, 1))) for kind in m.ITEM_KINDS)
    where = (in_period(m.Item.created_at, scope), in_buurten(m.Item.buurt_id, scope))
    by_day = func.date(m.Item.created_at)
    found = grouped_each(conn, grouping, counts, m.Item.buurt_id, by_day, *where)
    return dict(zip(m.ITEM_KINDS, found, strict=True))


def top_down_posts(conn: Connection, scope: Scope, grouping: Grouping) -> Values:
    """Items the municipality published in the period for (some of) the scope's buurten; per
    buurt: those for every buurt or aimed at that buurt."""
    published = (
        m.Publication.status.in_(("published", "archived")),
        in_period(m.Publication.published_at, scope),
    )
    aimed = exists().where(
        m.PublicationBuurt.publication_id == m.Publication.id,
        in_buurten(m.PublicationBuurt.buurt_id, scope),
    )
    if grouping is Grouping.BUURT:
        at_buurt = exists().where(
            m.PublicationBuurt.publication_id == m.Publication.id,
            m.PublicationBuurt.buurt_id == m.Buurt.id,
        )
        join = m.Buurt.__table__.join(
            m.Publication.__table__, or_(m.Publication.all_buurten, at_buurt)
        )
        value = func.count(m.Publication.id)
        return grouped(
            conn, grouping, value, m.Buurt.id, None, *published, in_buurten(m.Buurt.id, scope),
            join=join,
        )  # fmt: skip
    where = (
        published
        if scope.buurt_ids is None
        else (*published, or_(m.Publication.all_buurten, aimed))
    )
    by_day = func.date(m.Publication.published_at)
    return grouped(conn, grouping, func.count(), None, by_day, *where)


# --- all figures of a scope, by group ---------------------------------------------------------


def _at(values: Values, group: Key, default: float | int | None = 0) -> float | int | None:
    return values.get(group, default)


def figures(conn: Connection, scope: Scope, grouping: Grouping) -> dict[Key, dict[str, object]]:
    """Every figure of the registry for each group (figures not broken down by week left out)."""
    keys = groups(conn, scope, grouping)
    weekly = grouping is Grouping.WEEK
    stocks = measure_weeks(conn, scope, keys, False) if weekly else None
    registered = households_registered_by(conn, scope, grouping, stocks)
    total = households_total(conn, scope, grouping)
    via_invite, organic = registrations_by_invitation(conn, scope, grouping)
    posts = count_in_period(conn, m.Post, scope, grouping)
    reactions = count_in_period(conn, m.Reaction, scope, grouping)
    thanks = count_in_period(conn, m.Appreciation, scope, grouping)
    events = count_in_period(conn, m.ResidentEvent, scope, grouping)
    responses = event_responses(conn, scope, grouping)
    bottom_up = bottom_up_counts(conn, scope, grouping)
    top_down = top_down_posts(conn, scope, grouping)
    active = weekly_active_share_recent(conn, scope, grouping, stocks)
    posts_recent = recent_weekly_counts(conn, m.Post, scope, grouping)
    reactions_recent = recent_weekly_counts(conn, m.Reaction, scope, grouping)
    if not weekly:
        places = neighbourhoods(conn, scope, grouping)
        monthly = new_registrations_per_month_recent(conn, scope, grouping)
        contributed = contributors(conn, scope, grouping)
    result: dict[Key, dict[str, object]] = {}
    for g in keys:
        reg = _at(registered, g)
        interactions = (
            _at(posts, g) + _at(reactions, g) + _at(thanks, g)
            + sum(_at(r, g) for r in responses.values())
        )  # fmt: skip
        row: dict[str, object] = {
            "households_total": _at(total, g),
            "households_registered": reg,
            "registration_rate": ratio(reg, _at(total, g)),
            "registrations_via_invite": _at(via_invite, g),
            "registrations_organic": _at(organic, g),
            "posts_total": _at(posts, g),
            "posts_recent": _at(posts_recent, g),
            "posts_per_week_recent": _at(posts_recent, g) / (1 if weekly else RECENT_WEEKS),
            "reactions_recent": _at(reactions_recent, g),
            "reactions_per_week_recent": _at(reactions_recent, g) / (1 if weekly else RECENT_WEEKS),
            "weekly_active_share_recent": _at(active, g, None),
            "interactions_total": interactions,
            "appreciations": _at(thanks, g),
            "reactions": _at(reactions, g),
            "events_organised": _at(events, g),
            "event_interested": _at(responses["interested"], g),
            "event_attending": _at(responses["attending"], g),
            "bottom_up_reports": _at(bottom_up["report"], g),
            "bottom_up_ideas": _at(bottom_up["idea"], g),
            "top_down_posts": _at(top_down, g),
        }
        if weekly:
            row["active_households"] = stocks.active.get((None, g), 0)
        else:
            row.update(
                neighbourhoods=_at(places, g),
                new_registrations_per_month_recent=_at(monthly, g),
                contributors=_at(contributed, g),
                contributor_share=ratio(_at(contributed, g), reg),
                interactions_per_household=ratio(interactions, reg),
            )
        result[g] = row
    return result


def summary(engine: Engine, scope: Scope) -> dict[str, float | int | None]:
    """Every figure of docs/figures.md for the scope, under its documented key."""
    with engine.connect() as conn:
        row = figures(conn, scope, Grouping.SCOPE)[None]
    return {key: row[key] for key in FIGURE_KEYS}
