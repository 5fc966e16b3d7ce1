"""The composer of a top-down item: its widgets, the advice shown beside them, and autosave.

The draft is saved whenever what the widgets hold differs from what was saved last.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from hoplr_data.core.i18n import LANGUAGE_NAMES, LANGUAGES, fmt_int
from hoplr_data.core.timeutil import now_local
from hoplr_data.top_down import documents
from hoplr_data.top_down import publications as pub
from hoplr_data.top_down.checks import cadence_warnings, makes_digest, readability

from .. import data
from ..setup import PageContext
from .actions import actor
from .state import collect, key, load_into_state, moment_of, snapshot, wants_later


def autosave(ctx: PageContext, draft: pub.Draft, languages: list[str]) -> None:
    """Save the draft when the widgets differ from what was saved; refuse a stale version."""
    pid = draft.id
    doc, codes, all_buurten = collect(pid, draft.kind, languages)
    current = snapshot(doc, codes, all_buurten)
    saved = st.session_state.get(key(pid, "saved"))
    if saved is None:  # just loaded from the database: nothing to save, nothing to bump
        st.session_state[key(pid, "saved")] = saved = current
    if current == saved:
        st.caption(ctx.t("pub.saved"))
        return
    try:
        version = pub.save_draft(
            ctx.engine,
            actor=actor(ctx),
            publication_id=pid,
            version=st.session_state[key(pid, "version")],
            doc=doc,
            buurt_codes=codes,
            all_buurten=all_buurten,
        )
    except pub.StalePublication:
        st.error(ctx.t("pub.stale"))
        if st.button(ctx.t("pub.reload_latest"), key=key(pid, "reload")):
            load_into_state(pub.load(ctx.engine, pid), force=True)
            st.rerun()
        return
    except pub.PublicationError as exc:
        st.error(ctx.t(exc.code))
        return
    st.session_state[key(pid, "version")] = version
    st.session_state[key(pid, "saved")] = current
    data.clear_publications()
    st.caption(ctx.t("pub.saved_now", time=now_local().strftime("%H:%M:%S")))


# --- widgets -----------------------------------------------------------------------------


def targeting(ctx: PageContext, pid: int) -> list[int] | None:
    """All buurten or a selection, and the reach; returns the buurt ids (None: all)."""
    buurten = data.buurten(ctx.url)
    names = {b["code"]: b["name"] for b in buurten}
    everyone = st.checkbox(ctx.t("pub.all_buurten"), key=key(pid, "all"))
    st.multiselect(
        ctx.t("pub.buurten"),
        list(names),
        format_func=names.get,
        key=key(pid, "buurten"),
        disabled=everyone,
        placeholder=ctx.t("pub.choose_buurten"),
    )
    codes = st.session_state.get(key(pid, "buurten"), [])
    ids = None if everyone else [b["id"] for b in buurten if b["code"] in codes]
    households = data.reach(ctx.url, None if ids is None else tuple(ids)) if everyone or ids else 0
    st.metric(ctx.t("pub.reach"), fmt_int(households, ctx.lang), help=ctx.t("pub.reach.help"))
    return ids


def details(ctx: PageContext, draft: pub.Draft) -> None:
    """The fields of the item's kind."""
    pid = draft.id
    if draft.kind == "post":
        left, right = st.columns(2)
        left.selectbox(ctx.t("pub.post_type"), documents.POST_TYPES, key=key(pid, "post_type"),
                       format_func=lambda v: ctx.t(f"pub.post_type.{v}"))  # fmt: skip
        right.selectbox(ctx.t("pub.category"), documents.POST_CATEGORIES, key=key(pid, "category"),
                        format_func=lambda v: ctx.t(f"pub.category.{v}"))  # fmt: skip
    elif draft.kind == "event":
        _event_fields(ctx, pid)
    elif draft.kind == "project":
        _project_fields(ctx, pid)


def _event_fields(ctx: PageContext, pid: int) -> None:
    """An event's start, end, place and capacity."""
    for name in ("starts_at", "ends_at"):
        left, right = st.columns(2)
        left.date_input(ctx.t(f"pub.{name}"), key=key(pid, f"{name}.date"), format="DD-MM-YYYY")
        right.time_input(ctx.t("pub.time"), key=key(pid, f"{name}.time"), step=900)
    left, right = st.columns([3, 1])
    left.text_input(ctx.t("pub.place"), key=key(pid, "place"))
    right.number_input(ctx.t("pub.capacity"), min_value=1, step=1, key=key(pid, "capacity"),
                       help=ctx.t("pub.capacity.help"))  # fmt: skip


def _project_fields(ctx: PageContext, pid: int) -> None:
    """A project's theme and the dates of its phases."""
    st.selectbox(ctx.t("pub.theme"), documents.PROJECT_THEMES, key=key(pid, "theme"),
                 format_func=lambda v: ctx.t(f"pub.theme.{v}"))  # fmt: skip
    st.markdown(f"**{ctx.t('pub.phases')}**")
    for code in documents.PROJECT_PHASES:
        label, start, end = st.columns([2, 2, 2])
        label.markdown(ctx.t(f"pub.phase.{code}"))
        start.date_input(ctx.t("pub.from"), key=key(pid, f"phase.{code}.start"),
                         format="DD-MM-YYYY")  # fmt: skip
        end.date_input(ctx.t("pub.until"), key=key(pid, f"phase.{code}.end"),
                       format="DD-MM-YYYY")  # fmt: skip


def texts(ctx: PageContext, pid: int, required: list[str], languages: list[str]) -> None:
    """One tab per language: title, text and the plain-language hint."""
    optional = [lang for lang in LANGUAGES if lang not in required]
    st.multiselect(ctx.t("pub.extra_languages"), optional, key=key(pid, "langs"),
                   format_func=LANGUAGE_NAMES.get, help=ctx.t("pub.extra_languages.help"),
                   placeholder=ctx.t("pub.no_extra_languages"))  # fmt: skip
    tabs = st.tabs([_tab_label(ctx, lang, required) for lang in languages])
    for tab, lang in zip(tabs, languages, strict=True):
        with tab:
            st.text_input(ctx.t("pub.title"), key=key(pid, f"title.{lang}"))
            st.text_area(ctx.t("pub.body"), key=key(pid, f"body.{lang}"), height=180)
            _readability_hint(ctx, st.session_state.get(key(pid, f"body.{lang}"), ""), lang)


def _tab_label(ctx: PageContext, lang: str, required: list[str]) -> str:
    """A language tab's label; a required language says so."""
    name = LANGUAGE_NAMES[lang]
    return ctx.t("pub.required_language", language=name) if lang in required else name


def _readability_hint(ctx: PageContext, body: str, lang: str) -> None:
    """The plain-language hint: fine, or the long sentences and words."""
    if not body.strip():
        return
    hint = readability(body, lang)
    if hint.is_plain:
        st.caption(ctx.t("pub.readability.ok", words=fmt_int(hint.words_per_sentence, ctx.lang)))
        return
    with st.container(border=True):
        st.markdown(ctx.t("pub.readability.title"))
        if hint.long_sentences:
            st.caption(ctx.t_plural("pub.readability.long_sentences", len(hint.long_sentences)))
            for sentence in hint.long_sentences[:3]:
                st.text(sentence)
        if hint.long_words:
            st.caption(ctx.t("pub.readability.long_words"))
            st.text(", ".join(hint.long_words[:10]))


def questions(ctx: PageContext, draft: pub.Draft, languages: list[str]) -> None:
    """The poll's question or the survey's questions, each with text and options per language."""
    pid, s = draft.id, st.session_state
    kinds = documents.POLL_KINDS if draft.kind == "poll" else documents.QUESTION_KINDS
    if draft.kind == "survey":
        st.caption(ctx.t("pub.survey_anonymous"))
    for number, code in enumerate(list(s[key(pid, "qcodes")]), start=1):
        with st.container(border=True):
            head, kind_col, req_col, remove_col = st.columns([1, 3, 2, 2])
            head.markdown(f"**{ctx.t('pub.question_n', n=number)}**")
            kind_col.selectbox(ctx.t("pub.question_kind"), kinds, key=key(pid, f"q.{code}.kind"),
                               format_func=lambda v: ctx.t(f"pub.qkind.{v}"))  # fmt: skip
            if draft.kind == "survey":
                req_col.checkbox(ctx.t("pub.required"), key=key(pid, f"q.{code}.required"))
                remove_col.button(ctx.t("pub.remove"), key=key(pid, f"q.{code}.remove"),
                                  on_click=_remove_question, args=(pid, code),
                                  icon=":material/delete:")  # fmt: skip
            for lang in languages:
                suffix = f" ({LANGUAGE_NAMES[lang]})" if len(languages) > 1 else ""
                st.text_input(ctx.t("pub.question_text") + suffix,
                              key=key(pid, f"q.{code}.text.{lang}"))  # fmt: skip
                if s[key(pid, f"q.{code}.kind")] in documents.CHOICE_KINDS:
                    st.text_area(ctx.t("pub.options") + suffix, height=100,
                                 key=key(pid, f"q.{code}.options.{lang}"),
                                 help=ctx.t("pub.options.help"))  # fmt: skip
    if draft.kind == "survey":
        st.button(ctx.t("pub.add_question"), key=key(pid, "add_q"), on_click=_add_question,
                  args=(pid,), icon=":material/add:")  # fmt: skip


def _add_question(pid: int) -> None:
    """Add an empty single-choice question to the survey (a callback)."""
    s = st.session_state
    codes = s[key(pid, "qcodes")]
    code = f"q{documents.next_question_code([{'code': c} for c in codes])}"
    s[key(pid, f"q.{code}.kind")] = "single"
    s[key(pid, f"q.{code}.required")] = True
    s[key(pid, "qcodes")] = [*codes, code]


def _remove_question(pid: int, code: str) -> None:
    """Remove one question from the survey (a callback)."""
    s = st.session_state
    s[key(pid, "qcodes")] = [c for c in s[key(pid, "qcodes")] if c != code]


def schedule(ctx: PageContext, pid: int) -> dt.datetime | None:
    """Publish now or at a chosen moment; returns the moment (None: now)."""
    st.radio(ctx.t("pub.when"), ("now", "later"), key=key(pid, "when"), horizontal=True,
             format_func=lambda v: ctx.t(f"pub.when.{v}"), label_visibility="collapsed")  # fmt: skip
    if st.session_state.get(key(pid, "when")) != "later":
        return None
    left, right = st.columns(2)
    left.date_input(ctx.t("pub.date"), key=key(pid, "sched.date"), format="DD-MM-YYYY")
    right.time_input(ctx.t("pub.time"), key=key(pid, "sched.time"), step=900)
    planned = moment_of(pid, "sched", date_key="sched.date", time_key="sched.time")
    return dt.datetime.fromisoformat(planned) if planned else None


def closing(ctx: PageContext, pid: int) -> None:
    """The optional moment a poll or survey stops taking answers."""
    left, right = st.columns(2)
    left.date_input(ctx.t("pub.closes_at"), key=key(pid, "closes.date"), format="DD-MM-YYYY",
                    help=ctx.t("pub.closes_at.help"))  # fmt: skip
    right.time_input(ctx.t("pub.time"), key=key(pid, "closes.time"), step=900)


def when_advice(
    ctx: PageContext, pid: int, buurt_ids: list[int] | None, planned: dt.datetime | None
) -> None:
    """Advice for the moment the user chose: now, the planned moment, or ask for one."""
    if wants_later(pid) and planned is None:
        st.info(ctx.t("pub.pick_moment"), icon=":material/event:")
        return
    advice(ctx, pid, buurt_ids, planned or now_local())


def advice(ctx: PageContext, pid: int, buurt_ids: list[int] | None, moment: dt.datetime) -> None:
    """Cadence warnings for the targeted buurten and the e-mail digest note."""
    if buurt_ids == []:
        return
    for warning in cadence_warnings(ctx.engine, buurt_ids=buurt_ids, moment=moment,
                                    exclude_id=pid):  # fmt: skip
        st.warning(ctx.t_plural(warning.code, warning.count, buurt=warning.buurt),
                   icon=":material/schedule:")  # fmt: skip
    note = "pub.digest.today" if makes_digest(moment) else "pub.digest.tomorrow"
    st.info(ctx.t(note), icon=":material/mail:")
