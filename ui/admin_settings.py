"""Admin: settings (k, topic threshold, publication languages), saved together or not at all."""

from __future__ import annotations

import streamlit as st

from hoplr_data.core import settings
from hoplr_data.core.i18n import LANGUAGE_NAMES, LANGUAGES
from hoplr_data.core.roles import Actor

from . import data
from .forms import forget_version, run_action
from .setup import PageContext

VERSIONS_KEY = "settings_versions"  # the versions the form was loaded with


def settings_view(ctx: PageContext) -> None:
    """The settings tab: one form, saved in one transaction against the versions it showed."""
    stored = settings.versions(ctx.engine)
    seen = st.session_state.setdefault(VERSIONS_KEY, stored)
    with st.form("settings"):
        k_value = st.number_input(
            ctx.t("admin.k_threshold"),
            min_value=1,
            max_value=100,
            step=1,
            value=data.k_threshold(ctx.url),
            help=ctx.t("admin.k_threshold_help"),
        )
        threshold_pct = st.number_input(
            ctx.t("admin.topic_threshold"),
            min_value=0,
            max_value=100,
            step=5,
            value=round(data.topic_threshold(ctx.url) * 100),
            help=ctx.t("admin.topic_threshold_help"),
        )
        publication_languages = st.multiselect(
            ctx.t("admin.publication_languages"),
            LANGUAGES,
            default=data.publication_languages(ctx.url),
            format_func=LANGUAGE_NAMES.get,
            help=ctx.t("admin.publication_languages_help"),
        )
        if st.form_submit_button(ctx.t("admin.save"), type="primary"):
            ints = {"k_threshold": int(k_value), "topic_min_confidence_pct": int(threshold_pct)}
            run_action(
                ctx,
                lambda: settings.save(
                    ctx.engine, actor=Actor(ctx.username, tuple(ctx.roles)), ints=ints,
                    languages=publication_languages, versions=seen,
                ),  # fmt: skip
                "admin.saved",
                after=lambda: forget_version(VERSIONS_KEY),
            )
    if seen != stored:
        st.warning(ctx.t("error.stale_edit"))
        if st.button(ctx.t("admin.load_current"), key="reload_settings"):
            forget_version(VERSIONS_KEY)
            data.clear_after_write()  # show the values now stored, not the cached ones
            st.rerun()
