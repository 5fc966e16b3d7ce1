"""SQLAlchemy 2.x typed models.

Privacy (DESIGN.md section 7): no table holds the text of a resident post or reaction, nor who
wrote it beyond the platform's pseudonymous household id.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

ROLES = ("admin", "community_builder", "case_handler", "viewer")
LANGUAGES = ("nl", "fr", "en")
RESPONSE_KINDS = ("interested", "attending")


class Base(DeclarativeBase):
    """Declarative base of every table."""


class Buurt(Base):
    """A neighbourhood with its reference number of households."""

    __tablename__ = "buurt"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    households: Mapped[int] = mapped_column(Integer)
    version: Mapped[int] = mapped_column(Integer, default=1)


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


class InvitationCode(Base):
    """A code printed on an invitation letter; the address is used only for the letter."""

    __tablename__ = "invitation_code"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    buurt_id: Mapped[int] = mapped_column(ForeignKey("buurt.id"), index=True)
    address: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


class Membership(Base):
    """One registration of a household, closed by a deregistration."""

    __tablename__ = "membership"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    household_id: Mapped[str] = mapped_column(String(64), index=True)
    buurt_id: Mapped[int] = mapped_column(ForeignKey("buurt.id"))
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime)
    week: Mapped[dt.date] = mapped_column(Date)
    invite_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
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


# --- bottom-up: residents' reports (meldingen) and ideas (ideeen) -----------------------------

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
    # the ingest event that wrote the row (a resident's reply), so a re-import changes nothing
    event_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    __table_args__ = (Index("ux_item_event_event_id", "event_id", unique=True),)


class OutboxMessage(Base):
    """A message for the platform to deliver (replies to residents, published items)."""

    __tablename__ = "outbox"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    item_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    publication_id: Mapped[int | None] = mapped_column(
        ForeignKey("publication.id", name="fk_outbox_publication"), nullable=True
    )
    household_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    language: Mapped[str] = mapped_column(String(2))
    payload: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True, index=True)


PUBLICATION_KINDS = ("post", "event", "poll", "survey", "project")
PUBLICATION_STATUSES = ("draft", "scheduled", "published", "archived")
PUBLICATION_RESPONSE_KINDS = ("reaction", "interested", "attending", "answer", "vote")


class Publication(Base):
    """A top-down item (post, event, poll, survey, participation project) and its draft.

    The composer's document (texts per language, questions, phases, place) is kept as JSON in
    ``content``; what queries filter on (kind, status, dates, targeting) has its own columns.
    """

    __tablename__ = "publication"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    all_buurten: Mapped[bool] = mapped_column(Boolean, default=False)
    content: Mapped[str] = mapped_column(Text, default="{}")
    scheduled_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    published_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    archived_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    starts_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    ends_at: Mapped[dt.datetime | None] = mapped_column(DateTime, nullable=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)
    __table_args__ = (Index("ix_publication_status", "status", "published_at"),)


class PublicationBuurt(Base):
    """A buurt a publication targets (none when it targets all buurten)."""

    __tablename__ = "publication_buurt"
    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id"), primary_key=True)
    buurt_id: Mapped[int] = mapped_column(ForeignKey("buurt.id"), primary_key=True)


class PublicationResponse(Base):
    """A resident's response to a publication: reaction, RSVP, poll or survey answer, vote.

    Survey and poll answers are anonymous: they keep the buurt, never the household.
    """

    __tablename__ = "publication_response"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id"))
    kind: Mapped[str] = mapped_column(String(10))
    household_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    buurt_id: Mapped[int] = mapped_column(ForeignKey("buurt.id"))
    idea_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    __table_args__ = (Index("ix_publication_response_pub", "publication_id", "kind"),)


class SurveyAnswer(Base):
    """One answer of an anonymous response: an option, a score or an open text."""

    __tablename__ = "survey_answer"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[str] = mapped_column(ForeignKey("publication_response.id"), index=True)
    question: Mapped[str] = mapped_column(String(16))
    option: Mapped[str | None] = mapped_column(String(16), nullable=True)
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)


class ProjectIdea(Base):
    """An idea a resident submitted to a participation project (its text is kept on purpose)."""

    __tablename__ = "project_idea"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    publication_id: Mapped[int] = mapped_column(ForeignKey("publication.id"), index=True)
    household_id: Mapped[str] = mapped_column(String(64))
    buurt_id: Mapped[int] = mapped_column(ForeignKey("buurt.id"))
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)


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
