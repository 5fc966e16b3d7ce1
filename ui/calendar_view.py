"""The publishing calendar (month grid or timeline per buurt), shown under Publish and Results."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from hoplr_data.core.timeutil import today_local

from . import data
from . import publication_views as views
from .setup import PageContext


def show(ctx: PageContext, prefix: str) -> None:
    """The calendar with its view, buurt and period choices (widget keys start with prefix)."""
    live = data.publication_list(ctx.url, ("scheduled", "published", "archived"))
    first, latest = views.first_day(live), views.latest_day(live)
    today = today_local()  # the demo's date on the demo's clock
    buurten = data.buurten(ctx.url)
    names = {b["code"]: b["name"] for b in buurten}
    view_col, buurt_col = st.columns([1, 2])
    view = view_col.segmented_control(
        ctx.t("pub.cal.view"), ["month", "timeline"], default="month", key=f"{prefix}_view",
        format_func=lambda v: ctx.t(f"pub.cal.view.{v}"),
    )  # fmt: skip
    chosen_buurten = buurt_col.multiselect(
        ctx.t("pub.buurten"), list(names), format_func=names.get, key=f"{prefix}_buurten",
        placeholder=ctx.t("filters.all_buurten", count=len(names)),
    )  # fmt: skip
    if view == "timeline":
        span = st.date_input(
            ctx.t("pub.cal.period"),
            value=(today - dt.timedelta(days=60), today + dt.timedelta(days=30)),
            format="DD-MM-YYYY", key=f"{prefix}_period",
        )  # fmt: skip
    else:
        months = views.months_between(min(first, today), max(latest, today) + dt.timedelta(days=62))
        month = st.selectbox(
            ctx.t("pub.cal.month"), months, index=months.index(today.replace(day=1)),
            key=f"{prefix}_month",
            format_func=lambda d: views.month_name(d, ctx.lang),
        )  # fmt: skip
        span = (month, views.month_end(month))
    if isinstance(span, tuple) and len(span) == 2:
        ids = tuple(b["id"] for b in buurten if b["code"] in chosen_buurten)
        rows = data.publication_calendar(ctx.url, span[0], span[1], ids)
        if view != "timeline":
            views.show_month_grid(ctx, rows, span[0])
        elif rows:
            selection = (", ".join(names[c] for c in chosen_buurten) if chosen_buurten
                         else ctx.t("filters.all_buurten", count=len(names)))  # fmt: skip
            st.altair_chart(views.calendar_chart(ctx, rows, *span, selection), width="stretch")
        if not rows:
            st.info(ctx.t("pub.cal.empty"))
        else:
            st.dataframe(views.calendar_frame(ctx, rows), hide_index=True, width="stretch")
            views.calendar_download(ctx, rows, prefix)
