"""Administration: users and roles, buurten, settings."""

from ui.setup import setup_page

ctx = setup_page("administer")

import streamlit as st

from hoplr_data import bottom_up_admin, buurten, inbox, settings, users
from hoplr_data import workflow as wf
from hoplr_data.i18n import LANGUAGE_NAMES, LANGUAGES
from hoplr_data.roles import ROLES
from ui import data
from ui.forms import forget_version, loaded_version, run_action, show_flash

st.title(ctx.t("admin.title"))
show_flash(ctx)
users_tab, buurten_tab, categories_tab, settings_tab = st.tabs(
    [
        ctx.t("admin.tab.users"),
        ctx.t("admin.tab.buurten"),
        ctx.t("admin.tab.categories"),
        ctx.t("admin.tab.settings"),
    ]
)
role_label = lambda r: ctx.t(f"role.{r}")  # noqa: E731

with users_tab:
    all_users = data.all_users(ctx.url)
    st.dataframe(
        [
            {
                ctx.t("admin.col.username"): u["username"],
                ctx.t("admin.col.name"): u["name"],
                ctx.t("admin.col.roles"): ", ".join(role_label(r) for r in u["roles"]),
                ctx.t("admin.col.language"): LANGUAGE_NAMES[u["language"]],
                ctx.t("admin.col.active"): u["active"],
            }
            for u in all_users
        ],
        hide_index=True,
        width="stretch",
    )
    add_col, edit_col = st.columns(2)
    with add_col, st.form("add_user"):
        st.subheader(ctx.t("admin.add_user"))
        new_username = st.text_input(ctx.t("admin.col.username"), max_chars=64)
        new_name = st.text_input(ctx.t("admin.col.name"), max_chars=120)
        new_email = st.text_input(ctx.t("admin.col.email"), max_chars=200)
        new_roles = st.multiselect(
            ctx.t("admin.col.roles"),
            ROLES,
            format_func=role_label,
            placeholder=ctx.t("form.choose"),
        )
        new_language = st.selectbox(
            ctx.t("admin.col.language"), LANGUAGES, format_func=LANGUAGE_NAMES.get
        )
        new_password = st.text_input(
            ctx.t("admin.password"), type="password", help=ctx.t("admin.password_help")
        )
        if st.form_submit_button(ctx.t("admin.add_user"), type="primary"):
            run_action(
                ctx,
                lambda: users.add_user(
                    ctx.engine,
                    actor_roles=list(ctx.roles),
                    username=new_username,
                    name=new_name,
                    email=new_email,
                    roles=new_roles,
                    language=new_language,
                    password=new_password,
                ),
                "admin.user_added",
            )
    with edit_col:
        st.subheader(ctx.t("admin.edit_user"))
        by_name = {u["username"]: u for u in all_users}
        chosen = st.selectbox(ctx.t("admin.col.username"), list(by_name), key="w_edit_user")
        if chosen:
            u = by_name[chosen]
            version_key = f"user_version_{u['id']}"
            version = loaded_version(version_key, u["version"])
            with st.form(f"edit_user_{u['id']}"):
                name = st.text_input(ctx.t("admin.col.name"), value=u["name"], max_chars=120)
                roles = st.multiselect(
                    ctx.t("admin.col.roles"),
                    ROLES,
                    default=u["roles"],
                    format_func=role_label,
                    placeholder=ctx.t("form.choose"),
                )
                active = st.checkbox(ctx.t("admin.col.active"), value=u["active"])
                user_depts = {
                    d["code"]: d["name"]
                    for d in bottom_up_admin.departments(ctx.engine, lang=ctx.lang)
                }
                dept_options = ["", *user_depts]
                department = st.selectbox(
                    ctx.t("inbox.col.department"),
                    dept_options,
                    index=dept_options.index(u["department_code"] or ""),
                    format_func=lambda c: user_depts.get(c, "—"),
                )
                if st.form_submit_button(ctx.t("admin.save"), type="primary"):
                    run_action(
                        ctx,
                        lambda: users.update_user(
                            ctx.engine,
                            actor_roles=list(ctx.roles),
                            actor_username=ctx.username,
                            user_id=u["id"],
                            version=version,
                            roles=roles,
                            active=active,
                            name=name,
                            department_code=department or None,
                        ),
                        "admin.saved",
                        after=lambda: forget_version(version_key),
                    )
            with st.form(f"reset_password_{u['id']}", clear_on_submit=True):
                password = st.text_input(
                    ctx.t("admin.new_password"), type="password", help=ctx.t("admin.password_help")
                )
                if st.form_submit_button(ctx.t("admin.reset_password")):
                    run_action(
                        ctx,
                        lambda: users.reset_password(
                            ctx.engine,
                            actor_roles=list(ctx.roles),
                            user_id=u["id"],
                            version=version,
                            password=password,
                        ),
                        "admin.password_reset",
                        after=lambda: forget_version(version_key),
                    )
            if version != u["version"]:
                st.warning(ctx.t("error.stale_edit"))
                st.text(
                    ctx.t(
                        "admin.current_values",
                        name=u["name"],
                        roles=", ".join(role_label(r) for r in u["roles"]),
                    )
                )
                if st.button(ctx.t("admin.load_current"), key=f"reload_user_{u['id']}"):
                    forget_version(version_key)

with buurten_tab:
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
                    actor_roles=list(ctx.roles),
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
                            actor_roles=list(ctx.roles),
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

with categories_tab:
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
                            actor_roles=list(ctx.roles),
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
                        ctx.engine, actor_roles=list(ctx.roles), code=dept_code, names=dept_names
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
                        actor_roles=list(ctx.roles),
                        kind=kind,
                        status=status,
                        language=language,
                        text=text,
                    ),
                    "admin.saved",
                )

with settings_tab, st.form("settings"):
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
        format_func=lambda lang: ctx.t(f"language.{lang}"),
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
