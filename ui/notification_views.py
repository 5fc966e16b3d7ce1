"""Notifications in the sidebar (badges on the navigation) and on their own page."""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from hoplr_data.core.i18n import fmt_datetime, fmt_int, t
from hoplr_data.core.roles import Actor, allows
from hoplr_data.users import notifications as nt

from . import data
from .nav import NavItem

if TYPE_CHECKING:
    from .setup import PageContext

PAGE = "pages/6_Notifications.py"
INBOX = "pages/3_Inbox.py"
RESULTS = "pages/5_Results.py"


@st.cache_data(ttl=30, show_spinner=False)
def counts(url: str, username: str) -> tuple[int, int]:
    """Unread notifications and items with a new reply assigned to the user (short cache).

    Reads only: due-soon notifications are worked out, not stored, by `unread_count`."""
    engine = data.engine_for(url)
    return nt.unread_count(engine, username), nt.new_reply_count(engine, username)


def nav_label(item: NavItem, url: str, lang: str, user: dict) -> tuple[str, str | None]:
    """A navigation entry's label with a badge (unread notifications, new replies) and its help."""
    label = t(item.label_key, lang)
    if item.path not in (PAGE, INBOX):
        return label, None
    unread, replies = counts(url, user["username"])
    if item.path == PAGE and unread:
        return f"{label} :red-badge[{fmt_int(unread, lang)}]", t(
            "sidebar.unread_notifications", lang
        )
    if item.path == INBOX and replies and allows(user["roles"], "triage"):
        return f"{label} :orange-badge[{fmt_int(replies, lang)}]", t("sidebar.new_replies", lang)
    return label, None


def _actor(ctx: PageContext) -> Actor:
    return Actor(ctx.username, ctx.roles)


def _refresh() -> None:
    counts.clear()
    st.rerun()


def message(ctx: PageContext, note: dict) -> str:
    """The notification's sentence in the user's language."""
    item = f"{ctx.t('kind.' + note['item_kind'])} {note['item_id']}" if note["item_id"] else ""
    if note["kind"] == "assigned":
        return ctx.t("notif.assigned", item=item, by=note["by"] or "—")
    if note["kind"] == "reply":
        return ctx.t("notif.reply", item=item)
    if note["kind"] == "due_soon":
        return ctx.t("notif.due_soon", item=item, deadline=f"{note['due_at']:%d-%m-%Y %H:%M}")
    return ctx.t("notif.published", title=note["title"] or f"#{note['publication_id']}")


def toolbar(ctx: PageContext, notes: list[dict]) -> None:
    """How many are unread, and one button to mark them all read."""
    unread = sum(1 for n in notes if n["read_at"] is None)
    left, right = st.columns([3, 1])
    left.caption(ctx.t("notif.unread_count", count=fmt_int(unread, ctx.lang)))
    if right.button(ctx.t("notif.mark_all_read"), disabled=not unread, key="notif_all_read"):
        nt.mark_all_read(ctx.engine, actor=_actor(ctx))
        _refresh()


def card(ctx: PageContext, note: dict) -> None:
    """One notification: its sentence (plain text), when, a link to its item and the actions."""
    with st.container(border=True):
        text, actions = st.columns([4, 2])
        with text:
            if note["read_at"] is None:
                st.badge(ctx.t("notif.unread"), color="red")
            st.text(message(ctx, note))
            st.caption(fmt_datetime(note["created_at"], ctx.lang))
        with actions:
            _link(ctx, note)
            if note["read_at"] is None and st.button(
                ctx.t("notif.mark_read"), key=f"notif_read_{note['id']}"
            ):
                _act(ctx, nt.mark_read, note["id"])
            if st.button(ctx.t("notif.dismiss"), key=f"notif_dismiss_{note['id']}"):
                _act(ctx, nt.dismiss, note["id"])


def _link(ctx: PageContext, note: dict) -> None:
    if note["item_id"] and allows(ctx.roles, "triage"):
        st.page_link(
            INBOX,
            label=ctx.t("notif.open_item"),
            icon=":material/open_in_new:",
            query_params={"item": note["item_id"]},
        )
    elif note["publication_id"]:
        st.page_link(
            RESULTS,
            label=ctx.t("notif.open_publication"),
            icon=":material/insights:",
            query_params={"pub": str(note["publication_id"])},
        )


def _act(ctx: PageContext, action, notification_id: int) -> None:  # noqa: ANN001
    """Mark read or dismiss; a notification that is gone (another tab) is said, not a crash."""
    try:
        action(ctx.engine, actor=_actor(ctx), notification_id=notification_id)
    except nt.NotificationError as exc:
        st.error(ctx.t(exc.code))
        return
    _refresh()
