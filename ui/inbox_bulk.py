"""Bulk mode: assign or change the status of several ticked items at once."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from hoplr_data.bottom_up import workflow as wf

from . import data
from .inbox_actions import run_item_action
from .setup import PageContext


def bulk_form(ctx: PageContext, chosen: list[str], items: pd.DataFrame) -> None:
    """One form for every ticked item: an assignee and/or a status that needs no message."""
    st.subheader(ctx.t("inbox.bulk_title", count=len(chosen)), anchor=False)
    handlers = data.inbox_handlers(ctx.url)
    with st.form("bulk"):
        assignee = st.selectbox(
            ctx.t("inbox.assign_to"),
            ["", *handlers],
            format_func=lambda u: u or ctx.t("inbox.nobody"),
        )
        kinds = set(items[items["id"].isin(chosen)]["kind"])
        options = wf.bulk_statuses(kinds)
        status = st.selectbox(
            ctx.t("inbox.bulk_status"),
            ["", *options],
            format_func=lambda s: ctx.t(f"status.{s}") if s else "—",
        )
        if st.form_submit_button(ctx.t("inbox.bulk_apply"), type="primary"):
            run_item_action(ctx, "bulk", chosen, assignee=assignee, status=status, items=items)
