"""What the composer's buttons do: publish (after a confirmation), delete, archive, copy.

Also the view of an item that is no longer a draft, and the list of items.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from hoplr_data.core.i18n import LANGUAGES, fmt_int
from hoplr_data.core.timeutil import now_local
from hoplr_data.top_down import publications as pub
from hoplr_data.top_down.validation import Problem

from .. import data
from ..forms import FLASH_KEY
from ..setup import PageContext
from .preview import fmt_moment, preview
from .state import forget, key, wants_later

CONFIRM_KEY = "pub_confirm"  # which item waits for the user to confirm publishing


def actor(ctx: PageContext) -> pub.Actor:
    """The acting user for the publication services."""
    return pub.Actor(ctx.username, ctx.roles)


def problems_list(ctx: PageContext, problems: list[Problem]) -> None:
    """Every problem that stops publishing, in the user's language."""
    lines = [ctx.t(p.code, **_named(ctx, p.params)) for p in problems]
    st.error(ctx.t("pub.error.not_ready") + "\n\n" + "\n".join(f"- {line}" for line in lines))


def _named(ctx: PageContext, params: dict) -> dict:
    """Problem values with language codes and phases as words for the message."""
    out = dict(params)
    if "lang" in out:
        out["language"] = ctx.t(f"language.{out.pop('lang')}")
    if "phase" in out:
        out["phase"] = ctx.t(f"pub.phase.{out['phase']}")
    return out


def _done(ctx: PageContext, pid: int, message: str, *, back_to_list: bool) -> None:
    """Forget the item's state, keep a message for the next run and rerun."""
    forget(pid)
    data.clear_publications()
    st.session_state[FLASH_KEY] = message
    if back_to_list and "pub" in st.query_params:
        del st.query_params["pub"]
    st.rerun()


def ask_to_publish(
    ctx: PageContext, draft: pub.Draft, doc: dict, required: list[str],
    planned: dt.datetime | None, buurt_ids: list[int] | None,
) -> None:  # fmt: skip
    """The publish button was pressed: list what stops it, otherwise ask to confirm."""
    if wants_later(draft.id) and planned is None:
        st.error(ctx.t("pub.error.no_moment"))
        return
    problems = pub.validate(doc, kind=draft.kind, languages=required,
                            targets_any=buurt_ids is None or bool(buurt_ids),
                            schedule_at=planned, now=now_local())  # fmt: skip
    if problems:
        problems_list(ctx, problems)
        return
    st.session_state[CONFIRM_KEY] = draft.id


def confirm_publish(
    ctx: PageContext, pid: int, required: list[str], planned: dt.datetime | None,
    buurt_ids: list[int] | None,
) -> None:  # fmt: skip
    """Ask before the item goes to residents; publish (or schedule) on yes."""
    if st.session_state.get(CONFIRM_KEY) != pid:
        return
    names = {b["id"]: b["name"] for b in data.buurten(ctx.url)}
    audience = (ctx.t("pub.all_buurten") if buurt_ids is None
                else ", ".join(names.get(i, str(i)) for i in buurt_ids or []))  # fmt: skip
    later = wants_later(pid) and planned is not None
    if later:
        st.warning(ctx.t("pub.confirm.later", when=fmt_moment(planned), buurten=audience))
    else:
        ids = tuple(buurt_ids) if buurt_ids is not None else None
        reach = data.reach(ctx.url, ids)
        st.warning(ctx.t_plural("pub.confirm.now", reach, households=fmt_int(reach, ctx.lang),
                                buurten=audience))  # fmt: skip
    yes_col, no_col = st.columns(2)
    if no_col.button(ctx.t("form.cancel"), key=key(pid, "confirm_no")):
        st.session_state.pop(CONFIRM_KEY, None)
        st.rerun()
    yes = "pub.confirm.yes_later" if later else "pub.confirm.yes_now"
    if yes_col.button(ctx.t(yes), type="primary", key=key(pid, "confirm_yes")):
        st.session_state.pop(CONFIRM_KEY, None)
        publish(ctx, pid, required, planned if later else None)


def publish(ctx: PageContext, pid: int, required: list[str], planned: dt.datetime | None) -> None:
    """Publish now or schedule; show every problem when it is refused (nothing is lost)."""
    try:
        status = pub.publish(
            ctx.engine,
            actor=actor(ctx),
            publication_id=pid,
            version=st.session_state[key(pid, "version")],
            languages=required,
            schedule_at=planned,
        )
    except pub.StalePublication:
        st.error(ctx.t("pub.stale"))
        return
    except pub.PublicationError as exc:
        if exc.problems:
            problems_list(ctx, exc.problems)
        else:
            st.error(ctx.t(exc.code))
        return
    _done(ctx, pid, f"pub.done.{status}", back_to_list=False)


def delete(ctx: PageContext, pid: int) -> None:
    """Delete a draft and go back to the list."""
    try:
        pub.delete_draft(
            ctx.engine,
            actor=actor(ctx),
            publication_id=pid,
            version=st.session_state[key(pid, "version")],
        )
    except pub.PublicationError as exc:
        st.error(ctx.t(exc.code))
        return
    _done(ctx, pid, "pub.done.deleted", back_to_list=True)


def published_view(ctx: PageContext, draft: pub.Draft) -> None:
    """A scheduled, published or archived item: when, to whom, the preview and what can follow."""
    names = {b["code"]: b["name"] for b in data.buurten(ctx.url)}
    audience = (
        ctx.t("pub.all_buurten")
        if draft.all_buurten
        else ", ".join(names.get(c, c) for c in draft.buurt_codes)
    )
    moment = draft.published_at or draft.scheduled_at
    st.caption(ctx.t(f"pub.when_{draft.status}", when=fmt_moment(moment), buurten=audience))
    languages = [lang for lang in LANGUAGES if lang in draft.doc.get("texts", {})]
    preview(ctx, draft.kind, draft.doc, languages or ["nl"])
    if draft.status in ("published", "archived"):
        st.page_link("pages/5_Results.py", label=ctx.t("pub.see_results"),
                     icon=":material/insights:", query_params={"pub": draft.id})  # fmt: skip
    if st.button(ctx.t("pub.copy"), key=key(draft.id, "copy"), icon=":material/content_copy:"):
        copy = pub.copy_as_draft(ctx.engine, actor=actor(ctx), publication_id=draft.id)
        data.clear_publications()
        st.query_params["pub"] = str(copy)
        st.rerun()
    action = {"scheduled": ("pub.unschedule", pub.unschedule),
              "published": ("pub.archive", pub.archive)}.get(draft.status)  # fmt: skip
    if action and st.button(ctx.t(action[0]), key=key(draft.id, "status_action")):
        try:
            action[1](ctx.engine, actor=actor(ctx), publication_id=draft.id, version=draft.version)
        except pub.PublicationError as exc:
            st.error(ctx.t(exc.code))
            return
        _done(ctx, draft.id, f"{action[0]}.done", back_to_list=False)


def list_frame(ctx: PageContext, items: list[dict]) -> pd.DataFrame:
    """The item list as a table: title, kind, status, audience, when, last change."""
    return pd.DataFrame(
        [
            {
                ctx.t("pub.title"): i["title"] or ctx.t("pub.preview.no_title"),
                ctx.t("pub.kind"): ctx.t(f"pub.kind.{i['kind']}"),
                ctx.t("pub.status"): ctx.t(f"pub.status.{i['status']}"),
                ctx.t("pub.buurten"): ctx.t("pub.all_buurten")
                if i["all_buurten"]
                else ", ".join(i["buurten"]),
                ctx.t("pub.going_out"): fmt_moment(i["published_at"] or i["scheduled_at"]),
                ctx.t("pub.updated"): fmt_moment(i["updated_at"]),
            }
            for i in items
        ]
    )
