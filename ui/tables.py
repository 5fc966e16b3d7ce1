"""Tables: translated headers, number formats, suppressed cells and CSV downloads."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from hoplr_data.i18n import t

from .cards import DECIMAL, PERCENT, format_figure


def translated(frame: pd.DataFrame, lang: str, keys: dict[str, str]) -> pd.DataFrame:
    """The frame's chosen columns, renamed to their labels (keys: column -> label key)."""
    return frame[list(keys)].rename(columns={c: t(k, lang) for c, k in keys.items()})


def column_config(frame: pd.DataFrame, lang: str, keys: dict[str, str]) -> dict:
    """Number formats for numeric columns (suppressed text columns are left as text)."""
    config = {}
    for column, key in keys.items():
        label = t(key, lang)
        if not pd.api.types.is_numeric_dtype(frame[column]):
            continue
        if column in PERCENT:
            config[label] = st.column_config.NumberColumn(label, format="percent")
        elif column in DECIMAL:
            config[label] = st.column_config.NumberColumn(label, format="%.1f")
    return config


def show(frame: pd.DataFrame, lang: str, keys: dict[str, str], file_name: str, key: str) -> None:
    """A sortable table with a CSV download of exactly what is shown."""
    shown = translated(frame, lang, keys)
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config=column_config(frame, lang, keys),
    )
    st.download_button(
        t("table.download_csv", lang),
        shown.to_csv(index=False).encode("utf-8"),
        file_name=file_name,
        mime="text/csv",
        key=key,
        icon=":material/download:",
    )


def side_by_side(
    frame: pd.DataFrame, codes: list[str], names: dict[str, str], lang: str, rows: dict[str, str]
) -> pd.DataFrame:
    """Figures as rows and the chosen buurten as columns, formatted for reading."""
    by_code = frame.set_index("code")
    return pd.DataFrame(
        {
            names[code]: [
                value if isinstance(value, str) else format_figure(key, value, lang)
                for key, value in ((key, by_code.at[code, key]) for key in rows)
            ]
            for code in codes
        },
        index=[t(label, lang) for label in rows.values()],
    )


def show_frame(frame: pd.DataFrame, lang: str, file_name: str, key: str) -> None:
    """A ready-to-show table (headers already translated) with a CSV download of it."""
    st.dataframe(frame, hide_index=True, width="stretch")
    st.download_button(
        t("table.download_csv", lang),
        frame.to_csv(index=False).encode("utf-8"),
        file_name=file_name,
        mime="text/csv",
        key=key,
        icon=":material/download:",
    )
