"""The outbox: messages for the platform to deliver, exported as JSON Lines and marked sent."""

from __future__ import annotations

import datetime as dt
import json
from typing import TextIO

from sqlalchemy import Engine, select, update

from hoplr_data.core.db import session_scope
from hoplr_data.core.models import OutboxMessage
from hoplr_data.core.timeutil import now_local


def export_pending(engine: Engine, out: TextIO, *, now: dt.datetime | None = None) -> int:
    """Write every unsent message as one JSON line and mark it sent, in one transaction."""
    now = now or now_local()
    with session_scope(engine) as session:
        messages = session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.sent_at.is_(None))
            .order_by(OutboxMessage.id)
            .with_for_update()
        ).all()
        for message in messages:
            record = {
                "id": message.id,
                "kind": message.kind,
                "item_id": message.item_id,
                "household_id": message.household_id,
                "language": message.language,
                "created_at": message.created_at.isoformat(),
                **json.loads(message.payload),
            }
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
        if messages:
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_([m.id for m in messages]))
                .values(sent_at=now)
            )
        return len(messages)
