"""Validation of a publication's document (hoplr_data.top_down.validation)."""

from __future__ import annotations

import datetime as dt

from hoplr_data.top_down import publications as pub
from tests.top_down.builders import NOW, problems, question, text


def test_a_complete_post_has_no_problems():
    doc = pub.empty_document("post") | {"texts": {"nl": text()}}
    assert problems(doc, "post") == set()


def test_empty_title_is_refused():
    doc = pub.empty_document("post") | {"texts": {"nl": text(title="  ")}}
    assert problems(doc, "post") == {"pub.error.title_empty"}


def test_too_long_title_and_body_are_refused():
    doc = pub.empty_document("post") | {"texts": {"nl": text("x" * 121, "y" * 5001)}}
    assert problems(doc, "post") == {"pub.error.title_too_long", "pub.error.body_too_long"}


def test_a_missing_required_language_is_named():
    doc = pub.empty_document("post") | {"texts": {"nl": text()}}
    found = pub.validate(
        doc, kind="post", languages=("fr", "nl"), targets_any=True, schedule_at=None, now=NOW
    )
    assert [(p.code, p.params) for p in found] == [("pub.error.language_missing", {"lang": "fr"})]


def test_no_buurt_and_a_schedule_in_the_past_are_refused():
    doc = pub.empty_document("post") | {"texts": {"nl": text()}}
    found = problems(doc, "post", targets_any=False, schedule_at=NOW - dt.timedelta(minutes=1))
    assert found == {"pub.error.no_buurt", "pub.error.schedule_past"}
    assert problems(doc, "post", schedule_at=NOW + dt.timedelta(minutes=1)) == set()


def test_event_end_before_start_and_missing_start():
    doc = pub.empty_document("event") | {"texts": {"nl": text()}}
    assert problems(doc, "event") == {"pub.error.start_missing"}
    doc.update(starts_at="2024-03-10T14:00:00", ends_at="2024-03-10T13:00:00")
    assert problems(doc, "event") == {"pub.error.end_before_start"}
    doc.update(ends_at="2024-03-10T16:00:00", capacity=0)
    assert problems(doc, "event") == {"pub.error.capacity"}
    doc.update(capacity=40)
    assert problems(doc, "event") == set()


def test_poll_needs_two_options():
    doc = pub.empty_document("poll") | {"texts": {"nl": text()}}
    doc["questions"] = [question("single", options=1)]
    assert problems(doc, "poll") == {"pub.error.too_few_options"}
    doc["questions"] = [question("single", options=2)]
    assert problems(doc, "poll") == set()
    doc["questions"] = [question("for_against")]
    assert problems(doc, "poll") == set()


def test_survey_needs_questions_with_text():
    doc = pub.empty_document("survey") | {"texts": {"nl": text()}}
    assert problems(doc, "survey") == {"pub.error.no_questions"}
    empty = question("yes_no")
    empty["text"] = {}
    doc["questions"] = [empty]
    assert problems(doc, "survey") == {"pub.error.question_empty"}


def test_choice_options_must_match_across_languages():
    doc = pub.empty_document("survey") | {"texts": {"nl": text(), "fr": text()}}
    q = question("multiple", options=3)
    q["text"]["fr"] = "Question ?"
    q["options"]["fr"] = ["Un", "Deux"]
    doc["questions"] = [q]
    assert problems(doc, "survey", languages=("fr", "nl")) == {"pub.error.options_differ"}


def test_project_phases_need_dates_in_order():
    doc = pub.empty_document("project") | {"texts": {"nl": text()}}
    assert problems(doc, "project") == {"pub.error.phase_dates"}
    days = [
        "2024-03-01",
        "2024-03-10",
        "2024-03-11",
        "2024-03-20",
        "2024-03-15",
        "2024-03-30",
        "2024-04-01",
        "2024-04-10",
    ]
    for i, phase in enumerate(doc["phases"]):
        phase["start"], phase["end"] = days[2 * i], days[2 * i + 1]
    assert problems(doc, "project") == {"pub.error.phase_overlap"}
    doc["phases"][2]["start"] = "2024-03-21"
    assert problems(doc, "project") == set()
