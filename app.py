"""Overview: how the selected buurten register and live."""

from ui.setup import setup_page

ctx = setup_page("statistics")

import streamlit as st

from hoplr_data.core.i18n import fmt_date
from ui import charts, data
from ui.cards import metric_row
from ui.filters import sidebar_filters

filters = sidebar_filters(ctx)
st.title(ctx.t("overview.title"))
st.caption(
    ctx.t("overview.scope", selection=filters.label(ctx), as_of=fmt_date(filters.as_of, ctx.lang))
)

figures = data.summary(ctx.url, filters.codes, filters.as_of)
weekly = data.weekly(ctx.url, filters.codes, filters.as_of)
about = charts.scope(ctx.lang, filters.label(ctx), charts.first_week(weekly), filters.as_of)

st.subheader(ctx.t("overview.registrations"))
metric_row(
    figures,
    [
        "households_registered",
        "households_total",
        "registration_rate",
        "registrations_via_invite",
        "registrations_organic",
        "new_registrations_per_month_recent",
        "weekly_active_share_recent",
        "contributor_share",
    ],
    ctx.lang,
)
if not weekly.empty:
    st.altair_chart(charts.registrations(weekly, ctx.lang, about), width="stretch")

st.subheader(ctx.t("overview.activity"))
metric_row(
    figures,
    [
        "posts_total",
        "posts_per_week_recent",
        "reactions_per_week_recent",
        "interactions_total",
        "interactions_per_household",
    ],
    ctx.lang,
)
if not weekly.empty:
    left, right = st.columns(2)
    left.altair_chart(charts.posts_and_reactions(weekly, ctx.lang, about), width="stretch")
    right.altair_chart(charts.active_share(weekly, ctx.lang, about), width="stretch")

st.subheader(ctx.t("overview.events"))
metric_row(figures, ["events_organised", "event_interested", "event_attending"], ctx.lang)
if not weekly.empty:
    st.altair_chart(charts.events(weekly, ctx.lang, about), width="stretch")
st.subheader(ctx.t("overview.bottom_up"))
metric_row(figures, ["bottom_up_reports", "bottom_up_ideas"], ctx.lang)
st.subheader(ctx.t("pub.items"))
metric_row(figures, ["top_down_posts"], ctx.lang)
st.caption(ctx.t("overview.footnote"))
