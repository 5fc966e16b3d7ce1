"""Server-side sessions, login lockout and the password blocklist (issue 12), on SQLite and
PostgreSQL: times are passed in, so no test sleeps."""

import datetime as dt

import pytest
from sqlalchemy import select

from hoplr_data.core.config import ConfigError, SecuritySettings, security_settings
from hoplr_data.core.errors import NotFound
from hoplr_data.core.models.users import LoginSession
from hoplr_data.core.roles import Actor, PermissionDenied
from hoplr_data.users import accounts as users
from hoplr_data.users import lockout, sessions
from hoplr_data.users.accounts import UserError

ADMIN = Actor("root", ("admin",))
POLICY = SecuritySettings()  # 30 min idle, 12 h, 5 failures -> 15 min, address 25, 1 s delay
T0 = dt.datetime(2026, 3, 2, 9, 0)
KEY = "k" * 40
UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0 Safari/537.36"


def add(engine, username="ans", roles=("viewer",)):
    users.add_user(
        engine, actor=ADMIN, username=username, name="Ans", password="Tulpen-en-Molens 7",
        roles=list(roles),
    )  # fmt: skip
    return next(u for u in users.list_users(engine) if u["username"] == username)


def at(minutes=0.0, seconds=0.0):
    return T0 + dt.timedelta(minutes=minutes, seconds=seconds)


def test_a_session_resolves_to_its_user_and_logout_ends_it(engine):
    add(engine)
    sid = sessions.start(engine, "ans", UA, now=T0)
    assert len(sid) >= 40
    user = sessions.resolve(engine, sid, POLICY, now=at(1))
    assert (user["username"], user["roles"]) == ("ans", ["viewer"])
    assert sessions.open_sessions(engine, "ans")[0]["user_agent"] == "Chrome on Linux"
    sessions.end(engine, sid, now=at(2))
    assert sessions.resolve(engine, sid, POLICY, now=at(3)) is None
    assert sessions.resolve(engine, "made-up", POLICY, now=at(3)) is None
    assert sessions.open_sessions(engine, "ans") == []


def test_idle_timeout_counts_from_the_last_use(engine):
    add(engine)
    sid = sessions.start(engine, "ans", now=T0)
    assert sessions.resolve(engine, sid, POLICY, now=at(29)) is not None  # used: last seen 9:29
    assert sessions.resolve(engine, sid, POLICY, now=at(58)) is not None
    assert sessions.resolve(engine, sid, POLICY, now=at(88)) is None  # 30 min unused
    assert sessions.resolve(engine, sid, POLICY, now=at(89)) is None  # and stays ended


def test_absolute_lifetime_ends_a_session_in_use(engine):
    add(engine)
    sid = sessions.start(engine, "ans", now=T0)
    for minute in range(20, 12 * 60, 20):
        assert sessions.resolve(engine, sid, POLICY, now=at(minute)) is not None
    assert sessions.resolve(engine, sid, POLICY, now=at(12 * 60)) is None


def test_reset_and_deactivation_end_the_users_sessions_and_a_role_change_counts_at_once(engine):
    ans, bob = add(engine), add(engine, "bob")
    first, second = sessions.start(engine, "ans"), sessions.start(engine, "ans")
    other = sessions.start(engine, "bob")
    users.update_user(
        engine, actor=ADMIN, user_id=ans["id"], version=ans["version"], roles=["case_handler"],
        active=True, name="Ans",
    )  # fmt: skip
    assert sessions.resolve(engine, first, POLICY)["roles"] == ["case_handler"]
    users.reset_password(
        engine, actor=ADMIN, user_id=ans["id"], version=ans["version"] + 1,
        password="Nieuw-Wachtwoord 8",
    )  # fmt: skip
    assert sessions.resolve(engine, first, POLICY) is None
    assert sessions.resolve(engine, second, POLICY) is None
    assert sessions.resolve(engine, other, POLICY) is not None
    users.update_user(
        engine, actor=ADMIN, user_id=bob["id"], version=bob["version"], roles=["viewer"],
        active=False, name="Ans",
    )  # fmt: skip
    assert sessions.resolve(engine, other, POLICY) is None
    with pytest.raises(LookupError):
        sessions.start(engine, "bob")  # a deactivated user gets no new session


def test_the_cookie_value_is_a_signed_reference_only():
    token = sessions.sign("abc", KEY, dt.datetime(2099, 1, 1))
    assert sessions.unsign(token, KEY) == "abc"
    assert "ans" not in token and "username" not in token
    assert sessions.unsign(token, "x" * 40) is None  # another key
    assert sessions.unsign(token[:-2] + "AA", KEY) is None  # tampered
    assert sessions.unsign(sessions.sign("abc", KEY, dt.datetime(2000, 1, 1)), KEY) is None
    assert sessions.unsign("", KEY) is None and sessions.unsign("not-a-jwt", KEY) is None


def fail(engine, n, username="ans", address="10.0.0.1", start=0.0, step=1.0):
    return [
        lockout.record_failure(engine, username, address, POLICY, now=at(seconds=start + i * step))
        for i in range(n)
    ]


def test_the_delay_doubles_and_the_fifth_failure_locks_for_15_minutes(engine):
    delays = []
    for i in range(4):
        lockout.record_failure(engine, "ans", "10.0.0.1", POLICY, now=at(seconds=i))
        delays.append(
            lockout.before_attempt(engine, "ans", "10.0.0.9", POLICY, at(seconds=i)).delay
        )
    assert delays == [1.0, 2.0, 4.0, 8.0]
    assert lockout.record_failure(engine, "ans", "10.0.0.1", POLICY, now=at(seconds=4)) is True
    assert lockout.before_attempt(engine, "ans", None, POLICY, at(14)).locked
    assert lockout.before_attempt(engine, "ANS ", "10.0.0.2", POLICY, at(14)).locked
    assert not lockout.before_attempt(engine, "bob", "10.0.0.2", POLICY, at(14)).locked
    after = lockout.before_attempt(engine, "ans", None, POLICY, at(15, 5))
    assert after == lockout.Verdict(locked=False, delay=0.0)


def test_a_second_lockout_lasts_twice_as_long_and_success_clears_the_account(engine):
    assert fail(engine, 5) == [False] * 4 + [True]
    assert fail(engine, 5, start=16 * 60) == [False] * 4 + [True]
    assert lockout.before_attempt(engine, "ans", None, POLICY, at(16 + 29)).locked
    assert not lockout.before_attempt(engine, "ans", None, POLICY, at(16 + 31)).locked
    lockout.record_failure(engine, "ans", None, POLICY, now=at(48))
    lockout.record_success(engine, "ans")
    assert lockout.before_attempt(engine, "ans", None, POLICY, at(48)).delay == 0.0


def test_an_unknown_name_is_throttled_exactly_like_an_existing_one(engine):
    add(engine)
    assert fail(engine, 5, "ans") == fail(engine, 5, "nobody", address="10.0.0.2")
    known = lockout.before_attempt(engine, "ans", None, POLICY, at(1))
    unknown = lockout.before_attempt(engine, "nobody", None, POLICY, at(1))
    assert known == unknown == lockout.Verdict(locked=True, delay=0.0)


def test_an_address_locks_after_25_failures_over_many_names(engine):
    for i in range(24):
        assert not lockout.record_failure(engine, f"user{i}", "10.9.9.9", POLICY, now=at(seconds=i))
    assert lockout.before_attempt(engine, "new", "10.9.9.9", POLICY, at(1)).delay == 8.0
    assert lockout.record_failure(engine, "user99", "10.9.9.9", POLICY, now=at(seconds=30))
    assert lockout.before_attempt(engine, "someone", "10.9.9.9", POLICY, at(2)).locked
    assert not lockout.before_attempt(engine, "someone", "10.9.9.8", POLICY, at(2)).locked


def test_failures_are_forgotten_after_the_lockout_time(engine):
    fail(engine, 4)
    assert lockout.before_attempt(engine, "ans", None, POLICY, at(1)).delay == 8.0
    assert lockout.before_attempt(engine, "ans", None, POLICY, at(16)).delay == 0.0
    assert fail(engine, 1, start=16 * 60) == [False]  # counting starts again


def test_an_admin_lifts_a_lock_and_only_an_admin(engine):
    fail(engine, 5)
    found = lockout.locks(engine, now=at(1))
    assert [(f["key"], f["lockouts"]) for f in found] == [("account:ans", 1)]
    with pytest.raises(PermissionDenied):
        lockout.lift(engine, actor=Actor("v", ("viewer",)), key="account:ans")
    lockout.lift(engine, actor=ADMIN, key="account:ans")
    assert not lockout.before_attempt(engine, "ans", None, POLICY, at(1)).locked
    with pytest.raises(NotFound):
        lockout.lift(engine, actor=ADMIN, key="account:ans")


@pytest.mark.parametrize(
    "password", ["qwertyuiop123", "Password1234!", "1Qaz2wsx3edc", "iloveyou12345"]
)
def test_common_passwords_are_refused(engine, password):
    with pytest.raises(UserError, match="error.password_common"):
        add_with(engine, password)


def add_with(engine, password):
    users.add_user(
        engine, actor=ADMIN, username="cas", name="C", password=password, roles=["viewer"]
    )


def test_length_counts_characters_not_bytes(engine):
    with pytest.raises(UserError, match="error.password_length"):
        add_with(engine, "€€€€")  # 12 bytes, 4 characters
    with pytest.raises(UserError, match="error.password_bytes"):
        add_with(engine, "€" * 20 + "abcdefghijklm")  # 33 characters, 73 bytes
    add_with(engine, "Grachtenhuis €uro 12")  # 20 characters, 22 bytes


def test_security_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("HOPLR_SESSION_IDLE_MINUTES", "0.25")
    monkeypatch.setenv("HOPLR_LOCKOUT_FAILURES", "3")
    chosen = security_settings()
    assert (chosen.idle_minutes, chosen.lockout_failures, chosen.max_hours) == (0.25, 3, 12.0)
    monkeypatch.setenv("HOPLR_SESSION_MAX_HOURS", "0")
    with pytest.raises(ConfigError):
        security_settings()


def test_purge_deletes_only_old_session_rows(engine):
    add(engine)
    old = sessions.start(engine, "ans", now=T0 - dt.timedelta(days=91))
    recent = sessions.start(engine, "ans", now=T0 - dt.timedelta(days=89))
    assert sessions.purge(engine, days=90, now=T0) == 1
    with engine.connect() as conn:
        left = set(conn.execute(select(LoginSession.id)).scalars())
    assert left == {recent} and old not in left
