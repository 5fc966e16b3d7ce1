"""One definition per figure: the summary, the Buurten table and the weekly series agree.

For every figure of the registry: a one-buurt scope's per-buurt row equals that buurt's summary,
and per-week values sum (counts), end in (stocks) or average over the recent weeks to the
summary, as the registry says. Run on the seeded pilot on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import math

import pytest

from hoplr_data.core.db import make_engine
from hoplr_data.stats.figures import FIGURE_KEYS, FIGURES, REGISTRY, Weekly, suppression_map
from hoplr_data.stats.metrics import RECENT_WEEKS, summary
from hoplr_data.stats.queries import make_scope
from hoplr_data.stats.series import per_buurt, weekly

END = dt.date(2020, 6, 28)  # a Sunday: the pilot's last day
MID_WEEK_START = dt.date(2020, 3, 18)  # a Wednesday, so the first week of the period is partial
MID_WEEK_AS_OF = dt.date(2020, 5, 13)  # a Wednesday, so the last week is partial too
BUURTEN = ("DH-KDN", "DH-ZHK", "DH-TVN")


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12)


@pytest.fixture
def pilot(pilot_db_url):
    engine = make_engine(pilot_db_url)
    yield engine
    engine.dispose()


def test_weekly_counts_sum_to_the_summary_for_a_period_starting_mid_week(pilot):
    """Before: the weekly series counted the whole first week (no period filter), so the posts,
    registrations and event answers of 16-17 March 2020 were in the chart but not the summary."""
    scope = make_scope(pilot, codes=["DH-KDN"], as_of=MID_WEEK_AS_OF, start=MID_WEEK_START)
    figures = summary(pilot, scope)
    frame = weekly(pilot, scope)
    assert frame["posts"].sum() == figures["posts_total"]
    assert frame["registrations_organic"].sum() == figures["registrations_organic"]
    assert frame["event_attending"].sum() == figures["event_attending"]


@pytest.mark.parametrize(
    ("as_of", "start"), [(END, None), (MID_WEEK_AS_OF, MID_WEEK_START)], ids=["pilot", "mid-week"]
)
def test_one_buurt_row_equals_that_buurts_summary(pilot, as_of, start):
    for code in BUURTEN:
        scope = make_scope(pilot, codes=[code], as_of=as_of, start=start)
        figures = summary(pilot, scope)
        (row,) = per_buurt(pilot, scope).to_dict("records")
        assert row["code"] == code
        for key in FIGURE_KEYS:
            assert _same(row[key], figures[key]), (code, key, row[key], figures[key])


def test_buurt_rows_of_the_whole_city_equal_each_buurts_summary(pilot):
    table = per_buurt(pilot, make_scope(pilot, codes=None, as_of=MID_WEEK_AS_OF)).set_index("code")
    assert len(table) == 10
    for code in BUURTEN:
        figures = summary(pilot, make_scope(pilot, codes=[code], as_of=MID_WEEK_AS_OF))
        for key in FIGURE_KEYS:
            assert _same(table.at[code, key], figures[key]), (code, key)


@pytest.mark.parametrize(
    ("codes", "as_of", "start"),
    [(None, END, None), (["DH-ZHK"], MID_WEEK_AS_OF, MID_WEEK_START), (["DH-TVN"], END, None)],
    ids=["city", "one-buurt-mid-week", "one-buurt"],
)
def test_weekly_values_combine_to_the_summary(pilot, codes, as_of, start):
    scope = make_scope(pilot, codes=codes, as_of=as_of, start=start)
    figures = summary(pilot, scope)
    frame = weekly(pilot, scope)
    complete = frame[frame["complete"]]
    checked = set()
    for fig in REGISTRY:
        if not fig.in_summary or fig.weekly is Weekly.NONE:
            continue
        column = frame[fig.weekly_column]
        if fig.weekly is Weekly.SUM:
            assert column.sum() == figures[fig.key], fig.key
        elif fig.weekly is Weekly.LAST:
            assert _same(column.iloc[-1], figures[fig.key]), fig.key
        elif start is None:  # the recent weeks are whole weeks, whatever the period's start
            recent = complete[fig.weekly_column].tail(RECENT_WEEKS)
            if fig.kind.value == "share":  # weeks without a registered household do not count
                expected = recent.dropna().mean()
            else:
                expected = recent.sum() / RECENT_WEEKS
            assert _same(expected, figures[fig.key]), fig.key
        checked.add(fig.key)
    assert {"posts_total", "households_registered", "interactions_total"} <= checked


def test_the_weekly_active_share_is_active_over_registered_at_each_weeks_end(pilot):
    scope = make_scope(pilot, codes=["DH-KDN"], as_of=END)
    frame = weekly(pilot, scope).set_index("week")
    week = dt.date(2020, 4, 6)
    end_of_week = summary(pilot, make_scope(pilot, codes=["DH-KDN"], as_of=dt.date(2020, 4, 12)))
    row = frame.loc[str(week)]
    assert row["households_registered"] == end_of_week["households_registered"]
    assert _same(row["weekly_active_share"], row["active_households"] / row["households_registered"])


# DESIGN.md section 3, written out: each figure and what kind of number it is
DESIGN_SHARES = {"registration_rate", "weekly_active_share_recent", "contributor_share"}
DESIGN_MEANS = {
    "new_registrations_per_month_recent",
    "posts_per_week_recent",
    "reactions_per_week_recent",
}
DESIGN_PER_HOUSEHOLD = {"interactions_per_household"}
DESIGN_COUNTS = {
    "neighbourhoods",
    "households_total",
    "households_registered",
    "registrations_via_invite",
    "registrations_organic",
    "posts_total",
    "interactions_total",
    "events_organised",
    "event_interested",
    "event_attending",
    "bottom_up_reports",
    "bottom_up_ideas",
    "top_down_posts",
}


def test_registry_names_every_design_figure_once_with_its_kind_and_texts():
    assert len(FIGURES) == len(REGISTRY)
    assert set(FIGURE_KEYS) == DESIGN_SHARES | DESIGN_MEANS | DESIGN_PER_HOUSEHOLD | DESIGN_COUNTS
    kinds = {key: FIGURES[key].kind.value for key in FIGURE_KEYS}
    assert {k for k, v in kinds.items() if v == "share"} == DESIGN_SHARES
    assert {k for k, v in kinds.items() if v == "mean"} == DESIGN_MEANS
    assert {k for k, v in kinds.items() if v == "per_household"} == DESIGN_PER_HOUSEHOLD
    assert {k for k, v in kinds.items() if v == "count"} == DESIGN_COUNTS
    for fig in REGISTRY:
        assert fig.label_key == f"metric.{fig.key}"
        assert fig.help_key == f"metric.{fig.key}.help"
        for source in fig.derived_from:
            assert FIGURES[source].k_rule, (fig.key, source)


def test_formats_follow_the_registry():
    from hoplr_data.core.i18n import fmt_figure

    assert fmt_figure("registration_rate", 0.1239, "nl") == "12,4%"
    assert fmt_figure("interactions_per_household", 7.44, "nl") == "7,4"
    assert fmt_figure("posts_total", 4000, "nl") == "4.000"


def test_suppression_map_of_the_buurten_table_hides_what_reveals_a_small_count():
    columns = [
        "households_total",
        "households_registered",
        "registration_rate",
        "weekly_active_share_recent",
        "posts_recent",
        "posts_per_week_recent",
        "reactions_recent",
        "reactions_per_week_recent",
        "contributors",
        "contributor_share",
        "events_organised",
    ]
    assert suppression_map(columns) == {
        "households_registered": [
            "registration_rate",
            "weekly_active_share_recent",
            "contributors",
            "contributor_share",
        ],
        "posts_recent": ["posts_per_week_recent"],
        "reactions_recent": ["reactions_per_week_recent"],
        "contributors": ["contributor_share"],
        "events_organised": [],
    }


def test_the_average_buurt_pools_ratios_and_averages_counts(pilot):
    from hoplr_data.stats.series import average_buurt

    scope = make_scope(pilot, codes=None, as_of=MID_WEEK_AS_OF)
    table = per_buurt(pilot, scope)
    average = average_buurt(pilot, scope)
    for key in ("households_total", "households_registered", "posts_total", "events_organised",
                "contributors", "posts_per_week_recent"):  # fmt: skip
        assert _same(average[key], table[key].sum() / len(table)), key
    rate = table["households_registered"].sum() / table["households_total"].sum()
    assert _same(average["registration_rate"], rate)
    share = table["contributors"].sum() / table["households_registered"].sum()
    assert _same(average["contributor_share"], share)
