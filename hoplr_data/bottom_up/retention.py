"""Erase reporter contact details of items closed longer than the retention period."""

from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import Engine, or_, select

from hoplr_data.core.db import session_scope
from hoplr_data.core.models import Item, ItemEvent
from hoplr_data.core.settings import get_int
from hoplr_data.core.timeutil import now_local

log = logging.getLogger("hoplr_data.bottom_up.retention")


def erase_expired_contacts(
    engine: Engine, *, now: dt.datetime | None = None, days: int | None = None
) -> list[str]:
    """Clear name, e-mail and phone of items closed before now - retention; returns their ids."""
    now = now or now_local()
    days = days if days is not None else get_int(engine, "retention_days")
    cutoff = now - dt.timedelta(days=days)
    with session_scope(engine) as session:
        items = session.scalars(
            select(Item).where(
                Item.closed_at.is_not(None),
                Item.closed_at < cutoff,
                Item.contact_erased_at.is_(None),
                or_(
                    Item.reporter_name.is_not(None),
                    Item.reporter_email.is_not(None),
                    Item.reporter_phone.is_not(None),
                ),
            )
        ).all()
        for item in items:
            item.reporter_name = item.reporter_email = item.reporter_phone = None
            item.contact_erased_at = now
            session.add(
                ItemEvent(
                    item_id=item.id,
                    at=now,
                    user_id=None,
                    action="erase",
                    text=f"retention {days} days",
                )
            )
            log.info(
                "erased reporter contact of %s (closed %s)", item.id, item.closed_at.isoformat()
            )
        return [item.id for item in items]
