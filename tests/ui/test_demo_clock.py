"""The demo runs on the pilot's clock: its last day is "today" everywhere; production keeps the
real clock."""

from __future__ import annotations

import datetime as dt
import json

import pyarrow as pa
from streamlit.testing.v1 import AppTest

from hoplr_data.bottom_up import inbox
from hoplr_data.core import settings
from hoplr_data.core.db import make_engine
from hoplr_data.core.timeutil import demo_clock, now_local, today_local
from tests.helpers import app, logged_in

PILOT_LAST_DAY = dt.date(2020, 5, 10)  # Sunday ending the pilot's 26 weeks (seed/pilot.py)


def _chart_rows(at: AppTest) -> list[list[dict]]:
    """The data rows of each chart on the page."""
    charts = []
    for chart in at.get("vega_lite_chart"):
        rows: list[dict] = []
        for values in json.loads(chart.proto.spec).get("datasets", {}).values():
            rows.extend(values)
        for named in chart.proto.datasets:
            rows.extend(pa.ipc.open_stream(named.data.data).read_all().to_pylist())
        charts.append(rows)
    return charts


def test_seeding_records_the_pilots_last_day_as_demo_date(pilot_db_url):
    engine = make_engine(pilot_db_url)
    assert settings.demo_date(engine) == PILOT_LAST_DAY
    engine.dispose()


def test_an_empty_production_database_has_no_demo_date_and_the_real_clock(engine):
    assert settings.demo_date(engine) is None
    assert today_local() >= dt.date(2026, 1, 1)  # the machine's clock, not a frozen one


def test_on_the_demo_clock_an_item_within_its_term_is_not_late(pilot_db_url):
    engine = make_engine(pilot_db_url)
    with demo_clock(settings.demo_date(engine)):
        assert now_local().date() == PILOT_LAST_DAY
        items = inbox.list_items(engine, inbox.InboxFilter(open_only=True), lang="nl",
                                 now=now_local())  # fmt: skip
    engine.dispose()
    assert not items.empty
    end_of_day = dt.datetime.combine(PILOT_LAST_DAY, dt.time(23, 59))
    young = items[
        [created + dt.timedelta(days=3 * days) > end_of_day
         for created, days in zip(items["created_at"], items["handling_days"], strict=True)]
    ]  # fmt: skip
    assert not young.empty
    assert (young["punctuality"] != "very_late").all()


def test_inbox_opened_today_stands_at_the_demo_date(pilot_sqlite_url, monkeypatch):
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/3_Inbox.py"), "behandelaar")
    at.run()
    assert not at.exception, at.exception
    assert "Demo: de klok staat op 10-05-2020" in [c.value for c in at.sidebar.caption]
    punctuality = [
        frame[col].tolist()
        for frame in (d.value for d in at.dataframe)
        for col in frame.columns
        if col == "Op tijd?"
    ]
    assert punctuality, "no punctuality column in the inbox list"
    values = punctuality[0]
    assert values and values.count("3× te laat") < len(values)
    backlog = [rows for rows in _chart_rows(at) if rows and "open" in rows[0]]
    assert backlog, "no backlog chart"
    last_week = max(pd_day(r["week"]) for r in backlog[0])
    assert PILOT_LAST_DAY - dt.timedelta(days=7) < last_week <= PILOT_LAST_DAY


def pd_day(value: object) -> dt.date:
    """A chart's date value (datetime, epoch milliseconds or ISO text) as a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, int | float):
        return dt.datetime.fromtimestamp(value / 1000, tz=dt.UTC).date()
    return dt.date.fromisoformat(str(value)[:10])


def test_calendar_opens_on_the_demo_month(pilot_sqlite_url, monkeypatch):
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/5_Results.py"), "wijkregisseur")
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="cal_month").value == dt.date(2020, 5, 1)
