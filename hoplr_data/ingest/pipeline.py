"""Ingest of platform events (JSON Lines), the contract documented in docs/ingest-schema/.

Every event has an id; importing the same events twice changes nothing. A bad line is reported
with its line number and reason and the rest still imports. The text of posts and reactions is
read for its language and length and then dropped (DESIGN.md privacy rules). A resident's reply
to a report or idea (`reporter_reply`) is kept as plain text in the item's history, like the report.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, Table, bindparam, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hoplr_data.core import models as m
from hoplr_data.core.timeutil import week_start
from hoplr_data.ingest.fields import Rejected, _id, _str, _time
from hoplr_data.ingest.top_down import TOP_DOWN_TYPES, TopDownEvents
from hoplr_data.topics.language import guess_language

BATCH_SIZE = 20_000
EVENT_TYPES = (
    "registration",
    "deregistration",
    "visit",
    "post",
    "reaction",
    "appreciation",
    "event",
    "event_response",
    "report",
    "idea",
    "reporter_reply",
    *TOP_DOWN_TYPES,
)
MAX_ITEM_TEXT = 5000
TABLES: dict[str, Table] = {
    "registration": m.Membership.__table__,
    "visit": m.Visit.__table__,
    "post": m.Post.__table__,
    "reaction": m.Reaction.__table__,
    "appreciation": m.Appreciation.__table__,
    "event": m.ResidentEvent.__table__,
    "event_response": m.EventResponse.__table__,
    "project_idea": m.ProjectIdea.__table__,
    "publication_response": m.PublicationResponse.__table__,
}


@dataclass
class Rejection:
    """One rejected line."""

    line: int
    reason: str
    field: str
    raw: str


@dataclass
class IngestReport:
    """What an ingest run did: lines read, rows imported per type, duplicates, rejections."""

    lines: int = 0
    imported: dict[str, int] = field(default_factory=dict)
    rejected: list[Rejection] = field(default_factory=list)

    @property
    def imported_total(self) -> int:
        """Events that changed the database."""
        return sum(self.imported.values())

    @property
    def duplicates(self) -> int:
        """Valid events that were already known (or a second visit on the same day)."""
        return self.lines - len(self.rejected) - self.imported_total


@dataclass
class _Household:
    """Registration intervals of one household: parallel lists sorted by start."""

    buurt_ids: list[int] = field(default_factory=list)
    starts: list[dt.datetime] = field(default_factory=list)
    ends: list[dt.datetime | None] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)

    def buurt_at(self, when: dt.datetime) -> int | None:
        """The household's buurt at a moment, or None when it was not registered then."""
        i = bisect.bisect_right(self.starts, when) - 1
        if i < 0:
            return None
        end = self.ends[i]
        return self.buurt_ids[i] if end is None or when < end else None

    def is_open(self) -> bool:
        """True while the last registration has no deregistration."""
        return bool(self.ends) and self.ends[-1] is None


class Ingester(TopDownEvents):
    """Validates events one by one and writes them in batches."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.pending: dict[str, list[dict]] = defaultdict(list)
        self.pending_count = 0
        self.pending_visits: set[tuple[str, dt.date]] = set()
        self.pending_registrations: dict[str, dict] = {}
        self.pending_deregistrations: list[dict] = []
        self.pending_items: list[dict] = []
        self.pending_replies: list[dict] = []
        self.items_imported = {"report": 0, "idea": 0, "reporter_reply": 0}
        self.report = IngestReport()
        self.handlers: dict[object, Callable[[dict], None]] = {
            kind: getattr(self, f"_on_{kind}") for kind in EVENT_TYPES
        }
        self.deregistrations = 0
        self._load_state()

    def _load_state(self) -> None:
        with self.engine.connect() as conn:
            self.buurten = dict(conn.execute(select(m.Buurt.code, m.Buurt.id)).all())
            self.households: dict[str, _Household] = defaultdict(_Household)
            self.membership_ids: set[str] = set()
            self.deregistration_ids: set[str] = set()
            rows = conn.execute(
                select(
                    m.Membership.id,
                    m.Membership.household_id,
                    m.Membership.buurt_id,
                    m.Membership.registered_at,
                    m.Membership.deregistered_at,
                    m.Membership.deregistration_event_id,
                ).order_by(m.Membership.registered_at)
            )
            for mid, hid, bid, start, end, dereg_id in rows:
                self._add_interval(hid, mid, bid, start, end)
                if dereg_id:
                    self.deregistration_ids.add(dereg_id)
            self.post_ids = set(conn.execute(select(m.Post.id)).scalars())
            self.event_ids = set(conn.execute(select(m.ResidentEvent.id)).scalars())
            self.responses = {
                (event_id, hid)
                for event_id, hid in conn.execute(
                    select(m.EventResponse.event_id, m.EventResponse.household_id)
                )
            }
            self.counts_before = self._counts(conn)
            self.categories = {
                code: (cid, kind)
                for code, cid, kind in conn.execute(
                    select(m.Category.code, m.Category.id, m.Category.kind)
                )
            }
            self.item_ids = set(conn.execute(select(m.Item.id)).scalars())
            self.item_facts: dict[str, tuple[dt.datetime, str]] = {
                iid: (created, hid)
                for iid, created, hid in conn.execute(
                    select(m.Item.id, m.Item.created_at, m.Item.household_id)
                )
            }
            self.reply_ids = set(
                conn.execute(
                    select(m.ItemEvent.event_id).where(m.ItemEvent.event_id.is_not(None))
                ).scalars()
            )
            self._load_top_down_state(conn)

    def _add_interval(
        self, hid: str, mid: str, bid: int, start: dt.datetime, end: dt.datetime | None
    ) -> None:
        house = self.households[hid]
        house.ids.append(mid)
        house.buurt_ids.append(bid)
        house.starts.append(start)
        house.ends.append(end)
        self.membership_ids.add(mid)

    def _counts(self, conn) -> dict[str, int]:  # noqa: ANN001
        return {
            name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in TABLES.items()
        }

    # --- one event -----------------------------------------------------------------------

    def feed(self, line_no: int, event: object, raw: str = "") -> None:
        """Validate and queue one decoded event; record a rejection on failure."""
        self.report.lines += 1
        try:
            if not isinstance(event, dict):
                raise Rejected("not_object")
            handler = self.handlers.get(event.get("type"))
            if handler is None:
                raise Rejected("unknown_type", "type")
            handler(event)
        except Rejected as exc:
            raw = raw or json.dumps(event, ensure_ascii=False, default=str)
            self.report.rejected.append(Rejection(line_no, exc.reason, exc.field, raw[:2000]))
        if self.pending_count >= BATCH_SIZE:
            self.flush()

    def _queue(self, kind: str, row: dict) -> None:
        self.pending[kind].append(row)
        self.pending_count += 1

    def _on_registration(self, ev: dict) -> None:
        eid, hid, when = _id(ev), _str(ev, "household_id"), _time(ev, "time")
        buurt_id = self._buurt(ev)
        code = ev.get("invite_code")
        if code is not None and (not isinstance(code, str) or len(code) > 32):
            raise Rejected("bad_field", "invite_code")
        if eid in self.membership_ids:
            return
        house = self.households.get(hid)
        if house and (house.is_open() or when < house.starts[-1]):
            raise Rejected("already_registered", "household_id")
        self._add_interval(hid, eid, buurt_id, when, None)
        self._queue(
            "registration",
            {
                "id": eid,
                "household_id": hid,
                "buurt_id": buurt_id,
                "registered_at": when,
                "week": week_start(when.date()),
                "invite_code": code or None,
                "deregistered_at": None,
                "deregistered_week": None,
                "deregistration_event_id": None,
            },
        )
        self.pending_registrations[eid] = self.pending["registration"][-1]

    def _on_deregistration(self, ev: dict) -> None:
        eid, hid, when = _id(ev), _str(ev, "household_id"), _time(ev, "time")
        if eid in self.deregistration_ids:
            return
        house = self.households.get(hid)
        if not house:
            raise Rejected("unknown_household", "household_id")
        if not house.is_open() or when < house.starts[-1]:
            raise Rejected("not_registered", "household_id")
        house.ends[-1] = when
        self.deregistration_ids.add(eid)
        self.deregistrations += 1
        values = {
            "deregistered_at": when,
            "deregistered_week": week_start(when.date()),
            "deregistration_event_id": eid,
        }
        pending = self.pending_registrations.get(house.ids[-1])
        if pending is not None:
            pending.update(values)
        else:
            self.pending_deregistrations.append(
                {"b_membership_id": house.ids[-1], **{f"b_{k}": v for k, v in values.items()}}
            )

    def _on_visit(self, ev: dict) -> None:
        _id(ev)
        hid, when = _str(ev, "household_id"), _time(ev, "time")
        buurt_id = self._household_buurt(hid, when)
        key = (hid, when.date())
        if key in self.pending_visits:
            return
        self.pending_visits.add(key)
        self._queue(
            "visit",
            {"household_id": hid, "day": key[1], "buurt_id": buurt_id, "week": week_start(key[1])},
        )

    def _on_post(self, ev: dict) -> None:
        eid, hid, when = _id(ev), _str(ev, "household_id"), _time(ev, "time")
        buurt_id = self._buurt(ev)
        self._household_buurt(hid, when)
        text = _text(ev)
        if eid in self.post_ids:
            return
        self.post_ids.add(eid)
        self._queue(
            "post",
            {
                "id": eid,
                "household_id": hid,
                "buurt_id": buurt_id,
                "created_at": when,
                "week": week_start(when.date()),
                "month": when.date().replace(day=1),
                "language": _language(ev, text),
                "length": len(text),
                "topic": None,
                "topic_confidence": None,
                "model_version": None,
                "_text": text,
            },
        )

    def _on_reaction(self, ev: dict) -> None:
        row = self._post_activity(ev)
        text = _text(ev)
        row.update(language=_language(ev, text), length=len(text))
        self._queue("reaction", row)

    def _on_appreciation(self, ev: dict) -> None:
        self._queue("appreciation", self._post_activity(ev))

    def _post_activity(self, ev: dict) -> dict:
        eid, hid, when = _id(ev), _str(ev, "household_id"), _time(ev, "time")
        post_id = _str(ev, "post_id")
        buurt_id = self._household_buurt(hid, when)
        if post_id not in self.post_ids:
            raise Rejected("unknown_post", "post_id")
        return {
            "id": eid,
            "post_id": post_id,
            "household_id": hid,
            "buurt_id": buurt_id,
            "created_at": when,
            "week": week_start(when.date()),
        }

    def _on_event(self, ev: dict) -> None:
        eid, hid, when = _id(ev), _str(ev, "household_id"), _time(ev, "time")
        buurt_id = self._buurt(ev)
        starts = _time(ev, "starts_at")
        self._household_buurt(hid, when)
        if eid in self.event_ids:
            return
        self.event_ids.add(eid)
        self._queue(
            "event",
            {
                "id": eid,
                "household_id": hid,
                "buurt_id": buurt_id,
                "created_at": when,
                "week": week_start(when.date()),
                "starts_at": starts,
            },
        )

    def _on_event_response(self, ev: dict) -> None:
        eid, hid, when = _id(ev), _str(ev, "household_id"), _time(ev, "time")
        event_id = _str(ev, "event_id")
        kind = ev.get("response")
        if kind not in m.RESPONSE_KINDS:
            raise Rejected("bad_field" if "response" in ev else "missing_field", "response")
        buurt_id = self._household_buurt(hid, when)
        if event_id not in self.event_ids:
            raise Rejected("unknown_event", "event_id")
        if (event_id, hid) in self.responses:
            return
        self.responses.add((event_id, hid))
        self._queue(
            "event_response",
            {
                "id": eid,
                "event_id": event_id,
                "household_id": hid,
                "buurt_id": buurt_id,
                "kind": kind,
                "created_at": when,
                "week": week_start(when.date()),
            },
        )

    def _on_report(self, ev: dict) -> None:
        self._bottom_up(ev, "report")

    def _on_idea(self, ev: dict) -> None:
        self._bottom_up(ev, "idea")

    def _bottom_up(self, ev: dict, kind: str) -> None:
        """A message a resident addressed to the municipality: its text is kept on purpose."""
        from hoplr_data.bottom_up.defaults import DEFAULT_CATEGORY

        eid, hid, when = _id(ev), _str(ev, "household_id"), _time(ev, "time")
        buurt_id = self._buurt(ev)
        text = _item_text(ev)
        code = ev.get("category") or DEFAULT_CATEGORY[kind]
        category = self.categories.get(code) if isinstance(code, str) else None
        if category is None or category[1] != kind:
            raise Rejected("unknown_category", "category")
        location = _location(ev.get("location"))
        contact = _contact(ev.get("contact"))
        photo = ev.get("photo_url")
        if photo is not None and (
            not isinstance(photo, str)
            or not photo.startswith(("https://", "http://"))
            or len(photo) > 500
        ):
            raise Rejected("bad_field", "photo_url")
        if eid in self.item_ids:
            return
        self.item_ids.add(eid)
        self.item_facts[eid] = (when, hid)
        self.items_imported[kind] += 1
        self.pending_items.append(
            {
                "id": eid,
                "kind": kind,
                "buurt_id": buurt_id,
                "household_id": hid,
                "created_at": when,
                "updated_at": when,
                "closed_at": None,
                "text": text.strip(),
                "language": _language(ev, text),
                "photo_url": photo,
                "resident_category_id": category[0] if ev.get("category") else None,
                "category_id": category[0],
                "priority": "normal",
                "status": "new",
                "assignee_id": None,
                "duplicate_of": None,
                "contact_erased_at": None,
                "version": 1,
                **location,
                **contact,
            }
        )
        self.pending_count += 1

    def _on_reporter_reply(self, ev: dict) -> None:
        """The resident answers about their report or idea: kept as plain text in its history."""
        eid, when = _id(ev), _time(ev, "time")
        item_id = _str(ev, "item_id")
        text = _item_text(ev)
        language = _language(ev, text)
        facts = self.item_facts.get(item_id)
        if facts is None:
            raise Rejected("unknown_item", "item_id")
        created, household = facts
        if "household_id" in ev and _str(ev, "household_id") != household:
            raise Rejected("not_reporter", "household_id")
        if when < created:
            raise Rejected("before_item", "time")
        if eid in self.reply_ids:
            return
        self.reply_ids.add(eid)
        self.items_imported["reporter_reply"] += 1
        self.pending_replies.append(
            {"event_id": eid, "item_id": item_id, "at": when, "text": text, "language": language}
        )
        self.pending_count += 1

    def _buurt(self, ev: dict) -> int:
        code = _str(ev, "buurt")
        if code not in self.buurten:
            raise Rejected("unknown_buurt", "buurt")
        return self.buurten[code]

    def _household_buurt(self, hid: str, when: dt.datetime) -> int:
        house = self.households.get(hid)
        if not house:
            raise Rejected("unknown_household", "household_id")
        buurt_id = house.buurt_at(when)
        if buurt_id is None:
            raise Rejected("not_registered", "household_id")
        return buurt_id

    # --- writing -------------------------------------------------------------------------

    def flush(self) -> None:
        """Write every queued row in one transaction, in dependency order."""
        if not self.pending_count and not self.pending_deregistrations:
            return
        self._classify_pending_posts()
        with self.engine.begin() as conn:
            for name, table in TABLES.items():
                rows = self.pending.get(name)
                if rows:
                    conn.execute(_insert_ignore(conn.dialect.name, table), rows)
            if self.pending_items:
                conn.execute(
                    _insert_ignore(conn.dialect.name, m.Item.__table__), self.pending_items
                )
                conn.execute(
                    m.ItemEvent.__table__.insert(),
                    [
                        {
                            "item_id": row["id"],
                            "at": row["created_at"],
                            "user_id": None,
                            "action": "created",
                            "from_value": None,
                            "to_value": "new",
                            "text": None,
                        }
                        for row in self.pending_items
                    ],
                )
            self._flush_top_down(conn)
            self._flush_replies(conn)
            if self.pending_deregistrations:
                conn.execute(
                    update(m.Membership)
                    .where(m.Membership.id == bindparam("b_membership_id"))
                    .values(
                        deregistered_at=bindparam("b_deregistered_at"),
                        deregistered_week=bindparam("b_deregistered_week"),
                        deregistration_event_id=bindparam("b_deregistration_event_id"),
                    ),
                    self.pending_deregistrations,
                )
        self.pending.clear()
        self.pending_count = 0
        self.pending_visits.clear()
        self.pending_registrations.clear()
        self.pending_deregistrations = []
        self.pending_items = []
        self.pending_replies = []

    def _flush_replies(self, conn) -> None:  # noqa: ANN001
        """Record residents' replies through the workflow, in the ingest's transaction."""
        if not self.pending_replies:
            return
        from hoplr_data.bottom_up.workflow import record_resident_reply

        with Session(bind=conn) as session:
            for reply in self.pending_replies:
                record_resident_reply(session, **reply)
            session.flush()

    def _classify_pending_posts(self) -> None:
        """Give queued posts their topic, confidence and model version; then drop the text."""
        posts = self.pending.get("post")
        if not posts:
            return
        from hoplr_data.topics.model import load_classifier

        classifier = load_classifier()
        predictions = classifier.predict_with_confidence([row.pop("_text") for row in posts])
        for row, (topic, confidence) in zip(posts, predictions, strict=True):
            row.update(topic=topic, topic_confidence=confidence, model_version=classifier.version)

    def finish(self) -> IngestReport:
        """Flush and compute how many rows were new per type."""
        self.flush()
        with self.engine.connect() as conn:
            after = self._counts(conn)
        self.report.imported = {k: after[k] - self.counts_before[k] for k in TABLES}
        self.report.imported["deregistration"] = self.deregistrations
        self.report.imported.update(self.items_imported)
        return self.report


def _insert_ignore(dialect: str, table: Table):  # noqa: ANN202
    """INSERT that skips rows whose key already exists (idempotent re-import)."""
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    raise NotImplementedError(dialect)


def _location(value: object) -> dict:
    """Address and/or coordinates of a report or idea (all optional)."""
    empty = {"address": None, "lat": None, "lon": None}
    if value is None:
        return empty
    if not isinstance(value, dict):
        raise Rejected("bad_field", "location")
    address = value.get("address")
    if address is not None and (not isinstance(address, str) or len(address) > 200):
        raise Rejected("bad_field", "location.address")
    lat, lon = value.get("lat"), value.get("lon")
    if (lat is None) != (lon is None):
        raise Rejected("bad_field", "location")
    if lat is not None:
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (lat, lon)):
            raise Rejected("bad_field", "location")
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise Rejected("bad_field", "location")
    return {"address": address, "lat": lat, "lon": lon}


def _contact(value: object) -> dict:
    """Reporter contact details (optional): name, email, phone."""
    limits = {"name": 120, "email": 200, "phone": 40}
    if value is None:
        return {f"reporter_{k}": None for k in limits}
    if not isinstance(value, dict):
        raise Rejected("bad_field", "contact")
    out = {}
    for key, limit in limits.items():
        field_value = value.get(key)
        if field_value is not None and (
            not isinstance(field_value, str) or len(field_value) > limit
        ):
            raise Rejected("bad_field", f"contact.{key}")
        out[f"reporter_{key}"] = field_value or None
    return out


def _item_text(ev: dict) -> str:
    """The text of a report, idea or reply: required, kept (stripped), at most MAX_ITEM_TEXT."""
    text = ev.get("text")
    if not isinstance(text, str) or not text.strip():
        raise Rejected("missing_field" if not text else "bad_field", "text")
    if len(text) > MAX_ITEM_TEXT:
        raise Rejected("bad_field", "text")
    return text.strip()


def _text(ev: dict) -> str:
    text = ev.get("text", "")
    if not isinstance(text, str):
        raise Rejected("bad_field", "text")
    return text


def _language(ev: dict, text: str) -> str:
    lang = ev.get("language")
    if lang is None:
        return guess_language(text)
    if lang not in m.LANGUAGES:
        raise Rejected("bad_field", "language")
    return lang


def decode_lines(lines: Iterable[str]) -> Iterator[tuple[int, object, str]]:
    """Yield (line number, decoded JSON or a Rejected, raw line) for non-blank lines."""
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        try:
            yield number, json.loads(line), line
        except json.JSONDecodeError:
            yield number, Rejected("invalid_json"), line


def ingest_lines(engine: Engine, lines: Iterable[str]) -> IngestReport:
    """Import JSON Lines text."""
    ingester = Ingester(engine)
    for number, value, raw in decode_lines(lines):
        if isinstance(value, Rejected):
            ingester.report.lines += 1
            ingester.report.rejected.append(Rejection(number, value.reason, "", raw[:2000]))
        else:
            ingester.feed(number, value, raw)
    return ingester.finish()


def ingest_events(engine: Engine, events: Iterable[dict]) -> IngestReport:
    """Import already decoded events (the seed generator's path)."""
    ingester = Ingester(engine)
    for number, event in enumerate(events, start=1):
        ingester.feed(number, event)
    return ingester.finish()


def ingest_file(engine: Engine, path: Path, rejects_path: Path | None = None) -> IngestReport:
    """Import a JSON Lines file and write rejected lines with their reasons next to it."""
    with path.open(encoding="utf-8", errors="replace") as handle:
        report = ingest_lines(engine, handle)
    rejects_path = rejects_path or path.with_suffix(".rejects.jsonl")
    if report.rejected:
        with rejects_path.open("w", encoding="utf-8") as out:
            for r in report.rejected:
                record = {"line": r.line, "reason": r.reason, "field": r.field, "raw": r.raw}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return report
