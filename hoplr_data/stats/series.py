"""The figures per week (charts) and per buurt (the Buurten table): the same definitions as the
summary (hoplr_data.stats.metrics), grouped by week or by buurt."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import Engine, select

from hoplr_data.core import models as m
from hoplr_data.core.timeutil import last_complete_weeks
from hoplr_data.stats.disclosure import suppress_figures
from hoplr_data.stats.figures import FIGURES, REGISTRY, WEEKLY_EXTRA_FORMATS, Kind, Weekly
from hoplr_data.stats.metrics import Grouping, Scope, figures, in_buurten

# Columns of the weekly frame that are not registry figures (charts and tests use them)
WEEKLY_EXTRA = tuple(WEEKLY_EXTRA_FORMATS)


def weekly_columns() -> dict[str, str]:
    """Weekly frame column -> the figure key whose per-week value it holds."""
    columns = {}
    for fig in REGISTRY:
        if fig.weekly is not Weekly.NONE and fig.weekly_column not in columns:
            columns[fig.weekly_column] = fig.key
    return columns


def weekly(engine: Engine, scope: Scope) -> pd.DataFrame:
    """One row per week: registrations (invite/organic), registered at week end, activity."""
    with engine.connect() as conn:
        by_week = figures(conn, scope, Grouping.WEEK)
    if not by_week:
        return pd.DataFrame()
    week_list = list(by_week)
    columns = weekly_columns()
    frame = pd.DataFrame({"week": pd.to_datetime(week_list)})
    for column, key in columns.items():
        frame[column] = [by_week[w][key] for w in week_list]
    for column in WEEKLY_EXTRA:
        frame[column] = [by_week[w][column] for w in week_list]
    complete = set(last_complete_weeks(scope.as_of, len(week_list)))
    frame["complete"] = [w in complete for w in week_list]
    return frame


def per_buurt(engine: Engine, scope: Scope, k: int | None = None) -> pd.DataFrame:
    """One row per buurt in scope with every figure of the registry; with k, small counts and
    what would reveal them are suppressed ('< k', hoplr_data.stats.disclosure)."""
    with engine.connect() as conn:
        by_buurt = figures(conn, scope, Grouping.BUURT)
        names = dict(
            (bid, (code, name))
            for bid, code, name in conn.execute(
                select(m.Buurt.id, m.Buurt.code, m.Buurt.name).where(in_buurten(m.Buurt.id, scope))
            ).all()
        )
    rows = [
        {"code": names[bid][0], "name": names[bid][1], **values}
        for bid, values in by_buurt.items()
    ]
    frame = pd.DataFrame(rows)
    return frame if k is None else suppress_figures(frame, k)


def average_buurt(engine: Engine, scope: Scope) -> dict[str, float | None]:
    """The scope's average buurt: ratios (shares, per household) pooled over the scope, the
    scope's own rate; counts and means divided by the number of buurten."""
    with engine.connect() as conn:
        whole = figures(conn, scope, Grouping.SCOPE)[None]
    count = whole["neighbourhoods"] or 1
    pooled = (Kind.SHARE, Kind.PER_HOUSEHOLD)
    return {
        key: value if FIGURES[key].kind in pooled or value is None else value / count
        for key, value in whole.items()
        if key in FIGURES
    }
