"""The status change and the message to the resident, with a preview that follows the text.

Not a form: a form holds its widgets' values until it is submitted, so a preview inside one
showed the text as it was before typing. Each widget has a key, so a refused save keeps it all.
"""

from __future__ import annotations

import streamlit as st

from hoplr_data.bottom_up import inbox
from hoplr_data.bottom_up import workflow as wf
from hoplr_data.core.i18n import LANGUAGE_NAMES, LANGUAGES

from .inbox_actions import run_item_action
from .setup import PageContext

NO_CHANGE = ""
REOPEN = "reopened"
NO_TEMPLATE_KEY = "inbox_no_template"


def _fill_template(item_id: str, templates: dict[tuple[str, str], str]) -> None:
    """The template button's callback: put the standard text in the message box (if any)."""
    target = st.session_state.get(f"target_{item_id}") or ""
    language = st.session_state.get(f"lang_{item_id}")
    text = templates.get((target, language))
    if text:
        st.session_state[f"message_{item_id}"] = text
    else:
        st.session_state[NO_TEMPLATE_KEY] = item_id


def status_panel(ctx: PageContext, item: dict, version: int) -> None:
    """New status (default: no change), reply language, message with preview, note, buttons."""
    item_id = item["id"]
    st.markdown(f"**{ctx.t('inbox.change_status')}**")
    targets = [s for s in wf.allowed_next(item["kind"], item["status"]) if s != "duplicate"]
    target = st.selectbox(
        ctx.t("inbox.new_status"),
        [NO_CHANGE, *targets],
        format_func=lambda s: ctx.t(f"status.{s}") if s else ctx.t("inbox.no_change"),
        key=f"target_{item_id}",
    )
    confirmed = True
    if target == REOPEN:
        confirmed = st.checkbox(ctx.t("inbox.confirm_reopen"), key=f"confirm_reopen_{item_id}")
    language = st.selectbox(
        ctx.t("inbox.reply_language"),
        LANGUAGES,
        index=LANGUAGES.index(item["language"]),
        format_func=LANGUAGE_NAMES.get,
        key=f"lang_{item_id}",
    )
    templates = inbox.reply_templates(ctx.engine, item["kind"])
    st.button(
        ctx.t("inbox.use_template"),
        key=f"template_{item_id}",
        on_click=_fill_template,
        args=(item_id, templates),
    )
    if st.session_state.pop(NO_TEMPLATE_KEY, None) == item_id:
        st.warning(ctx.t("inbox.no_template"))
    message = st.text_area(
        ctx.t("inbox.message"),
        key=f"message_{item_id}",
        height=140,
        help=ctx.t("inbox.message_help"),
    )
    if message:
        st.caption(ctx.t("inbox.preview"))
        st.text(message)
    else:
        st.caption(ctx.t("inbox.preview_hint"))
    note = st.text_area(ctx.t("inbox.note"), key=f"status_note_{item_id}", height=80)
    save, send = st.columns(2)
    if save.button(
        ctx.t("inbox.save_status"),
        type="primary",
        key=f"save_status_{item_id}",
        disabled=not targets,
    ):
        if target == NO_CHANGE:
            st.error(ctx.t("inbox.choose_status"))
        elif not confirmed:
            st.error(ctx.t("inbox.confirm_reopen_first"))
        else:
            run_item_action(
                ctx,
                "status",
                [item_id],
                version=version,
                to_status=target,
                message=message,
                language=language,
                note=note,
            )
    if send.button(ctx.t("inbox.send_message_only"), key=f"send_only_{item_id}"):
        run_item_action(ctx, "reply", [item_id], version=version, text=message, language=language)
