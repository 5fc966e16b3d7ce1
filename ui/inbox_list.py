"""The inbox list: counts per status, the table to pick items from, and an explained empty state."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from hoplr_data.bottom_up import inbox
from hoplr_data.core.i18n import fmt_int

from . import inbox_selection as selection
from . import inbox_views
from .cards import card_grid
from .setup import PageContext

TABLE = "inbox_table"
# widths in pixels: the deadline and on-time columns keep their whole header at 1,400 px and
# sit next to the status (the text preview comes last and scrolls); the id column stays pinned
WIDTHS = {
    "inbox.col.id": 90,
    "inbox.col.kind": 65,
    "inbox.col.status": 125,
    "inbox.col.priority": 75,
    "buurten.col.name": 120,
    "inbox.col.category": 130,
    "inbox.col.department": 120,
    "inbox.col.assignee": 100,
    "inbox.col.created": 95,
    "inbox.col.deadline": 125,
    "inbox.col.punctuality": 125,
    "inbox.col.text": 420,
}


def status_counts(items: pd.DataFrame, ctx: PageContext) -> None:
    """Up to six status cards, most frequent first."""
    counts = inbox.status_counts(items)
    if not counts:
        return
    most = sorted(counts.items(), key=lambda c: -c[1])[:6]
    card_grid(
        [
            (ctx.t(f"status.{s}"), fmt_int(n, ctx.lang), ctx.t("inbox.status_count.help"))
            for s, n in most
        ]
    )


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
    config = {
        ctx.t(k): st.column_config.Column(width=w, pinned=k == "inbox.col.id")
        for k, w in WIDTHS.items()
    }
    event = st.dataframe(
        listed,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="multi-row",
        key=key,
        column_config=config,
        column_order=_order(ctx, list(listed.columns)),
    )
    return selection.chosen(key, event.selection.rows, ids)


def _order(ctx: PageContext, columns: list[str]) -> list[str]:
    """Every column, with the deadline and on-time columns moved next to the status, so they are
    in view without scrolling."""
    early = [ctx.t("inbox.col.punctuality"), ctx.t("inbox.col.deadline")]
    rest = [c for c in columns if c not in early]
    at = rest.index(ctx.t("inbox.col.status")) + 1 if ctx.t("inbox.col.status") in rest else 0
    return [*rest[:at], *(c for c in early if c in columns), *rest[at:]]


def listed_frame(items: pd.DataFrame, ctx: PageContext) -> pd.DataFrame:
    """The list as shown (and downloaded): translated values and headers."""
    return inbox_views.list_table(items, ctx.lang)
