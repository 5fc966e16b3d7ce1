"""Settings stored in the database (editable by admins), with defaults."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine, select

from hoplr_data.core.db import session_scope
from hoplr_data.core.models import LANGUAGES, Setting
from hoplr_data.core.roles import require
from hoplr_data.users.accounts import UserError

DEFAULTS: dict[str, int] = {
    "k_threshold": 5,
    "retention_days": 365,
    "topic_min_confidence_pct": 40,
}
LIMITS: dict[str, tuple[int, int]] = {
    "k_threshold": (1, 100),
    "retention_days": (1, 3650),
    "topic_min_confidence_pct": (0, 100),
}


def get_int(engine: Engine, key: str) -> int:
    """An integer setting, or its default."""
    with engine.connect() as conn:
        value = conn.execute(select(Setting.value).where(Setting.key == key)).scalar()
    return int(value) if value is not None else DEFAULTS[key]


def set_int(engine: Engine, *, actor_roles: list[str], key: str, value: int) -> None:
    """Admin action: change an integer setting within its limits."""
    require(actor_roles, "administer")
    low, high = LIMITS[key]
    if not low <= value <= high:
        raise ValueError(key)
    with session_scope(engine) as session:
        row = session.get(Setting, key)
        if row is None:
            session.add(Setting(key=key, value=str(value)))
        else:
            row.value = str(value)


LANGUAGES_KEY = "publication_languages"
DEFAULT_LANGUAGES = ("nl",)


def publication_languages(engine: Engine) -> list[str]:
    """The languages every top-down item must have (Den Haag: Dutch; Brussels: French, Dutch)."""
    with engine.connect() as conn:
        value = conn.execute(select(Setting.value).where(Setting.key == LANGUAGES_KEY)).scalar()
    chosen = [v for v in (value or "").split(",") if v in LANGUAGES]
    return chosen or list(DEFAULT_LANGUAGES)


def set_publication_languages(
    engine: Engine, *, actor_roles: list[str], languages: list[str]
) -> None:
    """Admin action: set the required publication languages (at least one known language)."""
    require(actor_roles, "administer")
    if not languages or any(lang not in LANGUAGES for lang in languages):
        raise UserError("error.languages_required")
    value = ",".join(lang for lang in LANGUAGES if lang in languages)
    with session_scope(engine) as session:
        row = session.get(Setting, LANGUAGES_KEY)
        if row is None:
            session.add(Setting(key=LANGUAGES_KEY, value=value))
        else:
            row.value = value


DEMO_DATE_KEY = "demo_date"


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
        row = session.get(Setting, DEMO_DATE_KEY)
        if row is None:
            session.add(Setting(key=DEMO_DATE_KEY, value=day.isoformat()))
        else:
            row.value = day.isoformat()
