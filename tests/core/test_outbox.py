"""The outbox export: every pending message goes out once, also when two exports run at once."""

import contextlib
import datetime as dt
import io
import json
import threading

import pytest
from sqlalchemy import insert, select

from hoplr_data.core import models as m
from hoplr_data.core.db import make_engine
from hoplr_data.core.outbox import export_pending

NOW = dt.datetime(2024, 3, 1, 12)


def add_messages(engine, count: int, *, sent: int = 0) -> list[int]:
    """`count` pending messages (and `sent` already sent ones); returns the pending ids."""
    rows = [
        {
            "kind": "reply",
            "item_id": f"it-{i}",
            "household_id": f"h{i}",
            "language": "nl",
            "payload": json.dumps({"text": f"Bericht {i}"}),
            "created_at": NOW - dt.timedelta(minutes=count - i),
            "sent_at": NOW if i >= count else None,
        }
        for i in range(count + sent)
    ]
    with engine.begin() as conn:
        conn.execute(insert(m.OutboxMessage), rows)
        return list(
            conn.scalars(
                select(m.OutboxMessage.id)
                .where(m.OutboxMessage.sent_at.is_(None))
                .order_by(m.OutboxMessage.id)
            )
        )


def exported_ids(out: io.StringIO) -> list[int]:
    return [json.loads(line)["id"] for line in out.getvalue().splitlines()]


def test_export_writes_pending_messages_in_order_and_marks_them_sent(engine):
    pending = add_messages(engine, 3, sent=2)
    out = io.StringIO()
    assert export_pending(engine, out, now=NOW) == 3
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [r["id"] for r in records] == pending
    assert records[0]["text"] == "Bericht 0" and records[0]["household_id"] == "h0"
    assert records[0]["created_at"] == (NOW - dt.timedelta(minutes=3)).isoformat()
    with engine.connect() as conn:
        unsent = conn.scalars(select(m.OutboxMessage.id).where(m.OutboxMessage.sent_at.is_(None)))
        assert list(unsent) == []
    again = io.StringIO()
    assert export_pending(engine, again, now=NOW) == 0 and again.getvalue() == ""


def test_a_failed_export_leaves_its_messages_pending(engine):
    pending = add_messages(engine, 2)

    class Broken(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        export_pending(engine, Broken(), now=NOW)
    out = io.StringIO()
    assert export_pending(engine, out, now=NOW) == 2
    assert exported_ids(out) == pending


class _Meeting(io.StringIO):
    """Output whose first write waits (up to a second) for the other export to write as well.

    With exports that read first and mark later, both have read every pending message before
    either marks them; an export that claims its rows first holds the other one back instead,
    so the wait times out and the first export goes on.
    """

    def __init__(self, barrier: threading.Barrier) -> None:
        super().__init__()
        self.barrier = barrier
        self.met = False

    def write(self, text: str) -> int:
        if not self.met:
            self.met = True
            with contextlib.suppress(threading.BrokenBarrierError):
                self.barrier.wait(timeout=1)
        return super().write(text)


def test_two_exports_at_once_send_every_message_exactly_once(empty_db_url):
    setup = make_engine(empty_db_url)
    pending = add_messages(setup, 40)
    setup.dispose()
    start, meet = threading.Barrier(2), threading.Barrier(2)
    outs = [_Meeting(meet), _Meeting(meet)]
    counts: list[int] = []
    errors: list[BaseException] = []

    def run(out: io.StringIO) -> None:
        engine = make_engine(empty_db_url)  # one engine per process, as two cron jobs would
        try:
            start.wait(timeout=10)
            counts.append(export_pending(engine, out, now=NOW))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=run, args=(out,)) for out in outs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    first, second = (exported_ids(out) for out in outs)
    assert sorted(first + second) == pending  # all of them, none twice
    assert sorted(counts) == sorted([len(first), len(second)])
    assert first == sorted(first) and second == sorted(second)
