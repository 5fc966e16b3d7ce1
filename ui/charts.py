"""Altair chart builders with translated titles."""

from __future__ import annotations

import altair as alt
import pandas as pd

from hoplr_data.i18n import t


def _week_axis(lang: str) -> alt.X:
    return alt.X("week:T", title=t("chart.week", lang), axis=alt.Axis(format="%d-%m-%Y"))


def registrations(frame: pd.DataFrame, lang: str) -> alt.LayerChart:
    """Weekly registrations stacked by invitation code vs organic, with households registered."""
    labels = {
        "registrations_via_invite": t("chart.via_invite", lang),
        "registrations_organic": t("chart.organic", lang),
    }
    long = frame.melt("week", list(labels), var_name="kind", value_name="count")
    long["kind"] = long["kind"].map(labels)
    bars = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=_week_axis(lang),
            y=alt.Y("count:Q", title=t("chart.new_registrations", lang), stack="zero"),
            color=alt.Color(
                "kind:N",
                title=None,
                scale=alt.Scale(domain=list(labels.values()), range=["#2e7d32", "#1565c0"]),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("week:T", title=t("chart.week", lang), format="%d-%m-%Y"),
                alt.Tooltip("kind:N", title=t("chart.kind", lang)),
                alt.Tooltip("count:Q", title=t("chart.count", lang)),
            ],
        )
    )
    line = (
        alt.Chart(frame)
        .mark_line(color="#455a64", strokeDash=[4, 3])
        .encode(
            x="week:T",
            y=alt.Y("households_registered:Q", title=t("chart.households_registered", lang)),
            tooltip=[
                alt.Tooltip("week:T", title=t("chart.week", lang), format="%d-%m-%Y"),
                alt.Tooltip(
                    "households_registered:Q", title=t("chart.households_registered", lang)
                ),
            ],
        )
    )
    return alt.layer(bars, line).resolve_scale(y="independent").properties(height=300)


def weekly_lines(
    frame: pd.DataFrame, columns: dict[str, str], lang: str, y_title: str
) -> alt.Chart:
    """One line per column over the weeks; `columns` maps column to translated label."""
    long = frame.melt("week", list(columns), var_name="series", value_name="value")
    long["series"] = long["series"].map(columns)
    return (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=_week_axis(lang),
            y=alt.Y("value:Q", title=y_title),
            color=alt.Color("series:N", title=None, legend=alt.Legend(orient="top")),
            tooltip=[
                alt.Tooltip("week:T", title=t("chart.week", lang), format="%d-%m-%Y"),
                alt.Tooltip("series:N", title=t("chart.kind", lang)),
                alt.Tooltip("value:Q", title=t("chart.count", lang)),
            ],
        )
        .properties(height=280)
    )


def posts_and_reactions(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Weekly posts and reactions as two lines."""
    columns = {"posts": t("chart.posts", lang), "reactions": t("chart.reactions", lang)}
    return weekly_lines(frame, columns, lang, t("chart.per_week", lang))


def active_share(frame: pd.DataFrame, lang: str, color: str | None = None) -> alt.Chart:
    """Weekly active share as a line (by buurt when a 'buurt' column is present)."""
    encoding = {
        "x": _week_axis(lang),
        "y": alt.Y(
            "weekly_active_share:Q",
            title=t("metric.weekly_active_share_recent", lang),
            axis=alt.Axis(format="%"),
            scale=alt.Scale(domain=[0, 1]),
        ),
        "tooltip": [
            alt.Tooltip("week:T", title=t("chart.week", lang), format="%d-%m-%Y"),
            alt.Tooltip("weekly_active_share:Q", title=t("chart.share", lang), format=".1%"),
        ],
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=None, legend=alt.Legend(orient="top"))
    return alt.Chart(frame).mark_line(point=True).encode(**encoding).properties(height=280)


def events(frame: pd.DataFrame, lang: str) -> alt.Chart:
    """Events organised and the answers to them, per month, as grouped bars."""
    columns = {
        "events_organised": t("metric.events_organised", lang),
        "event_interested": t("metric.event_interested", lang),
        "event_attending": t("metric.event_attending", lang),
    }
    long = frame.melt("week", list(columns), var_name="series", value_name="value")
    long["series"] = long["series"].map(columns)
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X(
                "yearmonth(week):O",
                title=t("chart.month", lang),
                axis=alt.Axis(format="%m-%Y", labelAngle=0),
            ),
            xOffset=alt.XOffset("series:N", sort=list(columns.values())),
            y=alt.Y("sum(value):Q", title=t("chart.count", lang)),
            color=alt.Color(
                "series:N",
                title=None,
                sort=list(columns.values()),
                scale=alt.Scale(range=["#455a64", "#f9a825", "#2e7d32"]),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("yearmonth(week):O", title=t("chart.month", lang), format="%m-%Y"),
                alt.Tooltip("series:N", title=t("chart.kind", lang)),
                alt.Tooltip("sum(value):Q", title=t("chart.count", lang)),
            ],
        )
        .properties(height=280)
    )
