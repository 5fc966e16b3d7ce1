"""Ingest of residents' responses to top-down publications (a mixin of the Ingester).

Event types: publication_reaction, publication_rsvp, survey_response (polls and surveys),
project_idea and project_vote. Each refers to a published item that targets the household's
buurt. Survey and poll answers are anonymous: only the buurt is kept, never the household.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select

from hoplr_data.core import models as m
from hoplr_data.ingest.fields import Rejected, _id, _str, _time, fingerprint, known
from hoplr_data.ingest.sql import insert_ignore
from hoplr_data.top_down.documents import CHOICE_KINDS, closes_at, option_codes

TOP_DOWN_TYPES = (
    "publication_reaction",
    "publication_rsvp",
    "survey_response",
    "project_idea",
    "project_vote",
)
MAX_OPEN_ANSWER = 2000
MAX_IDEA_TITLE = 200
MAX_IDEA_TEXT = 5000


@dataclass
class _Live:
    """What ingest needs to know of a published item."""

    kind: str
    published_at: dt.datetime
    all_buurten: bool
    targets: set[int]
    questions: list[dict]
    closes_at: dt.datetime | None = None


class TopDownEvents:
    """Handlers for responses to publications; expects the Ingester's queue and helpers."""

    def _load_top_down_state(self, conn) -> None:  # noqa: ANN001
        targets: dict[int, set[int]] = {}
        for pid, bid in conn.execute(
            select(m.PublicationBuurt.publication_id, m.PublicationBuurt.buurt_id)
        ):
            targets.setdefault(pid, set()).add(bid)
        self.live: dict[int, _Live] = {}
        for pid, kind, published, all_buurten, content in conn.execute(
            select(
                m.Publication.id,
                m.Publication.kind,
                m.Publication.published_at,
                m.Publication.all_buurten,
                m.Publication.content,
            ).where(m.Publication.status.in_(("published", "archived")))
        ):
            doc = json.loads(content)
            self.live[pid] = _Live(
                kind, published, all_buurten, targets.get(pid, set()),
                doc.get("questions") or [], closes_at(doc, kind),
            )  # fmt: skip
        self.stored_responses = _stored_responses(conn)
        self.response_ids = set(self.stored_responses)
        self.rsvps: set[tuple[int, str]] = set()
        self.idea_votes: set[tuple[str, str]] = set()
        for pid, hid, kind, idea in conn.execute(
            select(
                m.PublicationResponse.publication_id,
                m.PublicationResponse.household_id,
                m.PublicationResponse.kind,
                m.PublicationResponse.idea_id,
            ).where(m.PublicationResponse.kind.in_(("interested", "attending", "vote")))
        ):
            if kind == "vote":
                self.idea_votes.add((idea, hid))
            else:
                self.rsvps.add((pid, hid))
        self.stored_ideas: dict[str, int] = {}
        self.idea_ids: dict[str, int] = {}
        for iid, pid, *rest in conn.execute(
            select(m.ProjectIdea.id, m.ProjectIdea.publication_id, m.ProjectIdea.household_id,
                   m.ProjectIdea.title, m.ProjectIdea.text, m.ProjectIdea.created_at)
        ):  # fmt: skip
            self.idea_ids[iid] = pid
            self.stored_ideas[iid] = fingerprint(pid, *rest)
        self.pending_answers: list[dict] = []

    def _response(self, ev: dict, kinds: tuple[str, ...]) -> tuple[str, str, dt.datetime, int, int]:
        """Common checks: id, household registered then, item live and aimed at its buurt."""
        eid, hid, when = _id(ev), _str(ev, "household_id"), _time(ev, "time")
        pid = ev.get("publication_id")
        if pid is None:
            raise Rejected("missing_field", "publication_id")
        if isinstance(pid, bool) or not isinstance(pid, int | str) or not str(pid).isdigit():
            raise Rejected("bad_field", "publication_id")
        pid = int(pid)
        buurt_id = self._household_buurt(hid, when)
        live = self.live.get(pid)
        if live is None:
            raise Rejected("unknown_publication", "publication_id")
        if live.kind not in kinds:
            raise Rejected("wrong_publication_kind", "publication_id")
        if when < live.published_at:
            raise Rejected("not_published", "time")
        if live.closes_at is not None and when >= live.closes_at:
            raise Rejected("closed", "time")
        if not live.all_buurten and buurt_id not in live.targets:
            raise Rejected("not_targeted", "publication_id")
        return eid, hid, when, pid, buurt_id

    def _new_response(self, row: dict, answers: tuple = ()) -> bool:
        """False when the response id is known; a stored one with other content is rejected."""
        content = (row["publication_id"], row["kind"], row["household_id"],
                   row["idea_id"], row["created_at"], answers)  # fmt: skip
        known_ = known(self.stored_responses, row["id"], *content)
        return not known_ and row["id"] not in self.response_ids

    def _queue_response(self, row: dict) -> None:
        self.response_ids.add(row["id"])
        self._queue("publication_response", row)

    def _on_publication_reaction(self, ev: dict) -> None:
        eid, hid, when, pid, buurt_id = self._response(ev, m.PUBLICATION_KINDS)
        row = _response_row(eid, pid, "reaction", hid, buurt_id, when)
        if self._new_response(row):
            self._queue_response(row)

    def _on_publication_rsvp(self, ev: dict) -> None:
        eid, hid, when, pid, buurt_id = self._response(ev, ("event",))
        kind = ev.get("response")
        if kind not in m.RESPONSE_KINDS:
            raise Rejected("bad_field" if "response" in ev else "missing_field", "response")
        row = _response_row(eid, pid, kind, hid, buurt_id, when)
        if self._new_response(row) and (pid, hid) not in self.rsvps:
            self.rsvps.add((pid, hid))
            self._queue_response(row)

    def _on_survey_response(self, ev: dict) -> None:
        eid, _hid, when, pid, buurt_id = self._response(ev, ("poll", "survey"))
        answers = ev.get("answers")
        if not isinstance(answers, dict):
            raise Rejected("bad_field" if "answers" in ev else "missing_field", "answers")
        rows = _answer_rows(eid, self.live[pid].questions, answers)
        row = _response_row(eid, pid, "answer", None, buurt_id, when)
        if self._new_response(row, _answers_key(rows)):
            self._queue_response(row)
            self.pending_answers += rows

    def _on_project_idea(self, ev: dict) -> None:
        eid, hid, when, pid, buurt_id = self._response(ev, ("project",))
        title = _bounded_text(ev, "title", MAX_IDEA_TITLE)
        text = _bounded_text(ev, "text", MAX_IDEA_TEXT)
        if known(self.stored_ideas, eid, pid, hid, title, text, when) or eid in self.idea_ids:
            return
        self.idea_ids[eid] = pid
        self._queue(
            "project_idea",
            {
                "id": eid,
                "publication_id": pid,
                "household_id": hid,
                "buurt_id": buurt_id,
                "title": title,
                "text": text,
                "created_at": when,
            },
        )

    def _on_project_vote(self, ev: dict) -> None:
        eid, hid, when, pid, buurt_id = self._response(ev, ("project",))
        idea = _str(ev, "idea_id")
        if self.idea_ids.get(idea) != pid:
            raise Rejected("unknown_idea", "idea_id")
        row = _response_row(eid, pid, "vote", hid, buurt_id, when, idea)
        if self._new_response(row) and (idea, hid) not in self.idea_votes:
            self.idea_votes.add((idea, hid))
            self._queue_response(row)

    def _flush_top_down(self, conn, new_responses: set) -> None:  # noqa: ANN001
        """Write the survey answers of the responses this run wrote (after the responses)."""
        rows = [row for row in self.pending_answers if row["response_id"] in new_responses]
        if rows:
            conn.execute(insert_ignore(conn.dialect.name, m.SurveyAnswer.__table__), rows)

    def _clear_top_down(self) -> None:
        """Forget what the last flush wrote."""
        self.pending_answers = []


def _response_row(
    eid: str, pid: int, kind: str, hid: str | None, buurt_id: int, when: dt.datetime,
    idea: str | None = None,
) -> dict:  # fmt: skip
    """A publication_response row."""
    return {"id": eid, "publication_id": pid, "kind": kind, "household_id": hid,
            "buurt_id": buurt_id, "created_at": when, "idea_id": idea}  # fmt: skip


def _answers_key(rows: list[dict]) -> tuple:
    """What a response's answers hold, in a stable order, to compare a re-sent version."""
    return tuple(
        sorted((r["question"], r["seq"], r["option"], r["score"], r["text"]) for r in rows)
    )


def _stored_responses(conn) -> dict[str, int]:  # noqa: ANN001
    """Response id -> fingerprint of its publication, kind, household, idea, moment, answers."""
    answers: dict[str, list[tuple]] = defaultdict(list)
    a = m.SurveyAnswer
    for rid, *part in conn.execute(
        select(a.response_id, a.question, a.seq, a.option, a.score, a.text)
    ):
        answers[rid].append(tuple(part))
    r = m.PublicationResponse
    return {
        rid: fingerprint(*rest, tuple(sorted(answers.get(rid, ()))))
        for rid, *rest in conn.execute(
            select(r.id, r.publication_id, r.kind, r.household_id, r.idea_id, r.created_at)
        )
    }


def _bounded_text(ev: dict, name: str, limit: int) -> str:
    value = ev.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise Rejected("missing_field", name)
    if not isinstance(value, str) or len(value) > limit:
        raise Rejected("bad_field", name)
    return value.strip()


def _answer_rows(response_id: str, questions: list[dict], answers: dict) -> list[dict]:
    """One row per chosen option, score or open text; every question checked."""
    known = {q["code"] for q in questions}
    for code in answers:
        if code not in known:
            raise Rejected("bad_field", f"answers.{code}"[:64])
    rows: list[dict] = []
    for question in questions:
        value = answers.get(question["code"])
        where = f"answers.{question['code']}"
        if value is None or value == [] or value == "":
            if question.get("required"):
                raise Rejected("missing_field", where)
            continue
        rows += [
            {
                "response_id": response_id,
                "question": question["code"],
                "option": None,
                "score": None,
                "text": None,
                "seq": seq,
                **part,
            }
            for seq, part in enumerate(_answer_parts(question, value, where))
        ]
    return rows


def _answer_parts(question: dict, value: object, where: str) -> list[dict]:
    kind = question["kind"]
    if kind == "open":
        if not isinstance(value, str) or len(value) > MAX_OPEN_ANSWER:
            raise Rejected("bad_field", where)
        return [{"text": value.strip()}]
    if kind == "scale":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 10:
            raise Rejected("bad_field", where)
        return [{"score": value}]
    codes = option_codes(question)
    chosen = value if kind == "multiple" and isinstance(value, list) else [value]
    if kind not in CHOICE_KINDS and kind not in ("yes_no", "for_against"):
        raise Rejected("bad_field", where)
    if len(set(map(str, chosen))) != len(chosen) or any(c not in codes for c in chosen):
        raise Rejected("bad_field", where)
    return [{"option": c} for c in chosen]
