"""Notifications: what happened to the user's items and publications, newest first."""

from ui.setup import setup_page

ctx = setup_page("statistics")

import streamlit as st

from hoplr_data.core.roles import Actor
from hoplr_data.users import notifications as nt
from ui import notification_views as views

st.title(ctx.t("notif.title"))
st.caption(ctx.t("notif.intro"))
notes = nt.list_for(ctx.engine, Actor(ctx.username, ctx.roles), lang=ctx.lang)
if not notes:
    st.info(ctx.t("notif.empty"))
    st.stop()
views.toolbar(ctx, notes)
for note in notes:
    views.card(ctx, note)
