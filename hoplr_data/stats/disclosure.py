"""Small-cell suppression (DESIGN.md privacy rule 2)."""

from __future__ import annotations

import pandas as pd


def suppressed_label(k: int) -> str:
    """How a suppressed cell is shown: '< k'."""
    return f"< {k}"


def suppress(frame: pd.DataFrame, counts: dict[str, list[str]], k: int) -> pd.DataFrame:
    """Replace each count below k, and the columns derived from it, by '< k'.

    `counts` maps a count column to the columns computed from it (rates, means) that would
    reveal it. Columns with a suppressed cell become text columns (numbers kept as text), so
    that they stay one type for tables and CSV files.
    """
    out = frame.copy()
    label = suppressed_label(k)
    for column, derived in counts.items():
        small = out[column].notna() & (out[column] < k)
        if not small.any():
            continue
        for name in [column, *derived]:
            out[name] = [
                label if hidden else _as_text(v) for hidden, v in zip(small, out[name], strict=True)
            ]
    return out


def _as_text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.4g}" if value == value else ""
    return str(value)
