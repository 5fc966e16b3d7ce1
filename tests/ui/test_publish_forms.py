"""Publish forms: the now/schedule choice decides the button and advice, publishing asks first,
the preview shows capacity and a text box for open questions, polls and surveys close, the
calendar is under Publish too."""

from __future__ import annotations

import datetime as dt

from hoplr_data.core.db import make_engine
from hoplr_data.core.i18n import t
from hoplr_data.ingest.pipeline import ingest_events
from hoplr_data.top_down import documents
from hoplr_data.top_down import publications as pub
from tests.helpers import add_buurten, ev
from tests.helpers import button as _button
from tests.top_down.builders import (
    BUILDER,
    NL,
    NOW,
    draft_of,
    problems,
    question,
    registered,
    text,
)
from tests.ui.publish_steps import NEXT_WEEK, fill_common, fill_kind, new_draft, publish_page


def _survey(closes_at: str | None = None) -> dict:
    doc = pub.empty_document("survey") | {"texts": {"nl": text("Enquête", "Doe mee")}}
    doc["questions"] = [question("yes_no", "q1")]
    if closes_at:
        doc["closes_at"] = closes_at
    return doc


# --- closing date: validation and ingest ----------------------------------------------------


def test_closing_date_must_follow_the_publication_moment():
    assert "pub.error.closes_before_publication" in problems(_survey("2024-03-04T09:00"), "survey")
    assert "pub.error.closes_before_publication" in problems(
        _survey("2024-03-20T09:00"), "survey", schedule_at=dt.datetime(2024, 3, 25, 9)
    )
    assert problems(_survey("2024-03-20T09:00"), "survey") == set()
    assert problems(_survey(), "survey") == set()  # no closing date: stays open


def test_answers_after_closing_are_rejected_with_their_line(engine):
    add_buurten(engine, {"A": 100})
    households = registered(engine, {"A": 3})
    pid = draft_of(engine, "survey", _survey("2024-03-06T12:00"), ["A"])
    pub.publish(engine, actor=BUILDER, publication_id=pid, version=2, languages=NL, now=NOW)
    events = [
        ev("survey_response", when, household_id=hid, publication_id=pid, answers={"q1": "yes"})
        for when, hid in [
            ("2024-03-05T09:00:00", households[0]),  # before closing
            ("2024-03-06T12:00:00", households[1]),  # at the closing moment
            ("2024-03-07T09:00:00", households[2]),  # after
        ]
    ]
    report = ingest_events(engine, events)
    assert [(r.line, r.reason, r.field) for r in report.rejected] == [
        (2, "closed", "time"),
        (3, "closed", "time"),
    ]
    assert report.imported["publication_response"] == 1
    assert t("ingest.reason.closed", "fr") != t("ingest.reason.closed", "nl")


def test_a_copy_does_not_keep_the_closing_date(engine):
    add_buurten(engine, {"A": 100})
    pid = draft_of(engine, "survey", _survey("2024-03-06T12:00"), ["A"])
    copy = pub.copy_as_draft(engine, actor=BUILDER, publication_id=pid, now=NOW)
    assert "closes_at" not in pub.load(engine, copy).doc


# --- pages -----------------------------------------------------------------------------------


def test_the_choice_not_the_typed_date_decides_button_and_advice(pilot_sqlite_url, monkeypatch):
    at = publish_page(pilot_sqlite_url, monkeypatch)
    pid = new_draft(at, "post")
    fill_common(at, pid, "Later te plannen")
    at.radio(key=f"pub{pid}.when").set_value("later").run()  # no date typed (or not registered)
    labels = [b.label for b in at.button]
    assert t("pub.schedule_button", "nl") in labels
    assert t("pub.publish_button", "nl") not in labels
    infos = [i.value for i in at.info]
    assert t("pub.pick_moment", "nl") in infos
    assert t("pub.digest.today", "nl") not in infos and t("pub.digest.tomorrow", "nl") not in infos
    _button(at, t("pub.schedule_button", "nl")).click().run()
    assert t("pub.error.no_moment", "nl") in [e.value for e in at.error]
    assert pub.load(make_engine(pilot_sqlite_url), pid).status == "draft"  # not published now


def test_publishing_to_residents_asks_for_confirmation(pilot_sqlite_url, monkeypatch):
    at = publish_page(pilot_sqlite_url, monkeypatch)
    pid = new_draft(at, "post")
    fill_common(at, pid, "Pas na bevestiging")
    engine = make_engine(pilot_sqlite_url)
    _button(at, t("pub.publish_button", "nl")).click().run()
    assert pub.load(engine, pid).status == "draft"
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("Nu publiceren naar") and "huishoudens" in w for w in warnings)
    _button(at, t("form.cancel", "nl")).click().run()
    assert pub.load(engine, pid).status == "draft"
    assert not any(w.startswith("Nu publiceren naar") for w in (w.value for w in at.warning))
    _button(at, t("pub.publish_button", "nl")).click().run()
    _button(at, t("pub.confirm.yes_now", "nl")).click().run()
    assert pub.load(engine, pid).status == "published"
    engine.dispose()


def test_event_preview_shows_the_capacity(pilot_sqlite_url, monkeypatch):
    at = publish_page(pilot_sqlite_url, monkeypatch)
    pid = new_draft(at, "event")
    fill_common(at, pid, "Buurtfeest")
    fill_kind(at, pid, "event")  # capacity 40
    assert "Maximaal 40 deelnemers" in [c.value for c in at.caption]


def test_open_question_is_previewed_as_a_text_box(pilot_sqlite_url, monkeypatch):
    at = publish_page(pilot_sqlite_url, monkeypatch)
    pid = new_draft(at, "survey")
    fill_common(at, pid, "Open vraag")
    _button(at, t("pub.add_question", "nl")).click().run()
    at.selectbox(key=f"pub{pid}.q.q1.kind").set_value("open").run()
    at.text_input(key=f"pub{pid}.q.q1.text.nl").input("Wat mist u?").run()
    answer = t("pub.preview.open_answer", "nl")
    boxes = [a for a in at.text_area if a.key and a.key.startswith("preview.")]
    assert boxes and all(b.disabled for b in boxes)
    assert not any(answer in x.value and "○" in x.value for x in at.text)


def test_survey_closing_date_is_stored_and_checked(pilot_sqlite_url, monkeypatch):
    at = publish_page(pilot_sqlite_url, monkeypatch)
    pid = new_draft(at, "survey")
    fill_common(at, pid, "Sluit vroeg")
    fill_kind(at, pid, "survey")
    at.date_input(key=f"pub{pid}.closes.date").set_value(dt.date(2020, 5, 1)).run()
    _button(at, t("pub.publish_button", "nl")).click().run()
    assert any(t("pub.error.closes_before_publication", "nl") in e.value for e in at.error)
    at.date_input(key=f"pub{pid}.closes.date").set_value(NEXT_WEEK).run()
    stored = pub.load(make_engine(pilot_sqlite_url), pid)
    assert documents.closes_at(stored.doc, "survey").date() == NEXT_WEEK
    assert any(c.value.startswith("Antwoorden kan tot") for c in at.caption)


def test_the_calendar_is_under_publish_too(pilot_sqlite_url, monkeypatch):
    at = publish_page(pilot_sqlite_url, monkeypatch)
    assert t("pub.tab.calendar", "nl") in [tab.label for tab in at.tabs]
    assert at.selectbox(key="pub_cal_month").value is not None
