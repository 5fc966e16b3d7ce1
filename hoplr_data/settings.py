"""Settings stored in the database (editable by admins), with defaults."""

from __future__ import annotations

from sqlalchemy import Engine, select

from .db import session_scope
from .models import Setting
from .roles import require

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
