"""The rules a publication must meet before it goes out, as a list of problems."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hoplr_data.top_down.documents import (
    CHOICE_KINDS,
    CLOSING_KINDS,
    LIMITS,
    MAX_QUESTIONS,
    POLL_KINDS,
    closes_at,
    parse_moment,
)


@dataclass(frozen=True)
class Problem:
    """One validation problem: a catalog code, where it is, and values for the message."""

    code: str
    where: str = ""
    params: dict = field(default_factory=dict, hash=False, compare=False)


def validate(
    doc: dict,
    *,
    kind: str,
    languages: list[str] | tuple[str, ...],
    targets_any: bool,
    schedule_at: dt.datetime | None,
    now: dt.datetime,
) -> list[Problem]:
    """Every problem that stops publishing; an empty list means the item can go out."""
    problems: list[Problem] = []
    if not targets_any:
        problems.append(Problem("pub.error.no_buurt", "buurten"))
    if schedule_at is not None and schedule_at <= now:
        problems.append(Problem("pub.error.schedule_past", "schedule"))
    problems += _closing_problems(doc, kind, schedule_at or now)
    problems += _text_problems(doc, languages)
    checks = {
        "event": _event_problems,
        "poll": _poll_problems,
        "survey": _survey_problems,
        "project": _project_problems,
    }
    if kind in checks:
        problems += checks[kind](doc, languages)
    return problems


def _closing_problems(doc: dict, kind: str, goes_out: dt.datetime) -> list[Problem]:
    """A closing date must be a moment after the item goes out."""
    if kind not in CLOSING_KINDS or not doc.get("closes_at"):
        return []
    closing = closes_at(doc, kind)
    if closing is None or closing <= goes_out:
        return [Problem("pub.error.closes_before_publication", "closes_at")]
    return []


def _text_problems(doc: dict, languages: list[str] | tuple[str, ...]) -> list[Problem]:
    """Every language has a title; no title or body is longer than its limit."""
    problems: list[Problem] = []
    texts = doc.get("texts", {})
    for lang in languages:
        version = texts.get(lang) or {}
        title, body = version.get("title", "").strip(), version.get("body", "").strip()
        if not title and not body:
            problems.append(Problem("pub.error.language_missing", f"texts.{lang}", {"lang": lang}))
            continue
        if not title:
            problems.append(Problem("pub.error.title_empty", f"texts.{lang}.title", {"lang": lang}))
    for lang, version in texts.items():
        for part in ("title", "body"):
            if len((version or {}).get(part, "")) > LIMITS[part]:
                problems.append(
                    Problem(
                        f"pub.error.{part}_too_long",
                        f"texts.{lang}.{part}",
                        {"lang": lang, "max": LIMITS[part]},
                    )
                )
    return problems


def _event_problems(doc: dict, _languages: list[str] | tuple[str, ...]) -> list[Problem]:
    """An event has a start, ends after it starts, a short place and a positive capacity."""
    problems: list[Problem] = []
    starts, ends = parse_moment(doc.get("starts_at")), parse_moment(doc.get("ends_at"))
    if starts is None:
        problems.append(Problem("pub.error.start_missing", "starts_at"))
    if starts and ends and ends < starts:
        problems.append(Problem("pub.error.end_before_start", "ends_at"))
    if len(doc.get("place") or "") > LIMITS["place"]:
        problems.append(Problem("pub.error.place_too_long", "place", {"max": LIMITS["place"]}))
    capacity = doc.get("capacity")
    if capacity is not None and (not isinstance(capacity, int) or capacity < 1):
        problems.append(Problem("pub.error.capacity", "capacity"))
    return problems


def _poll_problems(doc: dict, languages: list[str] | tuple[str, ...]) -> list[Problem]:
    """A poll has exactly one question of a poll kind, and that question is complete."""
    questions = doc.get("questions") or []
    if len(questions) != 1 or questions[0].get("kind") not in POLL_KINDS:
        return [Problem("pub.error.poll_shape", "questions")]
    return _question_problems(questions[0], 1, languages)


def _survey_problems(doc: dict, languages: list[str] | tuple[str, ...]) -> list[Problem]:
    """A survey has between one and MAX_QUESTIONS questions, each complete."""
    questions = doc.get("questions") or []
    if not questions:
        return [Problem("pub.error.no_questions", "questions")]
    if len(questions) > MAX_QUESTIONS:
        return [Problem("pub.error.too_many_questions", "questions", {"max": MAX_QUESTIONS})]
    problems: list[Problem] = []
    for number, question in enumerate(questions, start=1):
        problems += _question_problems(question, number, languages)
    return problems


def _question_problems(
    question: dict, number: int, languages: list[str] | tuple[str, ...]
) -> list[Problem]:
    """A question has its text and (for choices) at least two options in every language."""
    problems: list[Problem] = []
    where = f"questions.{question.get('code')}"
    for lang in languages:
        text = (question.get("text") or {}).get(lang, "").strip()
        params = {"n": number, "lang": lang}
        if not text:
            problems.append(Problem("pub.error.question_empty", where, params))
        elif len(text) > LIMITS["question"]:
            problems.append(
                Problem("pub.error.question_too_long", where, {**params, "max": LIMITS["question"]})
            )
        if question.get("kind") in CHOICE_KINDS:
            options = [o.strip() for o in (question.get("options") or {}).get(lang, [])]
            if len([o for o in options if o]) < 2 or not all(options):
                problems.append(Problem("pub.error.too_few_options", where, params))
            elif any(len(o) > LIMITS["option"] for o in options):
                problems.append(
                    Problem("pub.error.option_too_long", where, {**params, "max": LIMITS["option"]})
                )
    if question.get("kind") in CHOICE_KINDS:
        counts = {len((question.get("options") or {}).get(lang, [])) for lang in languages}
        if len(counts) > 1:
            problems.append(Problem("pub.error.options_differ", where, {"n": number}))
    return problems


def _project_problems(doc: dict, _languages: list[str] | tuple[str, ...]) -> list[Problem]:
    """Every phase has dates, ends after it starts and starts after the previous one ends."""
    problems: list[Problem] = []
    previous_end: dt.datetime | None = None
    for phase in doc.get("phases") or []:
        start, end = parse_moment(phase.get("start")), parse_moment(phase.get("end"))
        params = {"phase": phase.get("code")}
        if start is None or end is None:
            problems.append(Problem("pub.error.phase_dates", f"phases.{phase.get('code')}", params))
            continue
        if end < start:
            problems.append(Problem("pub.error.end_before_start", f"phases.{phase.get('code')}"))
        if previous_end and start < previous_end:
            problems.append(
                Problem("pub.error.phase_overlap", f"phases.{phase.get('code')}", params)
            )
        previous_end = end
    return problems
