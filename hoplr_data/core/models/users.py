"""The dashboard's users, their roles, in-app notifications and the admin settings."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hoplr_data.core.models.base import Base


class User(Base):
    """A civil servant who logs in to the dashboard."""

    __tablename__ = "app_user"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(100))
    language: Mapped[str] = mapped_column(String(2), default="nl")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    department_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)  # bumped by every admin edit
    roles: Mapped[list[UserRole]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="UserRole.role"
    )


class UserRole(Base):
    """One role held by a user."""

    __tablename__ = "user_role"
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    role: Mapped[str] = mapped_column(String(32), primary_key=True)


class Setting(Base):
    """A key/value setting editable by admins."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")


NOTIFICATION_KINDS = ("assigned", "reply", "due_soon", "published")


class Notification(Base):
    """A message inside the app for one user; `dedupe_key` makes each one exist once."""

    __tablename__ = "notification"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    kind: Mapped[str] = mapped_column(String(16))
    dedupe_key: Mapped[str] = mapped_column(String(160), unique=True)
    item_id: Mapped[str | None] = mapped_column(ForeignKey("item.id"), nullable=True)
    publication_id: Mapped[int | None] = mapped_column(ForeignKey("publication.id"), nullable=True)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    due_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    read_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    dismissed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    __table_args__ = (Index("ix_notification_user", "user_id", "dismissed_at", "read_at"),)


class LoginSession(Base):
    """A server-side login session; the browser's cookie holds only a signed reference to it."""

    __tablename__ = "session"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # random, from secrets
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    end_reason: Mapped[str | None] = mapped_column(String(16), nullable=True)
    user_agent: Mapped[str] = mapped_column(String(120), default="")
    __table_args__ = (Index("ix_session_user", "user_id", "ended_at"),)


class LoginThrottle(Base):
    """Failed logins of one account name or one client address, and its lockout."""

    __tablename__ = "login_throttle"
    key: Mapped[str] = mapped_column(String(200), primary_key=True)  # account:<name>/address:<ip>
    failures: Mapped[int] = mapped_column(Integer, default=0)
    lockouts: Mapped[int] = mapped_column(Integer, default=0)  # each lockout doubles the next
    last_failure_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
