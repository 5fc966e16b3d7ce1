"""Topics: what the buurten talk about, from the AI topic of each post (never its text)."""

from ui.setup import setup_page

ctx = setup_page("statistics")

import streamlit as st

from hoplr_data.core.i18n import fmt_date, fmt_int, fmt_pct
from ui import charts, data, tables, topic_views
from ui.cards import card_grid
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
    if mix.empty:
        st.info(ctx.t("topics.no_posts"))
    else:
        st.altair_chart(topic_views.mix_chart(mix, ctx.lang, k, about), width="stretch")
        tables.show_frame(
            topic_views.mix_table(mix, ctx.lang, k),
            ctx.lang,
            f"topics-per-buurt-{filters.as_of}.csv",
            "dl_topic_mix",
        )

with trend_tab:
    trend = data.topic_trend(ctx.url, filters.codes, filters.as_of, start, granularity)
    if trend.empty:
        st.info(ctx.t("topics.no_posts"))
    else:
        st.altair_chart(
            topic_views.trend_chart(trend, ctx.lang, k, granularity, about),
            width="stretch",
        )
        st.caption(ctx.t("topics.trend_suppressed", k=k))
        tables.show_frame(
            topic_views.trend_table(trend, ctx.lang, k),
            ctx.lang,
            f"topic-trend-{filters.as_of}.csv",
            "dl_topic_trend",
        )

with versus_tab:
    code = st.selectbox(
        ctx.t("buurten.choose"),
        list(filters.names),
        format_func=filters.names.get,
        key="w_topic_buurt",
    )
    if code:
        versus = data.topic_versus(ctx.url, code, filters.as_of, start)
        versus_about = charts.scope(ctx.lang, filters.names[code], start, filters.as_of)
        st.altair_chart(
            topic_views.versus_chart(versus, ctx.lang, k, filters.names[code], versus_about),
            width="stretch",
        )
        tables.show_frame(
            topic_views.versus_table(versus, ctx.lang, k, filters.names[code]),
            ctx.lang,
            f"topics-{code}-vs-city.csv",
            "dl_topic_versus",
            topic_views.share_kinds(ctx.lang),
        )

with rising_tab:
    st.markdown(ctx.t("topics.rising_rule", k=k))
    rising = data.topic_rising(ctx.url, filters.codes, filters.as_of, granularity)
    if rising.empty:
        st.success(ctx.t("topics.rising_none"))
    else:
        tables.show_frame(
            topic_views.rising_table(rising, ctx.lang),
            ctx.lang,
            f"rising-topics-{filters.as_of}.csv",
            "dl_topic_rising",
        )

with model_tab:
    card = data.model_card()
    st.markdown(ctx.t("topics.model_what"))
    st.markdown(
        ctx.t(
            "topics.model_data",
            training=fmt_int(card["training_examples"], ctx.lang),
            held_out=fmt_int(card["held_out_examples"], ctx.lang),
        )
    )
    card_grid(
        [
            (ctx.t(f"topics.{key}"), value, ctx.t(f"topics.{key}.help"))
            for key, value in [
                ("model_version", card["version"]),
                ("model_accuracy", fmt_pct(card["accuracy"], ctx.lang)),
                ("model_macro_f1", fmt_pct(card["macro_f1"], ctx.lang)),
            ]
        ]
    )
    st.markdown(ctx.t("topics.model_explain"))
    st.dataframe(topic_views.model_language_table(card, ctx.lang), hide_index=True, width="stretch")
    st.dataframe(topic_views.model_topic_table(card, ctx.lang), hide_index=True, width="stretch")
    st.markdown(ctx.t("topics.model_threshold", threshold=fmt_pct(threshold, ctx.lang, 0)))
    st.markdown(ctx.t("topics.model_privacy"))
