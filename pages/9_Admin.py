"""Administration: users and roles, buurten, categories, settings, the audit log."""

from ui.setup import setup_page

ctx = setup_page("administer")

import streamlit as st

from ui.admin_audit import audit_view
from ui.admin_buurten import buurten_view
from ui.admin_categories import categories_view
from ui.admin_settings import settings_view
from ui.admin_users import users_view
from ui.forms import show_flash

SECTIONS = {
    "users": users_view,
    "buurten": buurten_view,
    "categories": categories_view,
    "settings": settings_view,
    "audit": audit_view,
}

st.title(ctx.t("admin.title"))
show_flash(ctx)
# A radio, not st.tabs: its choice is session state, so a save (which reruns) stays on its section.
section = st.radio(
    ctx.t("admin.section"),
    list(SECTIONS),
    format_func=lambda s: ctx.t(f"admin.tab.{s}"),
    horizontal=True,
    label_visibility="collapsed",
    key="admin_section",
)
SECTIONS[section](ctx)
