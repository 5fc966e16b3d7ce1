"""Ingest of events residents organise: event, event_response (a mixin of the Ingester).

An event's title is never read; only its buurt, organiser's household and start are stored. A
household answers an event once (interested or attending); a later answer is a duplicate.
"""

from __future__ import annotations

from sqlalchemy import select

from hoplr_data.core import models as m
from hoplr_data.core.timeutil import week_start
from hoplr_data.ingest.fields import Rejected, _id, _str, _time, known, stored_fingerprints

RESIDENT_EVENT_TYPES = ("event", "event_response")


class ResidentEvents:
    """Handlers for residents' events and the answers to them; expects the Ingester's queue."""

    def _load_resident_event_state(self, conn) -> None:  # noqa: ANN001
        """Read the known events and which household already answered which event."""
        # event id -> fingerprint of (organiser, buurt, moment, start): what a re-send repeats
        self.stored_events = stored_fingerprints(
            conn,
            m.ResidentEvent.id,
            m.ResidentEvent.household_id,
            m.ResidentEvent.buurt_id,
            m.ResidentEvent.created_at,
            m.ResidentEvent.starts_at,
        )
        self.event_ids = set(self.stored_events)
        self.stored_event_responses = stored_fingerprints(
            conn,
            m.EventResponse.id,
            m.EventResponse.event_id,
            m.EventResponse.household_id,
            m.EventResponse.kind,
            m.EventResponse.created_at,
        )
        self.responses = {
            (event_id, hid)
            for event_id, hid in conn.execute(
                select(m.EventResponse.event_id, m.EventResponse.household_id)
            )
        }

    def _on_event(self, ev: dict) -> None:
        """A resident announces an event in a buurt."""
        eid, hid, when = _id(ev), _str(ev, "household_id"), _time(ev, "time")
        buurt_id = self._buurt(ev)
        starts = _time(ev, "starts_at")
        self._household_buurt(hid, when)
        if known(self.stored_events, eid, hid, buurt_id, when, starts) or eid in self.event_ids:
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
        """A household says it is interested in or attends a resident's event."""
        eid, hid, when = _id(ev), _str(ev, "household_id"), _time(ev, "time")
        event_id = _str(ev, "event_id")
        kind = ev.get("response")
        if kind not in m.RESPONSE_KINDS:
            raise Rejected("bad_field" if "response" in ev else "missing_field", "response")
        buurt_id = self._household_buurt(hid, when)
        if event_id not in self.event_ids:
            raise Rejected("unknown_event", "event_id")
        if known(self.stored_event_responses, eid, event_id, hid, kind, when):
            return
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
