"""Admin actions on buurten: add and edit name, code and households (stale edits refused)."""

from __future__ import annotations

import re

from sqlalchemy import Engine, select

from hoplr_data.core.db import session_scope
from hoplr_data.core.models import Buurt
from hoplr_data.core.roles import require
from hoplr_data.users.accounts import StaleEdit, UserError

CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,31}$")


def _validate(name: str, code: str, households: int) -> tuple[str, str]:
    name, code = name.strip(), code.strip()
    if not name or not code:
        raise UserError("error.required_fields")
    if not CODE_PATTERN.match(code):
        raise UserError("error.buurt_code")
    if households < 1:
        raise UserError("error.households")
    return name, code


def add_buurt(
    engine: Engine, *, actor_roles: list[str], name: str, code: str, households: int
) -> None:
    """Admin action: add a buurt with a new code."""
    require(actor_roles, "administer")
    name, code = _validate(name, code, households)
    with session_scope(engine) as session:
        if session.scalar(select(Buurt.id).where(Buurt.code == code)):
            raise UserError("error.buurt_code_taken")
        session.add(Buurt(name=name, code=code, households=households, version=1))


def update_buurt(
    engine: Engine,
    *,
    actor_roles: list[str],
    buurt_id: int,
    version: int,
    name: str,
    code: str,
    households: int,
) -> None:
    """Admin action: edit a buurt; refused when someone changed it since the form loaded."""
    require(actor_roles, "administer")
    name, code = _validate(name, code, households)
    with session_scope(engine) as session:
        buurt = session.get(Buurt, buurt_id, with_for_update=True)
        if buurt is None:
            raise UserError("error.not_found")
        if buurt.version != version:
            raise StaleEdit()
        clash = session.scalar(select(Buurt.id).where(Buurt.code == code, Buurt.id != buurt_id))
        if clash:
            raise UserError("error.buurt_code_taken")
        buurt.name, buurt.code, buurt.households = name, code, households
        buurt.version += 1
