"""Steps on the Publish page in AppTest, shared by the page and form tests."""

from __future__ import annotations

import datetime as dt

import pytest
from streamlit.testing.v1 import AppTest

from hoplr_data.core.i18n import t
from hoplr_data.top_down import documents
from tests.helpers import app, logged_in
from tests.helpers import button as _button

NEXT_WEEK = dt.date.today() + dt.timedelta(days=7)


def publish_page(url: str, monkeypatch: pytest.MonkeyPatch, pid: int | None = None) -> AppTest:
    """The Publish page as the community builder sees it (one item opened when pid is given)."""
    at = logged_in(app(url, monkeypatch, "pages/4_Publish.py"), "wijkregisseur")
    if pid is not None:
        at.query_params["pub"] = str(pid)
    at.run()
    assert not at.exception, at.exception
    return at


def new_draft(at: AppTest, kind: str) -> int:
    """Create a draft of a kind with the page's button; returns its id."""
    at.selectbox[0].set_value(kind).run()
    _button(at, t("pub.create_draft", "nl")).click().run()
    assert not at.exception, at.exception
    return int(at.query_params["pub"][0] if isinstance(at.query_params["pub"], list)
               else at.query_params["pub"])  # fmt: skip


def fill_common(at: AppTest, pid: int, title: str) -> None:
    """Target every buurt and type a Dutch title and text."""
    at.checkbox(key=f"pub{pid}.all").check().run()
    at.text_input(key=f"pub{pid}.title.nl").input(title).run()
    at.text_area(key=f"pub{pid}.body.nl").input("Kom langs en doe mee.").run()


def fill_kind(at: AppTest, pid: int, kind: str) -> None:
    """Fill the fields a kind needs before it can be published (dates next week)."""
    if kind == "event":
        at.date_input(key=f"pub{pid}.starts_at.date").set_value(NEXT_WEEK).run()
        at.date_input(key=f"pub{pid}.ends_at.date").set_value(NEXT_WEEK).run()
        at.time_input(key=f"pub{pid}.ends_at.time").set_value(dt.time(12, 0)).run()
        at.number_input(key=f"pub{pid}.capacity").set_value(40).run()
    if kind == "poll":
        at.text_input(key=f"pub{pid}.q.q1.text.nl").input("Voor of tegen?").run()
    if kind == "survey":
        _button(at, t("pub.add_question", "nl")).click().run()
        at.text_input(key=f"pub{pid}.q.q1.text.nl").input("Hoe vaak?").run()
        at.text_area(key=f"pub{pid}.q.q1.options.nl").input("Vaak\nSoms\nNooit").run()
    if kind == "project":
        for i, phase in enumerate(documents.PROJECT_PHASES):
            start = NEXT_WEEK + dt.timedelta(days=10 * i)
            at.date_input(key=f"pub{pid}.phase.{phase}.start").set_value(start).run()
            end = start + dt.timedelta(days=9)
            at.date_input(key=f"pub{pid}.phase.{phase}.end").set_value(end).run()
