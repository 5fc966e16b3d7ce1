"""The resident's answer comes back: the reporter_reply ingest event, its effect on the item
(history, status, version, the "new reply" flag) and how the inbox shows it."""

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from sqlalchemy import select

from hoplr_data.bottom_up import workflow as wf
from hoplr_data.bottom_up.defaults import ensure_defaults
from hoplr_data.core import models as m
from hoplr_data.core.db import session_scope
from hoplr_data.core.i18n import t
from hoplr_data.ingest.pipeline import ingest_lines
from hoplr_data.users.accounts import create_user
from tests.helpers import add_buurten, ev, load

ROOT = Path(__file__).resolve().parents[2]
HANDLER = wf.Actor("handler", ("case_handler",))
COLLEAGUE = wf.Actor("colleague", ("case_handler",))


@pytest.fixture
def inbox_engine(engine):
    add_buurten(engine, {"A": 100})
    ensure_defaults(engine)
    with session_scope(engine) as session:
        for username in ("handler", "colleague"):
            create_user(
                session, username=username, name=username, password="x" * 12,
                roles=["case_handler"],
            )  # fmt: skip
    load(engine, [ev("registration", "2024-01-01T08:00:00", household_id="h1", buurt="A")])
    return engine


def new_item(engine, kind="report") -> str:
    event = ev(
        kind, "2024-01-02T09:00:00", household_id="h1", buurt="A",
        text="Het hek van de speeltuin sluit niet", contact={"name": "Jan"},
    )  # fmt: skip
    load(engine, [event])
    return event["id"]


def current(engine, item_id) -> m.Item:
    with engine.connect() as conn:
        return conn.execute(select(m.Item).where(m.Item.id == item_id)).one()


def walk(engine, item_id, path, actor=HANDLER) -> None:
    for status in path:
        wf.change_status(
            engine, actor=actor, item_id=item_id, version=current(engine, item_id).version,
            to_status=status, message="Waar staat het hek precies?",
        )  # fmt: skip


def asked(engine, kind="report", path=("waiting_for_reporter",)) -> str:
    """An item assigned to the handler and moved along a path."""
    item_id = new_item(engine, kind)
    with wf.acting_at(dt.datetime(2024, 1, 3, 9)):  # before the residents' replies below
        wf.assign(engine, actor=HANDLER, item_id=item_id, version=1, assignee="handler")
        walk(engine, item_id, path)
    return item_id


def reply_line(item_id, event_id="rr-1", when="2024-01-05T10:00:00+01:00", **extra) -> str:
    event = {
        "id": event_id, "type": "reporter_reply", "time": when, "item_id": item_id,
        "text": "  Bij de ingang aan de Beeklaan, naast de zandbak.  ", **extra,
    }  # fmt: skip
    return json.dumps(event)


def history(engine, item_id) -> list[tuple]:
    with engine.connect() as conn:
        return conn.execute(
            select(
                m.ItemEvent.action, m.ItemEvent.user_id, m.ItemEvent.from_value,
                m.ItemEvent.to_value, m.ItemEvent.text, m.ItemEvent.at,
            )
            .where(m.ItemEvent.item_id == item_id)
            .order_by(m.ItemEvent.at, m.ItemEvent.id)
        ).all()  # fmt: skip


def test_reply_moves_waiting_item_back_to_in_progress_and_is_history(inbox_engine):
    item_id = asked(inbox_engine)
    before = current(inbox_engine, item_id)
    report = ingest_lines(inbox_engine, [reply_line(item_id, language="nl")])
    assert not report.rejected and report.imported["reporter_reply"] == 1
    after = current(inbox_engine, item_id)
    assert after.status == "in_progress"
    assert after.version == before.version + 1
    assert after.new_reply_at == dt.datetime(2024, 1, 5, 10, 0)
    *_, status_row, reply_row = history(inbox_engine, item_id)
    assert reply_row[:5] == (
        "resident_reply",
        None,
        None,
        "nl",
        "Bij de ingang aan de Beeklaan, naast de zandbak.",
    )
    assert reply_row[5] == dt.datetime(2024, 1, 5, 10, 0)
    assert status_row[:4] == ("status", None, "waiting_for_reporter", "in_progress")


def test_same_reply_twice_is_one_history_row(inbox_engine):
    item_id = asked(inbox_engine)
    line = reply_line(item_id)
    first = ingest_lines(inbox_engine, [line, line])  # twice in one file
    version = current(inbox_engine, item_id).version
    second = ingest_lines(inbox_engine, [line])  # and again in a later file
    assert first.imported["reporter_reply"] == 1 and first.duplicates == 1
    assert second.imported["reporter_reply"] == 0 and second.duplicates == 1
    assert [h[0] for h in history(inbox_engine, item_id)].count("resident_reply") == 1
    assert current(inbox_engine, item_id).version == version


def test_reply_to_an_item_created_in_the_same_file(inbox_engine):
    report_event = ev(
        "report", "2024-01-02T09:00:00", household_id="h1", buurt="A", text="Losse tegel"
    )
    report = ingest_lines(inbox_engine, [json.dumps(report_event), reply_line(report_event["id"])])
    assert not report.rejected
    after = current(inbox_engine, report_event["id"])
    assert (after.status, after.version) == ("new", 2) and after.new_reply_at is not None


BAD = [
    ({"item_id": "nope"}, "unknown_item", "item_id"),
    ({"item_id": None}, "missing_field", "item_id"),
    ({"text": "   "}, "bad_field", "text"),
    ({"text": None}, "missing_field", "text"),
    ({"text": "x" * 5001}, "bad_field", "text"),
    ({"language": "de"}, "bad_field", "language"),
    ({"time": "gisteren"}, "bad_time", "time"),
    ({"time": "2024-01-01T10:00:00"}, "before_item", "time"),
    ({"id": "bad id!"}, "bad_field", "id"),
    ({"household_id": "h2"}, "not_reporter", "household_id"),
]


@pytest.mark.parametrize(("change", "reason", "field"), BAD, ids=[b[1] + ":" + b[2] for b in BAD])
def test_bad_reply_is_rejected_with_line_number_and_translated_reason(
    inbox_engine, change, reason, field
):
    item_id = asked(inbox_engine)
    event = json.loads(reply_line(item_id, event_id="rr-bad"))
    event.update(change)
    version = current(inbox_engine, item_id).version
    report = ingest_lines(inbox_engine, [reply_line(item_id, event_id="rr-ok"), json.dumps(event)])
    [rejection] = report.rejected
    assert (rejection.line, rejection.reason, rejection.field) == (2, reason, field)
    assert current(inbox_engine, item_id).version == version + 1  # only the good line counted
    for lang in ("nl", "fr", "en"):
        assert t(f"ingest.reason.{reason}", lang, field=field) != f"ingest.reason.{reason}"


def test_cli_names_the_line_and_reason_of_an_unknown_item(
    inbox_engine, empty_db_url, tmp_path, monkeypatch, capsys
):
    from hoplr_data.__main__ import main

    path = tmp_path / "replies.jsonl"
    path.write_text(reply_line("report-404") + "\n")
    monkeypatch.setenv("DATABASE_URL", empty_db_url)
    assert main(["--lang", "fr", "ingest", str(path)]) == 0
    err = capsys.readouterr().err
    reason = t("ingest.reason.unknown_item", "fr", field="item_id")
    assert t("ingest.rejected_line", "fr", line=1, reason=reason) in err
    assert "report-404" in (tmp_path / "replies.rejects.jsonl").read_text()


def test_reply_on_another_open_status_keeps_the_status(inbox_engine):
    item_id = asked(inbox_engine, path=("in_progress", "scheduled"))
    ingest_lines(inbox_engine, [reply_line(item_id)])
    after = current(inbox_engine, item_id)
    assert after.status == "scheduled" and after.new_reply_at is not None
    assert [h[0] for h in history(inbox_engine, item_id)][-1] == "resident_reply"
    assert "status" not in [h[0] for h in history(inbox_engine, item_id)][-2:]


def test_reply_on_a_closed_item_is_recorded_without_reopening_it(inbox_engine):
    item_id = asked(inbox_engine, path=("resolved",))
    closed_at = current(inbox_engine, item_id).closed_at
    ingest_lines(inbox_engine, [reply_line(item_id)])
    after = current(inbox_engine, item_id)
    assert (after.status, after.closed_at) == ("resolved", closed_at)
    assert after.new_reply_at is not None  # the handler sees it and decides to reopen or not
    assert history(inbox_engine, item_id)[-1][0] == "resident_reply"


def test_reply_on_an_idea_keeps_its_status(inbox_engine):
    item_id = asked(inbox_engine, kind="idea", path=("under_consideration",))
    assert not ingest_lines(inbox_engine, [reply_line(item_id)]).rejected
    assert current(inbox_engine, item_id).status == "under_consideration"
    assert history(inbox_engine, item_id)[-1][0] == "resident_reply"


ACTIONS = {
    "status": lambda e, i, v, a: wf.change_status(
        e, actor=a, item_id=i, version=v, to_status="resolved", message="Gemaakt, dank u."
    ),
    "reply": lambda e, i, v, a: wf.reply(e, actor=a, item_id=i, version=v, text="Dank u!"),
    "note": lambda e, i, v, a: wf.add_note(e, actor=a, item_id=i, version=v, text="Gelezen"),
    "assign": lambda e, i, v, a: wf.assign(e, actor=a, item_id=i, version=v, assignee="colleague"),
}


@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("actor", [HANDLER, COLLEAGUE], ids=["assignee", "other_triage"])
def test_new_reply_flag_is_cleared_when_someone_acts(inbox_engine, action, actor):
    item_id = asked(inbox_engine)
    ingest_lines(inbox_engine, [reply_line(item_id)])
    assert current(inbox_engine, item_id).new_reply_at is not None
    ACTIONS[action](inbox_engine, item_id, current(inbox_engine, item_id).version, actor)
    assert current(inbox_engine, item_id).new_reply_at is None


def test_routing_alone_does_not_clear_the_flag(inbox_engine):
    item_id = asked(inbox_engine)
    ingest_lines(inbox_engine, [reply_line(item_id)])
    wf.change_priority(
        inbox_engine, actor=HANDLER, item_id=item_id,
        version=current(inbox_engine, item_id).version, priority="high",
    )  # fmt: skip
    assert current(inbox_engine, item_id).new_reply_at is not None


def test_stale_form_is_refused_after_a_reply_arrived(inbox_engine):
    item_id = asked(inbox_engine)
    seen = current(inbox_engine, item_id).version
    ingest_lines(inbox_engine, [reply_line(item_id)])
    with pytest.raises(wf.StaleItem):
        wf.change_status(
            inbox_engine, actor=HANDLER, item_id=item_id, version=seen, to_status="resolved",
            message="Opgelost",
        )  # fmt: skip


def test_inbox_list_and_history_show_the_reply(inbox_engine):
    from hoplr_data.bottom_up.inbox import InboxFilter, item_detail, list_items
    from ui.inbox_views import history_table, list_table

    item_id = asked(inbox_engine)
    quiet = asked(inbox_engine)
    ingest_lines(
        inbox_engine, [reply_line(item_id, text="<b>Bij</b> [de ingang](https://x.example)")]
    )
    frame = list_items(inbox_engine, InboxFilter(), lang="nl", now=dt.datetime(2024, 1, 6))
    listed = list_table(frame, "nl").set_index(t("inbox.col.id", "nl"))
    marker = listed[t("inbox.col.new_reply", "nl")]
    assert marker[item_id] == t("inbox.new_reply", "nl") and marker[quiet] == ""
    for lang, who in (("nl", "Bewoner"), ("fr", "Habitant"), ("en", "Resident")):
        detail = item_detail(inbox_engine, item_id, lang=lang)
        table = history_table(detail["history"], lang)
        last = table.iloc[-1]
        assert last[t("inbox.col.who", lang)] == who
        assert last[t("inbox.col.action", lang)] == t("action.resident_reply", lang)
        assert last[t("inbox.col.text", lang)] == "<b>Bij</b> [de ingang](https://x.example)"


def test_schema_documents_the_event():
    schema = json.loads((ROOT / "docs" / "ingest-schema" / "reporter_reply.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    good = json.loads(reply_line("report-1", language="fr"))
    jsonschema.validate(good, schema)
    for broken in ({k: v for k, v in good.items() if k != "item_id"}, {**good, "language": "de"}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema)
    assert "reporter_reply" in (ROOT / "docs" / "ingest-schema" / "README.md").read_text()
