"""What the inbox computes from a listed frame of items: team figures and the Open311 export."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from hoplr_data.core.export import neutralise_fields


def team_figures(frame: pd.DataFrame, now: dt.datetime) -> dict:
    """Backlog per week, median handling days per category, share handled on time."""
    if frame.empty:
        return {"backlog": pd.DataFrame(), "median_days": pd.DataFrame(), "on_time_share": None}
    start = frame["created_at"].min().normalize()
    weeks = pd.date_range(start - pd.Timedelta(days=start.weekday()), now, freq="W-SUN")
    closed = pd.to_datetime(frame["closed_at"])
    backlog = pd.DataFrame(
        {
            "week": weeks,
            "open": [
                int(((frame["created_at"] <= w) & (closed.isna() | (closed > w))).sum())
                for w in weeks
            ],
        }
    )
    done = frame[closed.notna()].copy()
    if done.empty:
        return {"backlog": backlog, "median_days": pd.DataFrame(), "on_time_share": None}
    done["days"] = (
        pd.to_datetime(done["closed_at"]) - done["created_at"]
    ).dt.total_seconds() / 86400
    median_days = done.groupby("category")["days"].median().round(1).reset_index()
    on_time_share = float((done["punctuality"] == "on_time").mean())
    return {"backlog": backlog, "median_days": median_days, "on_time_share": on_time_share}


OPEN311_STATUS = {True: "open", False: "closed"}
# Texts a resident, or a colleague, wrote: a spreadsheet opening the export must not run them.
OPEN311_TEXTS = ("status_notes", "service_name", "description", "address", "agency_responsible")


def open311(frame: pd.DataFrame) -> list[dict]:
    """The listed items as Open311 GeoReport v2 service requests: a missing value is None (JSON
    null, never NaN) and texts are neutralised for spreadsheets (hoplr_data.core.export)."""
    return [_open311_request(row) for row in frame.itertuples()]


def _open311_request(row: tuple) -> dict:
    """One item as a GeoReport v2 service request."""
    request = {
        "service_request_id": row.id,
        "status": OPEN311_STATUS[bool(row.open)],
        "status_notes": _present(row.status),
        "service_code": _present(row.category_code),
        "service_name": _present(row.category),
        "description": _present(row.text),
        "requested_datetime": _iso(row.created_at),
        "updated_datetime": _iso(row.updated_at),
        "expected_datetime": _iso(row.deadline),
        "address": _present(row.address),
        "lat": _present(row.lat),
        "long": _present(row.lon),
        "media_url": _present(row.photo_url),
        "agency_responsible": _present(row.department),
    }
    return neutralise_fields(request, OPEN311_TEXTS)


def _present(value: object) -> object:
    """The value, or None when it is missing (None, NaN, NaT); numpy numbers as Python's."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def _iso(value: object) -> str | None:
    """A naive local moment as ISO 8601 with the Amsterdam offset; None when missing."""
    if value is None or (isinstance(value, float) and value != value) or value is pd.NaT:
        return None
    stamp = pd.Timestamp(value)
    return (
        stamp.tz_localize("Europe/Amsterdam").isoformat()
        if stamp.tzinfo is None
        else stamp.isoformat()
    )
