"""Metric cards: each figure with its definition as a tooltip."""

from __future__ import annotations

import streamlit as st

from hoplr_data.core.i18n import fmt_value, t
from hoplr_data.stats.figures import figure


def format_figure(key: str, value: float | None, lang: str) -> str:
    """A figure formatted for its kind (share, mean, count) as the registry says."""
    return fmt_value(value, lang, figure(key).format)


# At most three cards side by side: at 1,280 px a card then leaves about 200 px for its title,
# enough for every title in Dutch, French and English (four cards leave 139 px and cut them).
PER_ROW = 3


def card_grid(cards: list[tuple[str, str, str]]) -> None:
    """Metric cards (title, value, definition) in rows of three equal columns."""
    for start in range(0, len(cards), PER_ROW):
        row = cards[start : start + PER_ROW]
        for column, (label, value, help_text) in zip(st.columns(PER_ROW)[: len(row)], row, strict=True):
            column.metric(label, value, help=help_text, border=True)


def metric_row(figures: dict, keys: list[str], lang: str) -> None:
    """Metric cards for the given figure keys: the registry's name, format and definition."""
    card_grid(
        [
            (
                t(figure(key).label_key, lang),
                format_figure(key, figures.get(key), lang),
                t(figure(key).help_key, lang),
            )
            for key in keys
        ]
    )
