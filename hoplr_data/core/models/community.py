"""The community's activity: buurten, invitations, registrations, visits, posts, reactions,
appreciations and resident events.

Privacy (docs/privacy-security.md): no table holds the text of a resident post or reaction, nor who
wrote it beyond the platform's pseudonymous household id.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from hoplr_data.core.models.base import Base

RESPONSE_KINDS = ("interested", "attending")


class Buurt(Base):
    """A neighbourhood with its reference number of households."""

    __tablename__ = "buurt"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    households: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)


def _wave_of_letters(context) -> str:  # noqa: ANN001
    """Default wave of a letter: the day its code was made (ISO date)."""
    return context.get_current_parameters()["created_at"].date().isoformat()


class InvitationCode(Base):
    """A code printed on an invitation letter; the address is used only for the letter.

    Nothing here says whether or when a code was used, and no membership names its code: a
    membership keeps only the wave (docs/privacy-security.md, "Addresses serve letters only").
    """

    __tablename__ = "invitation_code"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    buurt_id: Mapped[int] = mapped_column(ForeignKey("buurt.id"), index=True)
    address: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    wave: Mapped[str] = mapped_column(String(32), default=_wave_of_letters)


class Membership(Base):
    """One registration of a household, closed by a deregistration."""

    __tablename__ = "membership"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    household_id: Mapped[str] = mapped_column(String(64), index=True)
    buurt_id: Mapped[int] = mapped_column(ForeignKey("buurt.id"))
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime)
    week: Mapped[dt.date] = mapped_column(Date)
    # the letter wave whose code (of this buurt) the household used; None: organic
    invite_wave: Mapped[str | None] = mapped_column(String(32), nullable=True)
    deregistered_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    deregistered_week: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    deregistration_event_id: Mapped[str | None] = mapped_column(
        String(64), unique=True, nullable=True
    )
    __table_args__ = (Index("ix_membership_buurt_registered", "buurt_id", "registered_at"),)


class Visit(Base):
    """A day on which a household opened the platform (one row per household and day)."""

    __tablename__ = "visit"
    household_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    buurt_id: Mapped[int] = mapped_column(ForeignKey("buurt.id"))
    week: Mapped[dt.date] = mapped_column(Date)
    __table_args__ = (Index("ix_visit_week_buurt", "week", "buurt_id", "household_id", "day"),)


class Post(Base):
    """A resident post: topic, language and length only; its text is never stored."""

    __tablename__ = "post"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    household_id: Mapped[str] = mapped_column(String(64), index=True)
    buurt_id: Mapped[int] = mapped_column(ForeignKey("buurt.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    week: Mapped[dt.date] = mapped_column(Date)
    month: Mapped[dt.date] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(2))
    length: Mapped[int] = mapped_column(Integer)
    topic: Mapped[str | None] = mapped_column(String(40), nullable=True)
    topic_confidence: Mapped[float | None] = mapped_column(Float, nullable=True)
    model_version: Mapped[str | None] = mapped_column(String(40), nullable=True)
    __table_args__ = (
        Index("ix_post_week_buurt", "week", "buurt_id", "created_at"),
        Index("ix_post_month_buurt", "month", "buurt_id", "topic"),
        Index("ix_post_created", "created_at"),
    )


class Reaction(Base):
    """A reaction to a post; its text is never stored."""

    __tablename__ = "reaction"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    post_id: Mapped[str] = mapped_column(String(64))
    household_id: Mapped[str] = mapped_column(String(64), index=True)
    buurt_id: Mapped[int] = mapped_column(ForeignKey("buurt.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    week: Mapped[dt.date] = mapped_column(Date)
    language: Mapped[str] = mapped_column(String(2))
    length: Mapped[int] = mapped_column(Integer)
    __table_args__ = (
        Index("ix_reaction_week_buurt", "week", "buurt_id", "created_at"),
        Index("ix_reaction_created", "created_at"),
    )


class Appreciation(Base):
    """A thank-you on a post."""

    __tablename__ = "appreciation"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    post_id: Mapped[str] = mapped_column(String(64))
    household_id: Mapped[str] = mapped_column(String(64))
    buurt_id: Mapped[int] = mapped_column(ForeignKey("buurt.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    week: Mapped[dt.date] = mapped_column(Date)
    __table_args__ = (
        Index("ix_appreciation_week_buurt", "week", "buurt_id", "created_at"),
        Index("ix_appreciation_created", "created_at"),
    )


class ResidentEvent(Base):
    """An activity organised by a resident; its title and description are not stored."""

    __tablename__ = "resident_event"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    household_id: Mapped[str] = mapped_column(String(64))
    buurt_id: Mapped[int] = mapped_column(ForeignKey("buurt.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    week: Mapped[dt.date] = mapped_column(Date)
    starts_at: Mapped[dt.datetime] = mapped_column(DateTime)
    __table_args__ = (Index("ix_resident_event_week_buurt", "week", "buurt_id"),)


class EventResponse(Base):
    """A household saying it is interested in, or attending, a resident event."""

    __tablename__ = "event_response"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("resident_event.id"))
    household_id: Mapped[str] = mapped_column(String(64), index=True)
    buurt_id: Mapped[int] = mapped_column(ForeignKey("buurt.id"))
    kind: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    week: Mapped[dt.date] = mapped_column(Date)
    __table_args__ = (
        UniqueConstraint("event_id", "household_id", name="uq_event_response_household"),
        Index("ix_event_response_week_buurt", "week", "buurt_id", "created_at"),
    )
