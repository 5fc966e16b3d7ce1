"""Cached engine and cached reads (cleared after every write)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from hoplr_data import metrics, queries, series, settings, users
from hoplr_data.config import get_settings
from hoplr_data.db import is_empty, make_engine, migrate

TTL = 300


def database_url() -> str:
    """The database URL of this process (read each run so tests can point elsewhere)."""
    return get_settings().database_url


@st.cache_resource(show_spinner=False)
def engine_for(url: str) -> Engine:
    """One engine per database URL, migrated; the embedded default is seeded with the demo."""
    engine = make_engine(url)
    migrate(engine)
    if get_settings().seed_demo and is_empty(engine):
        from seed.load import load_pilot

        load_pilot(engine)
    return engine


def engine() -> Engine:
    """The engine of this process."""
    return engine_for(database_url())


def clear_after_write() -> None:
    """Forget cached reads after a write."""
    st.cache_data.clear()


@st.cache_data(ttl=TTL, show_spinner=False)
def credentials(url: str) -> dict:
    """Active users for the authenticator."""
    return users.credentials(engine_for(url))


@st.cache_data(ttl=30, show_spinner=False)
def user(url: str, username: str) -> dict | None:
    """An active user's name, roles and language."""
    return users.get_user(engine_for(url), username)


@st.cache_data(ttl=TTL, show_spinner=False)
def buurten(url: str) -> list[dict]:
    """Every buurt."""
    return queries.buurten(engine_for(url))


@st.cache_data(ttl=TTL, show_spinner=False)
def data_range(url: str) -> tuple[dt.date, dt.date] | None:
    """First and last day with data."""
    return queries.data_range(engine_for(url))


@st.cache_data(ttl=TTL, show_spinner=False)
def summary(url: str, codes: tuple[str, ...], as_of: dt.date) -> dict:
    """Summary figures for buurt codes (empty: all) at a date."""
    eng = engine_for(url)
    scope = queries.make_scope(eng, codes=list(codes), as_of=as_of)
    return metrics.summary(eng, scope)


@st.cache_data(ttl=TTL, show_spinner=False)
def weekly(url: str, codes: tuple[str, ...], as_of: dt.date) -> pd.DataFrame:
    """Weekly series for buurt codes (empty: all) up to a date."""
    eng = engine_for(url)
    return series.weekly(eng, queries.make_scope(eng, codes=list(codes), as_of=as_of))


@st.cache_data(ttl=TTL, show_spinner=False)
def weekly_by_buurt(url: str, codes: tuple[str, ...], as_of: dt.date) -> pd.DataFrame:
    """Weekly series of each buurt, stacked, with the buurt's name in a 'buurt' column."""
    names = {b["code"]: b["name"] for b in buurten(url)}
    frames = [weekly(url, (code,), as_of).assign(buurt=names[code]) for code in codes]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


@st.cache_data(ttl=TTL, show_spinner=False)
def per_buurt(url: str, codes: tuple[str, ...], as_of: dt.date) -> pd.DataFrame:
    """One row per buurt."""
    eng = engine_for(url)
    return series.per_buurt(eng, queries.make_scope(eng, codes=list(codes), as_of=as_of))


@st.cache_data(ttl=TTL, show_spinner=False)
def k_threshold(url: str) -> int:
    """The small-cell threshold k."""
    return settings.get_int(engine_for(url), "k_threshold")


@st.cache_data(ttl=30, show_spinner=False)
def all_users(url: str) -> list[dict]:
    """Every user (admin page)."""
    return users.list_users(engine_for(url))
