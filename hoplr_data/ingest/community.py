"""Ingest of a household's membership and presence: registration, deregistration, visit.

A mixin of the Ingester (hoplr_data.ingest.pipeline). It keeps every household's registration
intervals in memory, so the other handlers can ask in which buurt a household was registered at
a moment (`_household_buurt`): activity counts in that buurt.

A registration's invitation code is resolved here to its letter wave, kept on the membership
when the code belongs to the same buurt; the code itself is never stored with the household, and
the letter's row is never written to (docs/privacy-security.md: addresses serve letters only).
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import bindparam, select, update

from hoplr_data.core import models as m
from hoplr_data.core.timeutil import week_start
from hoplr_data.ingest.fields import Rejected, _id, _str, _time

COMMUNITY_TYPES = ("registration", "deregistration", "visit")


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


class CommunityEvents:
    """Handlers for registration, deregistration and visit; expects the Ingester's queue."""

    def _load_community_state(self, conn) -> None:  # noqa: ANN001
        """Read every membership interval and the deregistration event ids already imported."""
        self.households: dict[str, _Household] = defaultdict(_Household)
        self.membership_ids: set[str] = set()
        self.deregistration_ids: set[str] = set()
        self.pending_visits: set[tuple[str, dt.date]] = set()
        self.pending_registrations: dict[str, dict] = {}
        self.pending_deregistrations: list[dict] = []
        self.deregistrations = 0
        # what a re-sent registration must repeat to be a duplicate rather than a conflict
        self.stored_memberships: dict[str, tuple[str, int, dt.datetime]] = {}
        self.letter_waves = {
            code: (buurt_id, wave)
            for code, buurt_id, wave in conn.execute(
                select(m.InvitationCode.code, m.InvitationCode.buurt_id, m.InvitationCode.wave)
            )
        }
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
            self.stored_memberships[mid] = (hid, bid, start)
            if dereg_id:
                self.deregistration_ids.add(dereg_id)

    def _add_interval(
        self, hid: str, mid: str, bid: int, start: dt.datetime, end: dt.datetime | None
    ) -> None:
        """Remember one registration interval of a household."""
        house = self.households[hid]
        house.ids.append(mid)
        house.buurt_ids.append(bid)
        house.starts.append(start)
        house.ends.append(end)
        self.membership_ids.add(mid)

    def _household_buurt(self, hid: str, when: dt.datetime) -> int:
        """The buurt the household was registered in at that moment, or a rejection."""
        house = self.households.get(hid)
        if not house:
            raise Rejected("unknown_household", "household_id")
        buurt_id = house.buurt_at(when)
        if buurt_id is None:
            raise Rejected("not_registered", "household_id")
        return buurt_id

    def _on_registration(self, ev: dict) -> None:
        """A household joins a buurt (optionally with the invitation letter's code)."""
        eid, hid, when = _id(ev), _str(ev, "household_id"), _time(ev, "time")
        buurt_id = self._buurt(ev)
        code = ev.get("invite_code")
        if code is not None and (not isinstance(code, str) or len(code) > 32):
            raise Rejected("bad_field", "invite_code")
        if eid in self.membership_ids:
            stored = self.stored_memberships.get(eid)
            if stored is not None and stored != (hid, buurt_id, when):
                raise Rejected("conflicting_duplicate", "id")
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
                "invite_wave": self._wave(code, buurt_id),
                "deregistered_at": None,
                "deregistered_week": None,
                "deregistration_event_id": None,
            },
        )
        self.pending_registrations[eid] = self.pending["registration"][-1]

    def _wave(self, code: str | None, buurt_id: int) -> str | None:
        """The letter wave of an invitation code of this buurt; None (organic) for any other."""
        buurt_and_wave = self.letter_waves.get(code) if code else None
        if buurt_and_wave is None or buurt_and_wave[0] != buurt_id:
            return None
        return buurt_and_wave[1]

    def _on_deregistration(self, ev: dict) -> None:
        """A household leaves: closes its open registration (queued or already stored)."""
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
        """A household opened the platform: stored once per household and day."""
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

    def _flush_community(self, conn) -> None:  # noqa: ANN001
        """Write deregistrations of memberships stored by an earlier batch or file."""
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

    def _clear_community(self) -> None:
        """Forget what the last flush wrote."""
        self.pending_visits.clear()
        self.pending_registrations.clear()
        self.pending_deregistrations = []
