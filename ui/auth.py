"""Login glue around streamlit-authenticator: its form and logout button stay; its cookie
(a JWT with the username, valid until it expires whatever happens on the server,
Streamlit-Authenticator#91) is replaced by a signed reference to a server-side session, and its
password check is wrapped in the lockout of `hoplr_data.users.lockout`.

The cookie is set by JavaScript (extra-streamlit-components' cookie manager), so it cannot be
HttpOnly; it is SameSite=Strict and Secure when the app is reached over https. What it holds is
only a session id that logout, a password reset, a deactivation or a timeout ends on the server.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import time
from functools import cache
from typing import Any

import bcrypt
import streamlit as st
from sqlalchemy import Engine
from streamlit_authenticator.utilities.exceptions import LoginError

from hoplr_data.core.audit import record_login
from hoplr_data.core.config import bcrypt_rounds, security_settings
from hoplr_data.users import lockout, sessions

SID_KEY = "auth_session_id"
LOCKED_KEY = "auth_locked"
TRUST_PROXY_ENV = "HOPLR_TRUST_PROXY_HEADERS"


def client_address() -> str | None:
    """The client's address: the connection's, or the proxy's X-Real-IP when trusted."""
    if os.environ.get(TRUST_PROXY_ENV, "").strip() == "1":
        forwarded = st.context.headers.get("X-Real-Ip") or ""
        if forwarded.strip():
            return forwarded.strip()
    address = st.context.ip_address  # None for localhost: then only the account is throttled
    return address if isinstance(address, str) else None  # (AppTest has no real connection)


def served_over_https() -> bool:
    """Whether the browser reached the app over https (directly or through the proxy)."""
    proto = (st.context.headers.get("X-Forwarded-Proto") or "").lower()
    return proto == "https" or (st.context.url or "").startswith("https://")


class SessionCookies:
    """Stands in for streamlit-authenticator's CookieController (get, set, delete)."""

    def __init__(self, manager: Any, name: str, key: str, engine: Engine) -> None:
        self.manager, self.name, self.key, self.engine = manager, name, key, engine

    def get_cookie(self) -> dict | None:
        """The cookie's user if it refers to a live session (remembered for this tab)."""
        sid = sessions.unsign(st.context.cookies.get(self.name), self.key)
        user = sessions.resolve(self.engine, sid, security_settings())
        if user is None:
            return None
        st.session_state[SID_KEY] = sid
        return {"username": user["username"]}

    def set_cookie(self) -> None:
        """After a login with the form: open a session and hand the browser its reference."""
        agent = st.context.headers.get("User-Agent") or ""
        sid = sessions.start(self.engine, st.session_state["username"], agent)
        st.session_state[SID_KEY] = sid
        expires = dt.datetime.now(dt.UTC) + dt.timedelta(hours=security_settings().max_hours)
        token = sessions.sign(sid, self.key, expires)
        secure = served_over_https() or None
        self.manager.set(self.name, token, expires_at=expires, secure=secure, same_site="strict")

    def delete_cookie(self) -> None:
        """At logout: end the session on the server, then remove the cookie."""
        sid = st.session_state.pop(SID_KEY, None)
        if sid is not None:
            sessions.end(self.engine, sid)
            username = st.session_state.get("username")
            record_login(self.engine, username=username, action="auth.logout")
        with contextlib.suppress(KeyError):  # the manager had not seen it (set in this tab)
            self.manager.delete(self.name)


def current_user(engine: Engine) -> dict | None:
    """The logged-in user read fresh from this tab's session, or None when it has ended."""
    sid = st.session_state.get(SID_KEY)
    if sid is None:  # logged in without a session (set up by a test): give it one
        try:
            sid = sessions.start(engine, st.session_state.get("username") or "")
        except LookupError:
            return None
        st.session_state[SID_KEY] = sid
    return sessions.resolve(engine, sid, security_settings())


@cache
def _dummy_hash() -> bytes:
    return bcrypt.hashpw(b"not a password", bcrypt.gensalt(bcrypt_rounds()))


def guard_password_check(authenticator: Any, engine: Engine) -> None:
    """Put the lockout around the authenticator's password check."""
    model = authenticator.authentication_controller.authentication_model
    check = model.check_credentials

    def checked(username: str, password: str) -> bool:
        policy, address = security_settings(), client_address()
        known = username in model.credentials["usernames"]
        who = username if known else None  # a mistyped name (or password) is not logged
        verdict = lockout.before_attempt(engine, username, address, policy)
        if verdict.locked:
            record_login(engine, username=who, result="refused", reason="locked")
            _refuse()
        time.sleep(verdict.delay)
        if known:
            ok = bool(check(username, password))
        else:  # as slow as a known name, so the time does not tell either
            ok = bcrypt.checkpw(password.encode()[:72], _dummy_hash()) and False
        record_login(engine, username=who, result="ok" if ok else "failed")
        if ok:
            lockout.record_success(engine, username)
        elif lockout.record_failure(engine, username, address, policy):
            record_login(engine, username=who, action="auth.lockout")
            _refuse()
        return ok

    model.check_credentials = checked


def _refuse() -> None:
    st.session_state[LOCKED_KEY] = True
    raise LoginError("locked")


def install(authenticator: Any, cookie_name: str, cookie_key: str, engine: Engine) -> None:
    """Swap in the session cookie and the guarded password check."""
    manager = authenticator.cookie_controller.cookie_model.cookie_manager
    authenticator.cookie_controller = SessionCookies(manager, cookie_name, cookie_key, engine)
    guard_password_check(authenticator, engine)


def was_locked() -> bool:
    """Whether the last attempt was refused by the lockout (asked once)."""
    return bool(st.session_state.pop(LOCKED_KEY, False))
