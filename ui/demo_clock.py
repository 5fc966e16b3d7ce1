"""The demo's clock: every run of a page on the demo database stands at the demo date."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from hoplr_data import settings
from hoplr_data.i18n import t
from hoplr_data.timeutil import use_demo_date

from . import data


@st.cache_data(ttl=300, show_spinner=False)
def demo_date(url: str) -> dt.date | None:
    """The demo date stored when the demo was seeded (None: production, the real clock)."""
    return settings.demo_date(data.engine_for(url))


def apply_and_show(url: str, lang: str) -> None:
    """Put this run on the demo's clock (or the real one) and say so in the sidebar."""
    day = demo_date(url)
    use_demo_date(day)
    if day is not None:
        st.caption(t("demo.clock", lang, date=day.strftime("%d-%m-%Y")))
