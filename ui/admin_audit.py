"""Admin: the audit log, filtered by user, action, object type and period; plain text only."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from hoplr_data.core import audit
from hoplr_data.core.i18n import fmt_int
from hoplr_data.core.settings import get_int
from hoplr_data.core.timeutil import today_local

from .downloads import download
from .setup import PageContext

SHOWN_ROWS = 500  # the table shows the newest rows; the download holds the whole selection
DEFAULT_DAYS = 30
FILTERS = {
    "actor": "admin.audit.actor",
    "action": "admin.audit.action",
    "object_type": "admin.audit.object",
}


def audit_view(ctx: PageContext) -> None:
    """The audit log section: filters, the newest rows as a table and a download of them all."""
    days = get_int(ctx.engine, audit.RETENTION_KEY)
    st.caption(ctx.t("admin.audit.help", days=fmt_int(days, ctx.lang)))
    period_col, *filter_cols = st.columns(4)
    with period_col:
        since, until = _period(ctx)
    chosen = _filters(ctx, filter_cols)
    frame = audit.query(ctx.engine, since=since, until=until, **chosen)
    if frame.empty:
        st.info(ctx.t("admin.audit.empty"))
        return
    shown = min(len(frame), SHOWN_ROWS)
    st.caption(
        ctx.t(
            "admin.audit.shown",
            total=fmt_int(len(frame), ctx.lang),
            shown=fmt_int(shown, ctx.lang),
        )
    )
    table = _translated(ctx, frame)
    st.dataframe(table.head(SHOWN_ROWS), hide_index=True, width="stretch")
    download(table, ctx.lang, ctx.t("admin.audit.file"), key="audit_download")


def _period(ctx: PageContext) -> tuple[dt.date, dt.date]:
    """The chosen days, first and last included (last 30 days unless chosen otherwise)."""
    today = today_local()
    picked = st.date_input(
        ctx.t("admin.audit.period"),
        value=(today - dt.timedelta(days=DEFAULT_DAYS), today),
        max_value=today,
        format="DD-MM-YYYY",
        key="audit_period",
    )
    days = [d for d in (picked if isinstance(picked, tuple | list) else [picked]) if d]
    if not days:
        return today - dt.timedelta(days=DEFAULT_DAYS), today
    return min(days), max(days)


def _filters(ctx: PageContext, columns: list) -> dict[str, str | None]:
    """One select box per filter (user, action, object type) with the values the log holds."""
    chosen: dict[str, str | None] = {}
    for (column, label), container in zip(FILTERS.items(), columns, strict=True):
        options = [None, *audit.distinct_values(ctx.engine, column)]
        chosen[column] = container.selectbox(
            ctx.t(label),
            options,
            format_func=lambda v: ctx.t("admin.audit.all") if v is None else str(v),
            key=f"audit_filter_{column}",
        )
    return chosen


def _translated(ctx: PageContext, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows with the column names in the user's language (values stay as recorded)."""
    names = {
        "at": ctx.t("admin.audit.col.at"),
        "actor": ctx.t("admin.audit.actor"),
        "action": ctx.t("admin.audit.action"),
        "object_type": ctx.t("admin.audit.object"),
        "object_id": ctx.t("admin.audit.col.object_id"),
        "result": ctx.t("admin.audit.col.result"),
        "origin": ctx.t("admin.audit.col.origin"),
        "detail": ctx.t("admin.audit.col.detail"),
    }
    return frame.rename(columns=names)
