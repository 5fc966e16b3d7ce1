"""Domain actions commit once or not at all, and two admins saving the same row at once get one
success and one clear refusal, on SQLite and on PostgreSQL (the `engine` fixture runs both).

The race is made deterministic: every thread's first write statement waits at a barrier, so both
writers have read the row (and checked its version) before either one writes. The old
read-compare-write code, whose `with_for_update` SQLite ignores, let both of them win there.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, func, select

from hoplr_data.bottom_up import admin as bottom_up_admin
from hoplr_data.bottom_up import workflow as wf
from hoplr_data.bottom_up.defaults import ensure_defaults
from hoplr_data.core import buurten, settings
from hoplr_data.core import models as m
from hoplr_data.core.db import session_scope
from hoplr_data.core.errors import DomainError, Invalid, StaleEdit
from hoplr_data.core.roles import Actor
from hoplr_data.users import accounts
from tests.helpers import add_buurten, ev, load

ADMIN = Actor("boss", ("admin",))
OTHER_ADMIN = Actor("deputy", ("admin",))
HANDLER = Actor("handler", ("case_handler",))
WRITES = ("INSERT", "UPDATE", "DELETE")


@pytest.fixture
def db(engine: Engine) -> Engine:
    """An empty database with a buurt, the default categories, two admins and a case handler."""
    add_buurten(engine, {"A": 100})
    ensure_defaults(engine)
    with session_scope(engine) as session:
        for username, roles in (("boss", ["admin"]), ("deputy", ["admin"]), ("handler", ["case_handler"])):
            accounts.create_user(
                session, username=username, name=username.title(), password="x" * 12, roles=roles
            )
    load(engine, [ev("registration", "2024-01-01T08:00:00", household_id="h1", buurt="A")])
    return engine


def new_item(engine: Engine, kind: str = "report") -> str:
    """A resident's report (or idea) in buurt A; returns its id."""
    event = ev(
        kind, "2024-01-02T09:00:00", household_id="h1", buurt="A", text="Losse stoeptegel bij 12"
    )
    load(engine, [event])
    return event["id"]


@contextmanager
def reads_before_writes(engine: Engine, parties: int = 2) -> Iterator[None]:
    """Hold each thread's first write until every party reached its own (both have read)."""
    barrier = threading.Barrier(parties, timeout=3)
    local = threading.local()

    def hold(_conn, _cursor, statement: str, *_args: object) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith(WRITES) and not getattr(local, "held", False):
            local.held = True
            # broken: the other writer is blocked before writing (a row lock), so go on
            with suppress(threading.BrokenBarrierError):
                barrier.wait()

    event.listen(engine, "before_cursor_execute", hold)
    try:
        yield
    finally:
        event.remove(engine, "before_cursor_execute", hold)


def race(engine: Engine, *actions: Callable[[], object]) -> list[str]:
    """Run the actions at once in threads; each outcome is 'ok' or the refusal's class name."""
    outcomes: list[str] = [""] * len(actions)

    def run(index: int) -> None:
        try:
            actions[index]()
            outcomes[index] = "ok"
        except DomainError as exc:
            outcomes[index] = type(exc).__name__ + ":" + exc.code
        except Exception as exc:  # noqa: BLE001 (the test shows what went wrong)
            outcomes[index] = "crash:" + repr(exc)

    with reads_before_writes(engine, len(actions)):
        threads = [threading.Thread(target=run, args=(i,)) for i in range(len(actions))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
    return sorted(outcomes)


def one_success_one_stale(outcomes: list[str], code: str = "error.stale_edit") -> bool:
    """Exactly one writer won and the other one was refused as stale with the code."""
    return len(outcomes) == 2 and outcomes[1] == "ok" and outcomes[0].endswith(":" + code)


# --- two admins at once -----------------------------------------------------------------------


def test_two_admins_editing_a_user_at_once(db):
    handler = next(u for u in accounts.list_users(db) if u["username"] == "handler")

    def edit(actor: Actor, name: str) -> Callable[[], None]:
        return lambda: accounts.update_user(
            db, actor=actor, user_id=handler["id"], version=handler["version"],
            roles=["case_handler"], active=True, name=name,
        )  # fmt: skip

    outcomes = race(db, edit(ADMIN, "Hanna"), edit(OTHER_ADMIN, "Henk"))
    assert one_success_one_stale(outcomes), outcomes
    after = next(u for u in accounts.list_users(db) if u["username"] == "handler")
    assert after["version"] == handler["version"] + 1 and after["name"] in ("Hanna", "Henk")


def test_two_admins_editing_a_buurt_at_once(db):
    with db.connect() as conn:
        buurt_id, version = conn.execute(select(m.Buurt.id, m.Buurt.version)).one()

    def edit(actor: Actor, households: int) -> Callable[[], None]:
        return lambda: buurten.update_buurt(
            db, actor=actor, buurt_id=buurt_id, version=version, name="Buurt A", code="A",
            households=households,
        )  # fmt: skip

    outcomes = race(db, edit(ADMIN, 120), edit(OTHER_ADMIN, 130))
    assert one_success_one_stale(outcomes), outcomes
    with db.connect() as conn:
        households, after = conn.execute(select(m.Buurt.households, m.Buurt.version)).one()
    assert after == version + 1 and households in (120, 130)


def test_two_admins_editing_a_category_at_once(db):
    row = next(r for r in bottom_up_admin.category_rows(db) if r["code"] == "waste")
    names = {"nl": row["name_nl"], "fr": row["name_fr"], "en": row["name_en"]}

    def edit(actor: Actor, days: int) -> Callable[[], None]:
        return lambda: bottom_up_admin.update_category(
            db, actor=actor, code="waste", version=row["version"], department_code="waste",
            handling_days=days, names=names,
        )  # fmt: skip

    outcomes = race(db, edit(ADMIN, 4), edit(OTHER_ADMIN, 6))
    assert one_success_one_stale(outcomes), outcomes
    after = next(r for r in bottom_up_admin.category_rows(db) if r["code"] == "waste")
    assert after["version"] == row["version"] + 1 and after["handling_days"] in (4, 6)


def test_two_admins_adding_the_same_department_at_once(db):
    names = {"nl": "Haven", "fr": "Port", "en": "Harbour"}

    def add(actor: Actor) -> Callable[[], None]:
        return lambda: bottom_up_admin.add_department(db, actor=actor, code="harbour", names=names)

    outcomes = race(db, add(ADMIN), add(OTHER_ADMIN))
    assert outcomes[1] == "ok" and outcomes[0] == "Invalid:error.code_taken", outcomes
    with db.connect() as conn:
        count = conn.execute(
            select(func.count()).where(m.Department.code == "harbour")
        ).scalar_one()
    assert count == 1


def test_two_admins_saving_settings_at_once(db):
    seen = settings.versions(db)

    def save(actor: Actor, k: int) -> Callable[[], None]:
        return lambda: settings.save(
            db, actor=actor, ints={"k_threshold": k, "topic_min_confidence_pct": 40},
            languages=["nl"], versions=seen,
        )  # fmt: skip

    outcomes = race(db, save(ADMIN, 7), save(OTHER_ADMIN, 9))
    assert one_success_one_stale(outcomes), outcomes
    assert settings.get_int(db, "k_threshold") in (7, 9)
    assert settings.versions(db)["k_threshold"] == seen["k_threshold"] + 1


def test_second_settings_save_on_the_same_versions_is_refused(db):
    seen = settings.versions(db)
    settings.save(db, actor=ADMIN, ints={"k_threshold": 7}, languages=None, versions=seen)
    with pytest.raises(StaleEdit):
        settings.save(db, actor=OTHER_ADMIN, ints={"k_threshold": 9}, languages=None, versions=seen)
    assert settings.get_int(db, "k_threshold") == 7


def test_two_case_handlers_saving_an_item_at_once(db):
    item_id = new_item(db)

    def save(actor: Actor, text: str) -> Callable[[], None]:
        change = wf.ItemChange(status="resolved", message=text, priority="high")
        return lambda: wf.update_item(db, actor=actor, item_id=item_id, version=1, change=change)

    outcomes = race(db, save(HANDLER, "Opgelost"), save(ADMIN, "Klaar"))
    assert one_success_one_stale(outcomes, "error.stale_item"), outcomes
    with db.connect() as conn:
        version = conn.execute(select(m.Item.version).where(m.Item.id == item_id)).scalar_one()
        replies = conn.execute(
            select(func.count()).where(m.OutboxMessage.item_id == item_id)
        ).scalar_one()
    assert (version, replies) == (2, 1)



def test_a_residents_reply_racing_a_save_is_applied_on_top_of_it(db):
    """No user saw a version for a resident's reply: a save landing between the reply's read and
    its write does not make it fail; the reply is applied on top of the save."""
    import datetime as dt

    item_id = new_item(db)
    change = wf.ItemChange(status="in_progress", note="aannemer gebeld")
    saved: list[int] = []
    replying = threading.current_thread()

    def save_first(_conn, _cursor, statement: str, *_args: object) -> None:  # noqa: ANN001
        first_write = statement.lstrip().upper().startswith("UPDATE") and not saved
        if first_write and threading.current_thread() is replying:
            thread = threading.Thread(
                target=lambda: saved.append(
                    wf.update_item(db, actor=HANDLER, item_id=item_id, version=1, change=change)
                )
            )
            thread.start()
            thread.join(timeout=30)

    event.listen(db, "before_cursor_execute", save_first)
    try:
        with session_scope(db) as session:
            wf.record_resident_reply(
                session, event_id="reply-1", item_id=item_id, at=dt.datetime(2024, 1, 3, 10),
                text="Het ligt er nog", language="nl",
            )  # fmt: skip
    finally:
        event.remove(db, "before_cursor_execute", save_first)
    assert saved == [2]  # the handler's save went in first, between the reply's read and write
    with db.connect() as conn:
        actions = conn.execute(
            select(m.ItemEvent.action).where(m.ItemEvent.item_id == item_id).order_by(m.ItemEvent.id)
        ).scalars().all()  # fmt: skip
        item = conn.execute(select(m.Item).where(m.Item.id == item_id)).one()
    assert actions == ["created", "status", "note", "resident_reply"]
    assert (item.version, item.status, item.new_reply_at) == (3, "in_progress", dt.datetime(2024, 1, 3, 10))


# --- all or nothing ---------------------------------------------------------------------------


def item_state(engine: Engine, item_id: str) -> tuple:
    """Everything a save may change: the item's columns, its history, its outbox rows."""
    with engine.connect() as conn:
        item = conn.execute(
            select(
                m.Item.version, m.Item.status, m.Item.priority, m.Item.category_id,
                m.Item.assignee_id, m.Item.closed_at,
            ).where(m.Item.id == item_id)
        ).one()  # fmt: skip
        events = conn.execute(
            select(func.count()).where(m.ItemEvent.item_id == item_id)
        ).scalar_one()
        outbox = conn.execute(
            select(func.count()).where(m.OutboxMessage.item_id == item_id)
        ).scalar_one()
        notes = conn.execute(select(func.count()).select_from(m.Notification)).scalar_one()
    return tuple(item), events, outbox, notes


def test_route_status_and_reply_commit_together(db):
    item_id = new_item(db)
    change = wf.ItemChange(
        category="waste", priority="high", assignee="handler", status="resolved",
        message="Opgeruimd, dank u!", note="aannemer gebeld",
    )  # fmt: skip
    version = wf.update_item(db, actor=ADMIN, item_id=item_id, version=1, change=change)
    assert version == 2  # one save, one version
    with db.connect() as conn:
        actions = conn.execute(
            select(m.ItemEvent.action).where(m.ItemEvent.item_id == item_id).order_by(m.ItemEvent.id)
        ).scalars().all()  # fmt: skip
        item = conn.execute(select(m.Item).where(m.Item.id == item_id)).one()
    assert actions == ["created", "category", "priority", "assign", "status", "reply", "note"]
    assert (item.status, item.priority) == ("resolved", "high")


def test_a_reply_refused_after_route_and_status_leaves_nothing_written(db):
    item_id = new_item(db)
    before = item_state(db, item_id)
    change = wf.ItemChange(
        category="waste", priority="high", status="in_progress", message="x" * 5000
    )
    with pytest.raises(Invalid) as refused:
        wf.update_item(db, actor=HANDLER, item_id=item_id, version=1, change=change)
    assert refused.value.code == "error.message_too_long"
    assert item_state(db, item_id) == before


def test_a_failure_after_the_first_writes_rolls_all_of_them_back(db, monkeypatch):
    item_id = new_item(db)
    before = item_state(db, item_id)

    def outbox_down(*_args: object, **_kw: object) -> None:
        raise RuntimeError("outbox unavailable")

    monkeypatch.setattr(wf, "_queue_reply", outbox_down)
    change = wf.ItemChange(
        category="waste", assignee="boss", status="resolved", message="Opgelost"
    )
    with pytest.raises(RuntimeError):
        wf.update_item(db, actor=HANDLER, item_id=item_id, version=1, change=change)
    assert item_state(db, item_id) == before  # no category, assignment, status or notification


def test_bulk_commits_once_and_lists_the_refused_items(db, monkeypatch):
    first, second, closed = new_item(db), new_item(db), new_item(db, "idea")
    wf.update_item(
        db, actor=HANDLER, item_id=closed, version=1,
        change=wf.ItemChange(status="not_adopted", message="Nee, want te duur"),
    )  # fmt: skip
    versions = {first: 1, second: 1, closed: 2}
    refused = wf.bulk_update(
        db, actor=HANDLER, versions=versions, assignee="handler", status="in_progress"
    )
    assert refused == [closed]  # a closed idea cannot go to in_progress: the others are saved
    assert item_state(db, first)[0][:2] == (2, "in_progress")
    assert item_state(db, closed)[0][0] == 2

    before = [item_state(db, i) for i in (first, second)]
    record = wf._history

    def fail_on_second(session, item, *args: object, **kw: object) -> None:  # noqa: ANN001
        if item.id == second:
            raise RuntimeError("database went away")
        record(session, item, *args, **kw)

    monkeypatch.setattr(wf, "_history", fail_on_second)
    with pytest.raises(RuntimeError):
        wf.bulk_update(db, actor=HANDLER, versions={first: 2, second: 2}, status="scheduled")
    assert [item_state(db, i) for i in (first, second)] == before  # the first item rolled back


def test_bulk_refuses_statuses_that_need_a_message(db):
    item_id = new_item(db)
    assert "resolved" not in wf.bulk_statuses({"report"})
    assert "duplicate" not in wf.bulk_statuses({"report", "idea"})
    assert "in_progress" in wf.bulk_statuses({"report"})
    assert "new" not in wf.bulk_statuses({"report", "idea"})  # no transition leads back to new
    with pytest.raises(Invalid):
        wf.bulk_update(db, actor=HANDLER, versions={item_id: 1}, status="resolved")
    assert item_state(db, item_id)[0][0] == 1


def test_admin_settings_are_saved_in_one_transaction(db):
    seen = settings.versions(db)
    with pytest.raises(Invalid):
        settings.save(
            db, actor=ADMIN, ints={"k_threshold": 8}, languages=["xx"], versions=seen
        )
    assert settings.get_int(db, "k_threshold") == settings.DEFAULTS["k_threshold"]
    assert settings.versions(db) == seen


# --- refusals carry catalog codes -------------------------------------------------------------

REFUSAL = re.compile(
    r"\b(?:Invalid|UserError|WorkflowError|PublicationError|NotificationError|NotFound)\(\s*\"([a-z_.]+)\""
)


def test_every_refusal_code_is_a_catalog_key_with_its_placeholders():
    """Each code a domain refusal carries is translated, and its params fill the placeholders."""
    from hoplr_data.core.i18n import messages, t

    keys = set(messages())
    raised = {
        code
        for path in Path(wf.__file__).parents[1].rglob("*.py")
        for code in REFUSAL.findall(path.read_text(encoding="utf-8"))
    }
    defaults = {c.default_code for c in _subclasses(DomainError)} | {DomainError.default_code}
    assert len(raised) > 20  # the scan found the refusals (not an empty pattern)
    assert sorted((raised | defaults) - keys) == []
    for lang in ("nl", "fr", "en"):
        assert "100" in t("error.setting_range", lang, low=1, high=100)
        assert str(wf.MAX_MESSAGE_CHARS) in t(
            "error.message_too_long", lang, limit=wf.MAX_MESSAGE_CHARS
        )


def _subclasses(cls: type) -> set[type]:
    """Every subclass of a class, at any depth."""
    direct = set(cls.__subclasses__())
    return direct.union(*(_subclasses(c) for c in direct))
