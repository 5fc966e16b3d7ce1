"""Runs one inbox action through the workflow services and reports the outcome."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from hoplr_data.bottom_up import workflow as wf
from hoplr_data.core.roles import PermissionDenied

from . import data
from .forms import FLASH_KEY
from .setup import PageContext


def _actor(ctx: PageContext) -> wf.Actor:
    return wf.Actor(ctx.username, ctx.roles)


def _single(ctx: PageContext, action: str, item_id: str, version: int, **kw: object) -> None:
    engine, actor = ctx.engine, _actor(ctx)
    if action == "status":
        wf.change_status(engine, actor=actor, item_id=item_id, version=version, **kw)
    elif action == "assign":
        wf.assign(engine, actor=actor, item_id=item_id, version=version, assignee=kw["assignee"])
    elif action == "reply":
        wf.reply(
            engine,
            actor=actor,
            item_id=item_id,
            version=version,
            text=kw["text"],
            language=kw["language"],
        )
    elif action == "note":
        wf.add_note(engine, actor=actor, item_id=item_id, version=version, text=kw["text"])
    elif action == "duplicate":
        wf.link_duplicate(
            engine, actor=actor, item_id=item_id, version=version, main_id=kw["main_id"]
        )
    elif action == "route":
        item = kw["item"]
        if kw["category"] != item["category_code"]:
            wf.change_category(
                engine, actor=actor, item_id=item_id, version=version, category_code=kw["category"]
            )
            version += 1
        if kw["priority"] != item["priority"]:
            wf.change_priority(
                engine, actor=actor, item_id=item_id, version=version, priority=kw["priority"]
            )


def _bulk(
    ctx: PageContext, ids: list[str], assignee: str, status: str, items: pd.DataFrame
) -> list[str]:
    """Apply an assignment and/or a status to many items; returns the ids that were refused."""
    refused = []
    versions = dict(zip(items["id"], items["version"], strict=True))
    for item_id in ids:
        version = int(versions[item_id])
        try:
            if assignee:
                wf.assign(
                    ctx.engine,
                    actor=_actor(ctx),
                    item_id=item_id,
                    version=version,
                    assignee=assignee,
                )
                version += 1
            if status:
                wf.change_status(
                    ctx.engine,
                    actor=_actor(ctx),
                    item_id=item_id,
                    version=version,
                    to_status=status,
                )
        except wf.WorkflowError:
            refused.append(item_id)
    return refused


def run_item_action(ctx: PageContext, action: str, ids: list[str], **kw: object) -> None:
    """Run an action; on success reload with a message, on refusal say why and keep the form."""
    try:
        if action == "bulk":
            refused = _bulk(ctx, ids, kw["assignee"], kw["status"], kw["items"])
            if refused:
                data.clear_after_write()
                st.warning(ctx.t("inbox.bulk_refused_count", count=len(refused)))
                st.text(", ".join(refused))  # ids as plain text, never markdown
                return
        else:
            _single(ctx, action, ids[0], **kw)
    except PermissionDenied:
        st.error(ctx.t("auth.not_authorised"))
        return
    except wf.StaleItem:
        st.error(ctx.t("error.stale_item"))
        data.clear_after_write()
        return
    except wf.WorkflowError as exc:
        params = {
            k: ctx.t(f"status.{v}") if k in ("source", "target") else v
            for k, v in exc.params.items()
        }
        st.error(ctx.t(exc.code, **params))
        return
    data.clear_after_write()
    for item_id in ids:
        st.session_state.pop(f"item_version_{item_id}", None)
        for prefix in ("message_", "status_note_", "note_text_", "target_", "confirm_reopen_"):
            st.session_state.pop(f"{prefix}{item_id}", None)
    st.session_state[FLASH_KEY] = "inbox.saved"
    st.rerun()
