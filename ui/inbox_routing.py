"""The open item's assignment, internal note, and routing (category and priority) forms."""

from __future__ import annotations

import streamlit as st

from . import data
from .inbox_actions import run_item_action
from .setup import PageContext


def forms(ctx: PageContext, item: dict, version: int) -> None:
    """Assign, add a note, change category or priority (each a form of its own)."""
    _assign(ctx, item, version)
    _note(ctx, item, version)
    _route(ctx, item, version)


def _assign(ctx: PageContext, item: dict, version: int) -> None:
    with st.form(f"assign_{item['id']}"):
        st.markdown(f"**{ctx.t('inbox.assign')}**")
        options = ["", *data.inbox_handlers(ctx.url)]
        current = item["assignee"] or ""
        who = st.selectbox(
            ctx.t("inbox.assign_to"),
            options,
            index=options.index(current) if current in options else 0,
            format_func=lambda u: u or ctx.t("inbox.nobody"),
        )
        if st.form_submit_button(ctx.t("inbox.assign"), type="primary"):
            run_item_action(ctx, "assign", [item["id"]], version=version, assignee=who or None)


def _note(ctx: PageContext, item: dict, version: int) -> None:
    with st.form(f"note_{item['id']}"):
        st.markdown(f"**{ctx.t('inbox.note')}**")
        text = st.text_area(ctx.t("inbox.note_help"), key=f"note_text_{item['id']}", height=80)
        if st.form_submit_button(ctx.t("inbox.add_note")):
            run_item_action(ctx, "note", [item["id"]], version=version, text=text)


def _route(ctx: PageContext, item: dict, version: int) -> None:
    with st.form(f"route_{item['id']}"):
        st.markdown(f"**{ctx.t('inbox.route')}**")
        cats = [c for c in data.inbox_categories(ctx.url, ctx.lang) if c["kind"] == item["kind"]]
        codes = [c["code"] for c in cats]
        names = {
            c["code"]: f"{c['name']} · {c['department']} · {c['handling_days']} d" for c in cats
        }
        category = st.selectbox(
            ctx.t("inbox.col.category"),
            codes,
            index=codes.index(item["category_code"]),
            format_func=names.get,
        )
        priority = st.radio(
            ctx.t("inbox.col.priority"),
            ["normal", "high"],
            index=["normal", "high"].index(item["priority"]),
            format_func=lambda p: ctx.t(f"priority.{p}"),
            horizontal=True,
        )
        if st.form_submit_button(ctx.t("admin.save")):
            run_item_action(
                ctx,
                "route",
                [item["id"]],
                version=version,
                category=category,
                priority=priority,
                item=item,
            )
