"""Field readers shared by the ingest handlers: each raises Rejected with a reason code."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from hoplr_data.core.models import LANGUAGES
from hoplr_data.core.timeutil import parse_time
from hoplr_data.topics.language import guess_language

MAX_ID_LENGTH = 64
MAX_ITEM_TEXT = 5000


class Rejected(Exception):
    """A line that cannot be imported, with a reason code and the field concerned."""

    def __init__(self, reason: str, field_name: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field_name


ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$")


def _id(ev: dict) -> str:
    """An event id: letters, digits and . _ : - only (ids are shown in the inbox)."""
    value = _str(ev, "id")
    if not ID_PATTERN.match(value):
        raise Rejected("bad_field", "id")
    return value


def _str(ev: dict, name: str) -> str:
    """A required short string field (an id, a code), at most MAX_ID_LENGTH characters."""
    if name not in ev or ev[name] is None:
        raise Rejected("missing_field", name)
    value = ev[name]
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_ID_LENGTH:
        raise Rejected("bad_field", name)
    return value


def _time(ev: dict, name: str) -> dt.datetime:
    """A required ISO 8601 moment, as Europe/Amsterdam local time."""
    if name not in ev or ev[name] is None:
        raise Rejected("missing_field", name)
    try:
        return parse_time(ev[name])
    except (ValueError, TypeError):
        raise Rejected("bad_time", name) from None


def _text(ev: dict) -> str:
    """The optional text of a post or reaction (read for language and length, never stored)."""
    text = ev.get("text", "")
    if not isinstance(text, str):
        raise Rejected("bad_field", "text")
    return text


def _item_text(ev: dict) -> str:
    """The text of a report, idea or reply: required, kept (stripped), at most MAX_ITEM_TEXT."""
    text = ev.get("text")
    if not isinstance(text, str) or not text.strip():
        raise Rejected("missing_field" if not text else "bad_field", "text")
    if len(text) > MAX_ITEM_TEXT:
        raise Rejected("bad_field", "text")
    return text.strip()


def _language(ev: dict, text: str) -> str:
    """The event's language (nl, fr or en), guessed from the text when absent."""
    lang = ev.get("language")
    if lang is None:
        return guess_language(text)
    if lang not in LANGUAGES:
        raise Rejected("bad_field", "language")
    return lang


def fingerprint(*content: object) -> int:
    """A compact fingerprint of what a stored row holds of its event (compared in one process)."""
    return hash(content)


def stored_fingerprints(conn, id_column, *content) -> dict[str, int]:  # noqa: ANN001
    """Id -> fingerprint of the content columns, for every stored row (what a re-send repeats)."""
    return {eid: fingerprint(*rest) for eid, *rest in conn.execute(select(id_column, *content))}


def known(stored: dict[str, int], eid: str, *content: object) -> bool:
    """True when the id is stored with this content; `conflicting_duplicate` when with other."""
    seen = stored.get(eid)
    if seen is None:
        return False
    if seen != fingerprint(*content):
        raise Rejected("conflicting_duplicate", "id")
    return True
