"""Engine, sessions and migrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from alembic import command
from alembic.config import Config
from sqlalchemy import ColumnElement, Engine, create_engine, event, inspect, select, update
from sqlalchemy.orm import Session, sessionmaker

from hoplr_data.core.errors import NotFound, StaleEdit

_Row = TypeVar("_Row")
MIGRATIONS_DIR = Path(__file__).resolve().parents[1] / "migrations"


def make_engine(url: str, *, bulk_load: bool = False) -> Engine:
    """Create an engine; SQLite gets WAL, foreign keys and a busy timeout.

    `bulk_load` (seeding only) lets SQLite skip fsyncs: a crash may lose the seed, never user data.
    """
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        if bulk_load:
            event.listen(engine, "connect", _sqlite_bulk_pragmas)
        return engine
    engine = create_engine(url, pool_pre_ping=True)
    if bulk_load:
        event.listen(engine, "connect", _postgres_bulk_settings)
    return engine


def _postgres_bulk_settings(dbapi_connection, _record) -> None:  # noqa: ANN001
    cursor = dbapi_connection.cursor()
    cursor.execute("SET synchronous_commit TO OFF")
    cursor.close()
    dbapi_connection.commit()


def _sqlite_bulk_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.execute("PRAGMA cache_size=-262144")
    cursor.execute("PRAGMA temp_store=MEMORY")
    cursor.close()


def _sqlite_pragmas(dbapi_connection, _record) -> None:  # noqa: ANN001
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def alembic_config(engine: Engine) -> Config:
    """Alembic configuration bound to the given engine."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine) -> None:
    """Apply every pending migration."""
    command.upgrade(alembic_config(engine), "head")


def is_empty(engine: Engine) -> bool:
    """True when no buurt exists yet (a fresh database)."""
    from hoplr_data.core.models import Buurt

    if "buurt" not in inspect(engine).get_table_names():
        return True
    with Session(engine) as session:
        return session.query(Buurt.id).first() is None


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session in one transaction: committed on success, rolled back on error."""
    factory = sessionmaker(engine, expire_on_commit=False)
    with factory() as session, session.begin():
        yield session


def claim(
    session: Session,
    model: type[_Row],
    where: ColumnElement[bool],
    version: int,
    *,
    stale: type[StaleEdit] = StaleEdit,
    **values: object,
) -> _Row:
    """Optimistic lock: bump the row's version only if it is still `version`; set `values` too.

    One compare-and-set statement (``UPDATE ... WHERE key AND version = :seen``) checked by its
    row count, so it holds on SQLite and PostgreSQL alike without relying on ``FOR UPDATE``: the
    second of two writers waits for the first one's lock and then matches no row. Raises
    NotFound when the row is gone, `stale` (a StaleEdit) when someone else changed it; returns the row as
    now stored (the caller's transaction keeps it locked until it commits).
    """
    statement = (
        update(model)
        .where(where, model.version == version)  # type: ignore[attr-defined]
        .values(version=model.version + 1, **values)  # type: ignore[attr-defined]
        .execution_options(synchronize_session=False)
    )
    if session.execute(statement).rowcount != 1:
        if session.scalar(select(model).where(where)) is None:
            raise NotFound()
        raise stale()
    return session.scalars(
        select(model).where(where).execution_options(populate_existing=True)
    ).one()
