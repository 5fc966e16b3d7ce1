"""Publish and Results pages in AppTest: composing every kind, autosave, refusals, results."""

from __future__ import annotations

import datetime as dt

import pytest

from hoplr_data.core.db import make_engine
from hoplr_data.core.i18n import t
from hoplr_data.top_down import publications as pub
from hoplr_data.top_down.results import list_publications
from tests.helpers import app, logged_in
from tests.helpers import button as _button
from tests.helpers import chart_records as _chart_records
from tests.ui.publish_steps import NEXT_WEEK, fill_common, fill_kind, new_draft, publish_page


@pytest.mark.parametrize("kind", ["post", "event", "poll", "survey", "project"])
def test_compose_and_publish_each_kind(pilot_sqlite_url, monkeypatch, kind):
    at = publish_page(pilot_sqlite_url, monkeypatch)
    pid = new_draft(at, kind)
    fill_common(at, pid, f"Test {kind}")
    fill_kind(at, pid, kind)
    assert not at.error, [e.value for e in at.error]
    assert f"Test {kind}" in [x.value for x in at.text]  # the preview
    _button(at, t("pub.publish_button", "nl")).click().run()
    _button(at, t("pub.confirm.yes_now", "nl")).click().run()  # publishing asks first
    assert not at.exception, at.exception
    assert [s.value for s in at.success] == [t("pub.done.published", "nl")], [
        e.value for e in at.error
    ]
    stored = pub.load(make_engine(pilot_sqlite_url), pid)
    assert stored.status == "published" and stored.all_buurten
    assert stored.doc["texts"]["nl"]["title"] == f"Test {kind}"


def test_refused_publish_lists_problems_and_keeps_the_input(pilot_sqlite_url, monkeypatch):
    at = publish_page(pilot_sqlite_url, monkeypatch)
    pid = new_draft(at, "survey")
    at.text_input(key=f"pub{pid}.title.nl").input("Enquête zonder vragen").run()
    _button(at, t("pub.publish_button", "nl")).click().run()
    errors = " ".join(e.value for e in at.error)
    assert t("pub.error.no_questions", "nl") in errors
    assert t("pub.error.no_buurt", "nl") in errors
    assert at.text_input(key=f"pub{pid}.title.nl").value == "Enquête zonder vragen"
    assert pub.load(make_engine(pilot_sqlite_url), pid).status == "draft"


def test_draft_survives_a_reload(pilot_sqlite_url, monkeypatch):
    at = publish_page(pilot_sqlite_url, monkeypatch)
    pid = new_draft(at, "survey")
    at.text_input(key=f"pub{pid}.title.nl").input("Half af").run()
    _button(at, t("pub.add_question", "nl")).click().run()
    at.text_input(key=f"pub{pid}.q.q1.text.nl").input("Eerste vraag?").run()
    at.multiselect(key=f"pub{pid}.buurten").select("DH-KDN").run()
    reloaded = publish_page(pilot_sqlite_url, monkeypatch, pid)  # a new session
    assert reloaded.text_input(key=f"pub{pid}.title.nl").value == "Half af"
    assert reloaded.text_input(key=f"pub{pid}.q.q1.text.nl").value == "Eerste vraag?"
    assert reloaded.multiselect(key=f"pub{pid}.buurten").value == ["DH-KDN"]


def test_concurrent_edit_is_refused_and_keeps_the_text(pilot_sqlite_url, monkeypatch):
    first = publish_page(pilot_sqlite_url, monkeypatch)
    pid = new_draft(first, "post")
    second = publish_page(pilot_sqlite_url, monkeypatch, pid)
    second.text_input(key=f"pub{pid}.title.nl").input("Van de tweede").run()
    first.text_input(key=f"pub{pid}.title.nl").input("Van de eerste").run()
    assert t("pub.stale", "nl") in [e.value for e in first.error]
    assert first.text_input(key=f"pub{pid}.title.nl").value == "Van de eerste"
    assert pub.load(make_engine(pilot_sqlite_url), pid).doc["texts"]["nl"]["title"] == (
        "Van de tweede"
    )


def test_schedule_in_the_future_and_cadence_advice(pilot_sqlite_url, monkeypatch):
    at = publish_page(pilot_sqlite_url, monkeypatch)
    pid = new_draft(at, "post")
    fill_common(at, pid, "Ingepland bericht")
    at.radio(key=f"pub{pid}.when").set_value("later").run()
    at.date_input(key=f"pub{pid}.sched.date").set_value(NEXT_WEEK).run()
    at.time_input(key=f"pub{pid}.sched.time").set_value(dt.time(18, 0)).run()
    assert t("pub.digest.tomorrow", "nl") in [i.value for i in at.info]
    _button(at, t("pub.schedule_button", "nl")).click().run()
    _button(at, t("pub.confirm.yes_later", "nl")).click().run()  # scheduling asks first
    assert [s.value for s in at.success] == [t("pub.done.scheduled", "nl")]
    engine = make_engine(pilot_sqlite_url)
    assert pub.load(engine, pid).scheduled_at == dt.datetime.combine(NEXT_WEEK, dt.time(18))
    other = publish_page(pilot_sqlite_url, monkeypatch)
    second = new_draft(other, "post")
    other.checkbox(key=f"pub{second}.all").check().run()
    other.radio(key=f"pub{second}.when").set_value("later").run()
    other.date_input(key=f"pub{second}.sched.date").set_value(NEXT_WEEK).run()
    warnings = [w.value for w in other.warning]
    assert len(warnings) == 10 and all("al 1 bericht" in w for w in warnings)


def test_results_page_shows_the_seeded_survey_within_the_k_rule(pilot_sqlite_url, monkeypatch):
    engine = make_engine(pilot_sqlite_url)
    survey = next(i for i in list_publications(engine) if i["kind"] == "survey")
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/5_Results.py"), "viewer")
    at.query_params["pub"] = str(survey["id"])
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox[0].value == survey["id"]
    metrics = {m.label: m.value for m in at.metric}
    assert int(metrics["Responses"].replace(",", "")) > 500
    tables = [d.value for d in at.dataframe]
    option_tables = [d for d in tables if list(d.columns) == ["Answer", "Count", "Share"]]
    shown = sum(int((~d["Count"].isin(["< 5", "×"])).sum()) for d in option_tables)
    suppressed = sum(int((d["Count"] == "< 5").sum()) for d in option_tables)
    assert suppressed > 0
    records = _chart_records(at)
    charted = [r for r in records if "Share" in r]
    assert len(charted) == shown  # suppressed answers are never charted
    per_buurt = [r for r in records if "Count" in r]
    assert per_buurt and min(r["Count"] for r in per_buurt) >= 5
    cells = [str(v) for table in tables for v in table.to_numpy().ravel()]
    assert "< 5" in cells  # the 1-10 score: some grades have fewer than 5 answers
    assert "Meer activiteiten voor kinderen" in cells  # open answers (more than k answered)


def test_calendar_month_grid_and_timeline_per_buurt(pilot_sqlite_url, monkeypatch):
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/5_Results.py"), "wijkregisseur")
    at.run()
    month = next(s for s in at.selectbox if s.label == t("pub.cal.month", "nl"))
    month.set_value(dt.date(2020, 3, 1)).run()
    grid = at.dataframe[-2].value
    friday_13 = next(c for c in grid["vr"] if str(c).startswith("13"))
    assert "Coronavirus: wat betekent dit voor de buurt? (10 buurten)" in friday_13
    listed = at.dataframe[-1].value
    assert len(listed) == 20  # two items for all 10 buurten that month
    at.multiselect[-1].select("DH-KDN").run()
    assert len(at.dataframe[-1].value) == 2
    at.segmented_control(key="cal_view").set_value("timeline").run()
    assert not at.exception


def test_going_to_another_page_and_back_keeps_the_draft(pilot_sqlite_url, monkeypatch):
    at = publish_page(pilot_sqlite_url, monkeypatch)
    pid = new_draft(at, "post")
    at.text_input(key=f"pub{pid}.title.nl").input("Blijft staan").run()
    at.switch_page("pages/5_Results.py").run()
    assert not at.exception
    at.query_params["pub"] = str(pid)
    at.switch_page("pages/4_Publish.py").run()
    assert not at.exception, at.exception
    assert at.text_input(key=f"pub{pid}.title.nl").value == "Blijft staan"
    stored = pub.load(make_engine(pilot_sqlite_url), pid)
    assert stored.doc["texts"]["nl"]["title"] == "Blijft staan"


def test_two_required_languages_name_the_missing_one(pilot_sqlite_url, monkeypatch):
    from hoplr_data.core.roles import Actor
    from hoplr_data.core.settings import set_publication_languages

    set_publication_languages(
        make_engine(pilot_sqlite_url), actor=Actor("admin", ("admin",)), languages=["fr", "nl"]
    )
    at = publish_page(pilot_sqlite_url, monkeypatch)
    pid = new_draft(at, "post")
    fill_common(at, pid, "Alleen Nederlands")
    assert [tab.label for tab in at.tabs[:2]] == ["Nederlands (verplicht)", "Français (verplicht)"]
    _button(at, t("pub.publish_button", "nl")).click().run()
    errors = " ".join(e.value for e in at.error)
    assert t("pub.error.language_missing", "nl", language="Frans") in errors
    at.text_input(key=f"pub{pid}.title.fr").input("Seulement en français").run()
    _button(at, t("pub.publish_button", "nl")).click().run()
    _button(at, t("pub.confirm.yes_now", "nl")).click().run()  # publishing asks first
    assert [s.value for s in at.success] == [t("pub.done.published", "nl")]


def test_hostile_ideas_and_open_answers_render_only_as_plain_text(pilot_sqlite_url, monkeypatch):
    from sqlalchemy import select

    from hoplr_data.core import models as m
    from hoplr_data.ingest.pipeline import ingest_events
    from tests.helpers import HOSTILE

    engine = make_engine(pilot_sqlite_url)
    items = {i["kind"]: i for i in list_publications(engine)}
    with engine.connect() as conn:
        household = (
            conn.execute(
                select(m.Membership.household_id)
                .join(m.Buurt, m.Buurt.id == m.Membership.buurt_id)
                .where(m.Buurt.code == "DH-BZM", m.Membership.deregistered_at.is_(None))
                .order_by(m.Membership.registered_at)
            )
            .scalars()
            .first()
        )
    hostile = HOSTILE[:1500]
    report = ingest_events(engine, [
        {"id": "hostile-idea", "type": "project_idea", "time": "2020-02-20T10:00:00",
         "household_id": household, "publication_id": items["project"]["id"],
         "title": "<b>Idee</b> ![x](https://evil.example/i.png)", "text": hostile},
        {"id": "hostile-answer", "type": "survey_response", "time": "2020-04-22T10:00:00",
         "household_id": household, "publication_id": items["survey"]["id"],
         "answers": {"q1": "yes", "q2": "o1", "q4": 7, "q5": hostile}},
    ])  # fmt: skip
    assert not report.rejected, report.rejected
    for kind in ("project", "survey"):
        at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/5_Results.py"), "viewer")
        at.query_params["pub"] = str(items[kind]["id"])
        at.run()
        assert not at.exception, at.exception
        cells = [str(v) for d in at.dataframe for v in d.value.to_numpy().ravel()]
        assert hostile.strip() in cells
        for element in (*at.markdown, *at.caption, *at.info, *at.text, *at.error):
            assert "evil.example" not in element.value and "<script>" not in element.value


def test_opening_a_draft_saves_nothing(pilot_sqlite_url, monkeypatch):
    """Opening must not bump the version, or a second tab would make the first one stale."""
    engine = make_engine(pilot_sqlite_url)
    pid = pub.create_draft(engine, actor=pub.Actor("wijkregisseur", ("community_builder",)),
                           kind="survey")  # fmt: skip
    publish_page(pilot_sqlite_url, monkeypatch, pid)
    publish_page(pilot_sqlite_url, monkeypatch, pid)
    assert pub.load(engine, pid).version == 1
