"""The bottom-up workflow: roles, messages, duplicates, stale edits (also two processes racing),
outbox export and retention. Every transition against the brief's tables: test_transitions.py."""

import datetime as dt
import io
import json

import pytest
from sqlalchemy import func, select

from hoplr_data.bottom_up import workflow as wf
from hoplr_data.bottom_up.retention import erase_expired_contacts
from hoplr_data.core import models as m
from hoplr_data.core.outbox import export_pending
from hoplr_data.core.roles import ROLES, PermissionDenied
from tests.helpers import current, move, new_item

HANDLER = wf.Actor("handler", ("case_handler",))
ADMIN_ACTOR = wf.Actor("boss", ("admin",))

@pytest.mark.parametrize("role", ROLES)
def test_only_triage_roles_may_act(inbox_engine, role):
    item_id = new_item(inbox_engine)
    actor = wf.Actor("someone", (role,))
    actions = [
        lambda v: wf.change_status(
            inbox_engine, actor=actor, item_id=item_id, version=v, to_status="in_progress"
        ),
        lambda v: wf.assign(
            inbox_engine, actor=actor, item_id=item_id, version=v, assignee="handler"
        ),
        lambda v: wf.add_note(
            inbox_engine, actor=actor, item_id=item_id, version=v, text="notitie"
        ),
        lambda v: wf.reply(inbox_engine, actor=actor, item_id=item_id, version=v, text="antwoord"),
        lambda v: wf.change_priority(
            inbox_engine, actor=actor, item_id=item_id, version=v, priority="high"
        ),
        lambda v: wf.change_category(
            inbox_engine, actor=actor, item_id=item_id, version=v, category_code="waste"
        ),
    ]
    for action in actions:
        version = current(inbox_engine, item_id).version
        if role in ("admin", "case_handler"):
            action(version)
            assert current(inbox_engine, item_id).version == version + 1
        else:
            with pytest.raises(PermissionDenied):
                action(version)
            assert current(inbox_engine, item_id).version == version


def test_message_required_and_outbox_export(inbox_engine):
    item_id = new_item(inbox_engine)
    with pytest.raises(wf.WorkflowError, match="message_required"):
        wf.change_status(
            inbox_engine,
            actor=HANDLER,
            item_id=item_id,
            version=1,
            to_status="resolved",
            message="  ",
        )
    wf.change_status(
        inbox_engine,
        actor=HANDLER,
        item_id=item_id,
        version=1,
        to_status="resolved",
        message="Opgelost, dank u!",
        language="nl",
        note="intern: aannemer gebeld",
    )
    out = io.StringIO()
    assert export_pending(inbox_engine, out) == 1
    [record] = [json.loads(line) for line in out.getvalue().splitlines()]
    assert (
        record["item_id"] == item_id
        and record["text"] == "Opgelost, dank u!"
        and record["status"] == "resolved"
    )
    assert "intern" not in out.getvalue()  # internal notes never leave the municipality
    assert export_pending(inbox_engine, io.StringIO()) == 0  # marked sent
    with inbox_engine.connect() as conn:
        actions = (
            conn.execute(
                select(m.ItemEvent.action)
                .where(m.ItemEvent.item_id == item_id)
                .order_by(m.ItemEvent.id)
            )
            .scalars()
            .all()
        )
    assert actions == ["created", "status", "reply", "note"]


def test_duplicate_links_to_main_and_is_final(inbox_engine):
    main = new_item(inbox_engine, text="Kapotte lantaarnpaal op de hoek")
    copy = new_item(inbox_engine, text="Lantaarnpaal op de hoek kapot")
    wf.link_duplicate(inbox_engine, actor=HANDLER, item_id=copy, version=1, main_id=main)
    after = current(inbox_engine, copy)
    assert (after.status, after.duplicate_of) == ("duplicate", main)
    with pytest.raises(wf.WorkflowError):
        wf.change_status(
            inbox_engine,
            actor=HANDLER,
            item_id=copy,
            version=after.version,
            to_status="in_progress",
        )
    with pytest.raises(wf.WorkflowError, match="duplicate_target"):
        wf.link_duplicate(inbox_engine, actor=HANDLER, item_id=main, version=1, main_id=main)


def test_possible_duplicates_suggests_similar_open_items(inbox_engine):
    from hoplr_data.bottom_up.inbox import possible_duplicates

    main = new_item(inbox_engine, text="Kapotte lantaarnpaal op de hoek van de Weimarstraat")
    new_item(inbox_engine, text="Hondenpoep op de stoep bij de school")
    copy = new_item(inbox_engine, text="De lantaarnpaal op de hoek Weimarstraat is kapot")
    suggestions = possible_duplicates(inbox_engine, copy)
    assert [s["id"] for s in suggestions] == [main]


def test_stale_version_is_refused_and_nothing_is_overwritten(inbox_engine):
    item_id = new_item(inbox_engine)
    wf.assign(inbox_engine, actor=HANDLER, item_id=item_id, version=1, assignee="handler")
    with pytest.raises(wf.StaleItem):
        wf.add_note(inbox_engine, actor=HANDLER, item_id=item_id, version=1, text="op oude versie")
    with inbox_engine.connect() as conn:
        notes = conn.execute(
            select(func.count()).where(m.ItemEvent.item_id == item_id, m.ItemEvent.action == "note")
        ).scalar_one()
    assert notes == 0


RACER = """
import sys
from hoplr_data.bottom_up import workflow as wf
from hoplr_data.core.db import make_engine

url, item_id, text = sys.argv[1:4]
engine = make_engine(url)
engine.connect().close()
print("ready", flush=True)
sys.stdin.readline()  # the start signal
try:
    wf.change_status(engine, actor=wf.Actor("handler", ("case_handler",)), item_id=item_id, version=1,
                     to_status="resolved", message=text)
    print("ok")
except wf.StaleItem:
    print("stale")
"""


def test_two_processes_racing_on_the_same_version(inbox_engine, empty_db_url):
    import subprocess
    import sys
    from pathlib import Path

    item_id = new_item(inbox_engine)
    root = Path(__file__).resolve().parents[2]
    racers = [
        subprocess.Popen(
            [sys.executable, "-c", RACER, empty_db_url, item_id, f"antwoord {i}"],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(2)
    ]
    for racer in racers:  # each has connected and waits for the signal
        assert racer.stdout.readline().strip() == "ready", racer.communicate(timeout=120)
    for racer in racers:  # let them race
        racer.stdin.write("go\n")
        racer.stdin.flush()
    outputs = [r.communicate(timeout=120) for r in racers]
    assert sorted(out.strip() for out, _ in outputs) == ["ok", "stale"], outputs
    with inbox_engine.connect() as conn:
        replies = conn.execute(
            select(func.count())
            .select_from(m.OutboxMessage)
            .where(m.OutboxMessage.item_id == item_id)
        ).scalar_one()
    assert replies == 1 and current(inbox_engine, item_id).version == 2


def test_retention_erases_contacts_of_long_closed_items_only(inbox_engine):
    old = new_item(inbox_engine)
    recent = new_item(inbox_engine)
    still_open = new_item(inbox_engine)
    with wf.acting_at(dt.datetime(2024, 1, 5)):
        move(inbox_engine, old, ["resolved"])
    with wf.acting_at(dt.datetime(2024, 12, 1)):
        move(inbox_engine, recent, ["resolved"])
    erased = erase_expired_contacts(inbox_engine, now=dt.datetime(2025, 1, 10), days=365)
    assert erased == [old]
    assert current(inbox_engine, old).reporter_email is None
    assert current(inbox_engine, recent).reporter_email == "jan@example.org"
    assert current(inbox_engine, still_open).reporter_email == "jan@example.org"
    assert erase_expired_contacts(inbox_engine, now=dt.datetime(2025, 1, 10), days=365) == []


def test_admin_edits_categories_departments_and_templates(inbox_engine):
    from hoplr_data.bottom_up import admin as ba
    from hoplr_data.bottom_up.inbox import reply_templates
    from hoplr_data.users.accounts import StaleEdit, UserError

    names = {"nl": "Straatverlichting", "fr": "Éclairage", "en": "Street lights"}
    row = next(r for r in ba.category_rows(inbox_engine) if r["code"] == "street_lighting")
    ba.add_department(
        inbox_engine,
        actor=ADMIN_ACTOR,
        code="lighting",
        names={"nl": "Licht", "fr": "Lumière", "en": "Lighting"},
    )
    ba.update_category(
        inbox_engine,
        actor=ADMIN_ACTOR,
        code="street_lighting",
        version=row["version"],
        department_code="lighting",
        handling_days=3,
        names=names,
    )
    with pytest.raises(StaleEdit):
        ba.update_category(
            inbox_engine,
            actor=ADMIN_ACTOR,
            code="street_lighting",
            version=row["version"],
            department_code="waste",
            handling_days=9,
            names=names,
        )
    after = next(r for r in ba.category_rows(inbox_engine) if r["code"] == "street_lighting")
    assert (after["department_code"], after["handling_days"], after["name_fr"]) == (
        "lighting",
        3,
        "Éclairage",
    )
    with pytest.raises(UserError, match="names_all_languages"):
        ba.add_department(inbox_engine, actor=ADMIN_ACTOR, code="x_y", names={"nl": "X"})
    with pytest.raises(PermissionDenied):
        ba.save_template(
            inbox_engine,
            actor=HANDLER,
            kind="report",
            status="resolved",
            language="fr",
            text="Merci",
        )
    ba.save_template(
        inbox_engine,
        actor=ADMIN_ACTOR,
        kind="report",
        status="resolved",
        language="fr",
        text="Réglé, merci !",
    )
    assert reply_templates(inbox_engine, "report")[("resolved", "fr")] == "Réglé, merci !"


def test_category_suggestions():
    from hoplr_data.bottom_up.category_model import evaluate, suggest

    assert (
        suggest("De lantaarnpaal voor ons huis is al dagen kapot", "report")[0] == "street_lighting"
    )
    assert suggest("Vuilniszakken staan naast de volle container", "report")[0] == "waste"
    assert suggest("Auto's scheuren door de straat bij de school", "report")[0] == "traffic_safety"
    assert suggest("Plant more trees and flowers on our street", "idea")[0] == "greening_idea"
    code, confidence = suggest("", "idea")
    assert code.endswith("_idea") and 0 <= confidence <= 1
    for kind in ("report", "idea"):
        assert evaluate(kind).macro_f1 >= 0.8


def test_team_figures_with_open_and_closed_items(inbox_engine):
    from hoplr_data.bottom_up.inbox import InboxFilter, list_items, team_figures

    open_item = new_item(inbox_engine)
    now = dt.datetime(2024, 1, 20)
    only_open = list_items(inbox_engine, InboxFilter(keyword=open_item), lang="nl", now=now)
    figures = team_figures(only_open, now)
    assert figures["on_time_share"] is None and figures["median_days"].empty
    assert figures["backlog"]["open"].iloc[-1] == 1
    closed = new_item(inbox_engine)
    with wf.acting_at(dt.datetime(2024, 1, 4, 9)):
        move(inbox_engine, closed, ["resolved"])
    everything = list_items(inbox_engine, InboxFilter(), lang="nl", now=now)
    figures = team_figures(everything, now)
    assert figures["on_time_share"] == 1.0  # closed after 2 days, term 10 days
    assert figures["median_days"].iloc[0]["days"] == 2.0
    assert list(everything.set_index("id").loc[[open_item], "punctuality"]) == [
        "late"
    ]  # 18 days > 10
