"""The outbox: messages for the platform to deliver, exported as JSON Lines and marked sent.

The export claims its rows before writing them: one ``UPDATE outbox SET sent_at = :now WHERE
sent_at IS NULL RETURNING ...`` statement. A second export running at the same time waits for the
first one's write lock (SQLite) or row locks (PostgreSQL) and then finds those rows sent, so two
exports together send every pending message exactly once; no ``FOR UPDATE`` (which SQLite
ignores) is needed. The claim and the writing share one transaction: if writing fails, the
claim is rolled back and the messages stay pending.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import TextIO

from sqlalchemy import Engine, Row, update

from hoplr_data.core.db import session_scope
from hoplr_data.core.export import dumps
from hoplr_data.core.models import OutboxMessage
from hoplr_data.core.timeutil import now_local

_COLUMNS = (
    OutboxMessage.id,
    OutboxMessage.kind,
    OutboxMessage.item_id,
    OutboxMessage.household_id,
    OutboxMessage.language,
    OutboxMessage.created_at,
    OutboxMessage.payload,
)


def export_pending(engine: Engine, out: TextIO, *, now: dt.datetime | None = None) -> int:
    """Claim every unsent message (mark it sent) and write each as one JSON line, in id order."""
    with session_scope(engine) as session:
        claimed = session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.sent_at.is_(None))
            .values(sent_at=now or now_local())
            .returning(*_COLUMNS)
            .execution_options(synchronize_session=False)
        ).all()
        _write(sorted(claimed, key=lambda row: row.id), out)
        return len(claimed)


def _write(messages: Sequence[Row], out: TextIO) -> None:
    """One JSON line per message: its columns and its payload's fields."""
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
        out.write(dumps(record) + "\n")
