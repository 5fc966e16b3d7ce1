"""Fixtures: one temporary database per test, on SQLite and (when TEST_DATABASE_URL is set)
on PostgreSQL. Both the migrated empty database and the seeded pilot are built once per session
(per xdist worker) as templates and copied per test: a SQLite file copy, or PostgreSQL's
CREATE DATABASE ... TEMPLATE."""

from __future__ import annotations

import logging
import os
import sqlite3
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url

from hoplr_data.core.config import normalise_database_url
from hoplr_data.core.db import make_engine, migrate

ROOT = Path(__file__).resolve().parent.parent
PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
BACKENDS = ["sqlite", "postgresql"]

os.environ.setdefault("HOPLR_COOKIE_KEY", "test-cookie-key-" + "k" * 40)
os.environ.setdefault("HOPLR_LOGIN_SLEEP", "0")
os.environ.setdefault("HOPLR_STRICT_I18N", "1")  # t() raises on an unknown key
# bcrypt at cost 4 instead of 12 (hashing and every login check): tests only, see
# hoplr_data.core.config.bcrypt_rounds; set before the seeded template hashes the demo passwords.
os.environ["HOPLR_INSECURE_TEST_HASHING"] = "1"
os.environ.setdefault("HOPLR_BCRYPT_ROUNDS", "4")
os.environ.pop("DATABASE_URL", None)


class _Collect(logging.Handler):
    """Keeps the records of the pages' crash logger."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def no_unexpected_page_error(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail a test whose page crashed: the crash guard shows a message instead of an exception
    element, so `assert not at.exception` alone would no longer see it."""
    logger = logging.getLogger("service_dashboard.errors")
    collect = _Collect()
    logger.addHandler(collect)
    yield
    logger.removeHandler(collect)
    if collect.records and request.node.get_closest_marker("crash_expected") is None:
        record = collect.records[0]
        pytest.fail(f"a page crashed: {record.getMessage()}: {record.exc_info and record.exc_info[1]!r}")


def _skip_without_pg(backend: str) -> None:
    if backend == "postgresql" and not PG_URL:
        pytest.skip("PostgreSQL run skipped: TEST_DATABASE_URL is not set (CI sets it)")


def _pg_admin() -> Engine:
    return create_engine(normalise_database_url(PG_URL), isolation_level="AUTOCOMMIT")


def _pg_create(name: str, template: str | None = None) -> str:
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        suffix = f' TEMPLATE "{template}"' if template else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
    admin.dispose()
    url = make_url(normalise_database_url(PG_URL)).set(database=name)
    return url.render_as_string(hide_password=False)


def _pg_drop(name: str) -> None:
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _worker() -> str:
    """This process's part of a template's name: the xdist worker and the process id, so two
    test runs on one PostgreSQL server (or one run's workers) never share or drop a template."""
    return f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"


def _sqlite_copy(template: Path, path: Path) -> str:
    """Copy a SQLite template (consistently, through the backup API); return the copy's URL."""
    with sqlite3.connect(template) as src, sqlite3.connect(path) as dst:
        src.backup(dst)
    src.close()
    dst.close()
    return f"sqlite:///{path}"


@pytest.fixture(scope="session")
def empty_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty SQLite file, built once per session."""
    path = tmp_path_factory.mktemp("empty") / "empty.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def empty_pg_template() -> Iterator[str]:
    """A migrated, empty PostgreSQL template database, built once per session."""
    name = f"hoplr_empty_tpl_{_worker()}"
    engine = make_engine(_pg_create(name))
    migrate(engine)
    engine.dispose()
    yield name
    _pg_drop(name)


@pytest.fixture(params=BACKENDS)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a fresh, migrated, empty database (one per test, copied from a template)."""
    _skip_without_pg(request.param)
    if request.param == "sqlite":
        template = request.getfixturevalue("empty_sqlite_template")
        yield _sqlite_copy(template, tmp_path / "test.db")
        return
    template = request.getfixturevalue("empty_pg_template")
    name = f"hoplr_t_{uuid.uuid4().hex[:12]}"
    yield _pg_create(name, template=template)
    _pg_drop(name)


@pytest.fixture
def engine(empty_db_url: str) -> Iterator[Engine]:
    """Engine on a fresh empty database."""
    eng = make_engine(empty_db_url)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def pilot_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded pilot (seed 2020) in a SQLite file, built once per session."""
    from seed.load import load_pilot

    path = tmp_path_factory.mktemp("pilot") / "pilot.db"
    engine = make_engine(f"sqlite:///{path}")
    load_pilot(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pilot_pg_template() -> Iterator[str]:
    """The seeded pilot in a PostgreSQL template database, built once per session."""
    from seed.load import load_pilot

    name = f"hoplr_pilot_tpl_{_worker()}"
    url = _pg_create(name)
    engine = make_engine(url)
    load_pilot(engine)
    engine.dispose()
    yield name
    _pg_drop(name)


@pytest.fixture(params=BACKENDS)
def pilot_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a private copy of the seeded pilot database (one per test)."""
    _skip_without_pg(request.param)
    if request.param == "sqlite":
        template = request.getfixturevalue("pilot_sqlite_template")
        yield _sqlite_copy(template, tmp_path / "pilot.db")
        return
    template = request.getfixturevalue("pilot_pg_template")
    name = f"hoplr_t_{uuid.uuid4().hex[:12]}"
    yield _pg_create(name, template=template)
    _pg_drop(name)


@pytest.fixture
def pilot_sqlite_url(pilot_sqlite_template: Path, tmp_path: Path) -> str:
    """A private SQLite copy of the seeded pilot (for page tests, which need one backend)."""
    return _sqlite_copy(pilot_sqlite_template, tmp_path / "pilot.db")


@pytest.fixture
def inbox_engine(engine: Engine) -> Engine:
    """An empty database with buurt A, the default categories and case handler 'handler'."""
    from tests.helpers import inbox_setup

    return inbox_setup(engine)
