"""One open inbox item: its facts (resident text as plain text), suggestions, forms and history."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from hoplr_data.bottom_up import inbox
from hoplr_data.bottom_up import workflow as wf
from hoplr_data.bottom_up.category_model import suggest as suggest_category
from hoplr_data.core.audit import record_item_view
from hoplr_data.core.i18n import fmt_pct

from . import data, inbox_reply, inbox_routing, inbox_views
from . import inbox_selection as selection
from .inbox_actions import run_item_action
from .setup import PageContext

# ids that read the same in markdown (no dots or colons: no autolinks, no emoji codes)
PLAIN_ID = re.compile(r"^[A-Za-z0-9-]+$")
VIEWED_KEY = "audit_viewed_item"  # the item whose opening the audit log has (once per opening)


def show(ctx: PageContext, items: pd.DataFrame) -> None:
    """The open item, or a hint to pick one; a link to an unknown item says so."""
    if selection.bad_link():
        st.warning(ctx.t("inbox.item_not_found"))
    item_id = selection.current()
    if not item_id:
        st.session_state.pop(VIEWED_KEY, None)
        st.caption(ctx.t("inbox.select_hint"))
        return
    item = inbox.item_detail(ctx.engine, item_id, lang=ctx.lang)
    if item is None:
        selection.forget()
        st.warning(ctx.t("inbox.item_not_found"))
        st.caption(ctx.t("inbox.select_hint"))
        return
    _audit_view(ctx, item)
    st.divider()
    _heading(ctx, item)
    if items.empty or item_id not in set(items["id"]):
        st.info(ctx.t("inbox.not_in_list"), icon=":material/filter_alt_off:")
    version = _version(ctx, item)
    _facts(ctx, item)
    _suggestion(ctx, item, version)
    _duplicates(ctx, item, version)
    status_col, assign_col = st.columns(2)
    with status_col:
        inbox_reply.status_panel(ctx, item, version)
    with assign_col:
        inbox_routing.forms(ctx, item, version)
    st.markdown(f"**{ctx.t('inbox.history')}**")
    st.dataframe(
        inbox_views.history_table(item["history"], ctx.lang), hide_index=True, width="stretch"
    )


def _audit_view(ctx: PageContext, item: dict) -> None:
    """Record that the user opened the item (text and contact), once per opening, not per rerun."""
    if st.session_state.get(VIEWED_KEY) == item["id"]:
        return
    contact = (item["reporter_name"], item["reporter_email"], item["reporter_phone"])
    shown = not item["contact_erased_at"] and any(contact)
    record_item_view(ctx.engine, actor=ctx.username, item_id=item["id"], contact_shown=shown)
    st.session_state[VIEWED_KEY] = item["id"]


def _heading(ctx: PageContext, item: dict) -> None:
    """Kind and id as the heading (the id as plain text when markdown could read it)."""
    head, close = st.columns([6, 1], vertical_alignment="bottom")
    kind = ctx.t("kind." + item["kind"])
    if PLAIN_ID.match(item["id"]):
        head.subheader(f"{kind} {item['id']}", anchor=False)
    else:
        head.subheader(kind, anchor=False)
        head.text(item["id"])
    close.button(
        ctx.t("inbox.close_item"),
        key="inbox_close_item",
        icon=":material/close:",
        on_click=selection.close,
        args=(st.session_state.get("inbox_table_key"),),
    )


def _version(ctx: PageContext, item: dict) -> int:
    """The version the user loaded; warn when someone changed the item since."""
    version_key = f"item_version_{item['id']}"
    version = st.session_state.setdefault(version_key, item["version"])
    if version != item["version"]:
        st.warning(ctx.t("error.stale_item"))
        if st.button(ctx.t("inbox.load_current"), key=f"reload_{item['id']}"):
            st.session_state[version_key] = item["version"]
            st.rerun()
    return version


def _facts(ctx: PageContext, item: dict) -> None:
    info, meta = st.columns([3, 2])
    with info:
        st.caption(ctx.t("inbox.resident_text"))
        st.text(item["text"])
        if item["address"]:
            st.caption(ctx.t("inbox.location"))
            where = f"  ({item['lat']:.5f}, {item['lon']:.5f})" if item["lat"] is not None else ""
            st.text(item["address"] + where)
        if item["photo_url"]:
            st.caption(ctx.t("inbox.photo"))
            st.code(item["photo_url"], language=None)
    with meta:
        st.text(f"{ctx.t('inbox.col.status')}: {ctx.t('status.' + item['status'])}")
        st.text(f"{ctx.t('inbox.col.category')}: {item['category']} ({item['department']})")
        st.text(f"{ctx.t('inbox.col.assignee')}: {item['assignee'] or '—'}")
        st.text(f"{ctx.t('inbox.col.priority')}: {ctx.t('priority.' + item['priority'])}")
        st.text(f"{ctx.t('inbox.col.created')}: {item['created_at']:%d-%m-%Y %H:%M}")
        if item["duplicate_of"]:
            st.text(f"{ctx.t('inbox.duplicate_of')}: {item['duplicate_of']}")
        st.caption(ctx.t("inbox.reporter"))
        if item["contact_erased_at"]:
            st.text(ctx.t("inbox.contact_erased"))
        else:
            contact = (item["reporter_name"], item["reporter_email"], item["reporter_phone"])
            st.text("\n".join(v for v in contact if v) or "—")


def _suggestion(ctx: PageContext, item: dict, version: int) -> None:
    suggested, confidence = suggest_category(item["text"], item["kind"])
    if suggested == item["category_code"] or wf.is_closed(item["kind"], item["status"]):
        return
    names = {c["code"]: c["name"] for c in data.inbox_categories(ctx.url, ctx.lang)}
    hint, accept = st.columns([4, 1])
    hint.info(
        ctx.t(
            "inbox.category_suggestion",
            category=names.get(suggested, suggested),
            confidence=fmt_pct(confidence, ctx.lang, 0),
        ),
        icon=":material/lightbulb:",
    )
    if accept.button(ctx.t("inbox.accept"), key=f"accept_category_{item['id']}"):
        run_item_action(
            ctx,
            "route",
            [item["id"]],
            version=version,
            category=suggested,
            priority=item["priority"],
            item=item,
        )


def _duplicates(ctx: PageContext, item: dict, version: int) -> None:
    suggestions = inbox.possible_duplicates(ctx.engine, item["id"])
    if not suggestions or "duplicate" not in wf.allowed_next(item["kind"], item["status"]):
        return
    with st.expander(ctx.t("inbox.possible_duplicates", count=len(suggestions))):
        for s in suggestions:
            cols = st.columns([1, 4, 1])
            cols[0].text(f"{s['id']}\n{fmt_pct(s['similarity'], ctx.lang, 0)}")
            cols[1].text(s["text"][:200])
            if cols[2].button(ctx.t("inbox.mark_duplicate"), key=f"dup_{item['id']}_{s['id']}"):
                run_item_action(ctx, "duplicate", [item["id"]], version=version, main_id=s["id"])
