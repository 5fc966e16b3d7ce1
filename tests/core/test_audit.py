"""The audit log (issue 12, item 3; BIO 8.15) on SQLite and PostgreSQL: triage, publishing and
settings writes leave one row each in their own transaction, the database refuses updates and
deletes (only the retention purge removes old rows), no resident text or password lands in it,
the CLI's output parses and the Admin page filters it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text
from sqlalchemy.exc import DBAPIError

from hoplr_data.bottom_up import workflow as wf
from hoplr_data.core import audit, settings
from hoplr_data.core import models as m
from hoplr_data.core.db import make_engine
from hoplr_data.core.roles import Actor, PermissionDenied
from tests.helpers import current, new_item

ROOT = Path(__file__).resolve().parents[2]
HANDLER = Actor("handler", ("case_handler",))
ADMIN = Actor("boss", ("admin",))
NOTE = "Interne notitie over buurman Pietersen, Dorpsstraat 7"
REPLY = "Beste bewoner, wij komen dinsdag kijken naar de losse tegel"
HOSTILE_TEXT = "Mijn buurman =cmd|' /C calc'!A0 <script>x</script> woont op Kerkplein 3"


def entries(engine) -> list:
    """Every audit row (ORM-free tuples), oldest first."""
    with engine.connect() as conn:
        return conn.execute(select(m.AuditEntry.__table__).order_by(m.AuditEntry.id)).all()


def add_old_entry(engine, days_ago: int, action: str = "item.view") -> None:
    """An audit row written `days_ago` days back (as a row from last year would be)."""
    moment = dt.datetime.now().replace(microsecond=0) - dt.timedelta(days=days_ago)
    with engine.begin() as conn:
        conn.execute(
            insert(m.AuditEntry).values(
                at=moment,
                actor="old",
                action=action,
                object_type="item",
                object_id=str(days_ago),
                result="ok",
                origin="app",
                detail="{}",
            )  # fmt: skip
        )


def test_a_triage_write_leaves_one_row_with_actor_action_object_and_result(inbox_engine):
    item_id = new_item(inbox_engine)
    before = len(entries(inbox_engine))
    wf.change_status(
        inbox_engine, actor=HANDLER, item_id=item_id, version=1, to_status="in_progress"
    )
    added = entries(inbox_engine)[before:]
    assert len(added) == 1
    row = added[0]
    assert (row.actor, row.action, row.object_type, row.object_id, row.result) == (
        "handler", "item.update", "item", item_id, "ok",
    )  # fmt: skip
    assert json.loads(row.detail) == {"fields": ["status"], "status": "in_progress"}
    assert row.origin == "app"
    assert abs(row.at - dt.datetime.now()) < dt.timedelta(hours=3)  # local time, not a demo date


def test_a_refused_write_is_recorded_as_refused_and_changes_nothing(inbox_engine):
    item_id = new_item(inbox_engine)
    viewer = Actor("kijker", ("viewer",))
    with pytest.raises(PermissionDenied):
        wf.assign(inbox_engine, actor=viewer, item_id=item_id, version=1, assignee="handler")
    with pytest.raises(wf.StaleItem):
        wf.assign(inbox_engine, actor=HANDLER, item_id=item_id, version=7, assignee="handler")
    got = [(r.actor, r.action, r.result, json.loads(r.detail)) for r in entries(inbox_engine)]
    assert got == [
        ("kijker", "item.update", "refused", {"code": "auth.not_authorised"}),
        ("handler", "item.update", "refused", {"code": "error.stale_item"}),
    ]
    assert current(inbox_engine, item_id).version == 1


def test_the_audit_row_commits_with_the_write_or_not_at_all(inbox_engine, monkeypatch):
    item_id = new_item(inbox_engine)

    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("audit row could not be written")

    monkeypatch.setattr(wf, "_audit", broken)
    with pytest.raises(RuntimeError):
        wf.add_note(inbox_engine, actor=HANDLER, item_id=item_id, version=1, text="notitie")
    assert current(inbox_engine, item_id).version == 1  # the note was rolled back with it


def test_bulk_duplicate_settings_and_publishing_are_recorded(inbox_engine):
    first, second = new_item(inbox_engine), new_item(inbox_engine, text="Nog een tegel")
    refused = wf.bulk_update(
        inbox_engine, actor=HANDLER, versions={first: 1, second: 5}, status="in_progress"
    )
    assert refused == [second]
    third = new_item(inbox_engine, text="Derde tegel")
    wf.link_duplicate(inbox_engine, actor=HANDLER, item_id=third, version=1, main_id=first)
    settings.set_int(inbox_engine, actor=ADMIN, key="k_threshold", value=7)
    got = [(r.action, r.object_id, r.result) for r in entries(inbox_engine)]
    assert got == [
        ("item.bulk_update", first, "ok"),
        ("item.bulk_update", second, "refused"),
        ("item.duplicate", third, "ok"),
        ("settings.save", "", "ok"),
    ]
    assert json.loads(entries(inbox_engine)[-1].detail) == {"keys": ["k_threshold"]}


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET result = 'ok', actor = 'someone_else'",
    "DELETE FROM audit_log",
    "DELETE FROM audit_log WHERE action = 'item.update'",
])  # fmt: skip
def test_the_database_refuses_a_raw_update_or_delete(inbox_engine, statement):
    item_id = new_item(inbox_engine)
    wf.add_note(inbox_engine, actor=HANDLER, item_id=item_id, version=1, text="notitie")
    before = entries(inbox_engine)
    assert len(before) == 1
    with pytest.raises(DBAPIError, match="append-only"), inbox_engine.begin() as conn:
        conn.execute(text(statement))
    assert entries(inbox_engine) == before


def test_postgresql_refuses_truncate_too(inbox_engine):
    if inbox_engine.dialect.name != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL's")
    add_old_entry(inbox_engine, 1000)
    with pytest.raises(DBAPIError, match="append-only"), inbox_engine.begin() as conn:
        conn.execute(text("TRUNCATE audit_log"))
    assert len(entries(inbox_engine)) == 1


def test_purge_removes_only_rows_older_than_the_retention(engine):
    for days in (1000, 400, 366, 364, 10, 0):
        add_old_entry(engine, days)
    assert audit.purge_older_than(engine) == 3  # default 365 days
    kept = [(r.actor, r.object_id) for r in entries(engine)]
    assert kept == [("old", "364"), ("old", "10"), ("old", "0"), ("system", "")]
    purge = entries(engine)[-1]
    assert (purge.action, json.loads(purge.detail)) == ("audit.purge", {"days": 365, "rows": 3})
    settings.set_int(engine, actor=ADMIN, key="audit_retention_days", value=30)
    assert audit.purge_older_than(engine) == 1  # the 364-day row; the others are younger
    assert audit.purge_older_than(engine, days=5) == 1  # the 10-day row
    assert [r.object_id for r in entries(engine) if r.actor == "old"] == ["0"]
    with engine.connect() as conn:  # the marker never outlives the purge's transaction
        marker = conn.execute(select(m.Setting).where(m.Setting.key == audit.PURGE_MARKER)).all()
    assert marker == []
    with pytest.raises(DBAPIError, match="append-only"), engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log"))  # and after it, deleting is refused again


def test_the_retention_setting_has_limits(engine):
    from hoplr_data.core.errors import Invalid

    with pytest.raises(Invalid):
        settings.set_int(engine, actor=ADMIN, key="audit_retention_days", value=7)
    assert settings.get_int(engine, "audit_retention_days") == 365


@pytest.mark.parametrize("detail", [
    {"note": NOTE},
    {"text": "Beste bewoner"},
    {"fields": ["status", "een zin met spaties"]},
    {"nested": {"a": 1}},
    {f"k{i}": i for i in range(13)},
])  # fmt: skip
def test_detail_takes_counts_flags_and_codes_only(engine, detail):
    with pytest.raises(ValueError):
        audit.record(engine, actor="a", action="x.y", object_type="item", detail=detail)
    assert entries(engine) == []


def test_no_resident_text_or_password_lands_in_the_log(inbox_engine):
    from hoplr_data.core.db import session_scope
    from hoplr_data.users.accounts import create_user

    item_id = new_item(inbox_engine, text=HOSTILE_TEXT)
    wf.add_note(inbox_engine, actor=HANDLER, item_id=item_id, version=1, text=NOTE)
    wf.change_status(
        inbox_engine, actor=HANDLER, item_id=item_id, version=2, to_status="waiting_for_reporter",
        message=REPLY, note=NOTE,
    )  # fmt: skip
    wf.reply(inbox_engine, actor=HANDLER, item_id=item_id, version=3, text=REPLY)
    audit.record_item_view(inbox_engine, actor="handler", item_id=item_id, contact_shown=True)
    password = "Geheim-wachtwoord-2026!"
    with session_scope(inbox_engine) as session:
        create_user(session, username="nieuw", name="N", password=password, roles=["viewer"])
    stored = json.dumps([[str(v) for v in r] for r in entries(inbox_engine)])
    assert len(entries(inbox_engine)) == 4
    for secret in (HOSTILE_TEXT, NOTE, REPLY, password, "Pietersen", "Kerkplein", "jan@example"):
        assert secret not in stored
        for word in secret.split():
            assert len(word) < 6 or word not in stored, word


def test_publishing_writes_are_recorded_with_their_author(engine):
    from hoplr_data.top_down import publications as pub
    from tests.helpers import add_buurten
    from tests.top_down.builders import BUILDER, NL, NOW, make_post

    add_buurten(engine, {"A": 100})
    pid = make_post(engine, ["A"], title="Werk aan de Dorpsstraat")
    at = NOW + dt.timedelta(days=1)
    pub.publish(
        engine, actor=BUILDER, publication_id=pid, version=2, languages=NL, schedule_at=at, now=NOW
    )
    assert pub.release_due(engine, now=at + dt.timedelta(hours=1)) == 1
    pub.archive(engine, actor=BUILDER, publication_id=pid, version=4, now=NOW)
    draft = make_post(engine, [])
    pub.delete_draft(engine, actor=BUILDER, publication_id=draft, version=2)
    got = [(r.actor, r.action, r.object_id, json.loads(r.detail)) for r in entries(engine)]
    assert got == [
        ("builder", "publication.create", str(pid), {"kind": "post"}),
        ("builder", "publication.save", str(pid), {"buurten": 1}),
        ("builder", "publication.publish", str(pid), {"status": "scheduled"}),
        ("system", "publication.release", str(pid), {"status": "published"}),
        ("builder", "publication.archive", str(pid), {}),
        ("builder", "publication.create", str(draft), {"kind": "post"}),
        ("builder", "publication.save", str(draft), {"buurten": 0}),
        ("builder", "publication.delete", str(draft), {}),
    ]
    assert "Dorpsstraat" not in json.dumps([[str(v) for v in r] for r in entries(engine)])
    moments = [r.at for r in entries(engine)]
    assert moments[:3] == [NOW] * 3  # the moment the write records, as its caller gave it
    assert moments[3] == at + dt.timedelta(hours=1)


def test_a_replayed_triage_write_is_recorded_at_its_moment(inbox_engine):
    item_id = new_item(inbox_engine)
    moment = dt.datetime(2024, 1, 3, 14, 30)
    with wf.acting_at(moment):
        wf.add_note(inbox_engine, actor=HANDLER, item_id=item_id, version=1, text="notitie")
    assert [r.at for r in entries(inbox_engine)] == [moment]


def test_category_department_and_reply_admin_writes_are_recorded(inbox_engine):
    from hoplr_data.bottom_up import admin

    names = {"nl": "Groen", "fr": "Vert", "en": "Green"}
    admin.add_department(inbox_engine, actor=ADMIN, code="groen", names=names)
    row = next(c for c in admin.category_rows(inbox_engine) if c["code"] == "waste")
    admin.update_category(
        inbox_engine, actor=ADMIN, code="waste", version=row["version"], department_code="groen",
        handling_days=3, names=names,
    )  # fmt: skip
    admin.save_template(
        inbox_engine, actor=ADMIN, kind="report", status="done", language="nl", text="Opgelost."
    )
    got = [(r.actor, r.action, r.object_type, r.object_id) for r in entries(inbox_engine)]
    assert got == [
        ("boss", "department.create", "department", "groen"),
        ("boss", "category.update", "category", "waste"),
        ("boss", "reply_template.save", "reply_template", "report:done:nl"),
    ]


def cli(url: str, *args: str) -> subprocess.CompletedProcess:
    """Run `python -m hoplr_data ARGS` in a new process against a database URL."""
    env = {**os.environ, "DATABASE_URL": url, "HOPLR_DEMO": "0"}
    return subprocess.run(
        [sys.executable, "-m", "hoplr_data", *args],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=300,
    )  # fmt: skip


def test_the_cli_prints_parsable_json_and_guarded_csv(inbox_engine):
    url = inbox_engine.url.render_as_string(hide_password=False)
    item_id = new_item(inbox_engine)
    wf.add_note(inbox_engine, actor=HANDLER, item_id=item_id, version=1, text=NOTE)
    audit.record(inbox_engine, actor="=HYPERLINK(1)", action="auth.login", object_type="user")
    today = dt.date.today().isoformat()
    done = cli(url, "audit", "--since", today, "--format", "json")
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert [(r["actor"], r["action"], r["object_id"]) for r in got] == [
        ("=HYPERLINK(1)", "auth.login", ""),
        ("handler", "item.update", item_id),
    ]  # newest first
    assert got[1]["detail"] == {"fields": ["note"], "status": None}
    dt.datetime.fromisoformat(got[0]["at"])
    done = cli(url, "audit", "--since", today, "--actor", "handler", "--format", "csv")
    assert done.returncode == 0, done.stderr
    table = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["actor"], r["action"], r["result"]) for r in table] == [
        ("handler", "item.update", "ok")
    ]
    done = cli(url, "audit", "--since", today, "--action", "auth.login")
    assert list(csv.DictReader(io.StringIO(done.stdout)))[0]["actor"] == "'=HYPERLINK(1)"
    assert cli(url, "audit", "--since", "2999-01-01").stdout.splitlines() == [
        "at,actor,action,object_type,object_id,result,origin,detail"
    ]
    exports = audit.query(inbox_engine, action="export.download")
    assert list(exports["origin"]) == ["cli"] * 4
    assert sorted(json.loads(d)["rows"] for d in exports["detail"]) == [0, 1, 1, 2]
    assert cli(url, "audit").returncode == 2  # --since is required
    assert cli(url, "retention").returncode == 0  # the scheduled job purges the log too
    purge = audit.query(inbox_engine, action="audit.purge")
    assert [(p.actor, p.origin) for p in purge.itertuples()] == [("system", "cli")]


# --- pages in AppTest ----------------------------------------------------------------------------


def test_opening_an_item_is_recorded_once_per_opening(pilot_sqlite_url, monkeypatch):
    from tests.helpers import app, logged_in

    engine = make_engine(pilot_sqlite_url)
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/3_Inbox.py"), "behandelaar")
    at.query_params["item"] = "report-011"
    at.run()
    at.run()  # a rerun (any widget) is not another view
    views = audit.query(engine, action="item.view")
    assert [(v.actor, v.object_id, v.result) for v in views.itertuples()] == [
        ("behandelaar", "report-011", "ok")
    ]
    assert json.loads(views.iloc[0]["detail"]) == {"contact_shown": True}
    engine.dispose()


def test_the_admin_page_filters_the_log_and_shows_it_as_plain_text(pilot_sqlite_url, monkeypatch):
    from hoplr_data.core.i18n import t
    from hoplr_data.core.settings import demo_date
    from hoplr_data.core.timeutil import demo_clock
    from tests.helpers import app, logged_in

    engine = make_engine(pilot_sqlite_url)
    markup = "**vet**[klik](javascript:alert(1))"
    today = demo_date(engine)  # the demo's clock, which the page and its records use
    with demo_clock(today):
        audit.record(engine, actor=markup, action="auth.login", object_type="user", result="failed")
        audit.record(engine, actor="controleur", action="item.view", object_type="item")
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/9_Admin.py"), "admin").run()
    at.radio(key="admin_section").set_value("audit").run()
    assert not at.exception

    def shown() -> list[tuple[str, str]]:
        frame = at.dataframe[0].value
        columns = (t("admin.audit.actor", "nl"), t("admin.audit.action", "nl"))
        return list(zip(frame[columns[0]], frame[columns[1]], strict=True))

    assert {(markup, "auth.login"), ("controleur", "item.view")} <= set(shown())
    assert ("behandelaar", "item.update") in set(shown())  # the seed's replayed triage
    at.selectbox(key="audit_filter_actor").set_value("controleur").run()
    assert shown() == [("controleur", "item.view")]
    at.selectbox(key="audit_filter_actor").set_value(None).run()
    at.selectbox(key="audit_filter_action").set_value("auth.login").run()
    assert shown() == [(markup, "auth.login")]
    texts = [e.value for e in (*at.markdown, *at.caption, *at.text, *at.info)]
    assert not any("vet" in value for value in texts)  # only in the table, as plain text
    yesterday = today - dt.timedelta(days=1)
    at.date_input(key="audit_period").set_value((yesterday - dt.timedelta(days=5), yesterday))
    at.run()
    assert [i.value for i in at.info] == [t("admin.audit.empty", "nl")]
    engine.dispose()


def test_login_rows_name_no_unknown_account_and_keep_only_a_reason_code(engine):
    audit.record_login(engine, username="viewer", result="ok")
    audit.record_login(engine, username=None, result="failed", reason="bad_credentials")
    audit.record_login(engine, username="viewer", action="auth.lockout", result="refused")
    with pytest.raises(ValueError):
        audit.record_login(engine, username="viewer", result="failed", reason="wrong pw: hunter2")
    got = [(r.actor, r.action, r.object_type, r.result, r.detail) for r in entries(engine)]
    assert got == [
        ("viewer", "auth.login", "session", "ok", "{}"),
        ("unknown", "auth.login", "session", "failed", '{"reason":"bad_credentials"}'),
        ("viewer", "auth.lockout", "session", "refused", "{}"),
    ]
