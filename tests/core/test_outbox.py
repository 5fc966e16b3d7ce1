"""The outbox export: every pending message goes out once, also when two exports run at once
(and every due scheduled item is published once by the job's first step)."""

import contextlib
import datetime as dt
import io
import json
import threading

import pytest
from sqlalchemy import insert, select

from hoplr_data.core import models as m
from hoplr_data.core.db import make_engine, session_scope
from hoplr_data.core.outbox import export_pending
from hoplr_data.top_down import publications as pub
from hoplr_data.users.accounts import create_user
from tests.helpers import add_buurten
from tests.top_down.builders import BUILDER, NL, make_post

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


def scheduled_posts(engine, count: int) -> tuple[list[int], dt.datetime]:
    """`count` posts the builder scheduled for the next day; their ids and that moment."""
    add_buurten(engine, {"A": 100})
    with session_scope(engine) as session:
        create_user(
            session, username="builder", name="B", password="x" * 12, roles=["community_builder"]
        )
    at = NOW + dt.timedelta(days=1)
    ids = []
    for i in range(count):
        pid = make_post(engine, ["A"], title=f"Bericht {i}")
        pub.publish(
            engine, actor=BUILDER, publication_id=pid, version=2, languages=NL, schedule_at=at,
            now=NOW,
        )  # fmt: skip
        ids.append(pid)
    return ids, at


def test_two_export_jobs_at_once_publish_each_due_item_once(empty_db_url, monkeypatch):
    setup = make_engine(empty_db_url)
    ids, at = scheduled_posts(setup, 3)
    setup.dispose()
    meet = threading.Barrier(2)
    go_live = pub._go_live

    def meeting_go_live(session, row, when):  # both jobs have read the due items, then go on
        with contextlib.suppress(threading.BrokenBarrierError):
            meet.wait(timeout=1)
        return go_live(session, row, when)

    monkeypatch.setattr(pub, "_go_live", meeting_go_live)
    outs, released, errors = [io.StringIO(), io.StringIO()], [], []

    def job(out: io.StringIO) -> None:  # what `outbox export` does: release, then export
        engine = make_engine(empty_db_url)
        try:
            released.append(pub.release_due(engine, now=at + dt.timedelta(minutes=5)))
            export_pending(engine, out, now=at + dt.timedelta(minutes=5))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=job, args=(out,)) for out in outs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    assert sum(released) == len(ids)
    lines = [json.loads(x) for out in outs for x in out.getvalue().splitlines()]
    assert sorted(x["publication_id"] for x in lines) == ids  # each item sent once
    check = make_engine(empty_db_url)
    with check.connect() as conn:
        stored = conn.execute(select(m.OutboxMessage.publication_id, m.OutboxMessage.sent_at))
        assert sorted(stored) == [(pid, at + dt.timedelta(minutes=5)) for pid in ids]
        versions = conn.scalars(select(m.Publication.version).order_by(m.Publication.id))
        assert list(versions) == [4] * len(ids)  # saved, scheduled, released: once each
    check.dispose()
