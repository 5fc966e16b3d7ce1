"""Buurten, comparison tab: the chosen buurten beside the average buurt of the city, a
registration-rate chart with the city's rate as a rule, and the table as CSV/XLSX."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from hoplr_data.core.i18n import t
from hoplr_data.stats import queries, series

from . import charts, data, downloads, tables

CITY = "__city__"
RATE_CHART_HEIGHT = 150  # title, subtitle and axis; each buurt adds a bar of 40 px


@st.cache_data(ttl=data.TTL, show_spinner=False)
def city_average(url: str, as_of: dt.date) -> dict[str, float | None]:
    """The city's average buurt (hoplr_data.stats.series.average_buurt)."""
    eng = data.engine_for(url)
    return series.average_buurt(eng, queries.make_scope(eng, codes=None, as_of=as_of))


def with_city(table: pd.DataFrame, city: dict, label: str) -> pd.DataFrame:
    """The per-buurt table with one more row: the city's average buurt."""
    row = {column: city.get(column) for column in table.columns}
    row.update({"code": CITY, "name": label})
    return pd.concat([table, pd.DataFrame([row])], ignore_index=True)


def rate_chart(
    frame: pd.DataFrame, city_rate: float, lang: str, about: charts.Scope
) -> alt.LayerChart:
    """Registration rate per compared buurt as bars, the city's rate as a dashed rule."""
    label = t("metric.registration_rate", lang)
    city = t("buurten.city_average", lang)
    bars = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            y=alt.Y("name:N", title=None, sort=None),
            x=alt.X("registration_rate:Q", title=label, axis=alt.Axis(format=charts.SHARE)),
            tooltip=[
                alt.Tooltip("name:N", title=t("buurten.col.name", lang)),
                alt.Tooltip("registration_rate:Q", title=label, format=charts.SHARE),
            ],
        )
    )
    rule_data = pd.DataFrame({"rate": [city_rate], "what": [city]})
    rule = (
        alt.Chart(rule_data)
        .mark_rule(color="#d62728", strokeDash=[6, 4], size=2)
        .encode(
            x="rate:Q",
            tooltip=[
                alt.Tooltip("what:N", title=""),
                alt.Tooltip("rate:Q", title=label, format=charts.SHARE),
            ],
        )  # fmt: skip
    )
    text = rule.mark_text(align="left", dx=4, dy=-6, color="#d62728").encode(text="what:N")
    chart = alt.layer(bars, rule, text).properties(height=40 * len(frame))
    return charts.localised(chart, lang, t("chart.title.registration_compare", lang), about)


def show(
    ctx_lang: str,
    url: str,
    table: pd.DataFrame,
    chosen: list[str],
    names: dict[str, str],
    as_of: dt.date,
    rows: dict[str, str],
    about: charts.Scope,
) -> None:
    """The comparison: chart, table with the city's average buurt, and its downloads."""
    city = city_average(url, as_of)
    label = t("buurten.city_average", ctx_lang)
    compared = table[table["code"].isin(chosen)].set_index("code").loc[chosen].reset_index()
    if city["registration_rate"] is not None:
        chart = rate_chart(compared, city["registration_rate"], ctx_lang, about)
        st.altair_chart(chart, width="stretch", height=RATE_CHART_HEIGHT + 40 * len(chosen))
    full = with_city(table, city, label)
    side = tables.side_by_side(full, [*chosen, CITY], {**names, CITY: label}, ctx_lang, rows)
    st.dataframe(side, width="stretch")
    st.caption(t("buurten.compare_city_help", ctx_lang))
    export = full.set_index("code").loc[[*chosen, CITY]].reset_index()
    export["name"] = [names.get(c, label) for c in export["code"]]
    keys = {"name": "buurten.col.name", **rows}
    downloads.download(tables.translated(export, ctx_lang, keys), ctx_lang,
                       f"buurten-compare-{as_of.isoformat()}", "dl_compare",
                       tables.figure_kinds(ctx_lang, keys))  # fmt: skip
