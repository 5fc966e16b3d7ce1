"""Admin: buurten: the list, adding one and editing one."""

from __future__ import annotations

import streamlit as st

from hoplr_data.core import buurten
from hoplr_data.core.roles import Actor

from . import data
from .forms import forget_version, loaded_version, run_action
from .setup import PageContext


def buurten_view(ctx: PageContext) -> None:
    """The buurten tab."""
    all_buurten = data.buurten(ctx.url)
    st.dataframe(
        [
            {
                ctx.t("buurten.col.name"): b["name"],
                ctx.t("buurten.col.code"): b["code"],
                ctx.t("metric.households_total"): b["households"],
            }
            for b in all_buurten
        ],
        hide_index=True,
        width="stretch",
    )
    add_col, edit_col = st.columns(2)
    with add_col, st.form("add_buurt"):
        st.subheader(ctx.t("admin.add_buurt"))
        b_name = st.text_input(ctx.t("buurten.col.name"), max_chars=120)
        b_code = st.text_input(ctx.t("buurten.col.code"), max_chars=32)
        b_households = st.number_input(
            ctx.t("metric.households_total"), min_value=1, step=1, value=1000
        )
        if st.form_submit_button(ctx.t("admin.add_buurt"), type="primary"):
            run_action(
                ctx,
                lambda: buurten.add_buurt(
                    ctx.engine,
                    actor=Actor(ctx.username, tuple(ctx.roles)),
                    name=b_name,
                    code=b_code,
                    households=int(b_households),
                ),
                "admin.saved",
            )
    with edit_col:
        st.subheader(ctx.t("admin.edit_buurt"))
        by_code = {b["code"]: b for b in all_buurten}
        code = st.selectbox(
            ctx.t("buurten.col.code"),
            list(by_code),
            format_func=lambda c: by_code[c]["name"],
            key="w_edit_buurt",
        )
        if code:
            b = by_code[code]
            version_key = f"buurt_version_{b['id']}"
            version = loaded_version(version_key, b["version"])
            with st.form(f"edit_buurt_{b['id']}"):
                e_name = st.text_input(ctx.t("buurten.col.name"), value=b["name"], max_chars=120)
                e_code = st.text_input(ctx.t("buurten.col.code"), value=b["code"], max_chars=32)
                e_households = st.number_input(
                    ctx.t("metric.households_total"), min_value=1, step=1, value=b["households"]
                )
                if st.form_submit_button(ctx.t("admin.save"), type="primary"):
                    run_action(
                        ctx,
                        lambda: buurten.update_buurt(
                            ctx.engine,
                            actor=Actor(ctx.username, tuple(ctx.roles)),
                            buurt_id=b["id"],
                            version=version,
                            name=e_name,
                            code=e_code,
                            households=int(e_households),
                        ),
                        "admin.saved",
                        after=lambda: forget_version(version_key),
                    )
            if version != b["version"]:
                st.warning(ctx.t("error.stale_edit"))
                if st.button(ctx.t("admin.load_current"), key=f"reload_buurt_{b['id']}"):
                    forget_version(version_key)
