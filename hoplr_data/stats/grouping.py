"""Scopes and groupings: which buurten and period a figure covers, and how it is broken down
(whole scope, per buurt, per week); the helpers every definition in metrics.py groups with.

A new grouping (a letter wave, a district) adds a member to Grouping, its column to `grouped`
and its keys to `groups`; the definitions stay as they are.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import Enum

from sqlalchemy import and_, func, or_, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql import ColumnElement

from hoplr_data.core import models as m
from hoplr_data.core.timeutil import day_end, week_start

Key = int | dt.date | None  # a buurt id, a week's Monday, or None for the whole scope
Values = dict[Key, float | int | None]


class Grouping(Enum):
    """How a figure is broken down; a new grouping (wave, district) adds a column here."""

    SCOPE = "scope"
    BUURT = "buurt"
    WEEK = "week"


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


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    """numerator / denominator, or None when the denominator is zero."""
    return numerator / denominator if denominator else None


def as_key(value: object) -> Key:
    """A group key as Python: SQLite returns dates as text."""
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    if isinstance(value, dt.datetime):
        return value.date()
    return value  # type: ignore[return-value]


# --- the groups of a grouping -----------------------------------------------------------------


def weeks(conn: Connection, scope: Scope) -> list[dt.date]:
    """Mondays from the first registration in scope (or the period's start) to the as-of week."""
    first = conn.execute(
        select(func.min(m.Membership.week)).where(in_buurten(m.Membership.buurt_id, scope))
    ).scalar()
    if first is None:
        return []
    first = as_key(first)
    if scope.start:
        first = max(first, week_start(scope.start))
    count = (week_start(scope.as_of) - first).days // 7 + 1
    return [first + dt.timedelta(weeks=i) for i in range(max(count, 0))]


def buurt_keys(conn: Connection, scope: Scope) -> list[int]:
    """Ids of the buurten in scope, by name."""
    query = select(m.Buurt.id).where(in_buurten(m.Buurt.id, scope)).order_by(m.Buurt.name)
    return list(conn.execute(query).scalars())


def groups(conn: Connection, scope: Scope, grouping: Grouping) -> list[Key]:
    """The groups a grouping yields: [None], the buurt ids, or the weeks' Mondays."""
    if grouping is Grouping.BUURT:
        return buurt_keys(conn, scope)
    if grouping is Grouping.WEEK:
        return weeks(conn, scope)
    return [None]


def week_end(week: dt.date, scope: Scope) -> dt.datetime:
    """The moment a week is measured at: its end, or the scope's end for the as-of week."""
    return min(day_end(week + dt.timedelta(days=6)), scope.end)


def grouped(
    conn: Connection, grouping: Grouping, value, by_buurt, by_week, *where, join=None  # noqa: ANN001
) -> Values:
    """One aggregate per group: `value` grouped by the grouping's column (buurt or week)."""
    return grouped_each(conn, grouping, (value,), by_buurt, by_week, *where, join=join)[0]


def grouped_each(
    conn: Connection, grouping: Grouping, values: tuple, by_buurt, by_week, *where, join=None  # noqa: ANN001
) -> tuple[Values, ...]:
    """Several aggregates of one table in one query, each grouped by the grouping's column."""
    column = {Grouping.BUURT: by_buurt, Grouping.WEEK: by_week}.get(grouping)
    if column is None and grouping is not Grouping.SCOPE:
        raise ValueError(f"this figure is not broken down by {grouping.value}")
    query = select(*([column] if column is not None else []), *values).where(*where)
    if join is not None:
        query = query.select_from(join)
    if column is None:
        row = conn.execute(query).one()
        return tuple({None: v} for v in row)
    rows = conn.execute(query.group_by(column)).all()
    return tuple(
        fold({as_key(r[0]): r[i + 1] for r in rows}, grouping) for i in range(len(values))
    )


def fold(values: dict, grouping: Grouping) -> Values:
    """Days folded into their weeks (for tables without a week column); others unchanged."""
    if grouping is not Grouping.WEEK:
        return values
    folded: dict[Key, int] = {}
    for day, n in values.items():
        folded[week_start(day)] = folded.get(week_start(day), 0) + n
    return folded
