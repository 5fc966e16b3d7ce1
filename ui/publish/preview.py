"""The residents' preview of an item, one tab per language.

Titles, texts, options and places are shown as plain text only (st.text), never as Markdown.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from hoplr_data.core.i18n import LANGUAGE_NAMES, fmt_int
from hoplr_data.top_down import documents

from ..setup import PageContext


def fmt_moment(value: dt.datetime | None) -> str:
    """A date and time as dd-mm-yyyy hh:mm ('' when there is none)."""
    return value.strftime("%d-%m-%Y %H:%M") if value else ""


def preview(ctx: PageContext, kind: str, doc: dict, languages: list[str]) -> None:
    """The item as residents will see it, one tab per language."""
    tabs = st.tabs([LANGUAGE_NAMES[lang] for lang in languages])
    for tab, lang in zip(tabs, languages, strict=True):
        with tab, st.container(border=True):
            st.caption(_preview_caption(ctx, kind, doc))
            version = doc.get("texts", {}).get(lang) or {}
            st.text(version.get("title", "") or ctx.t("pub.preview.no_title"))
            if version.get("body"):
                st.text(version["body"])
            _preview_details(ctx, kind, doc, lang)


def _preview_caption(ctx: PageContext, kind: str, doc: dict) -> str:
    """The line above the preview: the sender, the kind, its type or theme."""
    parts = [ctx.t("pub.preview.from_municipality"), ctx.t(f"pub.kind.{kind}")]
    if kind == "post":
        parts.append(ctx.t(f"pub.post_type.{doc.get('post_type', 'news')}"))
        parts.append(ctx.t(f"pub.category.{doc.get('category', 'other')}"))
    if kind == "project":
        parts.append(ctx.t(f"pub.theme.{doc.get('theme', 'other')}"))
    return " · ".join(parts)


def _preview_details(ctx: PageContext, kind: str, doc: dict, lang: str) -> None:
    """An event's time and place, a project's phases, the questions."""
    if kind == "event":
        starts = documents.parse_moment(doc.get("starts_at"))
        ends = documents.parse_moment(doc.get("ends_at"))
        st.caption(f"{ctx.t('pub.starts_at')}: {fmt_moment(starts)} – {fmt_moment(ends)}")
        if doc.get("place"):
            st.text(doc["place"])
        if doc.get("capacity"):
            st.caption(ctx.t_plural("pub.preview.capacity", int(doc["capacity"]),
                                    count=fmt_int(doc["capacity"], ctx.lang)))  # fmt: skip
        st.caption(ctx.t("pub.preview.rsvp"))
    for phase in doc.get("phases", []) if kind == "project" else []:
        name = ctx.t(f"pub.phase.{phase['code']}")
        st.caption(f"{name}: {_day(phase.get('start'))} – {_day(phase.get('end'))}")
    for number, question in enumerate(doc.get("questions", []), start=1):
        text = (question.get("text") or {}).get(lang, "")
        mark = " *" if question.get("required") and kind == "survey" else ""
        st.text(f"{number}. {text}{mark}")
        if question["kind"] == "open":  # a text box, as residents will see it
            st.text_area(ctx.t("pub.preview.open_answer"), disabled=True, height=80,
                         placeholder=ctx.t("pub.preview.open_answer"),
                         label_visibility="collapsed", key=f"preview.{lang}.q{number}")  # fmt: skip
        else:
            st.text("\n".join(f"  ○ {label}" for label in _option_labels(ctx, question, lang)))
    closing = documents.closes_at(doc, kind)
    if closing is not None:
        st.caption(ctx.t("pub.preview.closes", when=fmt_moment(closing)))


def _day(value: str | None) -> str:
    """An ISO date as dd-mm-yyyy, or … when there is none yet."""
    return dt.date.fromisoformat(value).strftime("%d-%m-%Y") if value else "…"


def _option_labels(ctx: PageContext, question: dict, lang: str) -> list[str]:
    """The answers residents can pick for a question, in one language."""
    kind = question["kind"]
    if kind in documents.CHOICE_KINDS:
        return list((question.get("options") or {}).get(lang, []))
    if kind == "scale":
        return ["1 … 10"]
    return [ctx.t(f"pub.option.{code}") for code in documents.option_codes(question)]
