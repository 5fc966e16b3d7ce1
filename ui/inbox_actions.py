"""Runs one inbox action through the workflow services and reports the outcome."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from hoplr_data.bottom_up import workflow as wf
from hoplr_data.core.errors import DomainError, NotAllowed, StaleEdit

from . import data
from .forms import FLASH_KEY
from .setup import PageContext

DRAFT_PREFIXES = ("message_", "status_note_", "note_text_", "target_", "confirm_reopen_")


def _actor(ctx: PageContext) -> wf.Actor:
    """The logged-in user as the workflow's actor."""
    return wf.Actor(ctx.username, tuple(ctx.roles))


def _change(action: str, kw: dict) -> wf.ItemChange:
    """The one save an action of the open item stands for."""
    if action == "status":
        return wf.ItemChange(
            status=kw["to_status"], message=kw.get("message"), language=kw.get("language"),
            note=kw.get("note"),
        )  # fmt: skip
    if action == "assign":
        return wf.ItemChange(assignee=kw["assignee"])
    if action == "route":  # only what differs from the item as shown
        item = kw["item"]
        return wf.ItemChange(
            category=kw["category"] if kw["category"] != item["category_code"] else None,
            priority=kw["priority"] if kw["priority"] != item["priority"] else None,
        )
    raise ValueError(action)


def _single(ctx: PageContext, action: str, item_id: str, version: int, **kw: object) -> None:
    """One action on the open item, in one transaction."""
    engine, actor = ctx.engine, _actor(ctx)
    if action == "reply":
        wf.reply(
            engine, actor=actor, item_id=item_id, version=version, text=str(kw["text"]),
            language=kw["language"],  # type: ignore[arg-type]
        )  # fmt: skip
    elif action == "note":
        wf.add_note(engine, actor=actor, item_id=item_id, version=version, text=str(kw["text"]))
    elif action == "duplicate":
        wf.link_duplicate(
            engine, actor=actor, item_id=item_id, version=version, main_id=str(kw["main_id"])
        )
    else:
        change = _change(action, kw)
        if change != wf.ItemChange():  # a route form saved unchanged writes nothing
            wf.update_item(engine, actor=actor, item_id=item_id, version=version, change=change)


def _bulk(
    ctx: PageContext, ids: list[str], assignee: str, status: str, items: pd.DataFrame
) -> list[str]:
    """Assign and/or set a status on many items in one transaction; returns the refused ids."""
    versions = dict(zip(items["id"], items["version"], strict=True))
    return wf.bulk_update(
        ctx.engine,
        actor=_actor(ctx),
        versions={item_id: int(versions[item_id]) for item_id in ids},
        assignee=assignee or wf.KEEP,
        status=status or None,
    )


def _refusal(ctx: PageContext, exc: DomainError) -> str:
    """A refusal in the user's language (statuses named, not coded)."""
    params = {
        k: ctx.t(f"status.{v}") if k in ("source", "target") else v for k, v in exc.params.items()
    }
    return ctx.t(exc.code, **params)


def run_item_action(ctx: PageContext, action: str, ids: list[str], **kw: object) -> None:
    """Run an action; on success reload with a message, on refusal say why and keep the form."""
    try:
        if action == "bulk":
            refused = _bulk(ctx, ids, kw["assignee"], kw["status"], kw["items"])  # type: ignore[arg-type]
            if refused:
                data.clear_after_write()
                st.warning(ctx.t_plural("inbox.bulk_refused_count", len(refused)))
                st.text(", ".join(refused))  # ids as plain text, never markdown
                return
        else:
            _single(ctx, action, ids[0], **kw)  # type: ignore[arg-type]
    except NotAllowed:
        st.error(ctx.t("auth.not_authorised"))
        return
    except StaleEdit as exc:
        st.error(ctx.t(exc.code))
        data.clear_after_write()
        return
    except DomainError as exc:
        st.error(_refusal(ctx, exc))
        return
    data.clear_after_write()
    for item_id in ids:
        st.session_state.pop(f"item_version_{item_id}", None)
        for prefix in DRAFT_PREFIXES:
            st.session_state.pop(f"{prefix}{item_id}", None)
    st.session_state[FLASH_KEY] = "inbox.saved"
    st.rerun()
