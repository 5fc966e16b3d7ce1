"""The Topics page's tabs: charts and tables with translated labels; the hidden cells come
marked from the domain (hoplr_data.stats.topics, disclosure control) and are left out of
charts or read their label ('< k' or '×')."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from hoplr_data.core.i18n import LANGUAGE_NAMES, fmt_int, fmt_pct, fmt_value, t
from hoplr_data.stats.disclosure import hide_marked
from hoplr_data.stats.topics import TOPIC_ORDER
from hoplr_data.topics.card import LANGUAGE_COLUMNS, TOPIC_COLUMNS, ModelCard

from . import tables
from .cards import card_grid
from .charts import COUNT, DAY, SHARE, Scope, localised

# Every buurt name on its own row (the axis never skips one to avoid overlap), whole legend
# labels under the chart; only the width follows the page, so rows keep their height.
ROW_HEIGHT = 30
FIT_WIDTH = alt.AutoSizeParams(type="fit-x", contains="padding")
WHOLE_LABELS_BELOW = alt.Legend(orient="bottom", labelLimit=0, columns=3)


def topic_name(code: str, lang: str) -> str:
    """The translated name of a topic code (or 'unclear')."""
    return t(f"topic.{code}", lang)


def _labelled(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = frame.copy()
    out["topic"] = out["topic"].map(lambda c: topic_name(c, lang))
    return out


def _visible(frame: pd.DataFrame) -> pd.DataFrame:
    """Only the cells the domain did not suppress (charts never draw a small cell)."""
    return frame[~frame["suppressed"]].drop(columns=["suppressed", "mark"])


def _order(lang: str) -> list[str]:
    return [topic_name(c, lang) for c in TOPIC_ORDER]


def share_kinds(lang: str) -> dict[str, str]:
    """The share column of the Topics tables (shown and exported as a percentage)."""
    return {t("chart.share", lang): "share"}


def mix_chart(frame: pd.DataFrame, lang: str, k: int, about: Scope) -> alt.LayerChart:
    """Heatmap of topic shares per buurt; hidden cells are grey and say '< k' or '×'."""
    shown = _labelled(frame, lang)
    small, marks = shown.pop("suppressed"), shown.pop("mark")
    shown["share_shown"] = shown["share"].where(~small)
    shown["label"] = [
        mark if hidden else fmt_pct(share, lang) if share == share else ""
        for hidden, mark, share in zip(small, marks, shown["share"], strict=True)
    ]
    shown["posts_shown"] = [
        mark if hidden else fmt_int(n, lang)
        for hidden, mark, n in zip(small, marks, shown["posts"], strict=True)
    ]
    shown = shown.drop(columns=["posts", "share"])
    base = alt.Chart(shown).encode(
        x=alt.X(
            "topic:N",
            title=None,
            sort=_order(lang),
            axis=alt.Axis(labelAngle=-35, labelOverlap=False, labelLimit=200),
        ),
        y=alt.Y("buurt:N", title=None, axis=alt.Axis(labelOverlap=False, labelLimit=0)),
    )
    cells = base.mark_rect().encode(
        color=alt.Color(
            "share_shown:Q",
            title=t("chart.share", lang),
            scale=alt.Scale(scheme="greens"),
            legend=alt.Legend(format=SHARE),
        ),
        tooltip=[
            alt.Tooltip("buurt:N", title=t("buurten.col.name", lang)),
            alt.Tooltip("topic:N", title=t("topics.topic", lang)),
            alt.Tooltip("label:N", title=t("chart.share", lang)),
            alt.Tooltip("posts_shown:N", title=t("chart.posts", lang)),
        ],
    )
    text = base.mark_text(fontSize=11).encode(text="label:N")
    chart = alt.layer(cells, text).properties(
        height=ROW_HEIGHT * max(shown["buurt"].nunique(), 4), autosize=FIT_WIDTH
    )
    return localised(chart, lang, t("chart.title.topic_mix", lang), about)


def mix_table(frame: pd.DataFrame, lang: str, k: int) -> pd.DataFrame:
    """Posts per buurt (rows) and topic (columns); hidden cells read '< k' or '×'."""
    shown = hide_marked(_labelled(frame, lang), ["posts", "share"], k)
    wide = shown.pivot(index="buurt", columns="topic", values="posts")
    wide = wide[[c for c in _order(lang) if c in wide.columns]]
    wide = wide.map(lambda v: v if isinstance(v, str) else 0 if pd.isna(v) else int(v))
    return wide.reset_index().rename(columns={"buurt": t("buurten.col.name", lang)})


def trend_chart(
    frame: pd.DataFrame, lang: str, k: int, granularity: str, about: Scope
) -> alt.Chart:
    """Stacked area of posts per topic over time; cells under k are left out."""
    shown = _labelled(_visible(frame), lang)
    chart = (
        alt.Chart(shown)
        .mark_area()
        .encode(
            x=alt.X("period:T", title=t(f"chart.{granularity}", lang), axis=alt.Axis(format=DAY)),
            y=alt.Y("posts:Q", title=t("chart.posts", lang), stack="zero"),
            color=alt.Color("topic:N", title=None, sort=_order(lang), legend=WHOLE_LABELS_BELOW),
            order=alt.Order("topic:N"),
            tooltip=[
                alt.Tooltip("period:T", title=t(f"chart.{granularity}", lang), format=DAY),
                alt.Tooltip("topic:N", title=t("topics.topic", lang)),
                alt.Tooltip("posts:Q", title=t("chart.posts", lang), format=COUNT),
            ],
        )
        .properties(height=340, autosize=FIT_WIDTH)
    )
    return localised(chart, lang, t("chart.title.topic_trend", lang), about)


def trend_table(frame: pd.DataFrame, lang: str, k: int) -> pd.DataFrame:
    """Posts per period and topic, long format, hidden cells read '< k' or '×'."""
    shown = hide_marked(_labelled(frame, lang), ["posts"], k)
    shown["period"] = shown["period"].dt.date
    return shown.rename(
        columns={
            "period": t("topics.period", lang),
            "topic": t("topics.topic", lang),
            "posts": t("chart.posts", lang),
        }
    )


def versus_chart(
    frame: pd.DataFrame, lang: str, k: int, buurt_name: str, about: Scope
) -> alt.Chart:
    """Topic shares of one buurt next to the whole city; cells under k are left out."""
    shown = _labelled(_visible(frame), lang)
    shown["area"] = shown["area"].map({"buurt": buurt_name, "city": t("topics.city", lang)})
    chart = (
        alt.Chart(shown)
        .mark_bar()
        .encode(
            y=alt.Y("topic:N", title=None, sort=_order(lang)),
            x=alt.X("share:Q", title=t("chart.share", lang), axis=alt.Axis(format=SHARE)),
            yOffset="area:N",
            color=alt.Color("area:N", title=None, legend=alt.Legend(orient="top", labelLimit=0)),
            tooltip=[
                alt.Tooltip("area:N", title=t("topics.area", lang)),
                alt.Tooltip("topic:N", title=t("topics.topic", lang)),
                alt.Tooltip("share:Q", title=t("chart.share", lang), format=SHARE),
                alt.Tooltip("posts:Q", title=t("chart.posts", lang), format=COUNT),
            ],
        )
        .properties(height=420)
    )
    title = t("chart.title.topic_versus", lang, buurt=buurt_name)
    return localised(chart, lang, title, about)


def versus_table(frame: pd.DataFrame, lang: str, k: int, buurt_name: str) -> pd.DataFrame:
    """The shares behind the comparison, hidden cells read '< k' or '×'."""
    shown = hide_marked(_labelled(frame, lang), ["posts", "share"], k)
    shown["area"] = shown["area"].map({"buurt": buurt_name, "city": t("topics.city", lang)})
    return shown.rename(
        columns={
            "topic": t("topics.topic", lang),
            "area": t("topics.area", lang),
            "posts": t("chart.posts", lang),
            "share": t("chart.share", lang),
        }
    )


def rising_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Rising topics with translated headers (every row counts at least k posts)."""
    shown = _labelled(frame, lang)
    shown["period"] = shown["period"].dt.date
    return shown.rename(
        columns={
            "buurt": t("buurten.col.name", lang),
            "topic": t("topics.topic", lang),
            "period": t("topics.period", lang),
            "posts": t("chart.posts", lang),
            "trailing_mean": t("topics.trailing_mean", lang),
            "ratio": t("topics.ratio", lang),
        }
    )


LANGUAGE_HEADERS = {
    "language": "topics.language",
    "accuracy": "topics.model_accuracy",
    "macro_f1": "topics.model_macro_f1",
    "examples": "topics.examples",
}
TOPIC_HEADERS = {
    "topic": "topics.topic",
    "precision": "topics.precision",
    "recall": "topics.recall",
    "f1": None,  # "F1" in every language
    "examples": "topics.examples",
}


def _card_table(rows: tuple[dict, ...], headers: dict, kinds: dict, lang: str) -> pd.DataFrame:
    """Rows of the model card as text in the language, under translated headers."""
    return pd.DataFrame(
        [
            {(t(label, lang) if label else "F1"): fmt_value(row[col], lang, kinds[col])
             for col, label in headers.items()}
            for row in rows
        ]
    )  # fmt: skip


def model_language_table(card: ModelCard, lang: str) -> pd.DataFrame:
    """Held-out accuracy and macro-F1 per language (each language named in itself)."""
    rows = tuple({**r, "language": LANGUAGE_NAMES[r["language"]]} for r in card.per_language)
    return _card_table(rows, LANGUAGE_HEADERS, LANGUAGE_COLUMNS, lang)


def model_topic_table(card: ModelCard, lang: str) -> pd.DataFrame:
    """Held-out precision, recall and F1 per topic."""
    rows = tuple({**r, "topic": topic_name(r["topic"], lang)} for r in card.per_topic)
    return _card_table(rows, TOPIC_HEADERS, TOPIC_COLUMNS, lang)


# --- the tabs -------------------------------------------------------------------------------


def hidden_caption(frame: pd.DataFrame, lang: str, k: int) -> None:
    """Why cells are hidden, under a table that has any."""
    if frame["suppressed"].any():
        st.caption(t("disclosure.caption", lang, k=k))


def show_mix(mix: pd.DataFrame, lang: str, k: int, about: Scope, as_of: dt.date) -> None:
    """Topic mix per buurt: heatmap and table."""
    if mix.empty:
        st.info(t("topics.no_posts", lang))
        return
    st.altair_chart(mix_chart(mix, lang, k, about), width="stretch")
    hidden_caption(mix, lang, k)
    tables.show_frame(
        mix_table(mix, lang, k), lang, f"topics-per-buurt-{as_of}.csv", "dl_topic_mix"
    )


def show_trend(
    trend: pd.DataFrame, lang: str, k: int, granularity: str, about: Scope, as_of: dt.date
) -> None:
    """Posts per topic over time: stacked area and table."""
    if trend.empty:
        st.info(t("topics.no_posts", lang))
        return
    st.altair_chart(trend_chart(trend, lang, k, granularity, about), width="stretch")
    st.caption(t("topics.trend_suppressed", lang, k=k))
    hidden_caption(trend, lang, k)
    table = trend_table(trend, lang, k)
    tables.show_frame(table, lang, f"topic-trend-{as_of}.csv", "dl_topic_trend")


def show_versus(
    versus: pd.DataFrame, lang: str, k: int, name: str, code: str, about: Scope
) -> None:
    """One buurt's topic shares beside the city's: bars and table."""
    st.altair_chart(versus_chart(versus, lang, k, name, about), width="stretch")
    hidden_caption(versus, lang, k)
    tables.show_frame(
        versus_table(versus, lang, k, name), lang, f"topics-{code}-vs-city.csv",
        "dl_topic_versus", share_kinds(lang),
    )  # fmt: skip


def show_rising(rising: pd.DataFrame, lang: str, k: int, as_of: dt.date) -> None:
    """The rule for a rising topic, and the topics that rise."""
    st.markdown(t("topics.rising_rule", lang, k=k))
    if rising.empty:
        st.success(t("topics.rising_none", lang))
        return
    table = rising_table(rising, lang)
    tables.show_frame(table, lang, f"rising-topics-{as_of}.csv", "dl_topic_rising")


def show_model(card: ModelCard, lang: str, threshold: float) -> None:
    """The model card: what the model does, its data, held-out quality, threshold, privacy."""
    st.markdown(t("topics.model_what", lang))
    training, held_out = (
        fmt_int(card.training_examples, lang),
        fmt_int(card.held_out_examples, lang),
    )
    st.markdown(t("topics.model_data", lang, training=training, held_out=held_out))
    card_grid(
        [
            (t(f"topics.{f.key}", lang), fmt_value(f.value, lang, f.kind),
             t(f"topics.{f.key}.help", lang))
            for f in card.headline()
        ]
    )  # fmt: skip
    st.markdown(t("topics.model_explain", lang))
    st.dataframe(model_language_table(card, lang), hide_index=True, width="stretch")
    st.dataframe(model_topic_table(card, lang), hide_index=True, width="stretch")
    st.markdown(t("topics.model_threshold", lang, threshold=fmt_pct(threshold, lang, 0)))
    st.markdown(t("topics.model_privacy", lang))
