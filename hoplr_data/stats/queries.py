"""Read queries shared by pages and CLIs: buurten, the data's date range, scopes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, func, select

from hoplr_data.core import models as m
from hoplr_data.core.timeutil import today_local
from hoplr_data.stats.metrics import Scope


def buurten(engine: Engine) -> list[dict]:
    """Every buurt with its reference data, by name."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(
                m.Buurt.id, m.Buurt.code, m.Buurt.name, m.Buurt.households, m.Buurt.version
            ).order_by(m.Buurt.name)
        ).mappings()
        return [dict(r) for r in rows]


def buurt_ids(engine: Engine, codes: list[str] | tuple[str, ...] | None) -> tuple[int, ...] | None:
    """Ids of buurt codes (None: all buurten); raise ValueError on an unknown code."""
    if not codes:
        return None
    with engine.connect() as conn:
        found = dict(
            conn.execute(select(m.Buurt.code, m.Buurt.id).where(m.Buurt.code.in_(codes))).all()
        )
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise ValueError(f"unknown buurt: {', '.join(unknown)}")
    return tuple(sorted(found[c] for c in codes))


def data_range(engine: Engine) -> tuple[dt.date, dt.date] | None:
    """First and last day with a registration or visit, or None in an empty database."""
    with engine.connect() as conn:
        first, last = conn.execute(
            select(func.min(m.Membership.registered_at), func.max(m.Membership.registered_at))
        ).one()
        last_visit = conn.execute(select(func.max(m.Visit.day))).scalar()
    if first is None:
        return None
    last_day = max(_as_date(last), _as_date(last_visit) if last_visit else _as_date(last))
    return _as_date(first), last_day


def _as_date(value: dt.date | dt.datetime | str) -> dt.date:
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.date() if isinstance(value, dt.datetime) else value


def make_scope(
    engine: Engine, *, codes: list[str] | None, as_of: dt.date | None, start: dt.date | None = None
) -> Scope:
    """A scope from buurt codes and dates; the as-of date defaults to the last day with data."""
    if as_of is None:
        span = data_range(engine)
        as_of = span[1] if span else today_local()
    return Scope(as_of=as_of, buurt_ids=buurt_ids(engine, codes), start=start)
