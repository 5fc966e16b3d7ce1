"""Admin: categories, departments and the standard reply texts."""

from __future__ import annotations

import streamlit as st

from hoplr_data.bottom_up import admin as bottom_up_admin
from hoplr_data.bottom_up import inbox
from hoplr_data.bottom_up import workflow as wf
from hoplr_data.core.i18n import LANGUAGE_NAMES, LANGUAGES
from hoplr_data.core.roles import Actor

from .forms import forget_version, loaded_version, run_action
from .setup import PageContext


def categories_view(ctx: PageContext) -> None:
    """The categories tab."""
    rows = bottom_up_admin.category_rows(ctx.engine)
    depts = {d["code"]: d["name"] for d in bottom_up_admin.departments(ctx.engine, lang=ctx.lang)}
    st.dataframe(
        [
            {
                ctx.t("inbox.col.kind"): ctx.t(f"kind.{r['kind']}"),
                ctx.t("inbox.col.category"): r[f"name_{ctx.lang}"],
                ctx.t("inbox.col.department"): depts.get(
                    r["department_code"], r["department_code"]
                ),
                ctx.t("admin.handling_days"): r["handling_days"],
            }
            for r in rows
        ],
        hide_index=True,
        width="stretch",
    )
    cat_col, tpl_col = st.columns(2)
    with cat_col:
        st.subheader(ctx.t("admin.edit_category"))
        category_by_code = {r["code"]: r for r in rows}
        code = st.selectbox(
            ctx.t("inbox.col.category"),
            list(category_by_code),
            format_func=lambda c: category_by_code[c][f"name_{ctx.lang}"],
            key="w_edit_category",
        )
        if code:
            row = category_by_code[code]
            version_key = f"category_version_{code}"
            version = loaded_version(version_key, row["version"])
            with st.form(f"edit_category_{code}"):
                department = st.selectbox(
                    ctx.t("inbox.col.department"),
                    list(depts),
                    index=list(depts).index(row["department_code"]),
                    format_func=depts.get,
                )
                days = st.number_input(
                    ctx.t("admin.handling_days"),
                    min_value=1,
                    max_value=365,
                    step=1,
                    value=row["handling_days"],
                )
                names = {
                    lang: st.text_input(
                        f"{ctx.t('admin.col.name')} ({lang})",
                        value=row[f"name_{lang}"],
                        max_chars=120,
                    )
                    for lang in ("nl", "fr", "en")
                }
                if st.form_submit_button(ctx.t("admin.save"), type="primary"):
                    run_action(
                        ctx,
                        lambda: bottom_up_admin.update_category(
                            ctx.engine,
                            actor=Actor(ctx.username, tuple(ctx.roles)),
                            code=code,
                            version=version,
                            department_code=department,
                            handling_days=int(days),
                            names=names,
                        ),
                        "admin.saved",
                        after=lambda: forget_version(version_key),
                    )
            if version != row["version"]:
                st.warning(ctx.t("error.stale_edit"))
                if st.button(ctx.t("admin.load_current"), key=f"reload_category_{code}"):
                    forget_version(version_key)
        with st.form("add_department"):
            st.subheader(ctx.t("admin.add_department"))
            dept_code = st.text_input(ctx.t("buurten.col.code"), max_chars=32)
            dept_names = {
                lang: st.text_input(
                    f"{ctx.t('admin.col.name')} ({lang})", key=f"dept_name_{lang}", max_chars=120
                )
                for lang in ("nl", "fr", "en")
            }
            if st.form_submit_button(ctx.t("admin.add_department")):
                run_action(
                    ctx,
                    lambda: bottom_up_admin.add_department(
                        ctx.engine, actor=Actor(ctx.username, tuple(ctx.roles)), code=dept_code, names=dept_names
                    ),
                    "admin.saved",
                )
    with tpl_col:
        st.subheader(ctx.t("admin.templates"))
        kind = st.radio(
            ctx.t("inbox.col.kind"),
            ["report", "idea"],
            format_func=lambda k: ctx.t(f"kind.{k}"),
            horizontal=True,
            key="w_tpl_kind",
        )
        status = st.selectbox(
            ctx.t("inbox.col.status"),
            [s for s in wf.statuses(kind) if s not in ("new", "duplicate")],
            format_func=lambda s: ctx.t(f"status.{s}"),
            key="w_tpl_status",
        )
        language = st.selectbox(
            ctx.t("admin.col.language"),
            LANGUAGES,
            format_func=LANGUAGE_NAMES.get,
            key="w_tpl_language",
        )
        current = inbox.reply_templates(ctx.engine, kind).get((status, language), "")
        with st.form(f"template_{kind}_{status}_{language}"):
            text = st.text_area(ctx.t("admin.template_text"), value=current, height=160)
            if st.form_submit_button(ctx.t("admin.save"), type="primary"):
                run_action(
                    ctx,
                    lambda: bottom_up_admin.save_template(
                        ctx.engine,
                        actor=Actor(ctx.username, tuple(ctx.roles)),
                        kind=kind,
                        status=status,
                        language=language,
                        text=text,
                    ),
                    "admin.saved",
                )
