"""Metric functions on small hand-built data with exact expected values."""

import datetime as dt

import pytest

from hoplr_data.stats.metrics import Scope, summary
from hoplr_data.stats.queries import buurt_ids
from hoplr_data.stats.series import per_buurt, weekly
from tests.helpers import add_buurten, add_codes, ev, load

D = dt.date


@pytest.fixture
def small(engine):
    add_buurten(engine, {"A": 100, "B": 50})
    add_codes(engine, {"CODEA1": "A", "CODEA2": "A"})
    load(
        engine,
        [
            ev(
                "registration",
                "2024-01-01T10:00:00",
                household_id="h1",
                buurt="A",
                invite_code="CODEA1",
            ),
            ev(
                "registration",
                "2024-01-02T10:00:00",
                household_id="h2",
                buurt="A",
                invite_code="WRONG",
            ),
            ev(
                "registration",
                "2024-01-03T10:00:00",
                household_id="h3",
                buurt="B",
                invite_code="CODEA2",
            ),
            ev("visit", "2024-01-03T11:00:00", household_id="h1"),
            ev("visit", "2024-01-04T11:00:00", household_id="h1"),
            ev("visit", "2024-01-07T23:59:00", household_id="h2"),
            ev(
                "post",
                "2024-01-05T12:00:00",
                id="p1",
                household_id="h1",
                buurt="A",
                text="Hallo buren",
                language="nl",
            ),
            ev("registration", "2024-01-08T09:00:00", household_id="h4", buurt="B"),
            ev("visit", "2024-01-08T10:00:00", household_id="h1"),
            ev("visit", "2024-01-09T10:00:00", household_id="h3"),
            ev("visit", "2024-01-14T10:00:00", household_id="h4"),
            ev("reaction", "2024-01-09T12:00:00", household_id="h3", post_id="p1", text="Hoi!"),
            ev("appreciation", "2024-01-09T13:00:00", household_id="h2", post_id="p1"),
            ev(
                "event",
                "2024-01-10T12:00:00",
                id="e1",
                household_id="h1",
                buurt="A",
                starts_at="2024-01-20T15:00:00",
            ),
            ev(
                "event_response",
                "2024-01-11T12:00:00",
                household_id="h4",
                event_id="e1",
                response="attending",
            ),
            ev(
                "event_response",
                "2024-01-11T13:00:00",
                household_id="h3",
                event_id="e1",
                response="interested",
            ),
            ev("registration", "2024-01-15T09:00:00", household_id="h5", buurt="A"),
            ev("visit", "2024-01-16T10:00:00", household_id="h5"),
            ev("visit", "2024-01-16T11:00:00", household_id="h1"),
            ev(
                "post",
                "2024-01-16T12:00:00",
                id="p2",
                household_id="h5",
                buurt="A",
                text="Wie leent een ladder?",
            ),
            ev("deregistration", "2024-01-20T09:00:00", household_id="h5"),
            ev("registration", "2024-02-05T09:00:00", household_id="h6", buurt="A"),
        ],
    )
    return engine


def test_registration_figures_mid_week(small):
    figures = summary(small, Scope(as_of=D(2024, 1, 10)))
    assert figures["neighbourhoods"] == 2
    assert figures["households_total"] == 150
    assert figures["households_registered"] == 4
    assert figures["registration_rate"] == pytest.approx(4 / 150)
    assert figures["registrations_via_invite"] == 1  # WRONG and a code of another buurt are organic
    assert figures["registrations_organic"] == 3


def test_deregistration_closes_membership(small):
    assert summary(small, Scope(as_of=D(2024, 1, 17)))["households_registered"] == 5
    assert summary(small, Scope(as_of=D(2024, 1, 20)))["households_registered"] == 4
    assert summary(small, Scope(as_of=D(2024, 2, 5)))["households_registered"] == 5


def test_new_registrations_per_month_uses_complete_months(small):
    assert summary(small, Scope(as_of=D(2024, 2, 29)))[
        "new_registrations_per_month_recent"
    ] == pytest.approx(6 / 3)
    assert summary(small, Scope(as_of=D(2024, 2, 28)))[
        "new_registrations_per_month_recent"
    ] == pytest.approx(5 / 3)


def test_weekly_active_share_and_contributors(small):
    figures = summary(small, Scope(as_of=D(2024, 1, 24)))
    # weeks of Jan 1, 8, 15 (Dec 25 has no registered household): 2/3, 3/4, 2/4
    assert figures["weekly_active_share_recent"] == pytest.approx((2 / 3 + 3 / 4 + 2 / 4) / 3)
    # h1 posted, h3 reacted, h4 answered an event; h2 only thanked; h5 left
    assert figures["contributor_share"] == pytest.approx(3 / 4)
    assert figures["posts_total"] == 2
    assert figures["posts_per_week_recent"] == pytest.approx(2 / 4)
    assert figures["reactions_per_week_recent"] == pytest.approx(1 / 4)
    assert figures["interactions_total"] == 2 + 1 + 1 + 2
    assert figures["interactions_per_household"] == pytest.approx(6 / 4)
    assert (
        figures["events_organised"],
        figures["event_interested"],
        figures["event_attending"],
    ) == (1, 1, 1)


def test_as_of_before_activity_counts_nothing_after_it(small):
    figures = summary(small, Scope(as_of=D(2024, 1, 9)))
    assert figures["posts_total"] == 1
    assert figures["interactions_total"] == 1 + 1 + 1
    assert figures["events_organised"] == 0


def test_buurt_filter(small):
    scope = Scope(as_of=D(2024, 1, 24), buurt_ids=buurt_ids(small, ["B"]))
    figures = summary(small, scope)
    assert figures["households_total"] == 50
    assert figures["households_registered"] == 2
    assert figures["registrations_via_invite"] == 0
    assert figures["contributor_share"] == pytest.approx(1.0)  # h3 reacted, h4 answered
    assert figures["posts_total"] == 0
    assert figures["interactions_total"] == 3  # reaction of h3, answers of h3 and h4
    assert figures["weekly_active_share_recent"] == pytest.approx((0 / 1 + 2 / 2 + 0 / 2) / 3)


def test_period_start(small):
    figures = summary(small, Scope(as_of=D(2024, 1, 24), start=D(2024, 1, 8)))
    assert figures["posts_total"] == 1
    assert figures["registrations_organic"] == 2  # h4 and h5, both without a code
    assert figures["registrations_via_invite"] == 0


def test_weekly_series_and_per_buurt(small):
    frame = weekly(small, Scope(as_of=D(2024, 1, 24)))
    assert list(frame["week"].dt.date) == [
        D(2024, 1, 1),
        D(2024, 1, 8),
        D(2024, 1, 15),
        D(2024, 1, 22),
    ]
    assert list(frame["households_registered"]) == [3, 4, 4, 4]
    assert list(frame["active_households"]) == [2, 3, 2, 0]
    assert list(frame["registrations_via_invite"]) == [1, 0, 0, 0]
    assert list(frame["posts"]) == [1, 0, 1, 0]
    table = per_buurt(small, Scope(as_of=D(2024, 1, 24))).set_index("code")
    assert table.loc["A", "households_registered"] == 2
    assert table.loc["B", "households_registered"] == 2
    assert table.loc["B", "contributor_share"] == pytest.approx(1.0)
    assert table.loc["A", "weekly_active_share_recent"] == pytest.approx(
        (2 / 2 + 1 / 2 + 2 / 2) / 3
    )
