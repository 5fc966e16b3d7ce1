"""Ingest: every kind of bad line, idempotency, a mixed file, no stored text."""

import json

import pytest
from sqlalchemy import func, inspect, select, text

from hoplr_data.core import models as m
from hoplr_data.ingest.pipeline import ingest_file, ingest_lines
from tests.helpers import add_buurten


@pytest.fixture
def buurt_engine(engine):
    from hoplr_data.bottom_up.defaults import ensure_defaults

    add_buurten(engine, {"A": 100})
    ensure_defaults(engine)
    return engine


GOOD = [
    {
        "id": "r1",
        "type": "registration",
        "time": "2024-01-01T10:00:00",
        "household_id": "h1",
        "buurt": "A",
    },
    {"id": "v1", "type": "visit", "time": "2024-01-01T11:00:00", "household_id": "h1"},
    {
        "id": "p1",
        "type": "post",
        "time": "2024-01-01T12:00:00",
        "household_id": "h1",
        "buurt": "A",
        "text": "Wie heeft er een ladder?",
    },
    {
        "id": "c1",
        "type": "reaction",
        "time": "2024-01-01T13:00:00",
        "household_id": "h1",
        "post_id": "p1",
        "text": "Ik!",
        "language": "nl",
    },
    {
        "id": "t1",
        "type": "appreciation",
        "time": "2024-01-01T14:00:00",
        "household_id": "h1",
        "post_id": "p1",
    },
    {
        "id": "e1",
        "type": "event",
        "time": "2024-01-02T10:00:00",
        "household_id": "h1",
        "buurt": "A",
        "starts_at": "2024-01-10T19:00:00",
    },
    {
        "id": "x1",
        "type": "event_response",
        "time": "2024-01-02T11:00:00",
        "household_id": "h1",
        "event_id": "e1",
        "response": "attending",
    },
    {"id": "d1", "type": "deregistration", "time": "2024-01-05T10:00:00", "household_id": "h1"},
    {
        "id": "m1",
        "type": "report",
        "time": "2024-01-03T09:00:00",
        "household_id": "h1",
        "buurt": "A",
        "text": "Gevaarlijke barst in de stoep",
        "category": "pavement_and_roads",
        "location": {"address": "Weimarstraat 12", "lat": 52.07, "lon": 4.28},
        "contact": {"name": "Jan", "email": "jan@example.org"},
    },
    {
        "id": "i1",
        "type": "idea",
        "time": "2024-01-03T10:00:00",
        "household_id": "h1",
        "buurt": "A",
        "text": "Meer groen in de straat",
        "photo_url": "https://example.org/p.jpg",
    },
    {
        "id": "rr1",
        "type": "reporter_reply",
        "time": "2024-01-04T09:00:00",
        "item_id": "m1",
        "text": "De barst zit voor de ingang van de school.",
    },
]


def lines(events):
    return [json.dumps(e) for e in events]


def test_good_events_import_and_reimport_changes_nothing(buurt_engine):
    first = ingest_lines(buurt_engine, lines(GOOD))
    assert not first.rejected
    assert first.imported == {
        "registration": 1,
        "visit": 1,
        "post": 1,
        "reaction": 1,
        "appreciation": 1,
        "event": 1,
        "event_response": 1,
        "deregistration": 1,
        "report": 1,
        "idea": 1,
        "reporter_reply": 1,
        "project_idea": 0,
        "publication_response": 0,
    }

    def snapshot():
        with buurt_engine.connect() as conn:
            return {
                t: conn.execute(select(table)).all() for t, table in m.Base.metadata.tables.items()
            }

    before = snapshot()
    second = ingest_lines(buurt_engine, lines(GOOD))
    assert second.imported_total == 0
    assert second.duplicates == len(GOOD)
    assert not second.rejected
    assert snapshot() == before


BAD = [
    ("{not json", "invalid_json", ""),
    ("[1, 2]", "not_object", ""),
    (
        json.dumps({"id": "z", "type": "teleport", "time": "2024-01-01T10:00:00"}),
        "unknown_type",
        "type",
    ),
    (
        json.dumps({"type": "visit", "time": "2024-01-01T10:00:00", "household_id": "h1"}),
        "missing_field",
        "id",
    ),
    (
        json.dumps(
            {
                "id": "z1",
                "type": "registration",
                "time": "2024-01-01T10:00:00",
                "household_id": "h9",
            }
        ),
        "missing_field",
        "buurt",
    ),
    (
        json.dumps(
            {
                "id": "z2",
                "type": "registration",
                "time": "2024-01-01T10:00:00",
                "household_id": "h9",
                "buurt": "NOPE",
            }
        ),
        "unknown_buurt",
        "buurt",
    ),
    (
        json.dumps(
            {
                "id": "z3",
                "type": "registration",
                "time": "31-12-2023",
                "household_id": "h9",
                "buurt": "A",
            }
        ),
        "bad_time",
        "time",
    ),
    (
        json.dumps(
            {"id": "z4", "type": "visit", "time": "2024-01-01T10:00:00", "household_id": "ghost"}
        ),
        "unknown_household",
        "household_id",
    ),
    (
        json.dumps(
            {"id": "z5", "type": "visit", "time": "2023-06-01T10:00:00", "household_id": "h1"}
        ),
        "not_registered",
        "household_id",
    ),
    (
        json.dumps(
            {
                "id": "z6",
                "type": "reaction",
                "time": "2024-01-01T13:00:00",
                "household_id": "h1",
                "post_id": "nope",
            }
        ),
        "unknown_post",
        "post_id",
    ),
    (
        json.dumps(
            {
                "id": "z7",
                "type": "event_response",
                "time": "2024-01-01T13:00:00",
                "household_id": "h1",
                "event_id": "nope",
                "response": "attending",
            }
        ),
        "unknown_event",
        "event_id",
    ),
    (
        json.dumps(
            {
                "id": "z8",
                "type": "event_response",
                "time": "2024-01-01T13:00:00",
                "household_id": "h1",
                "event_id": "e1",
                "response": "maybe",
            }
        ),
        "bad_field",
        "response",
    ),
    (
        json.dumps(
            {
                "id": "z9",
                "type": "post",
                "time": "2024-01-01T13:00:00",
                "household_id": "h1",
                "buurt": "A",
                "text": "hi",
                "language": "de",
            }
        ),
        "bad_field",
        "language",
    ),
    (
        json.dumps(
            {
                "id": "z10",
                "type": "registration",
                "time": "2024-01-03T10:00:00",
                "household_id": "h1",
                "buurt": "A",
            }
        ),
        "already_registered",
        "household_id",
    ),
    (
        json.dumps(
            {
                "id": "z11",
                "type": "post",
                "time": "2024-01-01T13:00:00",
                "household_id": "h1",
                "buurt": "A",
                "text": 42,
            }
        ),
        "bad_field",
        "text",
    ),
]

BAD.append(
    (
        json.dumps(
            {
                "id": "![x](https://evil.example/x.png)",
                "type": "visit",
                "time": "2024-01-01T13:00:00",
                "household_id": "h1",
            }
        ),
        "bad_field",
        "id",
    )
)


@pytest.mark.parametrize(("line", "reason", "field"), BAD, ids=[b[1] + ":" + b[2] for b in BAD])
def test_each_bad_line_is_rejected_with_reason(buurt_engine, line, reason, field):
    ingest_lines(buurt_engine, lines(GOOD[:6]))
    report = ingest_lines(buurt_engine, ["", line])
    assert [(r.line, r.reason, r.field) for r in report.rejected] == [(2, reason, field)]
    assert report.imported_total == 0


def test_mixed_file_imports_good_lines_and_writes_rejects(buurt_engine, tmp_path):
    path = tmp_path / "events.jsonl"
    content = (
        lines(GOOD[:3]) + ["{broken", json.dumps({"id": "q", "type": "post"})] + lines(GOOD[3:])
    )
    path.write_text("\n".join(content) + "\n", encoding="utf-8")
    report = ingest_file(buurt_engine, path)
    assert report.imported_total == len(GOOD)
    assert [(r.line, r.reason) for r in report.rejected] == [
        (4, "invalid_json"),
        (5, "missing_field"),
    ]
    rejects = [json.loads(x) for x in path.with_suffix(".rejects.jsonl").read_text().splitlines()]
    assert [r["line"] for r in rejects] == [4, 5]
    assert rejects[0]["raw"] == "{broken"


def test_post_text_is_never_stored(buurt_engine):
    marker = "UNIQUE-MARKER-7f3a9c"
    events = GOOD[:2] + [
        {
            "id": "p9",
            "type": "post",
            "time": "2024-01-01T12:00:00",
            "household_id": "h1",
            "buurt": "A",
            "text": f"Hallo {marker} buren",
        },
        {
            "id": "c9",
            "type": "reaction",
            "time": "2024-01-01T12:30:00",
            "household_id": "h1",
            "post_id": "p9",
            "text": f"{marker}!",
        },
        {
            "id": "e9",
            "type": "event",
            "time": "2024-01-02T10:00:00",
            "household_id": "h1",
            "buurt": "A",
            "starts_at": "2024-01-10T19:00:00",
            "title": marker,
        },
    ]
    report = ingest_lines(buurt_engine, lines(events))
    assert not report.rejected
    with buurt_engine.connect() as conn:
        for table in inspect(buurt_engine).get_table_names():
            for row in conn.execute(text(f'SELECT * FROM "{table}"')):
                assert all(marker not in str(value) for value in row), table
        post = conn.execute(select(m.Post.language, m.Post.length).where(m.Post.id == "p9")).one()
    assert post == ("nl", len(f"Hallo {marker} buren"))


def test_cli_ingest_reports_line_numbers_in_dutch(
    buurt_engine, empty_db_url, tmp_path, monkeypatch, capsys
):
    from hoplr_data.__main__ import main

    path = tmp_path / "e.jsonl"
    path.write_text("\n".join(lines(GOOD[:2]) + ["{oops"]) + "\n")
    monkeypatch.setenv("DATABASE_URL", empty_db_url)
    assert main(["--lang", "nl", "ingest", str(path)]) == 0
    captured = capsys.readouterr()
    assert "Regel 3 geweigerd: geen geldige JSON" in captured.err
    assert "2 geïmporteerd" in captured.out
    with buurt_engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(m.Visit)).scalar_one() == 1


def test_deregistration_in_a_later_file_and_reregistration(buurt_engine):
    ingest_lines(buurt_engine, lines(GOOD[:2]))
    later = [
        {"id": "d2", "type": "deregistration", "time": "2024-01-03T10:00:00", "household_id": "h1"},
        {"id": "v2", "type": "visit", "time": "2024-01-04T10:00:00", "household_id": "h1"},
        {
            "id": "r2",
            "type": "registration",
            "time": "2024-02-01T10:00:00",
            "household_id": "h1",
            "buurt": "A",
        },
        {"id": "v3", "type": "visit", "time": "2024-02-02T10:00:00", "household_id": "h1"},
    ]
    report = ingest_lines(buurt_engine, lines(later))
    assert [(r.line, r.reason) for r in report.rejected] == [(2, "not_registered")]
    assert report.imported["deregistration"] == 1 and report.imported["registration"] == 1
    with buurt_engine.connect() as conn:
        rows = conn.execute(
            select(m.Membership.id, m.Membership.deregistration_event_id).order_by(
                m.Membership.registered_at
            )
        ).all()
    assert rows == [("r1", "d2"), ("r2", None)]
    again = ingest_lines(buurt_engine, lines(later))
    assert again.imported_total == 0 and [r.reason for r in again.rejected] == ["not_registered"]


def test_a_line_rejected_for_its_language_leaves_its_id_unknown(buurt_engine):
    """A post or report refused for its language must not count as known: a reaction to the
    refused post is refused (not written against a missing post), and the corrected report
    with the same id, later in the same file, is imported."""
    post = {**GOOD[2], "id": "p-de", "language": "de"}
    reaction = {**GOOD[3], "id": "c-de", "post_id": "p-de"}
    report = {**GOOD[8], "id": "m-de", "language": "de"}
    corrected = {**report, "language": "nl"}
    result = ingest_lines(buurt_engine, lines([GOOD[0], post, reaction, report, corrected]))
    assert [(r.line, r.reason, r.field) for r in result.rejected] == [
        (2, "bad_field", "language"),
        (3, "unknown_post", "post_id"),
        (4, "bad_field", "language"),
    ]
    assert result.imported["post"] == 0 and result.imported["reaction"] == 0
    assert result.imported["report"] == 1
    with buurt_engine.connect() as conn:
        assert conn.execute(select(m.Item.language).where(m.Item.id == "m-de")).scalar_one() == "nl"


# A known id with other content is conflicting_duplicate across runs for every type whose rows
# carry the event id (registrations, posts and reports are tested in test_faults.py).
ACROSS = [
    ("c1", {"text": "Ik heb er wel een, hoor"}),
    ("t1", {"time": "2024-01-01T14:30:00"}),
    ("e1", {"starts_at": "2024-01-11T19:00:00"}),
    ("x1", {"response": "interested"}),
    ("rr1", {"text": "Het is bij de bakker."}),
    ("s1", {"answers": {"q1": "no"}}),
    ("s1", {"time": "2024-03-06T09:00:00"}),
    ("pr1", {"time": "2024-03-06T09:00:00"}),
]
SURVEY_LINES = [
    {"id": "r9", "type": "registration", "time": "2024-02-01T10:00:00", "household_id": "h9",
     "buurt": "A"},
    {"id": "s1", "type": "survey_response", "time": "2024-03-05T09:00:00", "household_id": "h9",
     "publication_id": 1, "answers": {"q1": "yes", "q2": ["o1", "o3"]}},
    {"id": "pr1", "type": "publication_reaction", "time": "2024-03-05T10:00:00",
     "household_id": "h9", "publication_id": 1},
]  # fmt: skip


@pytest.mark.parametrize(
    ("eid", "changed"), ACROSS, ids=[f"{e}:{next(iter(c))}" for e, c in ACROSS]
)
def test_conflicting_duplicate_across_runs_for_every_type(buurt_engine, eid, changed):
    from tests.top_down.builders import publish_survey

    assert publish_survey(buurt_engine, ["A"]) == 1
    events = [e for e in GOOD if e["type"] != "deregistration"] + SURVEY_LINES
    first = ingest_lines(buurt_engine, lines(events))
    assert not first.rejected
    line = next(e for e in events if e["id"] == eid)
    again = ingest_lines(buurt_engine, lines([line]))
    assert not again.rejected and again.duplicates == 1  # the same content: already known
    tables = [m.Reaction, m.Appreciation, m.ResidentEvent, m.EventResponse, m.ItemEvent,
              m.PublicationResponse, m.SurveyAnswer]  # fmt: skip
    before = [_rows(buurt_engine, t) for t in tables]
    got = ingest_lines(buurt_engine, lines([line | changed]))
    assert [(r.line, r.reason, r.field) for r in got.rejected] == [
        (1, "conflicting_duplicate", "id")
    ]
    assert got.imported_total == 0
    assert [_rows(buurt_engine, t) for t in tables] == before  # the first version stays


def _rows(engine, model) -> list[tuple]:
    """Every row of a table, sorted (the first version must stay as it was)."""
    with engine.connect() as conn:
        return sorted(map(tuple, conn.execute(select(model.__table__))), key=repr)
