"""The inbox list: counts per status, the table to pick items from, and an explained empty state."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from hoplr_data import inbox

from . import inbox_selection as selection
from . import inbox_views
from .setup import PageContext

TABLE = "inbox_table"
# narrow columns stay narrow, so the deadline and on-time columns fit at 1,400 px
WIDTHS = {
    "inbox.col.id": "small",
    "inbox.col.kind": "small",
    "inbox.col.status": "small",
    "inbox.col.priority": "small",
    "buurten.col.name": "small",
    "inbox.col.category": "small",
    "inbox.col.department": "small",
    "inbox.col.assignee": "small",
    "inbox.col.created": "small",
    "inbox.col.deadline": "small",
    "inbox.col.punctuality": "small",
    "inbox.col.text": "large",
}


def status_counts(items: pd.DataFrame, ctx: PageContext) -> None:
    """Up to six status cards, most frequent first."""
    counts = inbox.status_counts(items)
    if not counts:
        return
    columns = st.columns(min(len(counts), 6))
    for i, (status, count) in enumerate(sorted(counts.items(), key=lambda c: -c[1])[:6]):
        columns[i].metric(ctx.t(f"status.{status}"), count, border=True)


def empty_state(ctx: PageContext, active: list[str]) -> None:
    """Say that nothing matches, naming the view and every active filter (as plain text)."""
    st.info(ctx.t("inbox.empty_filtered") if active else ctx.t("inbox.empty"))
    if active:
        st.text("\n".join(active))


def table(ctx: PageContext, items: pd.DataFrame, listed: pd.DataFrame) -> list[str]:
    """The list with row selection; returns the ids of the ticked rows."""
    ids = list(items["id"])
    key = selection.table_key(TABLE, ids)
    st.session_state["inbox_table_key"] = key
    config = {ctx.t(k): st.column_config.Column(width=w) for k, w in WIDTHS.items()}
    event = st.dataframe(
        listed,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="multi-row",
        key=key,
        column_config=config,
    )
    return selection.chosen(key, event.selection.rows, ids)


def listed_frame(items: pd.DataFrame, ctx: PageContext) -> pd.DataFrame:
    """The list as shown (and downloaded): translated values and headers."""
    return inbox_views.list_table(items, ctx.lang)
