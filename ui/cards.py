"""Metric cards: each figure with its definition as a tooltip."""

from __future__ import annotations

import streamlit as st

from hoplr_data.i18n import fmt_figure, t


def format_figure(key: str, value: float | None, lang: str) -> str:
    """A figure formatted for its kind (share, mean, count): one rule in hoplr_data.i18n."""
    return fmt_figure(key, value, lang)


def metric_row(figures: dict, keys: list[str], lang: str) -> None:
    """A row of metric cards for the given figure keys."""
    for column, key in zip(st.columns(len(keys)), keys, strict=True):
        column.metric(
            t(f"metric.{key}", lang),
            format_figure(key, figures.get(key), lang),
            help=t(f"metric.{key}.help", lang),
            border=True,
        )
