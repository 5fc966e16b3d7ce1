"""The audit log (BIO 8.15): who did what to which object, with which result, from where, when.

Append-only: database triggers (migration 0010) refuse every UPDATE and every DELETE except the
retention purge of hoplr_data.core.audit. It never holds residents' texts or passwords.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from hoplr_data.core.models.base import Base

AUDIT_RESULTS = ("ok", "refused", "failed")


class AuditEntry(Base):
    """One audited action: actor, action, object, result, origin and time; detail is small JSON."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(48))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[str] = mapped_column(String(64), default="")
    result: Mapped[str] = mapped_column(String(16))
    origin: Mapped[str] = mapped_column(String(64))
    detail: Mapped[str] = mapped_column(Text, default="{}")
    __table_args__ = (
        Index("ix_audit_log_at", "at"),
        Index("ix_audit_log_actor", "actor", "at"),
        Index("ix_audit_log_action", "action", "at"),
    )
