"""The publishing flow (hoplr_data.top_down.publications): drafts, stale edits, publishing,
scheduling, archiving, copies, the outbox."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from sqlalchemy import func, select

from hoplr_data.core import models as m
from hoplr_data.core.outbox import export_pending
from hoplr_data.core.roles import Actor, PermissionDenied
from hoplr_data.top_down import publications as pub
from tests.helpers import add_buurten
from tests.top_down.builders import BUILDER, NL, NOW, make_post


def test_viewer_cannot_compose(engine):
    with pytest.raises(PermissionDenied):
        pub.create_draft(engine, actor=pub.Actor(None, ("viewer",)), kind="post")


def test_draft_saves_incomplete_and_reloads(engine):
    add_buurten(engine, {"A": 100, "B": 200})
    pid = pub.create_draft(engine, actor=BUILDER, kind="survey", now=NOW)
    doc = pub.empty_document("survey") | {"texts": {"nl": {"title": "", "body": "half"}}}
    version = pub.save_draft(
        engine,
        actor=BUILDER,
        publication_id=pid,
        version=1,
        doc=doc,
        buurt_codes=["B"],
        all_buurten=False,
    )
    draft = pub.load(engine, pid)
    assert (draft.version, draft.doc, draft.buurt_codes, draft.status) == (
        version,
        doc,
        ["B"],
        "draft",
    )


def test_stale_save_is_refused(engine):
    add_buurten(engine, {"A": 100})
    pid = make_post(engine, ["A"])
    with pytest.raises(pub.StalePublication):
        pub.save_draft(
            engine,
            actor=BUILDER,
            publication_id=pid,
            version=1,
            doc={},
            buurt_codes=[],
            all_buurten=True,
        )
    assert pub.load(engine, pid).doc["texts"]["nl"]["title"] == "Werk aan de weg"


def test_publish_refused_with_problems_keeps_the_draft(engine):
    add_buurten(engine, {"A": 100})
    pid = pub.create_draft(engine, actor=BUILDER, kind="post", now=NOW)
    with pytest.raises(pub.PublicationError) as caught:
        pub.publish(engine, actor=BUILDER, publication_id=pid, version=1, languages=NL, now=NOW)
    codes = {p.code for p in caught.value.problems}
    assert codes == {"pub.error.no_buurt", "pub.error.language_missing"}
    draft = pub.load(engine, pid)
    assert (draft.status, draft.version) == ("draft", 1)


def test_publish_goes_to_the_outbox(engine):
    add_buurten(engine, {"A": 100, "B": 200})
    pid = make_post(engine, ["B"])
    status = pub.publish(
        engine, actor=BUILDER, publication_id=pid, version=2, languages=NL, now=NOW
    )
    assert status == "published"
    out = io.StringIO()
    assert export_pending(engine, out, now=NOW) == 1
    record = json.loads(out.getvalue())
    assert record["kind"] == "publication"
    assert record["publication_id"] == pid
    assert record["buurten"] == ["B"]
    assert record["document"]["texts"]["nl"]["title"] == "Werk aan de weg"


def test_scheduling_releases_when_due(engine):
    add_buurten(engine, {"A": 100})
    pid = make_post(engine, ["A"])
    at = NOW + dt.timedelta(days=1)
    assert (
        pub.publish(
            engine,
            actor=BUILDER,
            publication_id=pid,
            version=2,
            languages=NL,
            schedule_at=at,
            now=NOW,
        )
        == "scheduled"
    )
    assert pub.release_due(engine, now=at - dt.timedelta(seconds=1)) == 0
    assert pub.load(engine, pid).status == "scheduled"
    assert pub.release_due(engine, now=at + dt.timedelta(hours=1)) == 1
    draft = pub.load(engine, pid)
    assert (draft.status, draft.published_at) == ("published", at)
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(m.OutboxMessage)).scalar() == 1


def test_unschedule_then_archive(engine):
    add_buurten(engine, {"A": 100})
    pid = make_post(engine, ["A"])
    at = NOW + dt.timedelta(days=1)
    pub.publish(
        engine, actor=BUILDER, publication_id=pid, version=2, languages=NL, schedule_at=at, now=NOW
    )
    pub.unschedule(engine, actor=BUILDER, publication_id=pid, version=3)
    assert pub.load(engine, pid).status == "draft"
    with pytest.raises(pub.PublicationError):
        pub.archive(engine, actor=BUILDER, publication_id=pid, version=4)
    pub.publish(engine, actor=BUILDER, publication_id=pid, version=4, languages=NL, now=NOW)
    pub.archive(engine, actor=BUILDER, publication_id=pid, version=5, now=NOW)
    assert pub.load(engine, pid).status == "archived"


def test_copy_as_draft_keeps_content_and_audience(engine):
    add_buurten(engine, {"A": 100, "B": 100})
    pid = make_post(engine, ["B"])
    pub.publish(engine, actor=BUILDER, publication_id=pid, version=2, languages=NL, now=NOW)
    copy = pub.copy_as_draft(engine, actor=BUILDER, publication_id=pid)
    original, draft = pub.load(engine, pid), pub.load(engine, copy)
    assert (draft.status, draft.kind, draft.buurt_codes) == ("draft", "post", ["B"])
    assert draft.doc == original.doc and copy != pid


def test_required_languages_are_an_admin_setting(engine):
    from hoplr_data.core.settings import publication_languages, set_publication_languages
    from hoplr_data.users.accounts import UserError

    assert publication_languages(engine) == ["nl"]
    set_publication_languages(engine, actor=Actor("admin", ("admin",)), languages=["nl", "fr"])
    assert publication_languages(engine) == ["nl", "fr"]
    with pytest.raises(UserError):
        set_publication_languages(engine, actor=Actor("admin", ("admin",)), languages=[])
    with pytest.raises(PermissionDenied):
        set_publication_languages(engine, actor=Actor("cb", ("community_builder",)), languages=["en"])


def test_outbox_export_publishes_due_items_first(engine, monkeypatch, capsys):
    from hoplr_data.__main__ import main

    add_buurten(engine, {"A": 100})
    pid = make_post(engine, ["A"])
    pub.publish(engine, actor=BUILDER, publication_id=pid, version=2, languages=NL,
                schedule_at=dt.datetime(2024, 3, 5, 9), now=NOW)  # fmt: skip
    monkeypatch.setenv("DATABASE_URL", str(engine.url.render_as_string(hide_password=False)))
    assert main(["outbox", "export"]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["kind"], r["publication_id"]) for r in lines] == [("publication", pid)]
    assert pub.load(engine, pid).status == "published"
