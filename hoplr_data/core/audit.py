"""The audit log (BIO 8.15): who did what, to which object, with which result, from where, when.

`record` writes one row in the caller's transaction (a Session or Connection: the row commits
with the write it records, or not at all) or, given an Engine, in a transaction of its own (for
refusals, logins and views, which write nothing else). The log never holds residents' texts or
passwords: `detail` is a small dict of counts, flags and codes, checked by `clean_detail`.

Append-only: the app has no update or delete path, and the database refuses one (migration
0010's triggers). The only exception is `purge_older_than`, the retention purge: inside its
transaction it writes the purge marker (a `setting` row the triggers read), deletes the rows
older than the cutoff and removes the marker before it commits.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import pandas as pd
from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.orm import Session

from hoplr_data.core.errors import DomainError
from hoplr_data.core.export import neutralise
from hoplr_data.core.models import AUDIT_RESULTS, AuditEntry, Setting
from hoplr_data.core.roles import Actor
from hoplr_data.core.timeutil import now_local

PURGE_MARKER = "audit_purge_before"  # the setting row migration 0010's triggers read
RETENTION_KEY = "audit_retention_days"
SYSTEM = "system"  # the actor of what no user did (ingest, scheduled jobs)
MAX_DETAIL_KEYS = 12
MAX_LIST_ITEMS = 20
TOKEN = re.compile(r"^[A-Za-z0-9_.:@-]{0,64}$")  # a code, field name, id or username; no text
COLUMNS = ("at", "actor", "action", "object_type", "object_id", "result", "origin", "detail")

_ORIGIN: ContextVar[str] = ContextVar("audit_origin", default="app")

Target = Session | Connection | Engine


def set_origin(origin: str) -> None:
    """Where this run's actions come from (the client address of a page run, `cli`)."""
    _ORIGIN.set(_token(origin[:64], "origin") if origin else "app")


def _token(value: str, what: str) -> str:
    """A short code-like string, else ValueError (free text never enters the log)."""
    if not TOKEN.match(value):
        raise ValueError(f"audit {what} is not a code: {value[:20]!r}…")
    return value


def _name(value: object) -> str:
    """A username or object id as stored: printable characters only, at most 64."""
    text = "" if value is None else str(value)
    return "".join(ch for ch in text if ch.isprintable())[:64]


def _detail_value(value: object) -> object:
    """One checked detail value: a number, a flag, None, a code or a short list of codes."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return _token(value, "detail value")
    if isinstance(value, list | tuple) and len(value) <= MAX_LIST_ITEMS:
        return [_detail_value(v) for v in value if not isinstance(v, list | tuple)]
    raise ValueError(f"audit detail value not allowed: {type(value).__name__}")


def clean_detail(detail: dict | None) -> str:
    """The detail as compact JSON; ValueError for anything but counts, flags and codes."""
    detail = detail or {}
    if len(detail) > MAX_DETAIL_KEYS:
        raise ValueError("audit detail has too many keys")
    checked = {_token(str(key), "detail key"): _detail_value(v) for key, v in detail.items()}
    return json.dumps(checked, sort_keys=True, separators=(",", ":"), allow_nan=False)


def record(
    target: Target,
    *,
    actor: str,
    action: str,
    object_type: str,
    object_id: object = "",
    result: str = "ok",
    origin: str | None = None,
    detail: dict | None = None,
    at: dt.datetime | None = None,
) -> None:
    """Append one audit row: in the caller's transaction, or its own when given an Engine.

    `at` is the moment of the action as the write records it (a replayed seed's moment); now
    when not given.
    """
    if result not in AUDIT_RESULTS:
        raise ValueError(f"audit result must be one of {AUDIT_RESULTS}")
    values = {
        "at": at or now_local(),
        "actor": _name(actor) or SYSTEM,
        "action": _token(action, "action"),
        "object_type": _token(object_type, "object type"),
        "object_id": _name(object_id),
        "result": result,
        "origin": _token(origin or _ORIGIN.get(), "origin"),
        "detail": clean_detail(detail),
    }
    statement = insert(AuditEntry).values(**values)
    if isinstance(target, Engine):
        with target.begin() as conn:
            conn.execute(statement)
        return
    target.execute(statement)


@contextmanager
def refusals(
    engine: Engine, actor: Actor, action: str, object_type: str, object_id: object = ""
) -> Iterator[None]:
    """Record a refused action (its transaction rolled back) in a transaction of its own."""
    try:
        yield
    except DomainError as exc:
        record(
            engine, actor=actor.username, action=action, object_type=object_type,
            object_id=object_id, result="refused", detail={"code": exc.code},
        )  # fmt: skip
        raise


def record_item_view(engine: Engine, *, actor: str, item_id: str, contact_shown: bool) -> None:
    """A user opened a report's or idea's detail (its text and, unless erased, the contact)."""
    record(
        engine, actor=actor, action="item.view", object_type="item", object_id=item_id,
        detail={"contact_shown": contact_shown},
    )  # fmt: skip


def record_login(
    engine: Engine, *, username: str | None, action: str = "auth.login", result: str = "ok",
    reason: str | None = None,
) -> None:  # fmt: skip
    """A login, failed login, logout or lockout (`auth.*`); an unknown username is `unknown`."""
    record(
        engine, actor=username or "unknown", action=action, object_type="session",
        result=result, detail={"reason": reason} if reason else None,
    )  # fmt: skip


def record_download(
    engine: Engine, *, actor: str, what: str, file_format: str, rows: int, result: str = "ok"
) -> None:
    """An export or download: what (a code such as `inbox`), its format and how many rows."""
    record(
        engine, actor=actor, action="export.download", object_type="export", object_id=what,
        result=result, detail={"format": file_format, "rows": int(rows)},
    )  # fmt: skip


def query(
    engine: Engine,
    *,
    since: dt.datetime | dt.date | None = None,
    until: dt.datetime | dt.date | None = None,
    actor: str | None = None,
    action: str | None = None,
    object_type: str | None = None,
    limit: int | None = None,
) -> pd.DataFrame:
    """Audit rows, newest first; `until` is exclusive (a date means: up to the end of that day)."""
    statement = select(*(getattr(AuditEntry, c) for c in COLUMNS))
    if since is not None:
        statement = statement.where(AuditEntry.at >= _moment(since, end=False))
    if until is not None:
        statement = statement.where(AuditEntry.at < _moment(until, end=True))
    for column, value in (("actor", actor), ("action", action), ("object_type", object_type)):
        if value:
            statement = statement.where(getattr(AuditEntry, column) == value)
    statement = statement.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    with engine.connect() as conn:
        rows = conn.execute(statement).all()
    return pd.DataFrame(rows, columns=list(COLUMNS))


def records(frame: pd.DataFrame) -> list[dict]:
    """Audit rows as plain records for JSON: times ISO 8601, detail as an object."""
    return [
        {**row, "at": row["at"].isoformat(), "detail": json.loads(row["detail"] or "{}")}
        for row in frame.to_dict("records")
    ]


def csv_text(frame: pd.DataFrame) -> str:
    """Audit rows as CSV (comma, ISO times), every text cell through the formula guard."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in frame.itertuples(index=False):
        writer.writerow([row.at.isoformat(), *(neutralise(getattr(row, c)) for c in COLUMNS[1:])])
    return out.getvalue()


def _moment(value: dt.datetime | dt.date, *, end: bool) -> dt.datetime:
    """A bound as a moment; a date's end bound is the next midnight."""
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.combine(value + dt.timedelta(days=1 if end else 0), dt.time())


def distinct_values(engine: Engine, column: str) -> list[str]:
    """The values a filter can choose from (actors, actions or object types), sorted."""
    field = {"actor": AuditEntry.actor, "action": AuditEntry.action}.get(
        column, AuditEntry.object_type
    )
    with engine.connect() as conn:
        return list(conn.execute(select(field).distinct().order_by(field)).scalars())


def purge_older_than(engine: Engine, days: int | None = None) -> int:
    """Retention: delete the rows older than `days` (default: the audit retention setting).

    The only delete path: the marker lets the triggers accept the delete of rows before the
    cutoff, and exists only inside this transaction. Returns how many rows went; the purge
    itself is recorded (after the delete, so it is never purged by itself).
    """
    from hoplr_data.core.settings import get_int

    days = get_int(engine, RETENTION_KEY) if days is None else days
    if days < 1:
        raise ValueError("audit retention must be at least one day")
    cutoff = now_local() - dt.timedelta(days=days)
    with engine.begin() as conn:
        conn.execute(delete(Setting).where(Setting.key == PURGE_MARKER))
        marker = cutoff.strftime("%Y-%m-%d %H:%M:%S.%f")
        conn.execute(insert(Setting).values(key=PURGE_MARKER, value=marker, version=1))
        removed = conn.execute(delete(AuditEntry).where(AuditEntry.at < cutoff)).rowcount
        conn.execute(delete(Setting).where(Setting.key == PURGE_MARKER))
        record(
            conn, actor=SYSTEM, action="audit.purge", object_type="audit_log",
            detail={"days": days, "rows": removed},
        )  # fmt: skip
    return removed
