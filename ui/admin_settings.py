"""Admin: settings (k, topic threshold, publication languages)."""

from __future__ import annotations

import streamlit as st

from hoplr_data.core import settings
from hoplr_data.core.i18n import LANGUAGE_NAMES, LANGUAGES

from . import data
from .forms import run_action
from .setup import PageContext


def settings_view(ctx: PageContext) -> None:
    """The settings tab: one form, saved in one go."""
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

            def save_settings() -> None:
                settings.set_int(
                    ctx.engine, actor_roles=list(ctx.roles), key="k_threshold", value=int(k_value)
                )
                settings.set_int(
                    ctx.engine,
                    actor_roles=list(ctx.roles),
                    key="topic_min_confidence_pct",
                    value=int(threshold_pct),
                )
                settings.set_publication_languages(
                    ctx.engine, actor_roles=list(ctx.roles), languages=publication_languages
                )

            run_action(ctx, save_settings, "admin.saved")
