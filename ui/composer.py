"""The composer of a top-down item: widgets, autosave of the draft, advice, preview, publishing.

Widget values live in st.session_state under keys that start with ``pub<ID>.``; they are filled
from the stored draft the first time it is opened in a session (so a reload restores everything)
and the draft is saved whenever what the widgets hold differs from what was saved last.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from hoplr_data.core.i18n import LANGUAGE_NAMES, LANGUAGES, fmt_int
from hoplr_data.core.timeutil import now_local
from hoplr_data.top_down import documents
from hoplr_data.top_down import publications as pub
from hoplr_data.top_down.checks import cadence_warnings, makes_digest, readability
from hoplr_data.top_down.validation import Problem

from . import data
from .forms import FLASH_KEY
from .publication_views import fmt_moment, preview
from .setup import PageContext

DEFAULT_TIME = dt.time(10, 0)
CLOSING_TIME = dt.time(23, 45)


def key(pid: int, name: str) -> str:
    """The session-state key of one composer field."""
    return f"pub{pid}.{name}"


def actor(ctx: PageContext) -> pub.Actor:
    """The acting user for the publication services."""
    return pub.Actor(ctx.username, ctx.roles)


# --- state <-> document ------------------------------------------------------------------


def load_into_state(draft: pub.Draft, *, force: bool = False) -> None:
    """Fill the widgets' state from the stored draft when the widgets do not hold it already.

    Streamlit drops widget values when another page was shown in between; the draft is saved on
    every change, so it is then reloaded from the database (never saved back empty).
    """
    pid, doc, s = draft.id, draft.doc, st.session_state
    if key(pid, "all") in s and key(pid, "version") in s and not force:
        return
    s[key(pid, "version")] = draft.version
    s[key(pid, "saved")] = None  # the first autosave run records what the widgets now hold
    s[key(pid, "all")] = draft.all_buurten
    s[key(pid, "buurten")] = list(draft.buurt_codes)
    s[key(pid, "langs")] = [lang for lang in LANGUAGES if lang in doc.get("texts", {})]
    for lang in LANGUAGES:
        version = doc.get("texts", {}).get(lang) or {}
        s[key(pid, f"title.{lang}")] = version.get("title", "")
        s[key(pid, f"body.{lang}")] = version.get("body", "")
    for name in ("post_type", "category", "theme", "place"):
        if name in doc:
            s[key(pid, name)] = doc[name]
    if draft.kind == "event":
        s[key(pid, "capacity")] = doc.get("capacity")
        for name in ("starts_at", "ends_at"):
            moment = documents.parse_moment(doc.get(name))
            s[key(pid, f"{name}.date")] = moment.date() if moment else None
            s[key(pid, f"{name}.time")] = moment.time() if moment else DEFAULT_TIME
    for phase in doc.get("phases", []):
        for edge in ("start", "end"):
            value = phase.get(edge)
            s[key(pid, f"phase.{phase['code']}.{edge}")] = (
                dt.date.fromisoformat(value) if value else None
            )
    questions = doc.get("questions", [])
    s[key(pid, "qcodes")] = [q["code"] for q in questions]
    for q in questions:
        s[key(pid, f"q.{q['code']}.kind")] = q["kind"]
        s[key(pid, f"q.{q['code']}.required")] = q.get("required", True)
        for lang in LANGUAGES:
            s[key(pid, f"q.{q['code']}.text.{lang}")] = q.get("text", {}).get(lang, "")
            options = q.get("options", {}).get(lang, [])
            s[key(pid, f"q.{q['code']}.options.{lang}")] = "\n".join(options)
    closing = documents.parse_moment(doc.get("closes_at"))
    s[key(pid, "closes.date")] = closing.date() if closing else None
    s[key(pid, "closes.time")] = closing.time() if closing else CLOSING_TIME
    planned = documents.parse_moment(doc.get("planned_at"))
    s[key(pid, "when")] = "later" if planned else "now"
    s[key(pid, "sched.date")] = planned.date() if planned else None
    s[key(pid, "sched.time")] = planned.time() if planned else DEFAULT_TIME


def _snapshot(doc: dict, codes: list[str], all_buurten: bool) -> dict:
    return {"doc": doc, "buurten": sorted(codes), "all": all_buurten}


def collect(pid: int, kind: str, languages: list[str]) -> tuple[dict, list[str], bool]:
    """The document, buurt codes and 'all buurten' as the widgets hold them now."""
    s = st.session_state
    doc: dict = {
        "texts": {
            lang: {"title": s.get(key(pid, f"title.{lang}"), ""),
                   "body": s.get(key(pid, f"body.{lang}"), "")}
            for lang in languages
        }
    }  # fmt: skip
    if kind == "post":
        doc.update(post_type=s[key(pid, "post_type")], category=s[key(pid, "category")])
    if kind == "event":
        doc.update(
            starts_at=_moment(pid, "starts_at"),
            ends_at=_moment(pid, "ends_at"),
            place=s.get(key(pid, "place"), ""),
            capacity=_capacity(s.get(key(pid, "capacity"))),
        )
    if kind == "project":
        doc["theme"] = s[key(pid, "theme")]
        doc["phases"] = [
            {
                "code": code,
                "start": _iso(s.get(key(pid, f"phase.{code}.start"))),
                "end": _iso(s.get(key(pid, f"phase.{code}.end"))),
            }
            for code in documents.PROJECT_PHASES
        ]
    if kind in ("poll", "survey"):
        doc["questions"] = [_question(pid, code, languages) for code in s[key(pid, "qcodes")]]
    if kind in documents.CLOSING_KINDS and s.get(key(pid, "closes.date")):
        doc["closes_at"] = _moment(pid, "closes")
    if s.get(key(pid, "when")) == "later":
        doc["planned_at"] = _moment(pid, "sched", date_key="sched.date", time_key="sched.time")
    return doc, list(s.get(key(pid, "buurten"), [])), bool(s.get(key(pid, "all")))


def _question(pid: int, code: str, languages: list[str]) -> dict:
    s = st.session_state
    kind = s[key(pid, f"q.{code}.kind")]
    question = {
        "code": code,
        "kind": kind,
        "required": bool(s.get(key(pid, f"q.{code}.required"), True)),
        "text": {lang: s.get(key(pid, f"q.{code}.text.{lang}"), "") for lang in languages},
        "options": {},
    }
    if kind in documents.CHOICE_KINDS:
        question["options"] = {
            lang: [
                line.strip()
                for line in s.get(key(pid, f"q.{code}.options.{lang}"), "").splitlines()
                if line.strip()
            ]
            for lang in languages
        }
    return question


def _capacity(value: object) -> int | None:
    return int(value) if isinstance(value, int | float) else None


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _moment(
    pid: int, name: str, *, date_key: str | None = None, time_key: str | None = None
) -> str | None:
    s = st.session_state
    day = s.get(key(pid, date_key or f"{name}.date"))
    if not day:
        return None
    at = s.get(key(pid, time_key or f"{name}.time")) or DEFAULT_TIME
    return dt.datetime.combine(day, at).isoformat()


def languages_of(ctx: PageContext, pid: int) -> tuple[list[str], list[str]]:
    """(required languages, every language of this item: required plus the extra ones)."""
    required = data.publication_languages(ctx.url)
    extra = [lang for lang in st.session_state.get(key(pid, "langs"), []) if lang not in required]
    return required, [lang for lang in LANGUAGES if lang in required or lang in extra]


def autosave(ctx: PageContext, draft: pub.Draft, languages: list[str]) -> None:
    """Save the draft when the widgets differ from what was saved; refuse a stale version."""
    pid = draft.id
    doc, codes, all_buurten = collect(pid, draft.kind, languages)
    current = _snapshot(doc, codes, all_buurten)
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
    for name in ("starts_at", "ends_at"):
        left, right = st.columns(2)
        left.date_input(ctx.t(f"pub.{name}"), key=key(pid, f"{name}.date"), format="DD-MM-YYYY")
        right.time_input(ctx.t("pub.time"), key=key(pid, f"{name}.time"), step=900)
    left, right = st.columns([3, 1])
    left.text_input(ctx.t("pub.place"), key=key(pid, "place"))
    right.number_input(ctx.t("pub.capacity"), min_value=1, step=1, key=key(pid, "capacity"),
                       help=ctx.t("pub.capacity.help"))  # fmt: skip


def _project_fields(ctx: PageContext, pid: int) -> None:
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
    name = LANGUAGE_NAMES[lang]
    return ctx.t("pub.required_language", language=name) if lang in required else name


def _readability_hint(ctx: PageContext, body: str, lang: str) -> None:
    if not body.strip():
        return
    hint = readability(body, lang)
    if hint.is_plain:
        st.caption(ctx.t("pub.readability.ok", words=fmt_int(hint.words_per_sentence, ctx.lang)))
        return
    with st.container(border=True):
        st.markdown(ctx.t("pub.readability.title"))
        if hint.long_sentences:
            st.caption(ctx.t("pub.readability.long_sentences", count=len(hint.long_sentences)))
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
    s = st.session_state
    codes = s[key(pid, "qcodes")]
    code = f"q{documents.next_question_code([{'code': c} for c in codes])}"
    s[key(pid, f"q.{code}.kind")] = "single"
    s[key(pid, f"q.{code}.required")] = True
    s[key(pid, "qcodes")] = [*codes, code]


def _remove_question(pid: int, code: str) -> None:
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
    planned = _moment(pid, "sched", date_key="sched.date", time_key="sched.time")
    return dt.datetime.fromisoformat(planned) if planned else None


def wants_later(pid: int) -> bool:
    """True when the user chose to schedule (whether or not a moment is filled in yet)."""
    return st.session_state.get(key(pid, "when")) == "later"


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
        st.warning(ctx.t(warning.code, buurt=warning.buurt, count=warning.count),
                   icon=":material/schedule:")  # fmt: skip
    note = "pub.digest.today" if makes_digest(moment) else "pub.digest.tomorrow"
    st.info(ctx.t(note), icon=":material/mail:")


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


# --- actions -------------------------------------------------------------------------------


def forget(pid: int) -> None:
    """Drop the composer's state of one item (the next view loads it from the database)."""
    prefix = key(pid, "")
    for name in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[name]


def _done(ctx: PageContext, pid: int, message: str, *, back_to_list: bool) -> None:
    forget(pid)
    data.clear_publications()
    st.session_state[FLASH_KEY] = message
    if back_to_list and "pub" in st.query_params:
        del st.query_params["pub"]
    st.rerun()


CONFIRM_KEY = "pub_confirm"


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
        households = fmt_int(data.reach(ctx.url, ids), ctx.lang)
        st.warning(ctx.t("pub.confirm.now", households=households, buurten=audience))
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
