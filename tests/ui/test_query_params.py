"""Hostile query parameters never crash a page (issue 12): every page, opened as admin with each
parameter the app reads (pub, item, lang) set to a value a visitor could type or a link could
carry, shows no exception. '²' is the trap: str.isdigit() says yes and int() says no."""

from __future__ import annotations

import pytest

from tests.helpers import app, logged_in
from ui.nav import NAV, query_id

HOSTILE_VALUES = ["²", "-1", str(10**30), "abc", "<b>x</b>", "", "1e3", " 7", "٣"]
PARAMS = ["pub", "item", "lang"]


@pytest.mark.parametrize("item", NAV, ids=[i.path for i in NAV])
def test_every_page_survives_hostile_query_params(pilot_db_url, monkeypatch, item):
    for value in HOSTILE_VALUES:
        at = logged_in(app(pilot_db_url, monkeypatch, item.path), "admin")
        for name in PARAMS:
            at.query_params[name] = value
        at.run()
        assert not at.exception, (item.path, value, at.exception)
        shown = [e.value for e in (*at.markdown, *at.caption, *at.title, *at.subheader)]
        assert not any("<b>x</b>" in str(v) for v in shown), (item.path, shown)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("12", 12),
        ("1", 1),
        ("²", None),
        ("٣", None),
        ("-1", None),
        ("0", None),
        (str(10**30), None),
        (str(2**31), None),
        ("abc", None),
        ("", None),
        (" 7", None),
        ("1e3", None),
        (None, None),
    ],
)
def test_query_id_accepts_only_plain_positive_ids(raw, expected):
    assert query_id(raw) == expected
