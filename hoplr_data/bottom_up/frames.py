"""What the inbox computes from a listed frame of items: team figures and the Open311 export."""

from __future__ import annotations

import datetime as dt

import pandas as pd


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


def open311(frame: pd.DataFrame) -> list[dict]:
    """The listed items as Open311 GeoReport v2 service requests."""
    out = []
    for row in frame.itertuples():
        updated = row.updated_at
        out.append(
            {
                "service_request_id": row.id,
                "status": OPEN311_STATUS[bool(row.open)],
                "status_notes": row.status,
                "service_code": row.category_code,
                "service_name": row.category,
                "description": row.text,
                "requested_datetime": _iso(row.created_at),
                "updated_datetime": _iso(updated),
                "expected_datetime": _iso(row.deadline),
                "address": row.address,
                "lat": None if pd.isna(row.lat) else row.lat,
                "long": None if pd.isna(row.lon) else row.lon,
                "media_url": row.photo_url,
                "agency_responsible": row.department,
            }
        )
    return out


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
