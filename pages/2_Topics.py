"""Topics: what the buurten talk about, from the AI topic of each post (never its text)."""

from ui.setup import setup_page

ctx = setup_page("statistics")

import streamlit as st

from hoplr_data.core.i18n import fmt_date, fmt_pct
from ui import charts, data, topic_views
from ui.filters import sidebar_filters, topic_filters

filters = sidebar_filters(ctx)
start, granularity = topic_filters(ctx, filters)
k = data.k_threshold(ctx.url)
threshold = data.topic_threshold(ctx.url)

st.title(ctx.t("topics.title"))
st.caption(
    ctx.t(
        "topics.scope",
        selection=filters.label(ctx),
        start=fmt_date(start, ctx.lang),
        as_of=fmt_date(filters.as_of, ctx.lang),
    )
)
about = charts.scope(ctx.lang, filters.label(ctx), start, filters.as_of)
st.info(
    ctx.t("topics.privacy_note", k=k, threshold=fmt_pct(threshold, ctx.lang, 0)),
    icon=":material/lock:",
)

mix_tab, trend_tab, versus_tab, rising_tab, model_tab = st.tabs(
    [
        ctx.t("topics.tab.mix"),
        ctx.t("topics.tab.trend"),
        ctx.t("topics.tab.versus"),
        ctx.t("topics.tab.rising"),
        ctx.t("topics.tab.model"),
    ]
)

with mix_tab:
    mix = data.topic_mix(ctx.url, filters.codes, filters.as_of, start)
    topic_views.show_mix(mix, ctx.lang, k, about, filters.as_of)

with trend_tab:
    trend = data.topic_trend(ctx.url, filters.codes, filters.as_of, start, granularity)
    topic_views.show_trend(trend, ctx.lang, k, granularity, about, filters.as_of)

with versus_tab:
    code = st.selectbox(
        ctx.t("buurten.choose"),
        list(filters.names),
        format_func=filters.names.get,
        key="w_topic_buurt",
    )
    if code:
        versus = data.topic_versus(ctx.url, code, filters.as_of, start)
        name = filters.names[code]
        versus_about = charts.scope(ctx.lang, name, start, filters.as_of)
        topic_views.show_versus(versus, ctx.lang, k, name, code, versus_about)

with rising_tab:
    rising = data.topic_rising(ctx.url, filters.codes, filters.as_of, granularity)
    topic_views.show_rising(rising, ctx.lang, k, filters.as_of)

with model_tab:
    topic_views.show_model(data.model_card(), ctx.lang, threshold)
