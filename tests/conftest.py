"""Fixtures: one temporary database per test, on SQLite and (when TEST_DATABASE_URL is set)
on PostgreSQL. Both the migrated empty database and the seeded pilot are built once per test run
(shared by the xdist workers) as templates and copied per test: a SQLite file copy, or
PostgreSQL's CREATE DATABASE ... TEMPLATE."""

from __future__ import annotations

import fcntl
import functools
import logging
import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import streamlit.testing.v1.app_test as app_test_module
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import make_url
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage

from hoplr_data.core.config import normalise_database_url
from hoplr_data.core.db import make_engine, migrate
from tests.helpers import copy_sqlite

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


@functools.cache
def _pg_admin() -> Engine:
    """One engine per process for creating and dropping databases (its connection is reused)."""
    return create_engine(normalise_database_url(PG_URL), isolation_level="AUTOCOMMIT")


def _pg_create(name: str, template: str | None = None) -> str:
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        suffix = f' TEMPLATE "{template}"' if template else ""
        conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
    url = make_url(normalise_database_url(PG_URL)).set(database=name)
    return url.render_as_string(hide_password=False)


def _pg_drop(name: str) -> None:
    admin = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


# One id per test run, shared by the xdist workers (they inherit the environment of the process
# that starts them, which imports this file first): the templates below are built once per run,
# by whichever worker needs one first, while the others wait on a file lock.
RUN = os.environ.setdefault("HOPLR_TEST_RUN", uuid.uuid4().hex[:12])
SHARED = Path(tempfile.gettempdir()) / f"hoplr-tests-{RUN}"
PG_TEMPLATES = (f"hoplr_empty_tpl_{RUN}", f"hoplr_pilot_tpl_{RUN}")


def _once(key: str, build: Callable[[], str]) -> str:
    """The result of `build` (a path or a database name), built once per test run."""
    SHARED.mkdir(exist_ok=True)
    done = SHARED / f"{key}.done"
    with open(SHARED / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        if not done.exists():
            done.write_text(build())  # only after a successful build
        return done.read_text()


def _sqlite_template(name: str, fill: Callable[[Engine], object]) -> str:
    """Build a SQLite template file in the run's shared folder; returns its path."""
    path = SHARED / f"{name}.db"
    path.unlink(missing_ok=True)  # a build that failed half-way
    engine = make_engine(f"sqlite:///{path}")
    fill(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return str(path)


def _pg_template(name: str, fill: Callable[[Engine], object]) -> str:
    """Build a PostgreSQL template database; returns its name."""
    engine = make_engine(_pg_create(name))
    fill(engine)
    engine.dispose()  # CREATE DATABASE ... TEMPLATE needs it without connections
    return name


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The process that started the run (not an xdist worker) removes the run's templates."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    if PG_URL:
        for name in PG_TEMPLATES:
            _pg_drop(name)
    shutil.rmtree(SHARED, ignore_errors=True)


def _load_pilot(engine: Engine) -> None:
    from seed.load import load_pilot

    load_pilot(engine)


@pytest.fixture(scope="session")
def empty_sqlite_template() -> Path:
    """A migrated, empty SQLite file, built once per test run."""
    return Path(_once("empty_sqlite", lambda: _sqlite_template("empty", migrate)))


@pytest.fixture(scope="session")
def empty_pg_template() -> str:
    """A migrated, empty PostgreSQL template database, built once per test run."""
    return _once("empty_pg", lambda: _pg_template(PG_TEMPLATES[0], migrate))


@pytest.fixture(params=BACKENDS)
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a fresh, migrated, empty database (one per test, copied from a template)."""
    _skip_without_pg(request.param)
    if request.param == "sqlite":
        template = request.getfixturevalue("empty_sqlite_template")
        yield copy_sqlite(template, tmp_path / "test.db")
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
def pilot_sqlite_template() -> Path:
    """The seeded pilot (seed 2020) in a SQLite file, built once per test run."""
    return Path(_once("pilot_sqlite", lambda: _sqlite_template("pilot", _load_pilot)))


@pytest.fixture(scope="session")
def pilot_pg_template() -> str:
    """The seeded pilot in a PostgreSQL template database, built once per test run."""
    return _once("pilot_pg", lambda: _pg_template(PG_TEMPLATES[1], _load_pilot))


@pytest.fixture(params=BACKENDS)
def pilot_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """URL of a private copy of the seeded pilot database (one per test)."""
    _skip_without_pg(request.param)
    if request.param == "sqlite":
        template = request.getfixturevalue("pilot_sqlite_template")
        yield copy_sqlite(template, tmp_path / "pilot.db")
        return
    template = request.getfixturevalue("pilot_pg_template")
    name = f"hoplr_t_{uuid.uuid4().hex[:12]}"
    yield _pg_create(name, template=template)
    _pg_drop(name)


@pytest.fixture
def pilot_sqlite_url(pilot_sqlite_template: Path, tmp_path: Path) -> str:
    """A private SQLite copy of the seeded pilot (for page tests, which need one backend)."""
    return copy_sqlite(pilot_sqlite_template, tmp_path / "pilot.db")


@pytest.fixture
def inbox_engine(engine: Engine) -> Engine:
    """An empty database with buurt A, the default categories and case handler 'handler'."""
    from tests.helpers import inbox_setup

    return inbox_setup(engine)


@pytest.fixture
def media(monkeypatch: pytest.MonkeyPatch) -> list[MemoryMediaFileStorage]:
    """The media storages AppTest creates, so downloads can be read back as bytes
    (`download(button)`: a download made on click is made here, as a click would)."""
    made: list[MemoryMediaFileStorage] = []

    class Recording(MemoryMediaFileStorage):
        manager: MediaFileManager

        def __init__(self, endpoint: str) -> None:
            super().__init__(endpoint)
            made.append(self)

        def download(self, button: Any) -> tuple[str, bytes]:
            """A download button's URL and bytes."""
            url = button.proto.url or self.manager.execute_deferred(button.proto.deferred_file_id)
            return url, self.get_file(url.rsplit("/", 1)[1]).content

    class RecordingManager(MediaFileManager):
        def __init__(self, storage: MemoryMediaFileStorage) -> None:
            super().__init__(storage)
            storage.manager = self

    monkeypatch.setattr(app_test_module, "MemoryMediaFileStorage", Recording)
    monkeypatch.setattr(app_test_module, "MediaFileManager", RecordingManager)
    return made
