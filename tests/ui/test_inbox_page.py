"""The inbox page in AppTest (issue 9): the open item follows its id, not a row position; the
status form asks before reopening; search and 'recently handled by me'; explained empty states."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from hoplr_data.core import models as hm
from hoplr_data.core.db import make_engine
from hoplr_data.core.i18n import t
from tests.helpers import app, logged_in

INBOX = "pages/3_Inbox.py"


def inbox_page(url: str, monkeypatch: pytest.MonkeyPatch, item: str | None = None) -> AppTest:
    at = logged_in(app(url, monkeypatch, INBOX), "behandelaar")
    if item is not None:
        at.query_params["item"] = item
    return at.run()


def _list(at: AppTest):  # noqa: ANN202
    """The inbox list (the table whose key starts with inbox_table)."""
    return next(d for d in at.dataframe if (d.key or "").startswith("inbox_table"))


def tick(at: AppTest, rows: list[int]) -> AppTest:
    """Tick rows of the inbox list as the browser does (positions into the list shown)."""
    at.session_state[_list(at).key] = {"selection": {"rows": rows, "columns": []}}
    return at.run()


def listed(at: AppTest) -> list[str]:
    return list(_list(at).value.iloc[:, 0])


def opened(at: AppTest) -> list[str]:
    """The ids of the open item's heading (one when an item is open)."""
    kinds = (t("kind.report", "nl"), t("kind.idea", "nl"))
    return [h.value.split(" ", 1)[1] for h in at.subheader if h.value.split(" ", 1)[0] in kinds]


def button(at: AppTest, label: str):  # noqa: ANN201
    return next(b for b in at.button if b.label == label)


def status_of(url: str, item_id: str) -> str:
    with make_engine(url).connect() as conn:
        return conn.execute(select(hm.Item.status).where(hm.Item.id == item_id)).scalar_one()


def test_a_filter_that_shrinks_the_list_neither_crashes_nor_opens_another_item(
    pilot_sqlite_url, monkeypatch
):
    at = inbox_page(pilot_sqlite_url, monkeypatch)
    at.radio(key="w_inbox_view").set_value("mine").run()
    seventh = listed(at)[7]
    tick(at, [7])
    assert opened(at) == [seventh]

    at.radio(key="w_inbox_view").set_value("all").run()  # the list grows: row 7 is another item
    assert not at.exception
    assert opened(at) == [seventh]

    at.text_input(key="w_inbox_keyword").input("graffiti").run()  # one row left
    assert not at.exception, at.exception
    assert len(listed(at)) == 1 and seventh not in listed(at)
    assert opened(at) == [seventh]
    assert t("inbox.not_in_list", "nl") in [i.value for i in at.info]
    assert at.query_params["item"] == seventh


def test_after_saving_the_item_stays_open_even_when_it_leaves_the_list(
    pilot_sqlite_url, monkeypatch
):
    at = inbox_page(pilot_sqlite_url, monkeypatch)
    tick(at, [listed(at).index("report-011")])
    assert opened(at) == ["report-011"]
    at.selectbox(key="target_report-011").select("resolved")
    button(at, "Standaardtekst invullen").click().run()
    button(at, "Status opslaan").click().run()
    assert not at.exception
    assert "Opgeslagen." in [s.value for s in at.success]
    assert status_of(pilot_sqlite_url, "report-011") == "resolved"
    assert "report-011" not in listed(at)  # the 'all open' view no longer lists it
    assert opened(at) == ["report-011"]  # and not report-010, the row that moved up
    assert t("inbox.not_in_list", "nl") in [i.value for i in at.info]

    at.radio(key="w_inbox_view").set_value("unassigned").run()  # another view: same item
    assert opened(at) == ["report-011"]
    button(at, t("inbox.close_item", "nl")).click().run()
    assert opened(at) == []
    assert "item" not in at.query_params or not at.query_params["item"]
    assert t("inbox.select_hint", "nl") in [c.value for c in at.caption]


def test_a_link_opens_the_item_and_a_bad_link_says_so(pilot_sqlite_url, monkeypatch):
    at = inbox_page(pilot_sqlite_url, monkeypatch, item="report-011")
    assert not at.exception
    assert opened(at) == ["report-011"]

    for bad in ("report-999", "<b>x</b>](javascript:alert(1))", "www.evil.example"):
        at = inbox_page(pilot_sqlite_url, monkeypatch, item=bad)
        assert not at.exception
        assert opened(at) == []
        assert [w.value for w in at.warning] == [t("inbox.item_not_found", "nl")]
        shown = [e.value for e in (*at.markdown, *at.caption, *at.subheader, *at.warning)]
        assert not any(bad in value for value in shown)


def test_a_closed_item_defaults_to_no_change_and_reopening_asks_first(
    pilot_sqlite_url, monkeypatch
):
    at = inbox_page(pilot_sqlite_url, monkeypatch, item="report-017")  # declined
    target = at.selectbox(key="target_report-017")
    assert target.value == ""
    assert target.options[0] == t("inbox.no_change", "nl")
    button(at, "Status opslaan").click().run()
    assert t("inbox.choose_status", "nl") in [e.value for e in at.error]
    assert status_of(pilot_sqlite_url, "report-017") == "declined"

    at.selectbox(key="target_report-017").select("reopened").run()
    button(at, "Status opslaan").click().run()
    assert t("inbox.confirm_reopen_first", "nl") in [e.value for e in at.error]
    assert status_of(pilot_sqlite_url, "report-017") == "declined"

    at.checkbox(key="confirm_reopen_report-017").check().run()
    button(at, "Status opslaan").click().run()
    assert "Opgeslagen." in [s.value for s in at.success]
    assert status_of(pilot_sqlite_url, "report-017") == "reopened"
    assert opened(at) == ["report-017"]


def test_the_reply_composer_is_not_a_form_and_previews_what_was_typed(
    pilot_sqlite_url, monkeypatch
):
    at = inbox_page(pilot_sqlite_url, monkeypatch, item="report-012")
    at.text_area(key="message_report-012").input("Wij komen dinsdag kijken.").run()
    assert "Wij komen dinsdag kijken." in [x.value for x in at.text]
    forms = at.get("form")
    in_forms = [w.key for f in forms for w in f.get("text_area")]
    assert "message_report-012" not in in_forms  # a form would hold the preview until submit


def test_search_opens_an_item_and_links_a_publication(pilot_sqlite_url, monkeypatch):
    at = inbox_page(pilot_sqlite_url, monkeypatch)
    at.text_input(key="inbox_search").input("graffitis").run()
    hits = next(d for d in at.dataframe if (d.key or "").startswith("inbox_search_hits"))
    assert list(hits.value.iloc[:, 0]) == ["report-011"]
    at.session_state[hits.key] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert opened(at) == ["report-011"]

    at.text_input(key="inbox_search").input("Elandstraat").run()
    links = [p.proto for p in at.get("page_link") if p.proto.query_string]
    with make_engine(pilot_sqlite_url).connect() as conn:
        pid = next(
            p.id
            for p in conn.execute(select(hm.Publication.id, hm.Publication.content))
            if "Elandstraat" in p.content
        )
    assert [(link.page, link.query_string) for link in links] == [("Results", f"pub={pid}")]
    assert any(x.value.endswith(": Werk aan de Elandstraat") for x in at.text)
    assert opened(at) == ["report-011"]  # searching again does not close nor change the item


def test_recently_handled_by_me_lists_a_just_resolved_item_first(pilot_sqlite_url, monkeypatch):
    at = inbox_page(pilot_sqlite_url, monkeypatch, item="report-010")
    at.selectbox(key="target_report-010").select("resolved")
    button(at, "Standaardtekst invullen").click().run()
    button(at, "Status opslaan").click().run()
    assert "Opgeslagen." in [s.value for s in at.success]
    at.radio(key="w_inbox_view").set_value("recent").run()
    assert listed(at)[0] == "report-010"
    with make_engine(pilot_sqlite_url).connect() as conn:
        mine = set(
            conn.execute(
                select(hm.ItemEvent.item_id)
                .join(hm.User, hm.User.id == hm.ItemEvent.user_id)
                .where(hm.User.username == "behandelaar")
            ).scalars()
        )
    assert set(listed(at)) == mine


def test_an_empty_list_names_the_active_filters(pilot_sqlite_url, monkeypatch):
    at = inbox_page(pilot_sqlite_url, monkeypatch)
    at.radio(key="w_inbox_view").set_value("late").run()
    at.text_input(key="w_inbox_keyword").input("zzzz-nergens").run()
    assert not at.exception
    assert t("inbox.empty_filtered", "nl") in [i.value for i in at.info]
    texts = "\n".join(x.value for x in at.text)
    assert "Weergave: Te laat" in texts
    assert "Zoekwoord: zzzz-nergens" in texts


def test_the_on_time_share_explains_why_it_is_empty(pilot_sqlite_url, monkeypatch):
    at = inbox_page(pilot_sqlite_url, monkeypatch)  # 'all open': nothing handled yet
    share = next(m for m in at.metric if m.label == t("inbox.on_time_share", "nl"))
    assert "%" not in share.value
    assert t("inbox.on_time_empty", "nl") in [c.value for c in at.caption]
    at.radio(key="w_inbox_view").set_value("all").run()
    share = next(m for m in at.metric if m.label == t("inbox.on_time_share", "nl"))
    assert share.value.endswith("%")
    assert t("inbox.on_time_empty", "nl") not in [c.value for c in at.caption]


def test_ticking_several_rows_is_bulk_mode_and_unticking_brings_back_the_open_item(
    pilot_sqlite_url, monkeypatch
):
    at = inbox_page(pilot_sqlite_url, monkeypatch, item="report-011")
    assert opened(at) == ["report-011"]
    tick(at, [0, 1])
    assert not at.exception
    assert t("inbox.bulk_title", "nl", count=2) in [h.value for h in at.subheader]
    assert opened(at) == []
    tick(at, [])
    assert opened(at) == ["report-011"]  # unticking does not close it; only 'Sluiten' does
