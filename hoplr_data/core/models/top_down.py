"""Top-down: publications (posts, events, polls, surveys, projects), their responses, and the
outbox of messages for the platform to deliver."""

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
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from hoplr_data.core.models.base import Base


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
    """One answer of an anonymous response: an option, a score or an open text.

    Its natural key is the response (the ingest event id), the question and `seq`, the place of
    the part in the answer (0, or the n-th chosen option of a multiple choice): a re-import, a
    parallel import or a rerun after a crash cannot write a response's answers twice.
    """

    __tablename__ = "survey_answer"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[str] = mapped_column(ForeignKey("publication_response.id"), index=True)
    question: Mapped[str] = mapped_column(String(16))
    option: Mapped[str | None] = mapped_column(String(16), nullable=True)
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    __table_args__ = (
        UniqueConstraint("response_id", "question", "seq", name="uq_survey_answer_part"),
    )


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
