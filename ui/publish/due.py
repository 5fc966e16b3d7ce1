"""Scheduled items whose moment has come: named on the Publish page, sent only when asked.

Viewing a page never writes; the `outbox export` job publishes due items on its own.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st
from sqlalchemy import Engine

from hoplr_data.core.i18n import t_plural
from hoplr_data.core.timeutil import now_local
from hoplr_data.top_down import publications as pub

from .. import data
from ..setup import PageContext

RELEASED_KEY = "pub_released"  # how many due items the last click sent out


def _release(engine: Engine, now: dt.datetime) -> None:
    """Button callback: publish the items that were due when the button was drawn.

    A callback runs before the page's run sets the demo clock, hence the moment as an argument.
    """
    st.session_state[RELEASED_KEY] = pub.release_due(engine, now=now)
    data.clear_publications()


def offer_release(ctx: PageContext) -> None:
    """Say how many scheduled items are due and offer to publish them now; report a release."""
    released = st.session_state.pop(RELEASED_KEY, 0)
    if released:
        st.success(t_plural("pub.released", released, ctx.lang))
    now = now_local()
    count = pub.due_count(ctx.engine, now=now)
    if count:
        st.info(t_plural("pub.due_waiting", count, ctx.lang))
        st.button(t_plural("pub.release_due", count, ctx.lang), icon=":material/send:",
                  on_click=_release, args=(ctx.engine, now), key="pub_release_due")  # fmt: skip
