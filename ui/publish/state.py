"""The composer's state: widget values in st.session_state and the document they make.

Widget values live in st.session_state under keys that start with ``pub<ID>.``; they are filled
from the stored draft the first time it is opened in a session (so a reload restores everything).
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from hoplr_data.core.i18n import LANGUAGES
from hoplr_data.top_down import documents
from hoplr_data.top_down import publications as pub

from .. import data
from ..setup import PageContext

DEFAULT_TIME = dt.time(10, 0)
CLOSING_TIME = dt.time(23, 45)


def key(pid: int, name: str) -> str:
    """The session-state key of one composer field."""
    return f"pub{pid}.{name}"


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


def snapshot(doc: dict, codes: list[str], all_buurten: bool) -> dict:
    """What autosave compares: the document, the buurt codes and 'all buurten'."""
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
            starts_at=moment_of(pid, "starts_at"),
            ends_at=moment_of(pid, "ends_at"),
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
        doc["closes_at"] = moment_of(pid, "closes")
    if s.get(key(pid, "when")) == "later":
        doc["planned_at"] = moment_of(pid, "sched", date_key="sched.date", time_key="sched.time")
    return doc, list(s.get(key(pid, "buurten"), [])), bool(s.get(key(pid, "all")))


def _question(pid: int, code: str, languages: list[str]) -> dict:
    """One question as its widgets hold it (options only for choice questions)."""
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
    """The capacity as a whole number, or None when it is empty."""
    return int(value) if isinstance(value, int | float) else None


def _iso(day: dt.date | None) -> str | None:
    """A date as ISO text, or None."""
    return day.isoformat() if day else None


def moment_of(
    pid: int, name: str, *, date_key: str | None = None, time_key: str | None = None
) -> str | None:
    """A date widget and a time widget as one ISO moment (None without a date)."""
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


def wants_later(pid: int) -> bool:
    """True when the user chose to schedule (whether or not a moment is filled in yet)."""
    return st.session_state.get(key(pid, "when")) == "later"


def forget(pid: int) -> None:
    """Drop the composer's state of one item (the next view loads it from the database)."""
    prefix = key(pid, "")
    for name in [k for k in st.session_state if isinstance(k, str) and k.startswith(prefix)]:
        del st.session_state[name]
