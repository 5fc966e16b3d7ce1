"""Admin: the users table, the add-user form, editing a user (deactivation asks first)."""

from __future__ import annotations

import streamlit as st

from hoplr_data.bottom_up import admin as bottom_up_admin
from hoplr_data.core.i18n import LANGUAGE_NAMES, LANGUAGES
from hoplr_data.core.roles import ROLES, Actor
from hoplr_data.users import accounts as users
from hoplr_data.users import lockout

from . import data
from .forms import forget_version, loaded_version, run_action
from .setup import PageContext

ADD_FORM_KEY = "admin_add_user_form"  # a new number after a success gives empty fields
CONFIRM_KEY = "admin_confirm_deactivate"


def users_view(ctx: PageContext) -> None:
    """The users tab: table, add form and edit form side by side."""
    all_users = data.all_users(ctx.url)
    st.dataframe(
        [
            {
                ctx.t("admin.col.username"): u["username"],
                ctx.t("admin.col.name"): u["name"],
                ctx.t("admin.col.roles"): ", ".join(_role(ctx, r) for r in u["roles"]),
                ctx.t("admin.col.language"): LANGUAGE_NAMES[u["language"]],
                ctx.t("admin.col.active"): u["active"],
            }
            for u in all_users
        ],
        hide_index=True,
        width="stretch",
    )
    add_col, edit_col = st.columns(2)
    with add_col:
        add_user_form(ctx)
    with edit_col:
        edit_user(ctx, all_users)
    locks_view(ctx)


def _role(ctx: PageContext, role: str) -> str:
    return ctx.t(f"role.{role}")


def add_user_form(ctx: PageContext) -> None:
    """Add a user; a refusal keeps every field, a success empties them (password included)."""
    generation = st.session_state.setdefault(ADD_FORM_KEY, 0)
    key = f"add_user_{generation}"
    with st.form(key):
        st.subheader(ctx.t("admin.add_user"))
        username = st.text_input(ctx.t("admin.col.username"), max_chars=64, key=f"{key}_username")
        name = st.text_input(ctx.t("admin.col.name"), max_chars=120, key=f"{key}_name")
        email = st.text_input(ctx.t("admin.col.email"), max_chars=200, key=f"{key}_email")
        roles = st.multiselect(
            ctx.t("admin.col.roles"), ROLES, format_func=lambda r: _role(ctx, r),
            placeholder=ctx.t("form.choose"), key=f"{key}_roles",
        )  # fmt: skip
        language = st.selectbox(
            ctx.t("admin.col.language"), LANGUAGES, format_func=LANGUAGE_NAMES.get,
            key=f"{key}_language",
        )  # fmt: skip
        password = st.text_input(
            ctx.t("admin.password"), type="password", help=ctx.t("admin.password_help"),
            key=f"{key}_password",
        )  # fmt: skip
        if st.form_submit_button(ctx.t("admin.add_user"), type="primary"):
            fields = {"username": username, "name": name, "email": email, "roles": roles,
                      "language": language, "password": password}  # fmt: skip
            run_action(
                ctx,
                lambda: users.add_user(
                    ctx.engine, actor=Actor(ctx.username, tuple(ctx.roles)), **fields
                ),
                "admin.user_added",
                after=lambda: st.session_state.update({ADD_FORM_KEY: generation + 1}),
            )


def edit_user(ctx: PageContext, all_users: list[dict]) -> None:
    """Edit a chosen user's name, roles, department and active flag; reset the password."""
    st.subheader(ctx.t("admin.edit_user"))
    by_name = {u["username"]: u for u in all_users}
    chosen = st.selectbox(ctx.t("admin.col.username"), list(by_name), key="w_edit_user")
    if not chosen:
        return
    u = by_name[chosen]
    version_key = f"user_version_{u['id']}"
    version = loaded_version(version_key, u["version"])
    with st.form(f"edit_user_{u['id']}"):
        name = st.text_input(ctx.t("admin.col.name"), value=u["name"], max_chars=120)
        roles = st.multiselect(
            ctx.t("admin.col.roles"), ROLES, default=u["roles"],
            format_func=lambda r: _role(ctx, r), placeholder=ctx.t("form.choose"),
        )  # fmt: skip
        active = st.checkbox(ctx.t("admin.col.active"), value=u["active"])
        depts = {
            d["code"]: d["name"] for d in bottom_up_admin.departments(ctx.engine, lang=ctx.lang)
        }
        options = ["", *depts]
        department = st.selectbox(
            ctx.t("inbox.col.department"), options, index=options.index(u["department_code"] or ""),
            format_func=lambda c: depts.get(c, "—"),
        )  # fmt: skip
        if st.form_submit_button(ctx.t("admin.save"), type="primary"):
            change = {"user_id": u["id"], "version": version, "roles": roles, "active": active,
                      "name": name, "department_code": department or None}  # fmt: skip
            if u["active"] and not active:
                st.session_state[CONFIRM_KEY] = change
            else:
                _save_user(ctx, change, version_key)
    _confirm_deactivation(ctx, u, version_key)
    _reset_password_form(ctx, u, version, version_key)
    if version != u["version"]:
        st.warning(ctx.t("error.stale_edit"))
        roles_text = ", ".join(_role(ctx, r) for r in u["roles"])
        st.text(ctx.t("admin.current_values", name=u["name"], roles=roles_text))
        if st.button(ctx.t("admin.load_current"), key=f"reload_user_{u['id']}"):
            forget_version(version_key)


def _save_user(ctx: PageContext, change: dict, version_key: str) -> None:
    run_action(
        ctx,
        lambda: users.update_user(
            ctx.engine, actor=Actor(ctx.username, tuple(ctx.roles)), **change
        ),
        "admin.saved",
        after=lambda: forget_version(version_key),
    )


def _confirm_deactivation(ctx: PageContext, user: dict, version_key: str) -> None:
    """Ask before a user is deactivated (their sessions end and they can no longer log in)."""
    pending = st.session_state.get(CONFIRM_KEY)
    if not pending or pending["user_id"] != user["id"]:
        return
    st.warning(ctx.t("admin.confirm_deactivate", username=user["username"]))
    yes_col, no_col = st.columns(2)
    if no_col.button(ctx.t("form.cancel"), key="deactivate_no"):
        st.session_state.pop(CONFIRM_KEY, None)
        st.rerun()
    if yes_col.button(ctx.t("admin.deactivate_yes"), type="primary", key="deactivate_yes"):
        st.session_state.pop(CONFIRM_KEY, None)
        _save_user(ctx, pending, version_key)


def _reset_password_form(ctx: PageContext, user: dict, version: int, version_key: str) -> None:
    with st.form(f"reset_password_{user['id']}", clear_on_submit=True):
        password = st.text_input(
            ctx.t("admin.new_password"), type="password", help=ctx.t("admin.password_help")
        )
        if st.form_submit_button(ctx.t("admin.reset_password")):
            run_action(
                ctx,
                lambda: users.reset_password(
                    ctx.engine,
                    actor=Actor(ctx.username, tuple(ctx.roles)),
                    user_id=user["id"],
                    version=version,
                    password=password,
                ),  # fmt: skip
                "admin.password_reset",
                after=lambda: forget_version(version_key),
            )


def _lock_label(ctx: PageContext, key: str) -> str:
    """'Account: ans' or 'Address: 10.0.0.1' in the page's language."""
    kind, _, value = key.partition(":")
    return ctx.t(f"admin.lock_{kind}", value=value)


def locks_view(ctx: PageContext) -> None:
    """Accounts and client addresses locked after failed logins; an admin lifts a lock."""
    st.subheader(ctx.t("admin.locks"))
    found = lockout.locks(ctx.engine)
    if not found:
        st.text(ctx.t("admin.locks_none"))
        return
    st.dataframe(
        [
            {
                ctx.t("admin.lock_col"): _lock_label(ctx, f["key"]),
                ctx.t("admin.locked_until"): f["locked_until"].strftime("%H:%M UTC"),
            }
            for f in found
        ],
        hide_index=True,
    )
    keys = [f["key"] for f in found]
    chosen = st.selectbox(
        ctx.t("admin.lock_col"), keys, format_func=lambda k: _lock_label(ctx, k), key="w_lock"
    )
    if st.button(ctx.t("admin.lift"), key="lift_lock"):
        actor = Actor(ctx.username, tuple(ctx.roles))
        run_action(ctx, lambda: lockout.lift(ctx.engine, actor=actor, key=chosen), "admin.lifted")
