"""The composer's document: what each kind of publication holds, and reading it back.

A publication's content is one JSON document: texts per language, plus the fields its kind uses
(an event's times and place, a poll's or survey's questions, a project's phases).
"""

from __future__ import annotations

import datetime as dt

from hoplr_data.core.models import LANGUAGES, PUBLICATION_KINDS
from hoplr_data.top_down.errors import PublicationError

POST_TYPES = ("news", "notice", "alert")
POST_CATEGORIES = (
    "mobility",
    "waste_collection",
    "safety",
    "project_development",
    "health",
    "greenery",
    "community",
    "other",
)
PROJECT_THEMES = ("greenery", "mobility", "play_and_sport", "safety", "culture", "other")
PROJECT_PHASES = ("inform", "collect_ideas", "vote", "results")
QUESTION_KINDS = ("single", "multiple", "scale", "yes_no", "open")
POLL_KINDS = ("for_against", "single", "scale")
FIXED_OPTIONS = {"yes_no": ("yes", "no"), "for_against": ("for", "against")}
CHOICE_KINDS = ("single", "multiple")
SCALE = range(1, 11)
LIMITS = {"title": 120, "body": 5000, "question": 300, "option": 100, "place": 200}
MAX_QUESTIONS = 30
CLOSING_KINDS = ("poll", "survey")


def empty_document(kind: str) -> dict:
    """A new draft's document, with the fields its kind uses."""
    if kind not in PUBLICATION_KINDS:
        raise PublicationError("pub.error.unknown_kind")
    doc: dict = {"texts": {}}
    if kind == "post":
        doc.update(post_type="news", category="other")
    elif kind == "event":
        doc.update(starts_at=None, ends_at=None, place="", capacity=None)
    elif kind == "poll":
        doc["questions"] = [new_question("for_against", 1)]
    elif kind == "survey":
        doc["questions"] = []
    elif kind == "project":
        doc.update(
            theme="greenery",
            phases=[{"code": p, "start": None, "end": None} for p in PROJECT_PHASES],
        )
    return doc


def new_question(kind: str, number: int) -> dict:
    """A question with no text yet."""
    return {"code": f"q{number}", "kind": kind, "required": True, "text": {}, "options": {}}


def next_question_code(questions: list[dict]) -> int:
    """The number for a new question's code: one more than the highest in use."""
    numbers = [int(q["code"][1:]) for q in questions if q.get("code", "q")[1:].isdigit()]
    return max(numbers, default=0) + 1


def option_codes(question: dict) -> list[str]:
    """The answer codes of a question: fixed for yes/no, for/against and scale; else o1..on."""
    kind = question["kind"]
    if kind in FIXED_OPTIONS:
        return list(FIXED_OPTIONS[kind])
    if kind == "scale":
        return [str(n) for n in SCALE]
    if kind in CHOICE_KINDS:
        count = max((len(v) for v in question.get("options", {}).values()), default=0)
        return [f"o{i}" for i in range(1, count + 1)]
    return []


def title_of(doc: dict, languages: list[str] | tuple[str, ...]) -> str:
    """The title in the first language that has one."""
    texts = doc.get("texts", {})
    for lang in [*languages, *LANGUAGES]:
        title = (texts.get(lang) or {}).get("title", "").strip()
        if title:
            return title
    return ""


def times_of(doc: dict, kind: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    """When the item takes place (events) or runs (projects), for the calendar."""
    if kind == "event":
        return parse_moment(doc.get("starts_at")), parse_moment(doc.get("ends_at"))
    if kind == "project":
        starts = [parse_moment(p.get("start")) for p in doc.get("phases", [])]
        ends = [parse_moment(p.get("end")) for p in doc.get("phases", [])]
        starts, ends = [s for s in starts if s], [e for e in ends if e]
        return (min(starts) if starts else None), (max(ends) if ends else None)
    return None, None


def parse_moment(value: object) -> dt.datetime | None:
    """A stored ISO moment as a datetime; None when it is missing or not a moment."""
    if not value or not isinstance(value, str):
        return None
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if isinstance(parsed, dt.datetime) else None


def closes_at(doc: dict, kind: str) -> dt.datetime | None:
    """When a poll or survey stops taking answers (None: it stays open)."""
    return parse_moment(doc.get("closes_at")) if kind in CLOSING_KINDS else None
