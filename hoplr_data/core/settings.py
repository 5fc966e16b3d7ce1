"""Settings stored in the database (editable by admins), with defaults.

Each setting is a versioned row: the admin form passes the versions it read, and `save` writes
every changed setting in one transaction or none (a stale one refuses the whole save).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from sqlalchemy import Engine, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from hoplr_data.core import audit
from hoplr_data.core.db import claim, session_scope
from hoplr_data.core.errors import Invalid, StaleEdit
from hoplr_data.core.models import LANGUAGES, Setting
from hoplr_data.core.roles import Actor

DEFAULTS: dict[str, int] = {
    "k_threshold": 5,
    "retention_days": 365,
    "audit_retention_days": 365,  # hoplr_data.core.audit.purge_older_than
    "topic_min_confidence_pct": 40,
}
LIMITS: dict[str, tuple[int, int]] = {
    "k_threshold": (1, 100),
    "retention_days": (1, 3650),
    "audit_retention_days": (30, 3650),
    "topic_min_confidence_pct": (0, 100),
}
LANGUAGES_KEY = "publication_languages"
DEFAULT_LANGUAGES = ("nl",)
DEMO_DATE_KEY = "demo_date"
ADMIN_KEYS = (*DEFAULTS, LANGUAGES_KEY)
NEVER_SAVED = 0  # the version of a setting that still has its default (no row yet)


def get_int(engine: Engine, key: str) -> int:
    """An integer setting, or its default."""
    with engine.connect() as conn:
        value = conn.execute(select(Setting.value).where(Setting.key == key)).scalar()
    return int(value) if value is not None else DEFAULTS[key]


def publication_languages(engine: Engine) -> list[str]:
    """The languages every top-down item must have (Den Haag: Dutch; Brussels: French, Dutch)."""
    with engine.connect() as conn:
        value = conn.execute(select(Setting.value).where(Setting.key == LANGUAGES_KEY)).scalar()
    chosen = [v for v in (value or "").split(",") if v in LANGUAGES]
    return chosen or list(DEFAULT_LANGUAGES)


def versions(engine: Engine) -> dict[str, int]:
    """The stored version of every admin setting (NEVER_SAVED for one still at its default)."""
    with engine.connect() as conn:
        rows = dict(conn.execute(select(Setting.key, Setting.version)).all())
    return {key: rows.get(key, NEVER_SAVED) for key in ADMIN_KEYS}


def _checked_int(key: str, value: int) -> str:
    """The stored text of an integer setting; Invalid outside its limits."""
    low, high = LIMITS[key]
    if not low <= int(value) <= high:
        raise Invalid("error.setting_range", low=low, high=high)
    return str(int(value))


def _checked_languages(languages: list[str]) -> str:
    """The stored text of the publication languages; Invalid unless known and at least one."""
    if not languages or any(lang not in LANGUAGES for lang in languages):
        raise Invalid("error.languages_required")
    return ",".join(lang for lang in LANGUAGES if lang in languages)


def _put(session: Session, key: str, value: str, version: int) -> None:
    """Compare-and-set one setting: insert it if never saved, else claim the version read."""
    if version != NEVER_SAVED:
        claim(session, Setting, Setting.key == key, version, value=value)
        return
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    table = Setting.__table__
    statement = (
        insert(table)
        .values(key=key, value=value, version=1)
        .on_conflict_do_nothing()
        .returning(table.c.key)
    )
    if not session.execute(statement).all():  # another admin saved it first
        raise StaleEdit()


def write(
    session: Session, *, ints: dict[str, int], languages: list[str] | None, versions: dict[str, int]
) -> None:
    """Write settings in the caller's transaction, each checked against the version read."""
    values = {key: _checked_int(key, value) for key, value in ints.items()}
    if languages is not None:
        values[LANGUAGES_KEY] = _checked_languages(languages)
    for key, value in values.items():
        _put(session, key, value, versions.get(key, NEVER_SAVED))


def save(
    engine: Engine,
    *,
    actor: Actor,
    ints: dict[str, int],
    languages: list[str] | None,
    versions: dict[str, int],
) -> None:
    """Admin action: save settings together (all or none); StaleEdit if one changed since read."""
    _audited_write(engine, actor, ints, languages, lambda _session: versions)


def _audited_write(
    engine: Engine,
    actor: Actor,
    ints: dict[str, int],
    languages: list[str] | None,
    seen: Callable[[Session], dict[str, int]],
) -> None:
    """Write settings in one transaction with their audit row; a refusal is audited too."""
    keys = [*ints, *([LANGUAGES_KEY] if languages is not None else [])]
    with audit.refusals(engine, actor, "settings.save", "setting"):
        actor.require("administer")
        with session_scope(engine) as session:
            write(session, ints=ints, languages=languages, versions=seen(session))
            audit.record(
                session, actor=actor.username, action="settings.save", object_type="setting",
                detail={"keys": keys},
            )  # fmt: skip


def _stored_versions(session: Session) -> dict[str, int]:
    """The versions as stored now, read in the caller's transaction."""
    return dict(session.execute(select(Setting.key, Setting.version)).all())


def set_int(engine: Engine, *, actor: Actor, key: str, value: int) -> None:
    """Admin action outside a form (scripts, tests): set one integer setting, last write wins."""
    _audited_write(engine, actor, {key: value}, None, _stored_versions)


def set_publication_languages(engine: Engine, *, actor: Actor, languages: list[str]) -> None:
    """Admin action outside a form (scripts, tests): set the required publication languages."""
    _audited_write(engine, actor, {}, languages, _stored_versions)


def demo_date(engine: Engine) -> dt.date | None:
    """The demo's "today" (the last day of the seeded scenario), None outside a demo database."""
    with engine.connect() as conn:
        value = conn.execute(select(Setting.value).where(Setting.key == DEMO_DATE_KEY)).scalar()
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def record_demo_date(engine: Engine, day: dt.date) -> None:
    """Seeding: store the scenario's last day as the demo's clock (never done in production)."""
    with session_scope(engine) as session:
        stored = _stored_versions(session).get(DEMO_DATE_KEY, NEVER_SAVED)
        _put(session, DEMO_DATE_KEY, day.isoformat(), stored)
