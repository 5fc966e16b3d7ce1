"""Ingest of residents' messages to the municipality: report, idea, reporter_reply.

A mixin of the Ingester. Unlike posts, these texts are kept: residents addressed them to the
municipality. A report or idea becomes an inbox item with status `new` and a `created` history
row; a reporter's reply goes through the workflow (hoplr_data.bottom_up.workflow), in the
ingest's transaction, as plain text in the item's history.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from hoplr_data.core import models as m
from hoplr_data.ingest.fields import (
    Rejected,
    _id,
    _item_text,
    _language,
    _str,
    _time,
    fingerprint,
    known,
)
from hoplr_data.ingest.sql import insert_ignore, insert_new

BOTTOM_UP_TYPES = ("report", "idea", "reporter_reply")
BOTTOM_UP_ITEMS = ("report", "idea")
CONTACT_LIMITS = {"name": 120, "email": 200, "phone": 40}
MAX_ADDRESS = 200
MAX_PHOTO_URL = 500


class BottomUpEvents:
    """Handlers for reports, ideas and reporters' replies; expects the Ingester's helpers."""

    def _load_bottom_up_state(self, conn) -> None:  # noqa: ANN001
        """Read the categories, the known items (when and by whom) and the replies imported."""
        self.pending_items: list[dict] = []
        self.pending_replies: list[dict] = []
        self.items_imported = dict.fromkeys(BOTTOM_UP_TYPES, 0)
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
        # what a re-sent report or idea must repeat to be a duplicate rather than a conflict
        self.stored_items: dict[str, tuple[str, str, str]] = {
            iid: (kind, hid, text)
            for iid, kind, hid, text in conn.execute(
                select(m.Item.id, m.Item.kind, m.Item.household_id, m.Item.text)
            )
        }
        # reply id -> fingerprint of (item, text): what a re-sent reply must repeat
        self.stored_replies = {
            eid: fingerprint(item_id, text)
            for eid, item_id, text in conn.execute(
                select(m.ItemEvent.event_id, m.ItemEvent.item_id, m.ItemEvent.text).where(
                    m.ItemEvent.action == "resident_reply"
                )
            )
        }
        self.reply_ids = set(self.stored_replies)

    def _on_report(self, ev: dict) -> None:
        """A resident's report (melding) about the public space."""
        self._bottom_up(ev, "report")

    def _on_idea(self, ev: dict) -> None:
        """A resident's idea for the neighbourhood."""
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
        photo = _photo_url(ev.get("photo_url"))
        language = _language(ev, text)  # before the id is marked known: it may reject the line
        if eid in self.item_ids:
            stored = self.stored_items.get(eid)
            if stored is not None and stored != (kind, hid, text.strip()):
                raise Rejected("conflicting_duplicate", "id")
            return
        self.item_ids.add(eid)
        self.item_facts[eid] = (when, hid)
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
                "language": language,
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
        if known(self.stored_replies, eid, item_id, text) or eid in self.reply_ids:
            return
        self.reply_ids.add(eid)
        self.items_imported["reporter_reply"] += 1
        self.pending_replies.append(
            {"event_id": eid, "item_id": item_id, "at": when, "text": text, "language": language}
        )
        self.pending_count += 1

    def _flush_items(self, conn) -> None:  # noqa: ANN001
        """Write queued reports and ideas; the ones this run created get a `created` history row.

        Counts in `batch_written` how many of each kind this run wrote (another run may have
        written the others).
        """
        if not self.pending_items:
            return
        new = {key[0] for key in insert_new(conn, m.Item.__table__, self.pending_items)}
        created = [row for row in self.pending_items if row["id"] in new]
        if created:
            history = [
                {"item_id": row["id"], "at": row["created_at"], "user_id": None,
                 "action": "created", "from_value": None, "to_value": "new", "text": None,
                 "event_id": row["id"]}
                for row in created
            ]  # fmt: skip
            conn.execute(insert_ignore(conn.dialect.name, m.ItemEvent.__table__), history)
        self.batch_written.update(row["kind"] for row in created)

    def _flush_replies(self, conn) -> None:  # noqa: ANN001
        """Record residents' replies through the workflow, in the ingest's transaction."""
        if not self.pending_replies:
            return
        from hoplr_data.bottom_up.workflow import record_resident_reply

        with Session(bind=conn) as session:
            for reply in self.pending_replies:
                record_resident_reply(session, **reply)
            session.flush()

    def _clear_bottom_up(self) -> None:
        """Forget what the last flush wrote."""
        self.pending_items = []
        self.pending_replies = []


def _photo_url(value: object) -> str | None:
    """An optional http(s) link to the resident's photo (the photo itself is not imported)."""
    if value is not None and (
        not isinstance(value, str)
        or not value.startswith(("https://", "http://"))
        or len(value) > MAX_PHOTO_URL
    ):
        raise Rejected("bad_field", "photo_url")
    return value


def _location(value: object) -> dict:
    """Address and/or coordinates of a report or idea (all optional)."""
    empty = {"address": None, "lat": None, "lon": None}
    if value is None:
        return empty
    if not isinstance(value, dict):
        raise Rejected("bad_field", "location")
    address = value.get("address")
    if address is not None and (not isinstance(address, str) or len(address) > MAX_ADDRESS):
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
    if value is None:
        return {f"reporter_{k}": None for k in CONTACT_LIMITS}
    if not isinstance(value, dict):
        raise Rejected("bad_field", "contact")
    out = {}
    for key, limit in CONTACT_LIMITS.items():
        field_value = value.get(key)
        if field_value is not None and (
            not isinstance(field_value, str) or len(field_value) > limit
        ):
            raise Rejected("bad_field", f"contact.{key}")
        out[f"reporter_{key}"] = field_value or None
    return out
