"""Admin actions on buurten: add and edit name, code and households (stale edits refused)."""

from __future__ import annotations

import re

from sqlalchemy import Engine, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from hoplr_data.core.db import claim, session_scope
from hoplr_data.core.errors import Invalid
from hoplr_data.core.models import Buurt
from hoplr_data.core.roles import Actor

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")


def _validate(name: str, code: str, households: int) -> tuple[str, str]:
    """Trimmed name and code, or Invalid when a field is missing or malformed."""
    name, code = name.strip(), code.strip()
    if not name or not code:
        raise Invalid("error.required_fields")
    if not CODE_PATTERN.match(code):
        raise Invalid("error.buurt_code")
    if households < 1:
        raise Invalid("error.households")
    return name, code


def _flush_unique(session: Session) -> None:
    """Flush; a code another admin took meanwhile (unique index) is a clear refusal."""
    try:
        session.flush()
    except IntegrityError as exc:
        raise Invalid("error.buurt_code_taken") from exc


def create_buurt(session: Session, *, name: str, code: str, households: int) -> Buurt:
    """Add a buurt with a new code in the caller's transaction."""
    name, code = _validate(name, code, households)
    if session.scalar(select(Buurt.id).where(Buurt.code == code)):
        raise Invalid("error.buurt_code_taken")
    buurt = Buurt(name=name, code=code, households=households, version=1)
    session.add(buurt)
    _flush_unique(session)
    return buurt


def edit_buurt(
    session: Session, *, buurt_id: int, version: int, name: str, code: str, households: int
) -> None:
    """Edit a buurt in the caller's transaction; StaleEdit when it changed since it was read."""
    name, code = _validate(name, code, households)
    clash = session.scalar(select(Buurt.id).where(Buurt.code == code, Buurt.id != buurt_id))
    if clash:
        raise Invalid("error.buurt_code_taken")
    try:
        claim(
            session, Buurt, Buurt.id == buurt_id, version, name=name, code=code, households=households
        )
    except IntegrityError as exc:  # the code was taken meanwhile (unique index)
        raise Invalid("error.buurt_code_taken") from exc


def add_buurt(engine: Engine, *, actor: Actor, name: str, code: str, households: int) -> None:
    """Admin action: add a buurt with a new code."""
    actor.require("administer")
    with session_scope(engine) as session:
        create_buurt(session, name=name, code=code, households=households)


def update_buurt(
    engine: Engine,
    *,
    actor: Actor,
    buurt_id: int,
    version: int,
    name: str,
    code: str,
    households: int,
) -> None:
    """Admin action: edit a buurt; refused when someone changed it since the form loaded."""
    actor.require("administer")
    with session_scope(engine) as session:
        edit_buurt(
            session,
            buurt_id=buurt_id,
            version=version,
            name=name,
            code=code,
            households=households,
        )
