"""Builders for the top-down tests: an author, a fixed moment, documents, published items."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from hoplr_data.top_down import documents
from hoplr_data.top_down import publications as pub
from tests.helpers import ev, load

BUILDER = pub.Actor(username="builder", roles=("community_builder",))
NOW = dt.datetime(2024, 3, 4, 10, 0)  # a Monday
NL = ("nl",)


def text(title: str = "Werk aan de weg", body: str = "De straat is dicht.") -> dict:
    """A language version of an item: a title and a body."""
    return {"title": title, "body": body}


def question(kind: str, code: str = "q1", options: int = 0, required: bool = True) -> dict:
    """A question of a kind with Dutch text (and n Dutch options for a choice)."""
    q = documents.new_question(kind, int(code[1:]))
    q["required"] = required
    q["text"] = {"nl": f"Vraag {code}?"}
    if options:
        q["options"] = {"nl": [f"Keuze {i}" for i in range(1, options + 1)]}
    return q


def draft_of(engine: Engine, kind: str, doc: dict, buurten: list[str]) -> int:
    """Create a draft and save a document into it (version 2); returns its id."""
    pid = pub.create_draft(engine, actor=BUILDER, kind=kind, now=NOW)
    pub.save_draft(
        engine,
        actor=BUILDER,
        publication_id=pid,
        version=1,
        doc=doc,
        buurt_codes=buurten,
        all_buurten=not buurten,
        now=NOW,
    )
    return pid


def make_post(engine: Engine, buurten: list[str], *, title: str = "Werk aan de weg") -> int:
    """A draft post to some buurten (all buurten when none), saved; returns its id."""
    return draft_of(engine, "post", pub.empty_document("post") | {"texts": {"nl": text(title)}},
                    buurten)  # fmt: skip


def publish_doc(engine: Engine, kind: str, doc: dict, buurten: list[str]) -> int:
    """Create, save and publish an item now; returns its id."""
    pid = draft_of(engine, kind, doc, buurten)
    pub.publish(engine, actor=BUILDER, publication_id=pid, version=2, languages=NL, now=NOW)
    return pid


def registered(engine: Engine, counts: dict[str, int]) -> list[str]:
    """Register n households in each buurt; returns their ids."""
    events, households = [], []
    for buurt, n in counts.items():
        for i in range(n):
            hid = f"hh-{buurt}-{i}"
            households.append(hid)
            events.append(ev("registration", "2024-01-02T10:00:00", household_id=hid, buurt=buurt))
    load(engine, events)
    return households


def publish_survey(engine: Engine, buurten: list[str]) -> int:
    """A published survey with a yes/no, a multiple-choice, a scale and an open question."""
    doc = pub.empty_document("survey") | {"texts": {"nl": text("Buurtenquête", "Doe mee")}}
    doc["questions"] = [
        question("yes_no", "q1"),
        question("multiple", "q2", options=3, required=False),
        question("scale", "q3", required=False),
        question("open", "q4", required=False),
    ]
    return publish_doc(engine, "survey", doc, buurten)


def answer(pid: int, hid: str, **answers: object) -> dict:
    """A survey_response event of one household with its answers per question code."""
    return ev(
        "survey_response",
        "2024-03-05T09:00:00",
        household_id=hid,
        publication_id=pid,
        answers=answers,
    )


def problems(doc: dict, kind: str, **kwargs: object) -> set[str]:
    """The codes of the problems validation finds in a document (Dutch only, now, targeted)."""
    args = {"languages": NL, "targets_any": True, "schedule_at": None, "now": NOW}
    args.update(kwargs)
    return {p.code for p in pub.validate(doc, kind=kind, **args)}
