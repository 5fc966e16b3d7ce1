"""The demo's clock: every run of a page on the demo database stands at the demo date."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from hoplr_data.core import settings
from hoplr_data.core.i18n import fmt_date, t
from hoplr_data.core.timeutil import demo_date_in_use, use_demo_date

from . import data


@st.cache_data(ttl=300, show_spinner=False)
def demo_date(url: str) -> dt.date | None:
    """The demo date stored when the demo was seeded (None: production, the real clock)."""
    return settings.demo_date(data.engine_for(url))


def apply(url: str) -> None:
    """Put this run on the demo's clock (or the real one), before anything reads the time."""
    use_demo_date(demo_date(url))


def show(lang: str) -> None:
    """Say in the sidebar that the demo's clock stands still (nothing on the real clock)."""
    day = demo_date_in_use()
    if day is not None:
        st.caption(t("demo.clock", lang, date=fmt_date(day, lang)))
