"""Login throttling: a growing delay after failed logins and a temporary lockout, counted per
account name and per client address (exists or not: the answer never tells which).

Per key: after the n-th failure the next attempt waits `delay_seconds * 2**(n-1)` (at most
`max_delay_seconds`); at `lockout_failures` failures (an address: `address_lockout_failures`)
the key is locked for `lockout_minutes`, doubled for each earlier lockout. A lock refuses even
the right password. A success clears the account (not the address); failures are forgotten
`lockout_minutes` after the last one, earlier lockouts after a day. Admins can lift a lock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hoplr_data.core.config import SecuritySettings
from hoplr_data.core.db import session_scope
from hoplr_data.core.errors import NotFound
from hoplr_data.core.models.users import LoginThrottle
from hoplr_data.core.roles import Actor
from hoplr_data.users.sessions import utcnow

ACCOUNT, ADDRESS = "account:", "address:"
LOCKOUTS_FORGOTTEN = dt.timedelta(days=1)


@dataclass(frozen=True)
class Verdict:
    """Before an attempt: refused (locked) or allowed after `delay` seconds."""

    locked: bool
    delay: float


def keys(username: str, address: str | None) -> list[str]:
    """The throttle keys of an attempt: the account name, and the client address if known."""
    found = [ACCOUNT + username.strip().lower()[:180]]
    return found + ([ADDRESS + address[:180]] if address else [])


def _limit(key: str, policy: SecuritySettings) -> int:
    is_address = key.startswith(ADDRESS)
    return policy.address_lockout_failures if is_address else policy.lockout_failures


def _fresh(row: LoginThrottle, policy: SecuritySettings, now: dt.datetime) -> LoginThrottle:
    """Forget failures (and old lockouts) that are long enough ago."""
    last = row.last_failure_at
    locked = row.locked_until is not None and row.locked_until > now
    if last is not None and not locked:
        if now - last >= dt.timedelta(minutes=policy.lockout_minutes):
            row.failures = 0
        if now - last >= LOCKOUTS_FORGOTTEN:
            row.lockouts = 0
    return row


def delay_for(failures: int, limit: int, policy: SecuritySettings) -> float:
    """Seconds to wait before the next attempt after `failures` (on a key locked at `limit`)."""
    steps = failures * policy.lockout_failures // max(limit, 1)
    if steps <= 0:
        return 0.0
    return min(policy.max_delay_seconds, policy.delay_seconds * 2 ** (steps - 1))


def before_attempt(
    engine: Engine,
    username: str,
    address: str | None,
    policy: SecuritySettings,
    now: dt.datetime | None = None,
) -> Verdict:
    """Whether an attempt may check its password now, and after how long a wait."""
    now = now or utcnow()
    wanted = keys(username, address)
    with Session(engine) as session:
        rows = session.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(wanted))).all()
        delay = 0.0
        for row in rows:
            if row.locked_until is not None and row.locked_until > now:
                return Verdict(locked=True, delay=0.0)
            failures = _fresh(row, policy, now).failures
            delay = max(delay, delay_for(failures, _limit(row.key, policy), policy))
        session.rollback()  # _fresh only looked
    return Verdict(locked=False, delay=delay)


def _fail(session: Session, key: str, policy: SecuritySettings, now: dt.datetime) -> bool:
    row = session.get(LoginThrottle, key, with_for_update=True)
    if row is None:
        row = LoginThrottle(key=key, failures=0, lockouts=0)
        session.add(row)
    row = _fresh(row, policy, now)
    row.failures += 1
    row.last_failure_at = now
    if row.failures < _limit(key, policy):
        return False
    row.lockouts += 1
    minutes = policy.lockout_minutes * 2 ** (row.lockouts - 1)
    row.locked_until = now + dt.timedelta(minutes=minutes)
    row.failures = 0
    return True


def record_failure(
    engine: Engine,
    username: str,
    address: str | None,
    policy: SecuritySettings,
    now: dt.datetime | None = None,
) -> bool:
    """Count a failed login on the account and the address; True when one is locked now."""
    now = now or utcnow()
    for attempt in range(2):  # a concurrent first failure may insert the same key
        try:
            with session_scope(engine) as session:
                return any([_fail(session, key, policy, now) for key in keys(username, address)])
        except IntegrityError:
            if attempt:
                raise
    return False


def record_success(engine: Engine, username: str) -> None:
    """A successful login clears its account's failures and lockouts (not its address's)."""
    with session_scope(engine) as session:
        session.execute(delete(LoginThrottle).where(LoginThrottle.key == keys(username, None)[0]))


def locks(engine: Engine, now: dt.datetime | None = None) -> list[dict]:
    """Keys locked now (for the admin page): key, until, how many lockouts so far."""
    now = now or utcnow()
    with Session(engine) as session:
        rows = session.scalars(
            select(LoginThrottle)
            .where(LoginThrottle.locked_until > now)
            .order_by(LoginThrottle.key)
        ).all()
        return [
            {"key": r.key, "locked_until": r.locked_until, "lockouts": r.lockouts} for r in rows
        ]


def lift(engine: Engine, *, actor: Actor, key: str) -> None:
    """Admin action: lift a lock and forget the key's failures."""
    actor.require("administer")
    with session_scope(engine) as session:
        if not session.execute(delete(LoginThrottle).where(LoginThrottle.key == key)).rowcount:
            raise NotFound()
