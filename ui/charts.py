"""Altair charts in the user's language, each with its title, source, period and selection inside
the chart (so that an exported PNG stands on its own)."""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from dataclasses import dataclass

import altair as alt
import pandas as pd

from hoplr_data.core.i18n import D3_FORMATS, fmt_date, t, vega_locale
from hoplr_data.core.timeutil import demo_date_in_use

SHARE = D3_FORMATS["share"]
COUNT = D3_FORMATS["count"]
MEAN = D3_FORMATS["mean"]
DAY = "%d-%m-%Y"
MONTH = "%b %Y"
MONTH_LONG = "%B %Y"


@dataclass(frozen=True)
class Scope:
    """What a chart is about: its source, its period and the buurten it covers."""

    source: str
    period: str
    selection: str

    def subtitle(self) -> list[str]:
        """The chart's subtitle lines: source, then period and selection (wrapped)."""
        return [self.source, *textwrap.wrap(f"{self.period} · {self.selection}", 110)]


def source(lang: str) -> str:
    """'Service Dashboard · <municipality>' (HOPLR_MUNICIPALITY, or the pilot in the demo)."""
    place = os.environ.get("HOPLR_MUNICIPALITY", "").strip()
    if not place and demo_date_in_use() is not None:
        place = t("chart.place_demo", lang)
    return f"Service Dashboard · {place}" if place else "Service Dashboard"


def period(lang: str, start: dt.date | None, end: dt.date | None) -> str:
    """'06-01-2020 – 28-06-2020' (or one day)."""
    if start is None or start == end:
        return fmt_date(end, lang)
    return f"{fmt_date(start, lang)} – {fmt_date(end, lang)}"


def scope(lang: str, selection: str, start: dt.date | None, end: dt.date | None) -> Scope:
    """The scope of the page's charts."""
    return Scope(source(lang), period(lang, start, end), selection)


def first_week(frame: pd.DataFrame, column: str = "week") -> dt.date | None:
    """The first day a weekly frame covers."""
    return None if frame.empty else pd.Timestamp(frame[column].min()).date()


def localised(chart: alt.TopLevelMixin, lang: str, title: str, about: Scope) -> alt.TopLevelMixin:
    """The one finishing step of every chart: title and subtitle inside it, and Vega-Lite's
    number and time locale of the language (decimal comma, day and month names); legend labels
    are never cut."""
    return chart.properties(
        title=alt.TitleParams(
            text=textwrap.wrap(title, 90) or [""],
            subtitle=about.subtitle(),
            anchor="start",
            subtitleColor="#555555",
        )
    ).configure(locale=vega_locale(lang), legend=alt.LegendConfig(labelLimit=0))


def _week_axis(lang: str) -> alt.X:
    return alt.X("week:T", title=t("chart.week", lang), axis=alt.Axis(format=DAY))


def _week_tooltip(lang: str) -> alt.Tooltip:
    return alt.Tooltip("week:T", title=t("chart.week", lang), format=DAY)


def registrations(frame: pd.DataFrame, lang: str, about: Scope) -> alt.LayerChart:
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
                _week_tooltip(lang),
                alt.Tooltip("kind:N", title=t("chart.kind", lang)),
                alt.Tooltip("count:Q", title=t("chart.count", lang), format=COUNT),
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
                _week_tooltip(lang),
                alt.Tooltip(
                    "households_registered:Q",
                    title=t("chart.households_registered", lang),
                    format=COUNT,
                ),
            ],
        )
    )
    chart = alt.layer(bars, line).resolve_scale(y="independent").properties(height=300)
    return localised(chart, lang, t("chart.title.registrations", lang), about)


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
                _week_tooltip(lang),
                alt.Tooltip("series:N", title=t("chart.kind", lang)),
                alt.Tooltip("value:Q", title=t("chart.count", lang), format=COUNT),
            ],
        )
        .properties(height=280)
    )


def posts_and_reactions(frame: pd.DataFrame, lang: str, about: Scope) -> alt.Chart:
    """Weekly posts and reactions as two lines."""
    columns = {"posts": t("chart.posts", lang), "reactions": t("chart.reactions", lang)}
    chart = weekly_lines(frame, columns, lang, t("chart.per_week", lang))
    return localised(chart, lang, t("chart.title.posts_reactions", lang), about)


def active_share(
    frame: pd.DataFrame, lang: str, about: Scope, color: str | None = None
) -> alt.Chart:
    """Weekly active share as a line (by buurt when a 'buurt' column is present)."""
    encoding = {
        "x": _week_axis(lang),
        "y": alt.Y(
            "weekly_active_share:Q",
            title=t("metric.weekly_active_share_recent", lang),
            axis=alt.Axis(format=SHARE),
            scale=alt.Scale(domain=[0, 1]),
        ),
        "tooltip": [
            _week_tooltip(lang),
            alt.Tooltip("weekly_active_share:Q", title=t("chart.share", lang), format=SHARE),
        ],
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=None, legend=alt.Legend(orient="top"))
        encoding["tooltip"].insert(0, alt.Tooltip(f"{color}:N", title=t("buurten.col.name", lang)))
    chart = alt.Chart(frame).mark_line(point=True).encode(**encoding).properties(height=280)
    return localised(chart, lang, t("chart.title.active_share", lang), about)


def events(frame: pd.DataFrame, lang: str, about: Scope) -> alt.Chart:
    """Events organised and the answers to them, per month, as grouped bars."""
    columns = {
        "events_organised": t("metric.events_organised", lang),
        "event_interested": t("metric.event_interested", lang),
        "event_attending": t("metric.event_attending", lang),
    }
    long = frame.melt("week", list(columns), var_name="series", value_name="value")
    long["series"] = long["series"].map(columns)
    chart = (
        alt.Chart(long)
        .mark_bar()
        .encode(
            x=alt.X(
                "yearmonth(week):O",
                title=t("chart.month", lang),
                axis=alt.Axis(format=MONTH, labelAngle=0),
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
                alt.Tooltip("yearmonth(week):O", title=t("chart.month", lang), format=MONTH_LONG),
                alt.Tooltip("series:N", title=t("chart.kind", lang)),
                alt.Tooltip("sum(value):Q", title=t("chart.count", lang), format=COUNT),
            ],
        )
        .properties(height=280)
    )
    return localised(chart, lang, t("chart.title.events", lang), about)
