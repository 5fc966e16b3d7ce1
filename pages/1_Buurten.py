"""Buurten: one row per buurt, a detail view per buurt and a side-by-side comparison."""

from ui.setup import setup_page

ctx = setup_page("statistics")

import streamlit as st

from hoplr_data.core.i18n import fmt_date
from ui import buurten_compare as compare_view
from ui import charts, data, tables
from ui.cards import metric_row
from ui.filters import sidebar_filters

COLUMNS = {
    "name": "buurten.col.name",
    "code": "buurten.col.code",
    "households_total": "metric.households_total",
    "households_registered": "metric.households_registered",
    "registration_rate": "metric.registration_rate",
    "weekly_active_share_recent": "metric.weekly_active_share_recent",
    "posts_per_week_recent": "metric.posts_per_week_recent",
    "reactions_per_week_recent": "metric.reactions_per_week_recent",
    "contributors": "buurten.col.contributors",
    "contributor_share": "metric.contributor_share",
    "events_organised": "metric.events_organised",
}

filters = sidebar_filters(ctx)
st.title(ctx.t("buurten.title"))
st.caption(
    ctx.t("overview.scope", selection=filters.label(ctx), as_of=fmt_date(filters.as_of, ctx.lang))
)
k = data.k_threshold(ctx.url)
table = data.per_buurt(ctx.url, filters.codes, filters.as_of)

overview_tab, detail_tab, compare_tab = st.tabs(
    [ctx.t("buurten.tab.table"), ctx.t("buurten.tab.detail"), ctx.t("buurten.tab.compare")]
)

with overview_tab:
    st.caption(ctx.t("buurten.table_help", k=k))
    tables.show(table, ctx.lang, COLUMNS, f"buurten-{filters.as_of.isoformat()}.csv", "dl_buurten")

with detail_tab:
    code = st.selectbox(
        ctx.t("buurten.choose"),
        list(table["code"]),
        format_func=filters.names.get,
        key="w_detail_buurt",
    )
    if code:
        figures = data.summary(ctx.url, (code,), filters.as_of)
        metric_row(
            figures,
            [
                "households_registered",
                "registration_rate",
                "weekly_active_share_recent",
                "contributor_share",
            ],
            ctx.lang,
        )
        metric_row(
            figures,
            [
                "posts_per_week_recent",
                "reactions_per_week_recent",
                "interactions_per_household",
                "events_organised",
            ],
            ctx.lang,
        )
        weekly = data.weekly(ctx.url, (code,), filters.as_of)
        if not weekly.empty:
            about = charts.scope(
                ctx.lang, filters.names[code], charts.first_week(weekly), filters.as_of
            )
            st.altair_chart(charts.registrations(weekly, ctx.lang, about), width="stretch")
            left, right = st.columns(2)
            left.altair_chart(charts.posts_and_reactions(weekly, ctx.lang, about), width="stretch")
            right.altair_chart(charts.active_share(weekly, ctx.lang, about), width="stretch")

with compare_tab:
    chosen = st.multiselect(
        ctx.t("buurten.compare_choose"),
        list(table["code"]),
        format_func=filters.names.get,
        max_selections=6,
        placeholder=ctx.t("form.choose"),
        key="w_compare_buurten",
    )
    if len(chosen) < 2:
        st.info(ctx.t("buurten.compare_hint"))
    else:
        rows = {key: label for key, label in COLUMNS.items() if key not in ("name", "code")}
        selection = ", ".join(filters.names[c] for c in chosen)
        compare_view.show(
            ctx.lang, ctx.url, table, chosen, filters.names, filters.as_of, rows,
            charts.scope(ctx.lang, selection, None, filters.as_of),
        )  # fmt: skip
        compared = data.weekly_by_buurt(ctx.url, tuple(chosen), filters.as_of)
        about = charts.scope(ctx.lang, selection, charts.first_week(compared), filters.as_of)
        st.altair_chart(
            charts.active_share(compared, ctx.lang, about, color="buurt"), width="stretch"
        )
