"""The command line on an empty production database: init, create-admin, then ingest of one
event of every type the ingest contract documents (SQLite and an empty PostgreSQL database)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import bcrypt
import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url

from hoplr_data.core import models as m
from hoplr_data.core.buurten import add_buurt
from hoplr_data.core.config import normalise_database_url
from hoplr_data.core.db import make_engine
from hoplr_data.core.roles import Actor
from hoplr_data.ingest.pipeline import EVENT_TYPES
from hoplr_data.top_down import publications as pub

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "docs" / "ingest-schema"
PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
PUBLISHED = dt.datetime(2024, 3, 4, 10, 0)
BUILDER = Actor(username="builder", roles=("community_builder",))
ADMIN = Actor(username="admin", roles=("admin",))
GOOD_PASSWORD = "Correct horse 42"


def _pg_admin() -> Engine:
    return create_engine(normalise_database_url(PG_URL), isolation_level="AUTOCOMMIT")


def _pg(statement: str) -> None:
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(statement))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def blank_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a database with no table at all (not even migrated)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'blank.db'}"
        return
    if not PG_URL:
        pytest.skip("PostgreSQL run skipped: TEST_DATABASE_URL is not set (CI sets it)")
    name = f"hoplr_cli_{uuid.uuid4().hex[:12]}"
    _pg(f'CREATE DATABASE "{name}"')
    yield make_url(normalise_database_url(PG_URL)).set(database=name).render_as_string(
        hide_password=False
    )
    _pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def cli(url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """Run `python -m hoplr_data ARGS` in a new process against the database URL."""
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "HOPLR_DEMO": "0",
        "HOPLR_BCRYPT_ROUNDS": "4",
        "HOPLR_INSECURE_TEST_HASHING": "1",
    }
    return subprocess.run(
        [sys.executable, "-m", "hoplr_data", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
    )


def table_counts(engine: Engine) -> dict[str, int]:
    """Rows of the reference tables."""
    tables = (m.Department, m.Category, m.ReplyTemplate)
    with engine.connect() as conn:
        return {t.__tablename__: conn.scalar(select(func.count()).select_from(t)) for t in tables}


# --- init ----------------------------------------------------------------------------------


def test_init_creates_reference_data_once(blank_url):
    first = cli(blank_url, "init")
    assert first.returncode == 0, first.stderr
    engine = make_engine(blank_url)
    counts = table_counts(engine)
    assert all(n > 0 for n in counts.values()), counts
    with engine.connect() as conn:
        kinds = set(conn.scalars(select(m.Category.kind)))
        report_templates = conn.scalar(
            select(func.count()).where(m.ReplyTemplate.kind == "report")
        )
    assert kinds == {"report", "idea"}
    assert report_templates > 0
    again = cli(blank_url, "migrate")  # the old name still works, and changes nothing
    assert again.returncode == 0, again.stderr
    assert table_counts(engine) == counts
    engine.dispose()


# --- create-admin --------------------------------------------------------------------------


def test_create_admin_prompts_twice_and_stores_a_bcrypt_hash(blank_url):
    assert cli(blank_url, "init").returncode == 0
    made = cli(
        blank_url,
        "create-admin",
        "Anouk",
        "--name",
        "Anouk de Vries",
        "--language",
        "fr",
        stdin=f"{GOOD_PASSWORD}\n{GOOD_PASSWORD}\n",
    )
    assert made.returncode == 0, made.stderr
    assert GOOD_PASSWORD not in made.stdout + made.stderr
    engine = make_engine(blank_url)
    with engine.connect() as conn:
        row = conn.execute(
            select(m.User.id, m.User.name, m.User.language, m.User.password_hash, m.User.active)
            .where(m.User.username == "anouk")
        ).one()
        roles = set(conn.scalars(select(m.UserRole.role).where(m.UserRole.user_id == row.id)))
    engine.dispose()
    assert (row.name, row.language, row.active) == ("Anouk de Vries", "fr", True)
    assert roles == {"admin"}
    assert bcrypt.checkpw(GOOD_PASSWORD.encode(), row.password_hash.encode())


def test_create_admin_refuses_a_taken_username_in_the_chosen_language(blank_url):
    assert cli(blank_url, "init").returncode == 0
    twice = f"{GOOD_PASSWORD}\n{GOOD_PASSWORD}\n"
    assert cli(blank_url, "create-admin", "admin", stdin=twice).returncode == 0
    again = cli(blank_url, "--lang", "nl", "create-admin", "Admin", stdin=twice)
    assert again.returncode == 1
    assert "Deze gebruikersnaam bestaat al." in again.stderr
    english = cli(blank_url, "create-admin", "admin", stdin=twice)
    assert "This username already exists." in english.stderr


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Correct horse 42\nCorrect horse 43\n", "do not match"),
        ("aaaaaaaaaaaaaa\naaaaaaaaaaaaaa\n", "too weak"),
        ("Short 1\nShort 1\n", "12 to 64 characters"),
        ("", "no password"),
    ],
)
def test_create_admin_refuses_a_password_the_policy_refuses(tmp_path, typed, message):
    url = f"sqlite:///{tmp_path / 'blank.db'}"
    refused = cli(url, "create-admin", "admin", stdin=typed)  # on a blank database: it inits
    assert refused.returncode == 1
    assert message in refused.stderr
    engine = make_engine(url)
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(m.User)) == 0
    engine.dispose()


def test_create_admin_takes_no_password_argument(tmp_path):
    url = f"sqlite:///{tmp_path / 'blank.db'}"
    refused = cli(url, "create-admin", "admin", "--password", GOOD_PASSWORD)
    assert refused.returncode == 2  # argparse: unknown argument


# --- ingest of every event type ------------------------------------------------------------


def _published(engine: Engine, kind: str, doc: dict) -> int:
    """Create, save and publish an item for buurt A at PUBLISHED; returns its id."""
    pid = pub.create_draft(engine, actor=BUILDER, kind=kind, now=PUBLISHED)
    version = pub.save_draft(
        engine,
        actor=BUILDER,
        publication_id=pid,
        version=1,
        doc=doc,
        buurt_codes=["A"],
        all_buurten=False,
        now=PUBLISHED,
    )
    pub.publish(
        engine,
        actor=BUILDER,
        publication_id=pid,
        version=version,
        languages=("nl",),
        now=PUBLISHED,
    )
    return pid


def _publications(engine: Engine) -> dict[str, int]:
    """One published post, event, poll and project, each through the domain's publishing flow."""
    texts = {"texts": {"nl": {"title": "Werk aan de weg", "body": "De straat is dicht."}}}
    event = pub.empty_document("event") | texts
    event.update(starts_at="2024-03-20T14:00:00", ends_at="2024-03-20T16:00:00", capacity=40)
    poll = pub.empty_document("poll") | texts
    poll["questions"][0]["text"] = {"nl": "Bent u voor?"}
    project = pub.empty_document("project") | texts
    for i, phase in enumerate(project["phases"]):
        phase["start"], phase["end"] = f"2024-0{3 + i}-01", f"2024-0{3 + i}-20"
    return {
        "post": _published(engine, "post", pub.empty_document("post") | texts),
        "event": _published(engine, "event", event),
        "poll": _published(engine, "poll", poll),
        "project": _published(engine, "project", project),
    }


def _events(pids: dict[str, int]) -> list[dict]:
    """One event of every type, in time order, all valid."""

    def e(eid: str, kind: str, hour: int, **fields: object) -> dict:
        return {"id": eid, "type": kind, "time": f"2024-03-05T{hour:02d}:00:00+01:00", **fields}

    hh = {"household_id": "hh-1"}
    return [
        e("reg-1", "registration", 8, buurt="A", **hh),
        e("reg-2", "registration", 8, buurt="A", household_id="hh-2"),
        e("visit-1", "visit", 9, **hh),
        e("post-1", "post", 9, buurt="A", text="Wie heeft er een ladder?", language="nl", **hh),
        e("react-1", "reaction", 10, post_id="post-1", text="Ik!", language="nl", **hh),
        e("thanks-1", "appreciation", 10, post_id="post-1", household_id="hh-2"),
        e("event-1", "event", 10, buurt="A", starts_at="2024-03-09T15:00:00+01:00", **hh),
        e("answer-1", "event_response", 11, event_id="event-1", response="attending", **hh),
        e("report-1", "report", 11, buurt="A", text="De lantaarnpaal is kapot.", **hh),
        e("idea-1", "idea", 11, buurt="A", text="Meer bankjes op het plein.", **hh),
        e("rr-1", "reporter_reply", 12, item_id="report-1", text="Bij nummer 4.", **hh),
        e("pr-1", "publication_reaction", 12, publication_id=pids["post"], **hh),
        e("rsvp-1", "publication_rsvp", 12, publication_id=pids["event"], response="interested",
          **hh),  # fmt: skip
        e("vote-1", "survey_response", 13, publication_id=pids["poll"], answers={"q1": "for"},
          **hh),  # fmt: skip
        e("pidea-1", "project_idea", 13, publication_id=pids["project"], title="Geveltuinen",
          text="Meer groen in de straat", **hh),  # fmt: skip
        e("pvote-1", "project_vote", 14, publication_id=pids["project"], idea_id="pidea-1",
          household_id="hh-2"),  # fmt: skip
        e("dereg-1", "deregistration", 15, household_id="hh-2"),
    ]


def _documented_types() -> set[str]:
    """Every event type with a schema in docs/ingest-schema/."""
    return {json.loads(p.read_text(encoding="utf-8"))["title"] for p in SCHEMAS.glob("*.json")}


def _done_counts(stdout: str) -> list[int]:
    """lines, imported, already known, rejected from the CLI's closing line."""
    return [int(n) for n in re.findall(r"\d+", stdout.strip().splitlines()[-1])]


def test_ingest_of_every_event_type_on_a_fresh_database(blank_url, tmp_path):
    assert cli(blank_url, "init").returncode == 0
    password = f"{GOOD_PASSWORD}\n{GOOD_PASSWORD}\n"
    assert cli(blank_url, "create-admin", "admin", stdin=password).returncode == 0
    engine = make_engine(blank_url)
    add_buurt(engine, actor=ADMIN, name="Buurt A", code="A", households=100)
    pids = _publications(engine)
    events = _events(pids)
    sent = {ev["type"] for ev in events}
    assert _documented_types() <= sent, _documented_types() - sent
    assert set(EVENT_TYPES) <= sent, set(EVENT_TYPES) - sent
    path = tmp_path / "events.jsonl"
    path.write_text("".join(json.dumps(ev) + "\n" for ev in events), encoding="utf-8")

    done = cli(blank_url, "ingest", str(path))
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr
    assert _done_counts(done.stdout) == [len(events), len(events), 0, 0]
    assert not path.with_suffix(".rejects.jsonl").exists()
    with engine.connect() as conn:
        item = conn.execute(
            select(m.Item.kind, m.Category.code)
            .join(m.Category, m.Category.id == m.Item.category_id)
            .where(m.Item.id == "report-1")
        ).one()
    assert tuple(item) == ("report", "other_report")  # the default category from init

    again = cli(blank_url, "ingest", str(path))
    assert again.returncode == 0, again.stderr
    lines, imported, _known, rejected = _done_counts(again.stdout)
    assert (lines, imported, rejected) == (len(events), 0, 0)
    engine.dispose()
