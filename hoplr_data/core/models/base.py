"""The declarative base and the vocabularies every model module shares."""

from __future__ import annotations

from sqlalchemy.orm import DeclarativeBase

ROLES = ("admin", "community_builder", "case_handler", "viewer")
LANGUAGES = ("nl", "fr", "en")


class Base(DeclarativeBase):
    """Declarative base of every table."""
