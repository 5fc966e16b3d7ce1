"""What every export goes through: one strict JSON encoder and one spreadsheet-formula guard.

JSON (Open311, the outbox, the CLI summary, later the audit): `dumps` writes standard JSON only.
A missing value (None, NaN, NaT, pandas NA) becomes ``null``; an infinity is refused
(``ValueError``: no figure may be infinite); dates and moments are ISO 8601; numpy scalars
become plain numbers. Python's own ``json.dumps`` writes ``NaN`` and ``Infinity``, which
JavaScript's ``JSON.parse`` and every strict parser refuse.

Spreadsheets (every CSV, .xlsx and the Open311 texts): `neutralise` puts a single quote before
text that a spreadsheet would run as a formula, i.e. text starting with = + - @ tab or carriage
return (OWASP, "CSV injection"); the value stays readable. Only text is touched: a negative
number stays a number.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import math
from collections.abc import Mapping

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text a spreadsheet would read as a formula gets a leading quote; the rest is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def neutralise_fields(record: Mapping[str, object], fields: tuple[str, ...]) -> dict:
    """A copy of the record with the named text fields neutralised."""
    return {key: neutralise(value) if key in fields else value for key, value in record.items()}


def dumps(obj: object, *, indent: int | None = None) -> str:
    """Strict JSON text of obj (see the module's docstring); non-ASCII kept as it is."""
    return json.dumps(_plain(obj), ensure_ascii=False, indent=indent, allow_nan=False)


def _plain(value: object) -> object:
    """The value with missing values as None and dates, numpy and pandas values as plain JSON."""
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(item) for item in value]
    if isinstance(value, str | bool | int) or value is None:
        return value
    return _scalar(value)


def _scalar(value: object) -> object:
    """One non-container value as a JSON value (None for anything missing)."""
    if hasattr(value, "item") and not isinstance(value, pd.Timestamp):  # numpy scalars
        value = value.item()
        if isinstance(value, str | bool | int) or value is None:
            return value
    if isinstance(value, float | decimal.Decimal):
        return _number(float(value))
    if _missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat()
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, pd.Timedelta | dt.timedelta):
        return value.total_seconds()
    raise TypeError(f"not exportable as JSON: {type(value).__name__}")


def _number(value: float) -> float | None:
    """A float, None when it is NaN; an infinity is an error (no figure may be infinite)."""
    if math.isnan(value):
        return None
    if math.isinf(value):
        raise ValueError("an infinite number cannot be exported as JSON")
    return value


def _missing(value: object) -> bool:
    """True for pandas' NaT and NA (None and NaN are handled before)."""
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
