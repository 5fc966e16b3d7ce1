"""The team tab: share handled on time (explained when empty), backlog, median handling time."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from hoplr_data.bottom_up import inbox
from hoplr_data.core.i18n import fmt_pct
from hoplr_data.core.timeutil import now_local

from . import inbox_views, tables
from .setup import PageContext


def team_tab(ctx: PageContext, items: pd.DataFrame) -> None:
    """Team figures over the listed items."""
    figures = inbox.team_figures(items, now_local())
    st.metric(
        ctx.t("inbox.on_time_share"),
        fmt_pct(figures["on_time_share"], ctx.lang),
        help=ctx.t("inbox.on_time_help"),
        border=True,
    )
    if figures["on_time_share"] is None:
        st.caption(ctx.t("inbox.on_time_empty"))
    if not figures["backlog"].empty:
        st.altair_chart(inbox_views.backlog_chart(figures["backlog"], ctx.lang), width="stretch")
    if not figures["median_days"].empty:
        st.markdown(f"**{ctx.t('inbox.median_days')}**")
        median = figures["median_days"].rename(
            columns={"category": ctx.t("inbox.col.category"), "days": ctx.t("inbox.days")}
        )
        st.dataframe(
            tables.styled(median, ctx.lang, {ctx.t("inbox.days"): "mean"}),
            hide_index=True,
            width="stretch",
        )
