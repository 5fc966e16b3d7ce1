"""Tables: translated headers, numbers and dates in the user's language, CSV and XLSX downloads.

Streamlit's NumberColumn printf formats cannot write a decimal comma, so sortable tables are
shown through a pandas Styler: the cells read in the user's language while the values stay
numbers (a click on a column header sorts 8,5% before 12,4%). The downloads keep the raw values.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from hoplr_data.core.i18n import fmt_value, t
from hoplr_data.stats.figures import figure_format

from . import downloads


def translated(frame: pd.DataFrame, lang: str, keys: dict[str, str]) -> pd.DataFrame:
    """The frame's chosen columns, renamed to their labels (keys: column -> label key)."""
    return frame[list(keys)].rename(columns={c: t(k, lang) for c, k in keys.items()})


def figure_kinds(lang: str, keys: dict[str, str]) -> dict[str, str]:
    """The kind (share, mean, count) of each translated figure column."""
    return {t(label, lang): figure_format(column) for column, label in keys.items()}


def formatted(frame: pd.DataFrame, lang: str, kinds: dict[str, str] | None = None) -> pd.DataFrame:
    """Every cell as text in the language: numbers by kind, dates dd-mm-yyyy, text unchanged."""
    kinds = kinds or {}
    return pd.DataFrame(
        {column: [fmt_value(v, lang, kinds.get(column)) for v in frame[column]]
         for column in frame.columns},
        columns=frame.columns,
    )  # fmt: skip


def styled(frame: pd.DataFrame, lang: str, kinds: dict[str, str] | None = None) -> Styler:
    """The frame with display values in the language; the values themselves stay sortable."""
    kinds = kinds or {}
    return frame.style.format(
        {column: _formatter(lang, kinds.get(column)) for column in frame.columns}
    )


def _formatter(lang: str, kind: str | None):  # noqa: ANN202 - a cell formatter
    return lambda value: fmt_value(value, lang, kind)


def show(frame: pd.DataFrame, lang: str, keys: dict[str, str], file_name: str, key: str) -> None:
    """A table of figures with CSV and XLSX downloads of the same rows."""
    raw = translated(frame, lang, keys)
    kinds = figure_kinds(lang, keys)
    st.dataframe(styled(raw, lang, kinds), hide_index=True, width="stretch")
    downloads.download(raw, lang, file_name, key, kinds)


def side_by_side(
    frame: pd.DataFrame, codes: list[str], names: dict[str, str], lang: str, rows: dict[str, str]
) -> pd.DataFrame:
    """Figures as rows and the chosen buurten as columns, formatted for reading."""
    by_code = frame.set_index("code")
    return pd.DataFrame(
        {
            names[code]: [fmt_value(by_code.at[code, key], lang, figure_format(key)) for key in rows]
            for code in codes
        },
        index=[t(label, lang) for label in rows.values()],
    )


def show_frame(
    frame: pd.DataFrame, lang: str, file_name: str, key: str, kinds: dict[str, str] | None = None
) -> None:
    """A ready table (headers translated) shown in the language, with CSV and XLSX downloads;
    `kinds` names the share columns and the like (whole numbers count, dates are days)."""
    st.dataframe(styled(frame, lang, kinds), hide_index=True, width="stretch")
    downloads.download(frame, lang, file_name, key, kinds)
