"""SQL helpers of the ingest writers: idempotent inserts and retries of transient conflicts."""

from __future__ import annotations

from sqlalchemy import Connection, Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.sql.dml import Insert

# PostgreSQL deadlock and serialization failure: the transaction may simply be run again.
RETRY_SQLSTATES = ("40P01", "40001")


def insert_ignore(dialect: str, table: Table) -> Insert:
    """INSERT that skips rows whose key already exists (idempotent re-import)."""
    if dialect == "postgresql":
        return postgresql.insert(table).on_conflict_do_nothing()
    if dialect == "sqlite":
        return sqlite.insert(table).on_conflict_do_nothing()
    raise NotImplementedError(dialect)


def insert_new(conn: Connection, table: Table, rows: list[dict]) -> list[tuple]:
    """Insert rows whose key does not exist yet; the primary keys of the rows this call wrote.

    A row that exists already, written by an earlier run or by a run going on at the same time,
    is skipped (ON CONFLICT DO NOTHING): on PostgreSQL the insert waits for the other run's
    transaction and then skips the row it committed.
    """
    statement = insert_ignore(conn.dialect.name, table).returning(*table.primary_key.columns)
    return [tuple(row) for row in conn.execute(statement, rows)]


def is_transient(exc: OperationalError) -> bool:
    """True for a conflict with a concurrent writer that a new attempt resolves."""
    orig = exc.orig
    state = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    return state in RETRY_SQLSTATES or "database is locked" in str(orig)
