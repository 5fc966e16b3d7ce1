"""Small-cell suppression (DESIGN.md privacy rule 2)."""

from __future__ import annotations

import pandas as pd


def suppressed_label(k: int) -> str:
    """How a suppressed cell is shown: '< k'."""
    return f"< {k}"


def suppress(frame: pd.DataFrame, counts: dict[str, list[str]], k: int) -> pd.DataFrame:
    """Replace each count below k, and the columns derived from it, by '< k'.

    `counts` maps a count column to the columns computed from it (rates, means) that would
    reveal it. Columns with a suppressed cell become text columns.
    """
    out = frame.copy()
    label = suppressed_label(k)
    for column, derived in counts.items():
        small = out[column].notna() & (out[column] < k)
        if not small.any():
            continue
        for name in [column, *derived]:
            out[name] = out[name].astype(object)
            out.loc[small, name] = label
    return out
