"""Sidebar filters shared by pages: buurten and as-of date, kept across page switches."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

from hoplr_data.core.timeutil import demo_date_in_use, today_local

from . import data
from .setup import PageContext

BUURTEN_KEY = "sel_buurten"
AS_OF_KEY = "sel_as_of"


@dataclass(frozen=True)
class Filters:
    """The user's current choice: buurt codes (empty: all) and as-of date."""

    codes: tuple[str, ...]
    as_of: dt.date
    names: dict[str, str]

    def label(self, ctx: PageContext) -> str:
        """A short description of the selection."""
        if not self.codes:
            return ctx.t("filters.all_buurten", count=len(self.names))
        return ", ".join(self.names[c] for c in self.codes)


def _persisted(widget_key: str, shared_key: str, default: object) -> None:
    """Hand the shared choice to its widget each run (widget values do not survive a page
    switch); the widget's on_change copies a new choice back before the run starts."""
    st.session_state[widget_key] = st.session_state.setdefault(shared_key, default)


def _keep(widget_key: str, shared_key: str) -> None:
    st.session_state[shared_key] = st.session_state[widget_key]


def _clocked(span: tuple[dt.date, dt.date] | None) -> tuple[dt.date, dt.date]:
    """The data's span, ending at the demo date on the demo's clock (today when empty)."""
    today = today_local()
    if span is None:
        return today, today
    demo = demo_date_in_use()
    return (span[0], max(span[0], min(span[1], demo))) if demo else span


def sidebar_filters(ctx: PageContext) -> Filters:
    """Draw the buurt and as-of filters in the sidebar and return the choice."""
    buurten = data.buurten(ctx.url)
    names = {b["code"]: b["name"] for b in buurten}
    span = _clocked(data.data_range(ctx.url))
    st.session_state[BUURTEN_KEY] = [c for c in st.session_state.get(BUURTEN_KEY, []) if c in names]
    _persisted("w_buurten", BUURTEN_KEY, [])
    if not span[0] <= st.session_state.get(AS_OF_KEY, span[1]) <= span[1]:
        st.session_state[AS_OF_KEY] = span[1]
    _persisted("w_as_of", AS_OF_KEY, span[1])
    with ctx.filters_slot:
        st.divider()
        st.subheader(ctx.t("filters.title"))
        codes = st.multiselect(
            ctx.t("filters.buurten"),
            list(names),
            format_func=names.get,
            key="w_buurten",
            on_change=_keep,
            args=("w_buurten", BUURTEN_KEY),
            placeholder=ctx.t("filters.all_buurten", count=len(names)),
            help=ctx.t("filters.buurten_help"),
        )
        as_of = st.date_input(
            ctx.t("filters.as_of"),
            min_value=span[0],
            max_value=span[1],
            key="w_as_of",
            on_change=_keep,
            args=("w_as_of", AS_OF_KEY),
            format="DD-MM-YYYY",
            help=ctx.t("filters.as_of_help"),
        )
    return Filters(tuple(sorted(codes)), as_of, names)


START_KEY = "sel_topic_start"
GRANULARITY_KEY = "sel_granularity"


def topic_filters(ctx: PageContext, filters: Filters) -> tuple[dt.date, str]:
    """The Topics page's own filters: first day of the period and week or month."""
    span = data.data_range(ctx.url) or (filters.as_of, filters.as_of)
    if not span[0] <= st.session_state.get(START_KEY, span[0]) <= filters.as_of:
        st.session_state[START_KEY] = span[0]
    _persisted("w_topic_start", START_KEY, span[0])
    _persisted("w_granularity", GRANULARITY_KEY, "week")
    with ctx.filters_slot:
        start = st.date_input(
            ctx.t("filters.start"),
            min_value=span[0],
            max_value=filters.as_of,
            key="w_topic_start",
            format="DD-MM-YYYY",
            on_change=_keep,
            args=("w_topic_start", START_KEY),
        )
        granularity = st.radio(
            ctx.t("filters.granularity"),
            ["week", "month"],
            format_func=lambda g: ctx.t(f"chart.{g}"),
            horizontal=True,
            key="w_granularity",
            on_change=_keep,
            args=("w_granularity", GRANULARITY_KEY),
        )
    return start, granularity
