"""Small-cell suppression (the k-rule, docs/figures.md): the one module that applies the k-rule."""

from __future__ import annotations

import pandas as pd

from hoplr_data.stats.figures import suppression_map


def suppressed_label(k: int) -> str:
    """How a suppressed cell is shown: '< k'."""
    return f"< {k}"


def suppress(frame: pd.DataFrame, counts: dict[str, list[str]], k: int) -> pd.DataFrame:
    """Replace each count below k, and the columns derived from it, by '< k'.

    `counts` maps a count column to the columns computed from it (rates, means) that would
    reveal it. Columns with a suppressed cell become text columns (numbers kept as text), so
    that they stay one type for tables and CSV files. Which cells are small is decided on the
    input, so a count that is also derived from another (contributors from households) is
    judged by its own value.
    """
    out = frame.copy()
    label = suppressed_label(k)
    hide = {}
    for column, derived in counts.items():
        small = frame[column].notna() & (frame[column] < k)
        for name in [column, *derived]:
            hide[name] = hide[name] | small if name in hide else small
    for name, hidden in hide.items():
        if hidden.any():
            out[name] = [
                label if h else _as_text(v) for h, v in zip(hidden, frame[name], strict=True)
            ]
    return out


def suppress_figures(frame: pd.DataFrame, k: int) -> pd.DataFrame:
    """A frame of registry figures (one row per buurt, week...) with the k-rule applied: every
    k-rule count under k, and each figure derived from it, reads '< k'."""
    return suppress(frame, suppression_map(list(frame.columns)), k)


def mark_small(frame: pd.DataFrame, count: str, k: int | None) -> pd.DataFrame:
    """The frame with a `suppressed` column: True where the count is under k (never without k)."""
    small = frame[count] < k if k is not None else pd.Series(False, index=frame.index)
    return frame.assign(suppressed=small.astype(bool))


def hide_marked(frame: pd.DataFrame, columns: list[str], k: int) -> pd.DataFrame:
    """The marked cells of the columns read '< k' (columns with one become text, as in
    `suppress`); the mark itself is dropped."""
    hidden = frame["suppressed"]
    out = frame.drop(columns=["suppressed"])
    if hidden.any():
        for name in columns:
            out[name] = [
                suppressed_label(k) if h else _as_text(v)
                for h, v in zip(hidden, frame[name], strict=True)
            ]
    return out


def _as_text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4g}" if value == value else ""
    return str(value)
