"""Topic analytics over classified posts, aggregated in SQL; no post text exists to read.

A post whose topic confidence is below the threshold counts as 'unclear' (shown, never hidden).
Given k, every cell counting fewer than k posts is marked `suppressed` here (docs/figures.md, the k-rule; privacy
rule 2): charts leave it out and tables show '< k' (hoplr_data.stats.disclosure.hide_marked).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
from sqlalchemy import Engine, case, func, select

from hoplr_data.core import models as m
from hoplr_data.core.timeutil import add_months, last_complete_weeks, month_start, week_start
from hoplr_data.stats.disclosure import mark_small
from hoplr_data.stats.metrics import Scope, in_buurten, in_period
from hoplr_data.topics.model import TOPICS, UNCLEAR

GRANULARITIES = ("week", "month")
TRAILING_PERIODS = {"week": 8, "month": 6}
RISE_FACTOR = 2.0
RISE_MIN_EXCESS = 3
TOPIC_ORDER = (*TOPICS, UNCLEAR)


def _topic_label(threshold: float):  # noqa: ANN202
    """The topic, or 'unclear' when the model was not confident enough."""
    return case(
        (m.Post.topic.is_(None), UNCLEAR),
        (m.Post.topic_confidence < threshold, UNCLEAR),
        else_=m.Post.topic,
    ).label("topic")


def _d(value: dt.date | str) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def mix_by_buurt(
    engine: Engine, scope: Scope, threshold: float, k: int | None = None
) -> pd.DataFrame:
    """Posts per buurt and topic in the period: columns buurt, topic, posts, share, suppressed."""
    topic = _topic_label(threshold)
    query = (
        select(m.Buurt.name.label("buurt"), topic, func.count().label("posts"))
        .join(m.Buurt, m.Buurt.id == m.Post.buurt_id)
        .where(in_period(m.Post.created_at, scope), in_buurten(m.Post.buurt_id, scope))
        .group_by(m.Buurt.name, topic)
    )
    with engine.connect() as conn:
        frame = pd.DataFrame(conn.execute(query).all(), columns=["buurt", "topic", "posts"])
    if frame.empty:
        return mark_small(frame.assign(share=pd.Series(dtype=float)), "posts", k)
    frame["share"] = frame["posts"] / frame.groupby("buurt")["posts"].transform("sum")
    return mark_small(frame.sort_values(["buurt", "topic"]).reset_index(drop=True), "posts", k)


def trend(
    engine: Engine, scope: Scope, threshold: float, granularity: str, k: int | None = None
) -> pd.DataFrame:
    """Posts per period (week or month) and topic: columns period, topic, posts, suppressed."""
    period_col = m.Post.week if granularity == "week" else m.Post.month
    topic = _topic_label(threshold)
    query = (
        select(period_col.label("period"), topic, func.count().label("posts"))
        .where(in_period(m.Post.created_at, scope), in_buurten(m.Post.buurt_id, scope))
        .group_by(period_col, topic)
    )
    with engine.connect() as conn:
        rows = [(_d(p), t, n) for p, t, n in conn.execute(query).all()]
    frame = pd.DataFrame(rows, columns=["period", "topic", "posts"])
    frame["period"] = pd.to_datetime(frame["period"])
    return mark_small(frame.sort_values(["period", "topic"]).reset_index(drop=True), "posts", k)


def buurt_versus_city(
    engine: Engine, scope: Scope, buurt_id: int, threshold: float, k: int | None = None
) -> pd.DataFrame:
    """Topic shares of one buurt next to all buurten: columns topic, area, posts, share,
    suppressed."""
    topic = _topic_label(threshold)
    frames = []
    for area, condition in (
        ("buurt", m.Post.buurt_id == buurt_id),
        ("city", m.Post.buurt_id.is_not(None)),
    ):
        query = (
            select(topic, func.count().label("posts"))
            .where(in_period(m.Post.created_at, scope), condition)
            .group_by(topic)
        )
        with engine.connect() as conn:
            part = pd.DataFrame(conn.execute(query).all(), columns=["topic", "posts"])
        part["area"] = area
        part["share"] = part["posts"] / part["posts"].sum() if len(part) else 0.0
        frames.append(part)
    both = pd.concat(frames, ignore_index=True)[["topic", "area", "posts", "share"]]
    return mark_small(both, "posts", k)


def last_complete_period(as_of: dt.date, granularity: str) -> dt.date:
    """First day of the last complete week or month on or before the as-of date."""
    if granularity == "week":
        return last_complete_weeks(as_of, 1)[0]
    next_day = as_of + dt.timedelta(days=1)
    return add_months(month_start(as_of), -1) if next_day.day != 1 else month_start(as_of)


def _period_starts(last: dt.date, granularity: str, count: int) -> list[dt.date]:
    if granularity == "week":
        return [week_start(last) - dt.timedelta(weeks=i) for i in range(count, -1, -1)]
    return [add_months(last, -i) for i in range(count, -1, -1)]


def rising(
    engine: Engine, scope: Scope, threshold: float, granularity: str, k: int
) -> pd.DataFrame:
    """Topics whose count in a buurt in the last complete period is well above its trailing mean.

    Rule: count >= k, count >= 2 x the mean of the previous 8 weeks (6 months), and at least 3
    posts more than that mean. Columns: buurt, topic, period, posts, trailing_mean, ratio.
    """
    last = last_complete_period(scope.as_of, granularity)
    periods = _period_starts(last, granularity, TRAILING_PERIODS[granularity])
    period_col = m.Post.week if granularity == "week" else m.Post.month
    topic = _topic_label(threshold)
    query = (
        select(m.Buurt.name, period_col, topic, func.count())
        .join(m.Buurt, m.Buurt.id == m.Post.buurt_id)
        .where(period_col.in_(periods), in_buurten(m.Post.buurt_id, scope))
        .group_by(m.Buurt.name, period_col, topic)
    )
    with engine.connect() as conn:
        counts = {(b, _d(p), t): n for b, p, t, n in conn.execute(query).all()}
    rows = []
    for buurt, t in {(b, t) for b, _, t in counts}:
        if t == UNCLEAR:
            continue
        now = counts.get((buurt, last, t), 0)
        mean = sum(counts.get((buurt, p, t), 0) for p in periods[:-1]) / (len(periods) - 1)
        if now >= k and now >= RISE_FACTOR * mean and now - mean >= RISE_MIN_EXCESS:
            rows.append((buurt, t, pd.Timestamp(last), now, mean, now / mean if mean else None))
    columns = ["buurt", "topic", "period", "posts", "trailing_mean", "ratio"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["posts"], ascending=False).reset_index(drop=True)
