"""Calendar helpers: local time, ISO weeks and complete periods before an as-of date."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from .config import TIMEZONE

LOCAL_TZ = ZoneInfo(TIMEZONE)


def now_local() -> dt.datetime:
    """The current time in the municipality's time zone, naive like every stored time."""
    return dt.datetime.now(LOCAL_TZ).replace(tzinfo=None, microsecond=0)


def parse_time(value: object) -> dt.datetime:
    """Parse an ISO 8601 time to naive local time; raise ValueError when it is not one."""
    if not isinstance(value, str) or len(value) < 10:
        raise ValueError("not an ISO 8601 time")
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(LOCAL_TZ).replace(tzinfo=None)
    return parsed


def week_start(day: dt.date) -> dt.date:
    """Monday of the ISO week that holds the day."""
    return day - dt.timedelta(days=day.weekday())


def day_end(day: dt.date) -> dt.datetime:
    """The first moment after the day (exclusive upper bound)."""
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time())


def last_complete_weeks(as_of: dt.date, count: int) -> list[dt.date]:
    """Mondays of the last `count` ISO weeks that ended on or before the as-of date."""
    this_monday = week_start(as_of)
    last = this_monday if as_of.weekday() == 6 else this_monday - dt.timedelta(days=7)
    return [last - dt.timedelta(days=7 * i) for i in range(count - 1, -1, -1)]


def month_start(day: dt.date) -> dt.date:
    """First day of the day's month."""
    return day.replace(day=1)


def add_months(day: dt.date, months: int) -> dt.date:
    """First day of the month `months` after the day's month."""
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def last_complete_months(as_of: dt.date, count: int) -> list[dt.date]:
    """First days of the last `count` calendar months that ended on or before the as-of date."""
    next_day = as_of + dt.timedelta(days=1)
    end = month_start(next_day) if next_day.day == 1 else month_start(as_of)
    return [add_months(end, -i) for i in range(count, 0, -1)]
