"""Responses through ingest and the results read back (hoplr_data.top_down.results)."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from hoplr_data.core import models as m
from hoplr_data.ingest.pipeline import ingest_events
from hoplr_data.stats.metrics import Scope, summary
from hoplr_data.top_down import publications as pub
from hoplr_data.top_down.results import calendar, results, survey_summaries
from tests.helpers import add_buurten, ev, load
from tests.top_down.builders import (
    BUILDER,
    NL,
    NOW,
    answer,
    make_post,
    publish_doc,
    publish_survey,
    registered,
    text,
)


def test_survey_answers_are_validated_per_line(engine):
    add_buurten(engine, {"A": 100, "B": 100, "C": 100})
    households = registered(engine, {"A": 2, "C": 1})
    pid = publish_survey(engine, ["A", "B"])
    events = [
        answer(pid, households[0], q1="yes", q2=["o1", "o3"], q3=7, q4="Leuk"),
        answer(pid, households[1], q2=["o1"]),  # q1 is required
        answer(pid, households[1], q1="maybe"),
        answer(pid, households[1], q1="yes", q3=11),
        answer(pid, households[1], q1="yes", q9="x"),
        answer(pid, households[2], q1="yes"),  # C is not targeted
        answer(999, households[1], q1="yes"),
        ev(
            "survey_response",
            "2024-03-03T09:00:00",
            household_id=households[1],
            publication_id=pid,
            answers={"q1": "yes"},
        ),  # before publication
    ]
    report = ingest_events(engine, events)
    assert [(r.line, r.reason, r.field) for r in report.rejected] == [
        (2, "missing_field", "answers.q1"),
        (3, "bad_field", "answers.q1"),
        (4, "bad_field", "answers.q3"),
        (5, "bad_field", "answers.q9"),
        (6, "not_targeted", "publication_id"),
        (7, "unknown_publication", "publication_id"),
        (8, "not_published", "time"),
    ]
    assert report.imported["publication_response"] == 1
    again = ingest_events(engine, events[:1])
    assert again.imported["publication_response"] == 0
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(m.SurveyAnswer)).scalar() == 5
        assert conn.execute(select(m.PublicationResponse.household_id)).scalar() is None


def test_results_follow_the_k_rule(engine):
    add_buurten(engine, {"A": 100, "B": 100})
    households = registered(engine, {"A": 6, "B": 3})
    pid = publish_survey(engine, ["A", "B"])
    events = [
        answer(pid, hid, q1="yes" if i < 7 else "no", q3=8, q4=f"Antwoord {i}")
        for i, hid in enumerate(households)
    ]
    load(engine, events)
    res = results(engine, publication_id=pid, k=5, language="nl")
    assert res.responses == 9 and res.reach == 9
    q1, q2, q3, q4 = res.questions
    # 7 yes, 2 no of 9 respondents: 'no' is under k and 9 - 7 would give it, so 'yes' is
    # hidden too ('×'); per buurt B's 1 yes and 2 no are under k, and A's 6 yes goes with them
    # (it is alone beside B's 1 in the 'yes' column).
    assert [(o.code, o.count, o.status) for o in q1.options] == [("yes", None, 2), ("no", None, 1)]
    assert q1.options[0].share is None and q1.options[1].share is None
    assert {(r["buurt"], r["option"], r["count"], r["status"]) for r in q1.per_buurt} == {
        ("Buurt A", "yes", None, 2),
        ("Buurt B", "yes", None, 1),
        ("Buurt B", "no", None, 1),
    }
    # all 9 gave an 8: shown (9 >= k); per buurt B's 3 is under k and A's 6 = 9 - 3 goes too
    assert [o.count for o in q3.options if o.count] == [9]
    assert {(r["buurt"], r["status"]) for r in q3.per_buurt} == {("Buurt A", 2), ("Buurt B", 1)}
    assert q2.respondents is None and all(o.count in (0, None) for o in q2.options)
    assert q3.mean == pytest.approx(8)
    assert sorted(q4.open_answers) == sorted(f"Antwoord {i}" for i in range(9))
    strict = results(engine, publication_id=pid, k=10, language="nl")
    assert strict.responses is None
    assert strict.questions[3].open_answers is None
    assert strict.questions[2].mean is None


def test_event_rsvps_and_reactions(engine):
    add_buurten(engine, {"A": 100})
    households = registered(engine, {"A": 3})
    doc = pub.empty_document("event") | {
        "texts": {"nl": text("Buurtfeest")},
        "starts_at": "2024-03-20T15:00:00",
        "ends_at": "2024-03-20T18:00:00",
        "capacity": 50,
    }
    pid = publish_doc(engine, "event", doc, ["A"])
    t = "2024-03-06T12:00:00"
    load(
        engine,
        [
            ev(
                "publication_rsvp",
                t,
                household_id=households[0],
                publication_id=pid,
                response="attending",
            ),
            ev(
                "publication_rsvp",
                t,
                household_id=households[0],
                publication_id=str(pid),
                response="interested",
            ),  # one answer per household
            ev(
                "publication_rsvp",
                t,
                household_id=households[1],
                publication_id=pid,
                response="interested",
            ),
            ev("publication_reaction", t, household_id=households[2], publication_id=pid),
        ],
    )
    res = results(engine, publication_id=pid, k=5, language="nl")
    assert (res.attending, res.interested, res.reactions, res.capacity) == (1, 1, 1, 50)


def test_project_ideas_votes_and_ranking(engine):
    add_buurten(engine, {"A": 100})
    households = registered(engine, {"A": 4})
    doc = pub.empty_document("project") | {"texts": {"nl": text("Groene straten")}}
    for i, phase in enumerate(doc["phases"]):
        phase["start"] = f"2024-0{3 + i}-01"
        phase["end"] = f"2024-0{3 + i}-20"
    pid = publish_doc(engine, "project", doc, ["A"])
    t = "2024-03-07T12:00:00"
    ideas = [
        {
            "id": "idea-1",
            "type": "project_idea",
            "time": t,
            "household_id": households[0],
            "publication_id": pid,
            "title": "Geveltuinen",
            "text": "Meer groen",
        },
        {
            "id": "idea-2",
            "type": "project_idea",
            "time": t,
            "household_id": households[1],
            "publication_id": pid,
            "title": "Bomen",
            "text": "Bomen op het plein",
        },
    ]
    votes = [
        ev("project_vote", t, household_id=h, publication_id=pid, idea_id="idea-2")
        for h in households[:3]
    ] + [
        ev("project_vote", t, household_id=households[0], publication_id=pid, idea_id="idea-2"),
        ev("project_vote", t, household_id=households[3], publication_id=pid, idea_id="idea-1"),
    ]
    load(engine, ideas + votes)
    bad = ingest_events(
        engine,
        [ev("project_vote", t, household_id=households[3], publication_id=pid, idea_id="nope")],
    )
    assert [r.reason for r in bad.rejected] == ["unknown_idea"]
    res = results(engine, publication_id=pid, k=5, language="nl")
    assert [(i.rank, i.title, i.votes) for i in res.ideas] == [
        (1, "Bomen", 3),
        (2, "Geveltuinen", 1),
    ]
    assert res.votes == 4


def test_summary_and_calendar(engine):
    add_buurten(engine, {"A": 100, "B": 100})
    households = registered(engine, {"A": 6})
    post = make_post(engine, ["B"])
    pub.publish(engine, actor=BUILDER, publication_id=post, version=2, languages=NL, now=NOW)
    pid = publish_survey(engine, ["A"])
    load(engine, [answer(pid, h, q1="yes" if i < 5 else "no") for i, h in enumerate(households)])
    ids = dict(engine.connect().execute(select(m.Buurt.code, m.Buurt.id)).all())
    scope = Scope(as_of=dt.date(2024, 3, 31))
    assert summary(engine, scope)["top_down_posts"] == 2
    assert (
        summary(engine, Scope(as_of=dt.date(2024, 3, 31), buurt_ids=(ids["A"],)))["top_down_posts"]
        == 1
    )
    assert summary(engine, Scope(as_of=dt.date(2024, 3, 1)))["top_down_posts"] == 0
    surveys = survey_summaries(engine, scope, k=1, language="nl")
    assert surveys[0]["title"] == "Buurtenquête" and surveys[0]["responses"] == 6
    assert surveys[0]["questions"][0]["options"][0] == {"option": "yes", "share": 5 / 6}
    rows = calendar(engine, start=dt.date(2024, 3, 1), end=dt.date(2024, 3, 31), buurt_ids=None)
    assert {(r["title"], r["buurt"]) for r in rows} == {
        ("Werk aan de weg", "Buurt B"),
        ("Buurtenquête", "Buurt A"),
    }
