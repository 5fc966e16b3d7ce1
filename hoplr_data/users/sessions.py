"""Server-side login sessions: the browser keeps only a signed reference (the session id).

A session ends at logout, when its user's password is changed or reset, when the user is
deactivated, after `idle_minutes` without use and `max_hours` after the login. Each run of a
page resolves the reference again and reads the user's roles fresh, so a role change counts
from the next run. Times are UTC wall-clock times (never the demo clock).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets

import jwt
from sqlalchemy import Engine, delete, select, update
from sqlalchemy.orm import Session

from hoplr_data.core.config import SecuritySettings
from hoplr_data.core.db import session_scope
from hoplr_data.core.models.users import LoginSession, User

TOUCH_EVERY = dt.timedelta(seconds=60)  # last_seen is written at most this often (and per
# tenth of the idle time), not on every run
BROWSERS = ("Edg", "OPR", "Firefox", "Chromium", "Chrome", "Safari")
SYSTEMS = ("Windows", "Android", "iPhone", "iPad", "Mac OS X", "Linux", "CrOS")


def utcnow() -> dt.datetime:
    """Now in UTC, naive (as stored)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def user_info(user: User) -> dict:
    """What a page needs of its user: name, roles, language and department."""
    return {
        "username": user.username,
        "name": user.name,
        "roles": [r.role for r in user.roles],
        "language": user.language,
        "department_code": user.department_code,
    }


def user_agent_summary(user_agent: str) -> str:
    """'Chrome on Linux' from a User-Agent header: enough to recognise a session, no more."""
    browser = next((b for b in BROWSERS if re.search(rf"\b{b}/", user_agent)), "")
    system = next((s for s in SYSTEMS if s in user_agent), "")
    summary = " on ".join(part for part in (browser, system) if part)
    return (summary or "unknown")[:120]


def start(
    engine: Engine, username: str, user_agent: str = "", now: dt.datetime | None = None
) -> str:
    """Open a session for an active user; return its random id."""
    now = now or utcnow()
    sid = secrets.token_urlsafe(32)
    with session_scope(engine) as session:
        user_id = session.scalar(select(User.id).where(User.username == username, User.active))
        if user_id is None:
            raise LookupError(username)
        session.add(
            LoginSession(
                id=sid,
                user_id=user_id,
                created_at=now,
                last_seen_at=now,
                user_agent=user_agent_summary(user_agent),
            )
        )
    return sid


def _expiry(row: LoginSession, policy: SecuritySettings, now: dt.datetime) -> str | None:
    """Why the session is over now ('idle', 'expired'), or None while it lasts."""
    if now - row.created_at >= dt.timedelta(hours=policy.max_hours):
        return "expired"
    if now - row.last_seen_at >= dt.timedelta(minutes=policy.idle_minutes):
        return "idle"
    return None


def resolve(
    engine: Engine, sid: str | None, policy: SecuritySettings, now: dt.datetime | None = None
) -> dict | None:
    """The session's active user (name, roles, language) read fresh, or None when it is over."""
    if not sid:
        return None
    now = now or utcnow()
    with session_scope(engine) as session:
        row = session.get(LoginSession, sid)
        if row is None or row.ended_at is not None:
            return None
        user = session.get(User, row.user_id)
        reason = "deactivated" if user is None or not user.active else _expiry(row, policy, now)
        if reason:
            row.ended_at, row.end_reason = now, reason
            return None
        touch = min(TOUCH_EVERY, dt.timedelta(minutes=policy.idle_minutes) / 10)
        if now - row.last_seen_at >= touch:
            row.last_seen_at = now
        return user_info(user)


def end(
    engine: Engine, sid: str | None, reason: str = "logout", now: dt.datetime | None = None
) -> None:
    """End one session (logout); nothing when it is unknown or already over."""
    if not sid:
        return
    with session_scope(engine) as session:
        session.execute(
            update(LoginSession)
            .where(LoginSession.id == sid, LoginSession.ended_at.is_(None))
            .values(ended_at=now or utcnow(), end_reason=reason)
        )


def end_for_user(
    session: Session, user_id: int, reason: str, now: dt.datetime | None = None
) -> int:
    """End every open session of a user in the caller's transaction; how many were open."""
    done = session.execute(
        update(LoginSession)
        .where(LoginSession.user_id == user_id, LoginSession.ended_at.is_(None))
        .values(ended_at=now or utcnow(), end_reason=reason)
    )
    return done.rowcount or 0


def open_sessions(engine: Engine, username: str) -> list[dict]:
    """A user's sessions that have not ended (created, last seen, browser), newest first."""
    with Session(engine) as session:
        rows = session.scalars(
            select(LoginSession)
            .join(User, User.id == LoginSession.user_id)
            .where(User.username == username, LoginSession.ended_at.is_(None))
            .order_by(LoginSession.created_at.desc())
        ).all()
        return [
            {"created_at": r.created_at, "last_seen_at": r.last_seen_at, "user_agent": r.user_agent}
            for r in rows
        ]


def sign(sid: str, key: str, expires: dt.datetime) -> str:
    """The cookie value: the session id signed with the cookie key (HS256), nothing else."""
    return jwt.encode({"sid": sid, "exp": expires.replace(tzinfo=dt.UTC)}, key, algorithm="HS256")


def unsign(token: str | None, key: str) -> str | None:
    """The session id of a cookie value signed with `key`, or None (forged, expired, other)."""
    if not token:
        return None
    try:
        claims = jwt.decode(token, key, algorithms=["HS256"], options={"require": ["exp", "sid"]})
    except jwt.PyJWTError:
        return None
    sid = claims.get("sid")
    return sid if isinstance(sid, str) else None


def purge(engine: Engine, days: int = 90, now: dt.datetime | None = None) -> int:
    """Delete session rows older than `days` (long over: no session outlives its max_hours);
    for the scheduled retention job. How many were deleted."""
    cutoff = (now or utcnow()) - dt.timedelta(days=days)
    with session_scope(engine) as session:
        done = session.execute(delete(LoginSession).where(LoginSession.created_at < cutoff))
        return done.rowcount or 0
