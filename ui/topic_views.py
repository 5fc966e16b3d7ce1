"""Display frames and charts of the Topics page: translated labels and small cells suppressed."""

from __future__ import annotations

import altair as alt
import pandas as pd

from hoplr_data.core.i18n import LANGUAGE_NAMES, fmt_int, fmt_pct, t
from hoplr_data.stats.disclosure import suppress, suppressed_label
from hoplr_data.stats.topics import TOPIC_ORDER

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


def _visible(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    """Only the cells counting at least k posts (charts never draw a small cell)."""
    return frame[frame["posts"] >= k]


def _order(lang: str) -> list[str]:
    return [topic_name(c, lang) for c in TOPIC_ORDER]


def share_kinds(lang: str) -> dict[str, str]:
    """The share column of the Topics tables (shown and exported as a percentage)."""
    return {t("chart.share", lang): "share"}


def mix_chart(frame: pd.DataFrame, lang: str, k: int, about: Scope) -> alt.LayerChart:
    """Heatmap of topic shares per buurt; cells under k are grey and say '< k'."""
    shown = _labelled(frame, lang)
    small = shown["posts"] < k
    shown["share_shown"] = shown["share"].where(~small)
    shown["label"] = (
        shown["share"].map(lambda s: fmt_pct(s, lang)).where(~small, suppressed_label(k))
    )
    shown["posts_shown"] = [
        suppressed_label(k) if hidden else fmt_int(n, lang)
        for hidden, n in zip(small, shown["posts"], strict=True)
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
    """Posts per buurt (rows) and topic (columns); cells under k read '< k'."""
    shown = suppress(_labelled(frame, lang), {"posts": ["share"]}, k)
    wide = shown.pivot(index="buurt", columns="topic", values="posts")
    wide = wide[[c for c in _order(lang) if c in wide.columns]]
    wide = wide.map(lambda v: v if isinstance(v, str) else int(v) if v == v else 0)
    return wide.reset_index().rename(columns={"buurt": t("buurten.col.name", lang)})


def trend_chart(
    frame: pd.DataFrame, lang: str, k: int, granularity: str, about: Scope
) -> alt.Chart:
    """Stacked area of posts per topic over time; cells under k are left out."""
    shown = _labelled(_visible(frame, k), lang)
    chart = (
        alt.Chart(shown)
        .mark_area()
        .encode(
            x=alt.X("period:T", title=t(f"chart.{granularity}", lang), axis=alt.Axis(format=DAY)),
            y=alt.Y("posts:Q", title=t("chart.posts", lang), stack="zero"),
            color=alt.Color(
                "topic:N", title=None, sort=_order(lang), legend=WHOLE_LABELS_BELOW
            ),
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
    """Posts per period and topic, long format, cells under k read '< k'."""
    shown = suppress(_labelled(frame, lang), {"posts": []}, k)
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
    shown = _labelled(_visible(frame, k), lang)
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
    """The shares behind the comparison, cells under k read '< k'."""
    shown = suppress(_labelled(frame, lang), {"posts": ["share"]}, k)
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


def model_language_table(card: dict, lang: str) -> pd.DataFrame:
    """Held-out accuracy and macro-F1 per language."""
    return pd.DataFrame(
        [
            {
                t("topics.language", lang): LANGUAGE_NAMES[code],
                t("topics.model_accuracy", lang): fmt_pct(s["accuracy"], lang),
                t("topics.model_macro_f1", lang): fmt_pct(s["macro_f1"], lang),
                t("topics.examples", lang): fmt_int(s["n"], lang),
            }
            for code, s in card["per_language"].items()
        ]
    )


def model_topic_table(card: dict, lang: str) -> pd.DataFrame:
    """Held-out precision, recall and F1 per topic."""
    return pd.DataFrame(
        [
            {
                t("topics.topic", lang): topic_name(code, lang),
                t("topics.precision", lang): fmt_pct(s["precision"], lang),
                t("topics.recall", lang): fmt_pct(s["recall"], lang),
                "F1": fmt_pct(s["f1"], lang),
                t("topics.examples", lang): fmt_int(s["support"], lang),
            }
            for code, s in card["per_topic"].items()
        ]
    )
