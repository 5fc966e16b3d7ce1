"""Top-down publications: validation, the publishing flow, responses through ingest, results."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from sqlalchemy import Engine, func, select

from hoplr_data.core import models as m
from hoplr_data.core.outbox import export_pending
from hoplr_data.core.roles import Actor, PermissionDenied
from hoplr_data.ingest.pipeline import ingest_events
from hoplr_data.stats.metrics import Scope, summary
from hoplr_data.top_down import documents
from hoplr_data.top_down import publications as pub
from hoplr_data.top_down.checks import cadence_warnings, makes_digest, reach, readability
from hoplr_data.top_down.results import calendar, results, survey_summaries
from tests.helpers import add_buurten, ev, load

BUILDER = pub.Actor(username="builder", roles=("community_builder",))
NOW = dt.datetime(2024, 3, 4, 10, 0)  # a Monday
NL = ("nl",)


def text(title: str = "Werk aan de weg", body: str = "De straat is dicht.") -> dict:
    return {"title": title, "body": body}


def question(kind: str, code: str = "q1", options: int = 0, required: bool = True) -> dict:
    q = documents.new_question(kind, int(code[1:]))
    q["required"] = required
    q["text"] = {"nl": f"Vraag {code}?"}
    if options:
        q["options"] = {"nl": [f"Keuze {i}" for i in range(1, options + 1)]}
    return q


def problems(doc: dict, kind: str, **kwargs: object) -> set[str]:
    args = {"languages": NL, "targets_any": True, "schedule_at": None, "now": NOW}
    args.update(kwargs)
    return {p.code for p in pub.validate(doc, kind=kind, **args)}


# --- validation ----------------------------------------------------------------------------


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


# --- flow ----------------------------------------------------------------------------------


def draft_of(engine: Engine, kind: str, doc: dict, buurten: list[str]) -> int:
    """Create a draft and save a document into it (version 2); returns its id."""
    pid = pub.create_draft(engine, actor=BUILDER, kind=kind, now=NOW)
    pub.save_draft(
        engine,
        actor=BUILDER,
        publication_id=pid,
        version=1,
        doc=doc,
        buurt_codes=buurten,
        all_buurten=not buurten,
        now=NOW,
    )
    return pid


def make_post(engine: Engine, buurten: list[str], *, title: str = "Werk aan de weg") -> int:
    return draft_of(engine, "post", pub.empty_document("post") | {"texts": {"nl": text(title)}},
                    buurten)  # fmt: skip


def publish_doc(engine: Engine, kind: str, doc: dict, buurten: list[str]) -> int:
    """Create, save and publish an item now; returns its id."""
    pid = draft_of(engine, kind, doc, buurten)
    pub.publish(engine, actor=BUILDER, publication_id=pid, version=2, languages=NL, now=NOW)
    return pid


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


# --- advice --------------------------------------------------------------------------------


def registered(engine: Engine, counts: dict[str, int]) -> list[str]:
    events, households = [], []
    for buurt, n in counts.items():
        for i in range(n):
            hid = f"hh-{buurt}-{i}"
            households.append(hid)
            events.append(ev("registration", "2024-01-02T10:00:00", household_id=hid, buurt=buurt))
    load(engine, events)
    return households


def test_reach_counts_registered_households_in_the_selection(engine):
    add_buurten(engine, {"A": 100, "B": 200, "C": 50})
    registered(engine, {"A": 3, "B": 5, "C": 1})
    ids = dict(engine.connect().execute(select(m.Buurt.code, m.Buurt.id)).all())
    assert reach(engine, buurt_ids=[ids["A"], ids["B"]], moment=NOW) == 8
    assert reach(engine, buurt_ids=None, moment=NOW) == 9


def test_cadence_warns_same_day_and_busy_week(engine):
    add_buurten(engine, {"A": 100, "B": 200})
    ids = dict(engine.connect().execute(select(m.Buurt.code, m.Buurt.id)).all())
    first = make_post(engine, ["A"])
    pub.publish(engine, actor=BUILDER, publication_id=first, version=2, languages=NL, now=NOW)
    today = cadence_warnings(engine, buurt_ids=[ids["A"], ids["B"]], moment=NOW)
    assert [(w.code, w.buurt, w.count) for w in today] == [("pub.cadence.same_day", "Buurt A", 1)]
    wednesday = NOW + dt.timedelta(days=2)
    assert cadence_warnings(engine, buurt_ids=[ids["A"]], moment=wednesday) == []
    second = make_post(engine, [])  # every buurt
    pub.publish(
        engine,
        actor=BUILDER,
        publication_id=second,
        version=2,
        languages=NL,
        schedule_at=NOW + dt.timedelta(days=1),
        now=NOW,
    )
    busy = cadence_warnings(engine, buurt_ids=None, moment=wednesday)
    assert [(w.code, w.buurt, w.count) for w in busy] == [("pub.cadence.same_week", "Buurt A", 2)]
    next_week = NOW + dt.timedelta(days=7)
    assert cadence_warnings(engine, buurt_ids=None, moment=next_week) == []
    assert cadence_warnings(engine, buurt_ids=None, moment=NOW, exclude_id=first) == []


def test_digest_cut_off_is_five_pm():
    assert makes_digest(dt.datetime(2024, 3, 4, 16, 59))
    assert not makes_digest(dt.datetime(2024, 3, 4, 17, 0))


def test_readability_flags_long_sentences_and_words():
    plain = readability("De straat is dicht. Kom langs!", "nl")
    assert plain.is_plain and plain.sentences == 2 and plain.words == 6
    long = " ".join(["woord"] * 21) + ". Parkeervergunningaanvraagformulier invullen."
    hint = readability(long, "nl")
    assert len(hint.long_sentences) == 1
    assert hint.long_words == ["Parkeervergunningaanvraagformulier"]


# --- responses and results -----------------------------------------------------------------


def publish_survey(engine: Engine, buurten: list[str]) -> int:
    doc = pub.empty_document("survey") | {"texts": {"nl": text("Buurtenquête", "Doe mee")}}
    doc["questions"] = [
        question("yes_no", "q1"),
        question("multiple", "q2", options=3, required=False),
        question("scale", "q3", required=False),
        question("open", "q4", required=False),
    ]
    return publish_doc(engine, "survey", doc, buurten)


def answer(pid: int, hid: str, **answers: object) -> dict:
    return ev(
        "survey_response",
        "2024-03-05T09:00:00",
        household_id=hid,
        publication_id=pid,
        answers=answers,
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
    assert [(o.code, o.count) for o in q1.options] == [("yes", 7), ("no", None)]
    assert q1.options[0].share == pytest.approx(7 / 9)
    assert q1.options[1].share is None
    assert {(r["buurt"], r["option"], r["count"]) for r in q1.per_buurt} == {
        ("Buurt A", "yes", 6),
        ("Buurt B", "yes", None),
        ("Buurt B", "no", None),
    }
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


def test_copy_as_draft_keeps_content_and_audience(engine):
    add_buurten(engine, {"A": 100, "B": 100})
    pid = make_post(engine, ["B"])
    pub.publish(engine, actor=BUILDER, publication_id=pid, version=2, languages=NL, now=NOW)
    copy = pub.copy_as_draft(engine, actor=BUILDER, publication_id=pid)
    original, draft = pub.load(engine, pid), pub.load(engine, copy)
    assert (draft.status, draft.kind, draft.buurt_codes) == ("draft", "post", ["B"])
    assert draft.doc == original.doc and copy != pid
