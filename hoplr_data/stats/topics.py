"""Topic analytics over classified posts, aggregated in SQL; no post text exists to read.

A post whose topic confidence is below the threshold counts as 'unclear' (shown, never hidden).
Given k, the cells of fewer than k posts, and the cells hidden with them so that none can be
worked back from totals and shares, are marked `suppressed` here with their label in `mark`
(docs/figures.md, the k-rule; hoplr_data.stats.disclosure): charts leave them out and tables
show the label.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import Engine, case, func, select

from hoplr_data.core import models as m
from hoplr_data.core.timeutil import add_months, last_complete_weeks, month_start, week_start
from hoplr_data.stats.disclosure import Cell, Grid, Table, add_table, cell_label, primary, protect
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


@dataclass
class Mix:
    """Posts per buurt and topic of every buurt in a period, with the cell statuses of
    disclosure control applied to the whole table (so that every selection shows the same
    pattern): the grid, the table in it and each count's status (hoplr_data.stats.disclosure)."""

    counts: pd.DataFrame  # buurt name x TOPIC_ORDER
    ids: dict[int, str]  # buurt id -> name
    grid: Grid
    table: Table
    status: list[int]


def protected_mix(engine: Engine, scope: Scope, threshold: float, k: int | None) -> Mix:
    """Posts per buurt and topic of all buurten in the scope's period, protected with k
    (primary and secondary suppression; totals per buurt and per topic are published)."""
    topic = _topic_label(threshold)
    query = (
        select(m.Buurt.id, m.Buurt.name, topic, func.count())
        .join(m.Buurt, m.Buurt.id == m.Post.buurt_id)
        .where(in_period(m.Post.created_at, scope))
        .group_by(m.Buurt.id, m.Buurt.name, topic)
    )
    with engine.connect() as conn:
        rows = conn.execute(query).all()
    ids = dict(sorted({(bid, name) for bid, name, _, _ in rows}, key=lambda r: r[1]))
    counts = pd.DataFrame(0, index=list(ids.values()), columns=list(TOPIC_ORDER))
    for _, name, code, n in rows:
        counts.loc[name, code] += n
    grid = Grid()
    table = add_table(grid, counts.to_numpy())
    status = protect(grid, k) if k is not None else [Cell.SHOWN] * len(grid.values)
    return Mix(counts, ids, grid, table, status)


def _cell_rows(mix: Mix, k: int | None, names: list[str]) -> list[tuple]:
    """(buurt, topic, posts, share, status) of the non-zero cells of some buurten."""
    out = []
    for r, name in enumerate(mix.counts.index):
        if name not in names:
            continue
        total = mix.counts.iloc[r].sum()
        total_shown = mix.status[mix.table.rows[r]] == Cell.SHOWN
        for c, code in enumerate(TOPIC_ORDER):
            posts, state = mix.counts.iat[r, c], mix.status[mix.table.cells[r, c]]
            if posts:
                share = posts / total if total_shown and state == Cell.SHOWN else None
                out.append((name, code, posts, share, state))
    return out


def mix_by_buurt(
    engine: Engine, scope: Scope, threshold: float, k: int | None = None
) -> pd.DataFrame:
    """Posts per buurt and topic in the period: columns buurt, topic, posts, share, suppressed,
    mark (a hidden cell's label); hidden counts and shares are None."""
    mix = protected_mix(engine, scope, threshold, k)
    names = [n for i, n in mix.ids.items() if scope.buurt_ids is None or i in scope.buurt_ids]
    return _finish(_cell_rows(mix, k, names), ["buurt", "topic", "posts", "share"], k)


def _finish(rows: list[tuple], columns: list[str], k: int | None) -> pd.DataFrame:
    """A frame of rows ending in a status: `suppressed`, `mark`, hidden values as None."""
    frame = pd.DataFrame(rows, columns=[*columns, "status"])
    status = frame.pop("status").astype(int)
    frame["suppressed"] = status != Cell.SHOWN
    frame["mark"] = [cell_label(s, k or 0) for s in status]
    frame["posts"] = frame["posts"].astype("Int64").where(~frame["suppressed"])
    if "share" in frame:
        frame["share"] = frame["share"].astype(float)
    return frame.reset_index(drop=True)


def trend(
    engine: Engine, scope: Scope, threshold: float, granularity: str, k: int | None = None
) -> pd.DataFrame:
    """Posts per period (week or month) and topic: columns period, topic, posts, suppressed,
    mark. Protected together with the buurt x topic table: the periods of a topic add up to
    the selection's cells there (the page prints no period totals)."""
    period_col = m.Post.week if granularity == "week" else m.Post.month
    topic = _topic_label(threshold)
    query = (
        select(period_col.label("period"), topic, func.count().label("posts"))
        .where(in_period(m.Post.created_at, scope), in_buurten(m.Post.buurt_id, scope))
        .group_by(period_col, topic)
    )
    with engine.connect() as conn:
        rows = [(_d(p), t, n) for p, t, n in conn.execute(query).all()]
    periods = sorted({p for p, _, _ in rows})
    counts = pd.DataFrame(0, index=periods, columns=list(TOPIC_ORDER))
    for p, code, n in rows:
        counts.loc[p, code] += n
    status = _trend_status(engine, scope, threshold, k, counts)
    out = [
        (pd.Timestamp(p), code, counts.iat[r, c], status[r, c])
        for r, p in enumerate(periods)
        for c, code in enumerate(TOPIC_ORDER)
        if counts.iat[r, c]
    ]
    return _finish(out, ["period", "topic", "posts"], k)


def _trend_status(
    engine: Engine, scope: Scope, threshold: float, k: int | None, counts: pd.DataFrame
) -> np.ndarray:
    """Statuses of the period x topic cells, the buurt x topic pattern kept as it is."""
    if k is None or counts.empty:
        return np.zeros(counts.shape, dtype=int)
    mix = protected_mix(engine, scope, threshold, k)
    grid, status = mix.grid, list(mix.status)
    frozen = set(range(len(grid.values)))
    table = add_table(grid, counts.to_numpy())
    status += primary(grid.values[len(status) :], k)
    chosen = [r for r, i in enumerate(mix.ids) if scope.buurt_ids is None or i in scope.buurt_ids]
    for total in table.rows:  # the Topics page prints no period totals
        status[total] = Cell.UNKNOWN
    for c, total in enumerate(table.cols):
        status[total] = Cell.UNKNOWN
        grid.relate([int(mix.table.cells[r, c]) for r in chosen], total)
    status[table.grand] = Cell.UNKNOWN
    frozen |= {*table.rows, *table.cols, table.grand}
    done = protect(grid, k, status, frozen)
    return np.vectorize(lambda i: done[i])(table.cells)


def buurt_versus_city(
    engine: Engine, scope: Scope, buurt_id: int, threshold: float, k: int | None = None
) -> pd.DataFrame:
    """Topic shares of one buurt next to all buurten: columns topic, area, posts, share,
    suppressed, mark (the city's counts are the topic totals of the protected table)."""
    mix = protected_mix(engine, scope, threshold, k)
    rows = [("buurt", *row[1:]) for row in _cell_rows(mix, k, [mix.ids.get(buurt_id)])]
    grand = mix.counts.to_numpy().sum()
    grand_shown = mix.status[mix.table.grand] == Cell.SHOWN
    for c, code in enumerate(TOPIC_ORDER):
        posts, state = int(mix.counts.iloc[:, c].sum()), mix.status[mix.table.cols[c]]
        if posts:
            share = posts / grand if grand_shown and state == Cell.SHOWN else None
            rows.append(("city", code, posts, share, state))
    frame = _finish(rows, ["area", "topic", "posts", "share"], k)
    return frame[["topic", "area", "posts", "share", "suppressed", "mark"]]


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
