"""Search over every item (open and closed) and the published items: one tick opens an item,
a publication links to its results."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from hoplr_data.bottom_up import inbox
from hoplr_data.core.i18n import fmt_date

from . import inbox_selection as selection
from .setup import PageContext

SEARCH_KEY = "inbox_search"
HITS = "inbox_search_hits"


def search_box(ctx: PageContext) -> None:
    """The search field and, once something is typed, what it finds."""
    words = st.text_input(
        ctx.t("inbox.search"),
        key=SEARCH_KEY,
        placeholder=ctx.t("inbox.search_placeholder"),
        max_chars=100,
        icon=":material/search:",
    )
    if not (words or "").strip():
        return
    hits = inbox.search(ctx.engine, words, lang=ctx.lang)
    if not hits.items and not hits.publications:
        st.info(ctx.t("inbox.search_none"))
        return
    with st.container(border=True):
        if hits.items:
            _items(ctx, hits.items)
        if hits.publications:
            _publications(ctx, hits.publications)


def _items(ctx: PageContext, found: list[dict]) -> None:
    st.caption(ctx.t("inbox.search_items"))
    ids = [h["id"] for h in found]
    frame = pd.DataFrame(
        {
            ctx.t("inbox.col.id"): ids,
            ctx.t("inbox.col.kind"): [ctx.t(f"kind.{h['kind']}") for h in found],
            ctx.t("inbox.col.status"): [ctx.t(f"status.{h['status']}") for h in found],
            ctx.t("inbox.col.created"): [fmt_date(h["created_at"].date(), ctx.lang) for h in found],
            ctx.t("inbox.location"): [h["address"] or "" for h in found],
            ctx.t("inbox.col.text"): [h["preview"] for h in found],
        }
    )
    key = selection.table_key(HITS, ids)
    event = st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="single-row",
        key=key,
    )
    selection.chosen(key, event.selection.rows, ids)


def _publications(ctx: PageContext, found: list[dict]) -> None:
    st.caption(ctx.t("inbox.search_publications"))
    for hit in found:
        title, link = st.columns([4, 1], vertical_alignment="center")
        title.text(f"{ctx.t('pub.kind.' + hit['kind'])}: {hit['title']}")
        link.page_link(
            "pages/5_Results.py",
            label=ctx.t("inbox.search_open_results"),
            icon=":material/insights:",
            query_params={"pub": str(hit["id"])},
        )
