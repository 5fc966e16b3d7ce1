"""Users of the dashboard: bcrypt passwords, roles, language; admin actions check the role."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import bcrypt
from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hoplr_data.core.config import bcrypt_rounds
from hoplr_data.core.db import claim, session_scope
from hoplr_data.core.errors import Invalid, NotFound, StaleEdit
from hoplr_data.core.models import LANGUAGES, User, UserRole
from hoplr_data.core.roles import ROLES, Actor
from hoplr_data.users.sessions import end_for_user, user_info

MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 64
MAX_PASSWORD_BYTES = 72  # bcrypt reads at most 72 bytes of UTF-8
MIN_DISTINCT_CHARS = 5
MIN_CHARACTER_CLASSES = 2
BLOCKLIST = Path(__file__).resolve().parents[1] / "data" / "common_passwords.txt"


UserError = Invalid  # the name callers knew; every refusal derives from DomainError
__all__ = ["StaleEdit", "UserError"]


def _check_length(password: str) -> None:
    """12 to 64 characters (counted as characters), and at most 72 bytes for bcrypt."""
    if not MIN_PASSWORD_CHARS <= len(password) <= MAX_PASSWORD_CHARS:
        raise UserError("error.password_length")
    if len(password.encode()) > MAX_PASSWORD_BYTES:
        raise UserError("error.password_bytes")


def hash_password(password: str) -> str:
    """bcrypt hash of a password of 12 to 64 characters and at most 72 bytes."""
    _check_length(password)
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(bcrypt_rounds())).decode()


def character_classes(password: str) -> int:
    """How many of lower-case letters, capitals, digits and other signs (spaces, punctuation)."""
    return sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )


@cache
def common_passwords() -> frozenset[str]:
    """The 10,000 most common passwords shipped in hoplr_data/data (lower case)."""
    return frozenset(line.strip().lower() for line in BLOCKLIST.read_text().splitlines() if line)


def is_common(password: str) -> bool:
    """A common password, also with capitals or with digits and signs added at either end."""
    lowered = password.lower()
    core = lowered.strip("0123456789 !?.,-_@#$%^&*+=~")
    return lowered in common_passwords() or core in common_passwords()


def check_new_password(password: str) -> None:
    """A password a person chooses: the length rules, at least 5 different characters, at
    least two kinds of character (letters, capitals, digits, spaces or punctuation), and not
    one of the common passwords."""
    _check_length(password)
    distinct = len(set(password))
    if distinct < MIN_DISTINCT_CHARS or character_classes(password) < MIN_CHARACTER_CLASSES:
        raise UserError("error.password_weak")
    if is_common(password):
        raise UserError("error.password_common")


def _check_roles(roles: list[str]) -> list[str]:
    if not roles or any(r not in ROLES for r in roles):
        raise UserError("error.roles_required")
    return sorted(set(roles))


def create_user(
    session: Session,
    *,
    username: str,
    name: str,
    password: str,
    roles: list[str],
    email: str = "",
    language: str = "nl",
) -> User:
    """Add a user in the caller's transaction; the username must be new."""
    username = username.strip().lower()
    if not username or not name.strip():
        raise UserError("error.required_fields")
    if language not in LANGUAGES:
        raise UserError("error.language")
    if session.scalar(select(User.id).where(User.username == username)):
        raise UserError("error.username_taken")
    user = User(
        username=username,
        name=name.strip(),
        email=email.strip(),
        password_hash=hash_password(password),
        language=language,
        active=True,
    )
    user.roles = [UserRole(role=r) for r in _check_roles(roles)]
    session.add(user)
    try:
        session.flush()
    except IntegrityError as exc:  # another admin added the same username meanwhile
        raise UserError("error.username_taken") from exc
    return user


def add_user(engine: Engine, *, actor: Actor, **fields: object) -> None:
    """Admin action: add a user."""
    actor.require("administer")
    check_new_password(str(fields.get("password", "")))
    with session_scope(engine) as session:
        create_user(session, **fields)  # type: ignore[arg-type]


def _current(session: Session, user_id: int, version: int) -> User:
    """The user as the admin saw it: NotFound, or StaleEdit when its version moved on."""
    user = session.get(User, user_id)
    if user is None:
        raise NotFound()
    if user.version != version:
        raise StaleEdit()
    return user


def edit_user(
    session: Session,
    actor: Actor,
    *,
    user_id: int,
    version: int,
    roles: list[str],
    active: bool,
    name: str,
    department_code: str | None = None,
) -> None:
    """Change roles, name, department and active flag in the caller's transaction."""
    user = _current(session, user_id, version)
    new_roles = _check_roles(roles)
    if user.username == actor.username and (not active or "admin" not in new_roles):
        raise UserError("error.cannot_demote_self")
    if not name.strip():
        raise UserError("error.required_fields")
    user = claim(
        session,
        User,
        User.id == user_id,
        version,
        name=name.strip(),
        active=active,
        department_code=department_code or None,
    )
    user.roles = [UserRole(role=r) for r in new_roles]
    if not active:
        end_for_user(session, user_id, "deactivated")  # their cookies no longer log them in


def update_user(
    engine: Engine,
    *,
    actor: Actor,
    user_id: int,
    version: int,
    roles: list[str],
    active: bool,
    name: str,
    department_code: str | None = None,
) -> None:
    """Admin action: change roles, name, department or active flag; refused on a stale version."""
    actor.require("administer")
    with session_scope(engine) as session:
        edit_user(
            session,
            actor,
            user_id=user_id,
            version=version,
            roles=roles,
            active=active,
            name=name,
            department_code=department_code,
        )


def reset_password(
    engine: Engine, *, actor: Actor, user_id: int, version: int, password: str
) -> None:
    """Admin action: set a new password; refused on a stale version."""
    actor.require("administer")
    check_new_password(password)
    password_hash = hash_password(password)
    with session_scope(engine) as session:
        _current(session, user_id, version)
        claim(session, User, User.id == user_id, version, password_hash=password_hash)
        end_for_user(session, user_id, "password")  # a copied cookie no longer logs in


def set_language(engine: Engine, *, username: str, language: str) -> None:
    """Remember a user's language."""
    if language not in LANGUAGES:
        raise UserError("error.language")
    with session_scope(engine) as session:
        user = session.scalar(select(User).where(User.username == username))
        if user is not None and user.language != language:
            user.language = language


def list_users(engine: Engine) -> list[dict]:
    """Every user with roles, for the admin page."""
    with Session(engine) as session:
        users = session.scalars(select(User).order_by(User.username)).all()
        return [
            {
                "id": u.id,
                "username": u.username,
                "name": u.name,
                "email": u.email,
                "roles": [r.role for r in u.roles],
                "language": u.language,
                "active": u.active,
                "department_code": u.department_code,
                "version": u.version,
            }
            for u in users
        ]


def get_user(engine: Engine, username: str) -> dict | None:
    """One active user's name, roles and language, or None."""
    with Session(engine) as session:
        user = session.scalar(select(User).where(User.username == username, User.active))
        return None if user is None else user_info(user)


def credentials(engine: Engine) -> dict:
    """Active users in the shape streamlit-authenticator expects."""
    with Session(engine) as session:
        users = session.scalars(select(User).where(User.active)).all()
        return {
            "usernames": {
                u.username: {
                    "name": u.name,
                    "email": u.email,
                    "password": u.password_hash,
                    "roles": [r.role for r in u.roles],
                }
                for u in users
            }
        }
