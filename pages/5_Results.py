"""Results: how residents responded to each published item, and the publishing calendar."""

from ui.setup import setup_page

ctx = setup_page("statistics")

import datetime as dt

import streamlit as st

from ui import data
from ui import publication_views as views

st.title(ctx.t("pub.results_title"))
results_tab, calendar_tab = st.tabs([ctx.t("pub.tab.results"), ctx.t("pub.tab.calendar")])
k = data.k_threshold(ctx.url)

with results_tab:
    items = data.publication_list(ctx.url, ("published", "archived"))
    if not items:
        st.info(ctx.t("pub.no_results"))
    else:
        ids = [i["id"] for i in items]
        by_id = {i["id"]: i for i in items}
        wanted = st.query_params.get("pub")
        start = ids.index(int(wanted)) if wanted and wanted.isdigit() and int(wanted) in ids else 0
        chosen = st.selectbox(
            ctx.t("pub.choose_item"), ids, index=start,
            format_func=lambda i: views.item_label(ctx, by_id[i]),
        )  # fmt: skip
        st.caption(views.item_facts(ctx, by_id[chosen]))
        res = data.publication_results(ctx.url, chosen, ctx.lang)
        views.headline(ctx, res, k)
        about = views.item_scope(ctx, by_id[chosen])
        for question in res.questions:
            views.question_result(ctx, question, k, about)
        if res.kind == "project":
            views.ideas(ctx, res, about)
        views.results_download(ctx, res, k, chosen)

with calendar_tab:
    live = data.publication_list(ctx.url, ("scheduled", "published", "archived"))
    first, latest = views.first_day(live), views.latest_day(live)
    buurten = data.buurten(ctx.url)
    names = {b["code"]: b["name"] for b in buurten}
    view_col, buurt_col = st.columns([1, 2])
    view = view_col.segmented_control(
        ctx.t("pub.cal.view"), ["month", "timeline"], default="month", key="cal_view",
        format_func=lambda v: ctx.t(f"pub.cal.view.{v}"),
    )  # fmt: skip
    chosen_buurten = buurt_col.multiselect(
        ctx.t("pub.buurten"), list(names), format_func=names.get,
        placeholder=ctx.t("filters.all_buurten", count=len(names)),
    )  # fmt: skip
    if view == "timeline":
        span = st.date_input(
            ctx.t("pub.cal.period"),
            value=(latest - dt.timedelta(days=60), latest + dt.timedelta(days=30)),
            format="DD-MM-YYYY", key="cal_period",
        )  # fmt: skip
    else:
        months = views.months_between(first, latest + dt.timedelta(days=62))
        month = st.selectbox(
            ctx.t("pub.cal.month"), months, index=months.index(latest.replace(day=1)),
            format_func=lambda d: views.month_name(d, ctx.lang),
        )  # fmt: skip
        span = (month, views.month_end(month))
    if isinstance(span, tuple) and len(span) == 2:
        ids = tuple(b["id"] for b in buurten if b["code"] in chosen_buurten)
        rows = data.publication_calendar(ctx.url, span[0], span[1], ids)
        if view != "timeline":
            grid = views.month_grid(ctx, rows, span[0])
            st.dataframe(grid, hide_index=True, width="stretch", row_height=90,
                         height=40 + 90 * len(grid),
                         column_config={ctx.t("pub.cal.week"): st.column_config.TextColumn(
                             width="small")})  # fmt: skip
        elif rows:
            selection = (", ".join(names[c] for c in chosen_buurten) if chosen_buurten
                         else ctx.t("filters.all_buurten", count=len(names)))  # fmt: skip
            st.altair_chart(views.calendar_chart(ctx, rows, *span, selection), width="stretch")
        if not rows:
            st.info(ctx.t("pub.cal.empty"))
        else:
            st.dataframe(views.calendar_frame(ctx, rows), hide_index=True, width="stretch")
            views.calendar_download(ctx, rows, "cal")
