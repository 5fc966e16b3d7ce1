"""Cached engine and cached reads (cleared after every write)."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from hoplr_data.bootstrap import bootstrap
from hoplr_data.bottom_up import inbox
from hoplr_data.core import settings
from hoplr_data.core.config import get_settings
from hoplr_data.core.db import is_empty, make_engine
from hoplr_data.core.timeutil import now_local
from hoplr_data.stats import metrics, queries, series
from hoplr_data.stats import topics as topic_stats
from hoplr_data.top_down.results import Results, results
from hoplr_data.topics import card as topic_card
from hoplr_data.topics.card import ModelCard
from hoplr_data.users import accounts as users

TTL = 300
ROOT = Path(__file__).resolve().parent.parent
# The embedded demo is filled by the seed's own command, as a deployer would run it: the app
# never imports the seed package (tests/core/test_layers.py), and production never runs it.
DEMO_SEED_COMMAND = ("-m", "seed", "--scenario", "den-haag-pilot")


def database_url() -> str:
    """The database URL of this process (read each run so tests can point elsewhere)."""
    return get_settings().database_url


@st.cache_resource(show_spinner=False)
def engine_for(url: str) -> Engine:
    """One engine per database URL, bootstrapped; the embedded default is seeded with the demo."""
    engine = make_engine(url)
    bootstrap(engine)
    if get_settings().seed_demo and is_empty(engine):
        seed_demo(url)
    return engine


def seed_demo(url: str) -> None:
    """Load the pilot demo into the database at `url` with `python -m seed` (first start only)."""
    env = {**os.environ, "DATABASE_URL": url}
    done = subprocess.run(
        [sys.executable, *DEMO_SEED_COMMAND], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"the demo seed failed: {done.stderr.strip()[-2000:]}")


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
    """One row per buurt, small counts suppressed by the domain (k-rule)."""
    eng = engine_for(url)
    scope = queries.make_scope(eng, codes=list(codes), as_of=as_of)
    return series.per_buurt(eng, scope, k=k_threshold(url))


@st.cache_data(ttl=TTL, show_spinner=False)
def k_threshold(url: str) -> int:
    """The small-cell threshold k."""
    return settings.get_int(engine_for(url), "k_threshold")


@st.cache_data(ttl=30, show_spinner=False)
def all_users(url: str) -> list[dict]:
    """Every user (admin page)."""
    return users.list_users(engine_for(url))


def _scope(url: str, codes: tuple[str, ...], as_of: dt.date, start: dt.date | None = None):  # noqa: ANN202
    return queries.make_scope(engine_for(url), codes=list(codes), as_of=as_of, start=start)


@st.cache_data(ttl=TTL, show_spinner=False)
def topic_threshold(url: str) -> float:
    """Confidence below which a post's topic counts as unclear (0 to 1)."""
    return settings.get_int(engine_for(url), "topic_min_confidence_pct") / 100


@st.cache_data(ttl=TTL, show_spinner=False)
def topic_mix(
    url: str, codes: tuple[str, ...], as_of: dt.date, start: dt.date | None
) -> pd.DataFrame:
    """Posts per buurt and topic."""
    return topic_stats.mix_by_buurt(
        engine_for(url), _scope(url, codes, as_of, start), topic_threshold(url), k_threshold(url)
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def topic_trend(
    url: str, codes: tuple[str, ...], as_of: dt.date, start: dt.date | None, granularity: str
) -> pd.DataFrame:
    """Posts per period and topic."""
    scope = _scope(url, codes, as_of, start)
    return topic_stats.trend(
        engine_for(url), scope, topic_threshold(url), granularity, k_threshold(url)
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def topic_versus(url: str, code: str, as_of: dt.date, start: dt.date | None) -> pd.DataFrame:
    """Topic shares of one buurt next to the city."""
    eng = engine_for(url)
    scope = _scope(url, (), as_of, start)
    (buurt_id,) = queries.buurt_ids(eng, [code])
    return topic_stats.buurt_versus_city(
        eng, scope, buurt_id, topic_threshold(url), k_threshold(url)
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def topic_rising(
    url: str, codes: tuple[str, ...], as_of: dt.date, granularity: str
) -> pd.DataFrame:
    """Rising topics per buurt in the last complete period."""
    return topic_stats.rising(
        engine_for(url),
        _scope(url, codes, as_of),
        topic_threshold(url),
        granularity,
        k_threshold(url),
    )


@st.cache_resource(show_spinner=False)
def model_card() -> ModelCard:
    """The card of the topic model of this process (built by the domain)."""
    return topic_card.model_card()


@st.cache_data(ttl=10, show_spinner=False)
def inbox_list(url: str, flt: inbox.InboxFilter, lang: str) -> pd.DataFrame:
    """The inbox list (short cache: case handlers work it all day)."""
    return inbox.list_items(engine_for(url), flt, lang=lang, now=now_local())


@st.cache_data(ttl=TTL, show_spinner=False)
def inbox_categories(url: str, lang: str) -> list[dict]:
    """Categories with department and handling term."""
    return inbox.categories(engine_for(url), lang=lang)


@st.cache_data(ttl=TTL, show_spinner=False)
def inbox_handlers(url: str) -> list[str]:
    """Usernames items can be assigned to."""
    return inbox.case_handlers(engine_for(url))


@st.cache_data(ttl=TTL, show_spinner=False)
def publication_languages(url: str) -> list[str]:
    """The languages every top-down item must have."""
    return settings.publication_languages(engine_for(url))


@st.cache_data(ttl=TTL, show_spinner=False)
def publication_list(url: str, statuses: tuple[str, ...]) -> list[dict]:
    """Publications newest first (statuses empty: all)."""
    from hoplr_data.top_down.results import list_publications

    return list_publications(engine_for(url), statuses=statuses or None)


@st.cache_data(ttl=60, show_spinner=False)
def publication_results(url: str, publication_id: int, lang: str) -> Results:
    """Results of one publication, with the k-rule applied."""
    return results(
        engine_for(url), publication_id=publication_id, k=k_threshold(url), language=lang
    )


@st.cache_data(ttl=TTL, show_spinner=False)
def publication_calendar(
    url: str, start: dt.date, end: dt.date, buurt_ids: tuple[int, ...]
) -> list[dict]:
    """Calendar rows between two dates for some buurten (empty: all)."""
    from hoplr_data.top_down.results import calendar

    return calendar(engine_for(url), start=start, end=end, buurt_ids=list(buurt_ids) or None)


@st.cache_data(ttl=60, show_spinner=False)
def reach(url: str, buurt_ids: tuple[int, ...] | None) -> int:
    """Households registered now in some buurten (None: every buurt)."""
    from hoplr_data.top_down.checks import reach as registered_now

    ids = list(buurt_ids) if buurt_ids is not None else None
    return registered_now(engine_for(url), buurt_ids=ids, moment=now_local())


def clear_publications() -> None:
    """Forget cached publication reads after a composer write."""
    publication_list.clear()
    publication_results.clear()
    publication_calendar.clear()
