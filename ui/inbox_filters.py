"""The inbox filters and saved views, kept across page switches."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from hoplr_data.bottom_up import inbox, views
from hoplr_data.bottom_up import workflow as wf

from . import data
from .filters import _keep, _persisted
from .setup import PageContext


def _multi(ctx: PageContext, label_key: str, key: str, options: list, fmt) -> tuple:  # noqa: ANN001
    _persisted(f"w_{key}", f"sel_{key}", [])
    value = st.multiselect(
        ctx.t(label_key),
        options,
        format_func=fmt,
        key=f"w_{key}",
        on_change=_keep,
        args=(f"w_{key}", f"sel_{key}"),
        placeholder=ctx.t("inbox.any"),
    )
    return tuple(value)


def inbox_filter(ctx: PageContext) -> inbox.InboxFilter:
    """Draw the saved views and filters in the sidebar; the filter is the view's for this user."""
    buurten = {b["code"]: b["name"] for b in data.buurten(ctx.url)}
    cats = data.inbox_categories(ctx.url, ctx.lang)
    departments = {c["department_code"]: c["department"] for c in cats}
    statuses = sorted({s for k in ("report", "idea") for s in wf.statuses(k)})
    handlers = data.inbox_handlers(ctx.url)
    with ctx.filters_slot:
        st.divider()
        stored = st.session_state.get("sel_inbox_view")
        st.session_state["sel_inbox_view"] = views.known_view(stored)  # an old code: the default
        _persisted("w_inbox_view", "sel_inbox_view", views.DEFAULT_VIEW)
        view = st.radio(
            ctx.t("inbox.view"),
            views.VIEWS,
            format_func=lambda v: ctx.t(f"inbox.view.{v}"),
            key="w_inbox_view",
            on_change=_keep,
            args=("w_inbox_view", "sel_inbox_view"),
        )
        with st.expander(ctx.t("inbox.filters"), expanded=False):
            kinds = _multi(
                ctx,
                "inbox.col.kind",
                "inbox_kinds",
                ["report", "idea"],
                lambda k: ctx.t(f"kind.{k}"),
            )
            chosen_statuses = _multi(
                ctx, "inbox.col.status", "inbox_statuses", statuses, lambda s: ctx.t(f"status.{s}")
            )
            codes = _multi(ctx, "filters.buurten", "inbox_buurten", list(buurten), buurten.get)
            names = {c["code"]: c["name"] for c in cats}
            categories = _multi(
                ctx, "inbox.col.category", "inbox_categories", list(names), names.get
            )
            chosen_departments = _multi(
                ctx, "inbox.col.department", "inbox_departments", list(departments), departments.get
            )
            assignees = _multi(
                ctx,
                "inbox.col.assignee",
                "inbox_assignees",
                ["", *handlers],
                lambda u: u or ctx.t("inbox.nobody"),
            )
            punctual = _multi(
                ctx,
                "inbox.col.punctuality",
                "inbox_punctuality",
                list(inbox.PUNCTUALITY),
                lambda p: ctx.t(f"punctuality.{p}"),
            )
            _persisted("w_inbox_from", "sel_inbox_from", None)
            _persisted("w_inbox_to", "sel_inbox_to", None)
            date_from = st.date_input(
                ctx.t("inbox.from"),
                key="w_inbox_from",
                format="DD-MM-YYYY",
                on_change=_keep,
                args=("w_inbox_from", "sel_inbox_from"),
                value=None,
            )
            date_to = st.date_input(
                ctx.t("inbox.to"),
                key="w_inbox_to",
                format="DD-MM-YYYY",
                on_change=_keep,
                args=("w_inbox_to", "sel_inbox_to"),
                value=None,
            )
            _persisted("w_inbox_keyword", "sel_inbox_keyword", "")
            keyword = st.text_input(
                ctx.t("inbox.keyword"),
                key="w_inbox_keyword",
                on_change=_keep,
                args=("w_inbox_keyword", "sel_inbox_keyword"),
                max_chars=100,
            )
    chosen = inbox.InboxFilter(
        kinds=kinds,
        statuses=chosen_statuses,
        buurt_codes=codes,
        categories=categories,
        departments=chosen_departments,
        assignees=assignees,
        punctuality=punctual,
        date_from=date_from if isinstance(date_from, dt.date) else None,
        date_to=date_to if isinstance(date_to, dt.date) else None,
        keyword=keyword or "",
    )
    own = (data.user(ctx.url, ctx.username) or {}).get("department_code")
    return views.apply_view(view, chosen, views.Viewer(ctx.username, own))


def _date(value: object) -> str:
    return value.strftime("%d-%m-%Y") if isinstance(value, dt.date) else ""


def active_filters(ctx: PageContext) -> list[str]:
    """The chosen view and every filter in use, one translated line each (for an empty list)."""
    state = st.session_state
    view = views.known_view(state.get("sel_inbox_view"))
    lines = [
        ctx.t("inbox.filter_line", name=ctx.t("inbox.view"), value=ctx.t(f"inbox.view.{view}"))
    ]
    buurten = {b["code"]: b["name"] for b in data.buurten(ctx.url)}
    cats = data.inbox_categories(ctx.url, ctx.lang)
    names = {
        "inbox_kinds": ("inbox.col.kind", lambda k: ctx.t(f"kind.{k}")),
        "inbox_statuses": ("inbox.col.status", lambda s: ctx.t(f"status.{s}")),
        "inbox_buurten": ("filters.buurten", lambda c: buurten.get(c, c)),
        "inbox_categories": ("inbox.col.category", {c["code"]: c["name"] for c in cats}.get),
        "inbox_departments": (
            "inbox.col.department",
            {c["department_code"]: c["department"] for c in cats}.get,
        ),
        "inbox_assignees": ("inbox.col.assignee", lambda u: u or ctx.t("inbox.nobody")),
        "inbox_punctuality": ("inbox.col.punctuality", lambda p: ctx.t(f"punctuality.{p}")),
    }
    for key, (label, fmt) in names.items():
        chosen = state.get(f"sel_{key}") or []
        if chosen:
            value = ", ".join(str(fmt(c) or c) for c in chosen)
            lines.append(ctx.t("inbox.filter_line", name=ctx.t(label), value=value))
    for key, label in (("from", "inbox.from"), ("to", "inbox.to")):
        if _date(state.get(f"sel_inbox_{key}")):
            value = _date(state.get(f"sel_inbox_{key}"))
            lines.append(ctx.t("inbox.filter_line", name=ctx.t(label), value=value))
    keyword = (state.get("sel_inbox_keyword") or "").strip()
    if keyword:
        lines.append(ctx.t("inbox.filter_line", name=ctx.t("inbox.keyword"), value=keyword))
    return lines
