"""Field readers shared by the ingest handlers: each raises Rejected with a reason code."""

from __future__ import annotations

import datetime as dt
import re

from hoplr_data.core.timeutil import parse_time

MAX_ID_LENGTH = 64


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
    if name not in ev or ev[name] is None:
        raise Rejected("missing_field", name)
    value = ev[name]
    if not isinstance(value, str) or not value.strip() or len(value) > MAX_ID_LENGTH:
        raise Rejected("bad_field", name)
    return value


def _time(ev: dict, name: str) -> dt.datetime:
    if name not in ev or ev[name] is None:
        raise Rejected("missing_field", name)
    try:
        return parse_time(ev[name])
    except (ValueError, TypeError):
        raise Rejected("bad_time", name) from None
