"""Metric cards: each figure with its definition as a tooltip."""

from __future__ import annotations

import streamlit as st

from hoplr_data.i18n import fmt_decimal, fmt_int, fmt_pct, t

PERCENT = {"registration_rate", "weekly_active_share_recent", "contributor_share"}
DECIMAL = {
    "new_registrations_per_month_recent",
    "posts_per_week_recent",
    "reactions_per_week_recent",
    "interactions_per_household",
}


def format_figure(key: str, value: float | None, lang: str) -> str:
    """A figure formatted for its kind (share, mean, count)."""
    if key in PERCENT:
        return fmt_pct(value, lang)
    if key in DECIMAL:
        return fmt_decimal(value, lang)
    return fmt_int(value, lang)


def metric_row(figures: dict, keys: list[str], lang: str) -> None:
    """A row of metric cards for the given figure keys."""
    for column, key in zip(st.columns(len(keys)), keys, strict=True):
        column.metric(
            t(f"metric.{key}", lang),
            format_figure(key, figures.get(key), lang),
            help=t(f"metric.{key}.help", lang),
            border=True,
        )
