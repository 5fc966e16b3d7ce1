import datetime as dt

import pytest

from hoplr_data.core.timeutil import (
    last_complete_months,
    last_complete_weeks,
    parse_time,
    week_start,
)

D = dt.date


def test_week_start_is_monday():
    assert week_start(D(2024, 1, 7)) == D(2024, 1, 1)
    assert week_start(D(2024, 1, 8)) == D(2024, 1, 8)


@pytest.mark.parametrize(
    ("as_of", "last"),
    [
        (D(2024, 1, 24), D(2024, 1, 15)),  # Wednesday: its own week is not complete
        (D(2024, 1, 21), D(2024, 1, 15)),  # Sunday: its own week is complete
        (D(2024, 1, 22), D(2024, 1, 15)),  # Monday
    ],
)
def test_last_complete_weeks(as_of, last):
    weeks = last_complete_weeks(as_of, 4)
    assert weeks[-1] == last
    assert weeks == [last - dt.timedelta(weeks=3 - i) for i in range(4)]


def test_last_complete_months_on_month_end_and_mid_month():
    assert last_complete_months(D(2024, 2, 29), 3) == [D(2023, 12, 1), D(2024, 1, 1), D(2024, 2, 1)]
    assert last_complete_months(D(2024, 2, 28), 3) == [
        D(2023, 11, 1),
        D(2023, 12, 1),
        D(2024, 1, 1),
    ]
    assert last_complete_months(D(2024, 1, 15), 2) == [D(2023, 11, 1), D(2023, 12, 1)]


def test_parse_time_converts_offsets_to_local_time():
    assert parse_time("2024-01-01T09:00:00Z") == dt.datetime(2024, 1, 1, 10, 0)
    assert parse_time("2024-07-01T09:00:00+00:00") == dt.datetime(2024, 7, 1, 11, 0)
    assert parse_time("2024-01-01T09:00:00") == dt.datetime(2024, 1, 1, 9, 0)
    with pytest.raises(ValueError):
        parse_time("01/02/2024")
