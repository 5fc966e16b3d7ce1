"""Bottom-up: residents' reports (meldingen) and ideas (ideeen), their departments, categories,
standard replies and history."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from hoplr_data.core.models.base import Base

ITEM_KINDS = ("report", "idea")


PRIORITIES = ("normal", "high")


class Department(Base):
    """A municipal department responsible for categories."""

    __tablename__ = "department"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_nl: Mapped[str] = mapped_column(String(120))
    name_fr: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))


class Category(Base):
    """A main or sub category of reports or ideas, with its handling term and department."""

    __tablename__ = "category"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(48), unique=True)
    kind: Mapped[str] = mapped_column(String(8))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("category.id"), nullable=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"))
    handling_days: Mapped[int] = mapped_column(Integer)
    name_nl: Mapped[str] = mapped_column(String(120))
    name_fr: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    version: Mapped[int] = mapped_column(Integer, default=1)


class ReplyTemplate(Base):
    """The standard message to a resident for a status, per kind and language (editable)."""

    __tablename__ = "reply_template"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(2))
    text: Mapped[str] = mapped_column(Text)
    __table_args__ = (UniqueConstraint("kind", "status", "language", name="uq_reply_template"),)


class Item(Base):
    """A report or idea a resident sent to the municipality; its text is stored on purpose."""

    __tablename__ = "item"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    buurt_id: Mapped[int] = mapped_column(ForeignKey("buurt.id"))
    household_id: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(2))
    address: Mapped[str | None] = mapped_column(String(200), nullable=True)
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    photo_url: Mapped[str | None] = mapped_column(String(500), nullable=True)
    resident_category_id: Mapped[int | None] = mapped_column(
        ForeignKey("category.id"), nullable=True
    )
    category_id: Mapped[int] = mapped_column(ForeignKey("category.id"))
    priority: Mapped[str] = mapped_column(String(8), default="normal")
    status: Mapped[str] = mapped_column(String(32))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    duplicate_of: Mapped[str | None] = mapped_column(ForeignKey("item.id"), nullable=True)
    reporter_name: Mapped[str | None] = mapped_column(String(120), nullable=True)
    reporter_email: Mapped[str | None] = mapped_column(String(200), nullable=True)
    reporter_phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    contact_erased_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    # when the resident's latest reply arrived, until someone with triage acts on the item
    new_reply_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __table_args__ = (
        Index("ix_item_status", "kind", "status"),
        Index("ix_item_buurt_created", "buurt_id", "created_at"),
    )


class ItemEvent(Base):
    """One line of an item's history: who did what when (notes and replies included)."""

    __tablename__ = "item_event"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[str] = mapped_column(ForeignKey("item.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    action: Mapped[str] = mapped_column(String(16))
    from_value: Mapped[str | None] = mapped_column(String(64), nullable=True)
    to_value: Mapped[str | None] = mapped_column(String(64), nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    # the ingest event that wrote the row (a report's or idea's `created`, a resident's reply):
    # with the action its natural key, so a re-import, a parallel import or a rerun changes nothing
    event_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    __table_args__ = (Index("ux_item_event_event", "event_id", "action", unique=True),)
