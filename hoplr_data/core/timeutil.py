"""Calendar helpers: local time (real or the demo's clock), ISO weeks and complete periods."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from zoneinfo import ZoneInfo

from hoplr_data.core.config import TIMEZONE

LOCAL_TZ = ZoneInfo(TIMEZONE)


_DEMO_DAY: ContextVar[dt.date | None] = ContextVar("demo_day", default=None)


def now_local() -> dt.datetime:
    """Now in the municipality's time zone, naive like every stored time; on the demo's clock
    (see `use_demo_date`) the date is the demo date and only the time of day runs."""
    real = dt.datetime.now(LOCAL_TZ).replace(tzinfo=None, microsecond=0)
    demo_day = _DEMO_DAY.get()
    return dt.datetime.combine(demo_day, real.time()) if demo_day else real


def today_local() -> dt.date:
    """Today's date on the same clock as `now_local`."""
    return now_local().date()


def use_demo_date(day: dt.date | None) -> None:
    """Set the clock of this thread (one Streamlit run, one CLI call): a demo date or None for
    the real clock."""
    _DEMO_DAY.set(day)


def demo_date_in_use() -> dt.date | None:
    """The demo date the clock stands at, or None on the real clock."""
    return _DEMO_DAY.get()


@contextmanager
def demo_clock(day: dt.date | None) -> Iterator[None]:
    """Run a block on a demo date (None: the real clock)."""
    token = _DEMO_DAY.set(day)
    try:
        yield
    finally:
        _DEMO_DAY.reset(token)


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
