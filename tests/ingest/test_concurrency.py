"""Ingest converges: two runs at once, or a run killed half-way and run again, leave exactly the
database one clean run leaves (issue 11), on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import Integer, func, select

from hoplr_data.core import models as m
from hoplr_data.core.db import make_engine
from tests.helpers import add_buurten
from tests.top_down.builders import publish_survey

ROOT = Path(__file__).resolve().parents[2]
BUURTEN = {"A": 400, "B": 400, "C": 400}
PER_TYPE = 300
SMALL_BATCH = "50"  # many commits per run, so that runs interleave and a kill lands between them
WORDS = ("stoep", "lantaarn", "boom", "bank", "afval", "fietspad", "speeltuin", "putdeksel")


def build_events(seed: int = 11) -> tuple[list[dict], int, int]:
    """300 registrations, 300 reports and 300 survey responses (household i: all three, in time
    order); returns the events, the respondents and how many answered q1 'yes'."""
    rng = random.Random(seed)
    events: list[dict] = []
    yes = 0
    for i in range(PER_TYPE):
        hid, buurt = f"hh-{i:03d}", "ABC"[i % 3]
        day = 1 + rng.randrange(28)
        events.append({"id": f"reg-{i}", "type": "registration", "household_id": hid,
                       "buurt": buurt, "time": f"2024-01-{1 + i % 28:02d}T10:00:00"})  # fmt: skip
        text = " ".join(rng.choice(WORDS) for _ in range(1 + rng.randrange(8)))
        events.append({"id": f"rep-{i}", "type": "report", "household_id": hid, "buurt": buurt,
                       "time": f"2024-02-{day:02d}T09:{i % 60:02d}:00",
                       "text": f"Melding {i}: {text}"})  # fmt: skip
        q1 = rng.choice(("yes", "no"))
        yes += q1 == "yes"
        answers: dict[str, object] = {"q1": q1}
        if rng.random() < 0.7:
            answers["q2"] = rng.sample(["o1", "o2", "o3"], 1 + rng.randrange(3))
        if rng.random() < 0.5:
            answers["q3"] = 1 + rng.randrange(10)
        if rng.random() < 0.3:
            answers["q4"] = f"Antwoord {i}"
        events.append({"id": f"ans-{i}", "type": "survey_response", "household_id": hid,
                       "publication_id": SURVEY_ID, "time": f"2024-03-05T{8 + i % 12:02d}:00:00",
                       "answers": answers})  # fmt: skip
    return events, PER_TYPE, yes


SURVEY_ID = 1  # the first publication of a fresh database (checked by `prepared`)


@pytest.fixture
def prepared(empty_db_url: str, tmp_path: Path) -> tuple[str, Path, int]:
    """A fresh database with three buurten, the default categories and a published survey, and
    the 900-line file; returns the URL, the file and the expected 'yes' count."""
    from hoplr_data.bottom_up.defaults import ensure_defaults

    engine = make_engine(empty_db_url)
    add_buurten(engine, BUURTEN)
    ensure_defaults(engine)
    assert publish_survey(engine, list(BUURTEN)) == SURVEY_ID
    engine.dispose()
    events, _respondents, yes = build_events()
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(e) + "\n" for e in events))
    assert len(events) == 3 * PER_TYPE
    return empty_db_url, path, yes


def _env(url: str) -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": url, "HOPLR_DEMO": "0",
            "HOPLR_INGEST_BATCH_SIZE": SMALL_BATCH}  # fmt: skip


def start_ingest(url: str, source: str, **kwargs: object) -> subprocess.Popen:
    """`python -m hoplr_data --lang en ingest SOURCE` in its own process."""
    return subprocess.Popen(
        [sys.executable, "-m", "hoplr_data", "--lang", "en", "ingest", source],
        cwd=ROOT, env=_env(url), stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs,
    )  # fmt: skip


def finish(proc: subprocess.Popen) -> tuple[int, int]:
    """Wait for an ingest process; returns (lines read, imported) from its summary line."""
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    found = re.search(r"([\d,]+) lines read: ([\d,]+) imported", out.decode())
    assert found, out.decode()
    lines, imported = (int(g.replace(",", "")) for g in found.groups())
    return lines, imported


def _value(value: object) -> str:
    """A stable text for one stored value, on either dialect."""
    return value.isoformat() if hasattr(value, "isoformat") else repr(value)


def snapshot(url: str) -> dict[str, tuple[int, str]]:
    """Per table: row count and a checksum of its sorted rows, without autoincrement ids."""
    engine = make_engine(url)
    out = {}
    with engine.connect() as conn:
        for table in m.Base.metadata.sorted_tables:
            pk = list(table.primary_key.columns)
            auto = {c.name for c in pk if len(pk) == 1 and isinstance(c.type, Integer)}
            columns = [c for c in table.columns if c.name not in auto]
            rows = sorted("|".join(map(_value, row)) for row in conn.execute(select(*columns)))
            digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16]
            out[table.name] = (len(rows), digest)
    engine.dispose()
    return out


def survey_counts(url: str) -> tuple[int, int, int]:
    """(respondents, 'yes' answers to q1, rows of q1) of the survey."""
    engine = make_engine(url)
    with engine.connect() as conn:
        respondents = conn.execute(
            select(func.count()).where(m.PublicationResponse.kind == "answer")
        ).scalar_one()
        q1 = select(func.count()).where(m.SurveyAnswer.question == "q1")
        yes = conn.execute(q1.where(m.SurveyAnswer.option == "yes")).scalar_one()
        rows = conn.execute(q1).scalar_one()
    engine.dispose()
    return respondents, yes, rows


def clean_snapshot(url: str, path: Path) -> dict[str, tuple[int, str]]:
    """The snapshot after one run on its own."""
    assert finish(start_ingest(url, str(path))) == (900, 900)
    return snapshot(url)


@pytest.fixture
def reference(prepared: tuple[str, Path, int], tmp_path_factory: pytest.TempPathFactory):
    """The snapshot of one clean run on a copy of the prepared database (same backend)."""
    url, path, _yes = prepared
    copy_url = _copy(url, tmp_path_factory.mktemp("clean"))
    try:
        yield clean_snapshot(copy_url, path)
    finally:
        _drop(copy_url)


def _copy(url: str, folder: Path) -> str:
    """A copy of the prepared database (a file copy, or a PostgreSQL template)."""
    if url.startswith("sqlite"):
        from tests.helpers import copy_sqlite

        return copy_sqlite(Path(url.split("///", 1)[1]), folder / "clean.db")
    from tests.conftest import _pg_create

    return _pg_create(f"{url.rsplit('/', 1)[1]}_clean", template=url.rsplit("/", 1)[1])


def _drop(url: str) -> None:
    if not url.startswith("sqlite"):
        from tests.conftest import _pg_drop

        _pg_drop(url.rsplit("/", 1)[1])


def test_a_clean_run_imports_every_line_once(prepared, reference):
    url, _path, yes = prepared
    counts = {name: rows for name, (rows, _digest) in reference.items()}
    assert counts["membership"] == counts["item"] == counts["publication_response"] == PER_TYPE
    assert counts["item_event"] == PER_TYPE  # one 'created' row per report
    assert yes <= PER_TYPE


def test_two_runs_at_once_leave_what_one_run_leaves(prepared, reference):
    url, path, yes = prepared
    first, second = start_ingest(url, str(path)), start_ingest(url, str(path))
    (lines_1, imported_1), (lines_2, imported_2) = finish(first), finish(second)
    assert lines_1 == lines_2 == 900
    assert imported_1 + imported_2 == 900  # each row is written by exactly one of them
    assert snapshot(url) == reference
    respondents, yes_count, q1_rows = survey_counts(url)
    assert (respondents, yes_count, q1_rows) == (PER_TYPE, yes, PER_TYPE)


def _rows(url: str, model: type) -> int:
    engine = make_engine(url)
    with engine.connect() as conn:
        count = conn.execute(select(func.count()).select_from(model)).scalar_one()
    engine.dispose()
    return count


def test_a_run_killed_half_way_and_run_again_converges(prepared, reference):
    url, path, yes = prepared
    lines = path.read_bytes().splitlines(keepends=True)
    proc = start_ingest(url, "-", stdin=subprocess.PIPE)
    proc.stdin.write(b"".join(lines[:450]))
    proc.stdin.flush()
    deadline = time.monotonic() + 120
    while _rows(url, m.SurveyAnswer) == 0:  # a batch with answers has been committed
        assert proc.poll() is None and time.monotonic() < deadline, "no batch was written"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)  # the process waits for the rest of its input
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    written = _rows(url, m.Membership)
    assert 0 < written < PER_TYPE  # it stopped half-way
    lines_read, imported = finish(start_ingest(url, str(path)))
    assert lines_read == 900 and imported < 900
    assert snapshot(url) == reference
    assert survey_counts(url) == (PER_TYPE, yes, PER_TYPE)


@pytest.fixture
def at_0006(empty_db_url: str, tmp_path: Path):
    """A new database migrated up to 0006 only (before the natural keys), same backend."""
    from alembic import command

    from hoplr_data.core.db import alembic_config

    if empty_db_url.startswith("sqlite"):
        url = f"sqlite:///{tmp_path / 'old.db'}"
    else:
        from tests.conftest import _pg_create

        url = _pg_create(f"{empty_db_url.rsplit('/', 1)[1]}_old")
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "0006")
    yield engine
    engine.dispose()
    _drop(url)


def _doubled_rows(engine) -> None:  # noqa: ANN001
    """What two parallel imports left before 0007: every answer and 'created' row twice."""
    from sqlalchemy import MetaData, insert

    t = MetaData()
    t.reflect(engine)
    when = dt.datetime(2024, 3, 5, 9, 0)
    with engine.begin() as conn:
        conn.execute(insert(t.tables["buurt"]), {"id": 1, "code": "A", "name": "A",
                                                "households": 10, "version": 1})  # fmt: skip
        conn.execute(insert(t.tables["department"]), {"id": 1, "code": "d", "name_nl": "d",
                                                     "name_fr": "d", "name_en": "d"})  # fmt: skip
        conn.execute(insert(t.tables["category"]), {"id": 1, "code": "c", "kind": "report",
            "department_id": 1, "handling_days": 5, "name_nl": "c", "name_fr": "c",
            "name_en": "c", "version": 1})  # fmt: skip
        conn.execute(insert(t.tables["publication"]), {"id": 1, "kind": "survey",
            "status": "published", "all_buurten": True, "content": "{}", "created_at": when,
            "updated_at": when, "version": 1})  # fmt: skip
        conn.execute(insert(t.tables["publication_response"]), {"id": "s1",
            "publication_id": 1, "kind": "answer", "buurt_id": 1, "created_at": when})  # fmt: skip
        answers = [("q1", "yes", None, None), ("q2", "o1", None, None), ("q2", "o3", None, None),
                   ("q3", None, 7, None), ("q4", None, None, "Leuk")]  # fmt: skip
        rows = [{"response_id": "s1", "question": q, "option": o, "score": s, "text": x}
                for q, o, s, x in answers]  # fmt: skip
        conn.execute(insert(t.tables["survey_answer"]), rows + rows)
        conn.execute(insert(t.tables["item"]), {"id": "m1", "kind": "report", "buurt_id": 1,
            "household_id": "h1", "created_at": when, "updated_at": when, "text": "Kapot",
            "language": "nl", "category_id": 1, "priority": "normal", "status": "new",
            "version": 1})  # fmt: skip
        created = {"item_id": "m1", "at": when, "action": "created", "to_value": "new",
                   "event_id": None, "text": None}  # fmt: skip
        reply = {"item_id": "m1", "at": when, "action": "resident_reply", "to_value": "nl",
                 "event_id": "m1", "text": "Nog steeds"}  # fmt: skip
        conn.execute(insert(t.tables["item_event"]), [created, created, reply])


def test_migration_0007_removes_doubled_rows_and_adds_the_keys(at_0006):
    from alembic import command
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from hoplr_data.core.db import alembic_config

    _doubled_rows(at_0006)
    command.upgrade(alembic_config(at_0006), "0007")
    with at_0006.connect() as conn:
        answers = conn.execute(text("SELECT question, option, score, text, seq FROM survey_answer "
                                    "ORDER BY question, seq")).all()  # fmt: skip
        history = conn.execute(text("SELECT action, event_id FROM item_event ORDER BY id")).all()
    assert [tuple(a) for a in answers] == [
        ("q1", "yes", None, None, 0), ("q2", "o1", None, None, 0), ("q2", "o3", None, None, 1),
        ("q3", None, 7, None, 0), ("q4", None, None, "Leuk", 0),
    ]  # fmt: skip
    # one 'created' row, keyed by the item id; a reply with the same id is another action
    assert [tuple(h) for h in history] == [("created", "m1"), ("resident_reply", "m1")]
    with pytest.raises(IntegrityError), at_0006.begin() as conn:
        conn.execute(text("INSERT INTO survey_answer (response_id, question, option, seq) "
                          "VALUES ('s1', 'q2', 'o2', 1)"))  # fmt: skip
    with pytest.raises(IntegrityError), at_0006.begin() as conn:
        conn.execute(text("INSERT INTO item_event (item_id, at, action, event_id) VALUES "
                          "('m1', '2024-03-05 10:00:00', 'created', 'm1')"))  # fmt: skip
