"""Pages in AppTest: login, roles, every page renders, refusals, deep links, admin writes."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from hoplr_data.core.db import make_engine
from hoplr_data.core.i18n import t
from hoplr_data.users.accounts import list_users
from seed.load import DEMO_PASSWORD
from tests.helpers import (
    HOSTILE,
    PAGES,
    ROOT,
    USERS,
    add_hostile_report,
    app,
    button,
    chart_records,
    logged_in,
)
from ui.nav import NAV

ROLE_ALLOWED = {
    "statistics": set(USERS),
    "triage": {"admin", "behandelaar"},
    "administer": {"admin"},
    "publish": {"admin", "wijkregisseur"},
}


def page_name(path: str) -> str:
    """How Streamlit names a page in a page link: '' for the main page, else the file stem."""
    return "" if path == "app.py" else path.split("/")[-1].removesuffix(".py").split("_", 1)[1]


def assert_only_login_form(at: AppTest) -> None:
    assert not at.exception
    assert len(at.get("form")) == 1, "no login form"
    labels = [w.label for w in at.text_input]
    assert labels == ["Gebruikersnaam", "Wachtwoord"]
    assert not at.metric and not at.get("vega_lite_chart") and not at.dataframe and not at.title
    assert not at.get("page_link")


@pytest.mark.parametrize("page", PAGES)
def test_page_opened_without_login_shows_only_login_form(pilot_sqlite_url, monkeypatch, page):
    at = AppTest.from_file(str(ROOT / page), default_timeout=120)
    monkeypatch.setenv("DATABASE_URL", pilot_sqlite_url)
    at.run()
    assert_only_login_form(at)


@pytest.mark.parametrize("username", list(USERS))
@pytest.mark.parametrize("item", NAV, ids=[i.path for i in NAV])
def test_every_page_for_every_role(pilot_db_url, monkeypatch, item, username):
    at = logged_in(app(pilot_db_url, monkeypatch, item.path), username)
    at.run()
    assert not at.exception, at.exception
    allowed = username in ROLE_ALLOWED[item.capability]
    errors = [e.value for e in at.error]
    if allowed:
        assert at.title and not errors
    else:
        assert errors == [t("auth.not_authorised", at.session_state["lang"])]
        assert not at.title and not at.metric and not at.dataframe
    links = [link.proto.page for link in at.sidebar.get("page_link")]
    expected = [i.path for i in NAV if username in ROLE_ALLOWED[i.capability]]
    assert links == [page_name(p) for p in expected]


def test_login_through_the_real_form_and_wrong_password(pilot_sqlite_url, monkeypatch):
    at = app(pilot_sqlite_url, monkeypatch)
    at.run()
    at.text_input[0].input("admin")
    at.text_input[1].input("wrong-password-123")
    at.get("form")[0]  # the login form exists
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["Gebruikersnaam of wachtwoord is onjuist."]
    at.text_input[0].input("admin")
    at.text_input[1].input(DEMO_PASSWORD)
    at.button[0].click().run()
    assert not at.exception
    assert at.title[0].value == "Overzicht"
    assert at.session_state["authentication_status"] is True


def test_overview_figures_follow_filters_and_language(pilot_sqlite_url, monkeypatch):
    at = logged_in(app(pilot_sqlite_url, monkeypatch), "viewer")
    at.run()
    assert at.title[0].value == "Overview"  # the viewer's remembered language is English
    registered = {m.label: m.value for m in at.metric}["Households registered"]
    assert registered.replace(",", "").isdigit() and int(registered.replace(",", "")) > 4100
    assert len(at.get("vega_lite_chart")) == 4
    at.multiselect(key="w_buurten").select("DH-KDN").run()
    smaller = {m.label: m.value for m in at.metric}["Households registered"]
    assert int(smaller.replace(",", "")) < 1000
    at.selectbox(key="lang_picker").select("fr").run()
    assert at.title[0].value == "Vue d'ensemble"
    assert "Ménages inscrits" in [m.label for m in at.metric]
    at.switch_page("pages/1_Buurten.py").run()
    assert at.multiselect(key="w_buurten").value == ["DH-KDN"]  # the choice survives a page switch
    assert at.title[0].value == "Quartiers"


def test_buurten_page_table_detail_and_compare(pilot_sqlite_url, monkeypatch):
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/1_Buurten.py"), "wijkregisseur")
    at.run()
    table = at.dataframe[0].value
    assert len(table) == 10
    assert "Registratiegraad" in table.columns
    at.selectbox(key="w_detail_buurt").select("DH-ZHK").run()
    assert len(at.get("vega_lite_chart")) == 3
    at.multiselect(key="w_compare_buurten").select("DH-ZHK").select("DH-MWO").run()
    assert not at.exception
    compared = at.dataframe[1].value
    assert list(compared.columns) == [
        "Zeeheldenkwartier",
        "Moerwijk-Oost",
        "Gemiddelde buurt (hele stad)",
    ]
    assert len(at.get("vega_lite_chart")) == 5  # plus the registration-rate comparison


def test_admin_adds_user_and_form_keeps_input_on_error(pilot_sqlite_url, monkeypatch):
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/9_Admin.py"), "admin")
    at.run()
    username, name, email = at.text_input[0], at.text_input[1], at.text_input[2]
    username.input("nieuwe.collega")
    name.input("Nieuwe Collega")
    email.input("collega@example.org")
    at.multiselect[0].select("viewer")
    at.text_input[3].input("te-kort")
    at.button[0].click().run()
    assert "Het wachtwoord moet 12 tot 64 tekens lang zijn." in [e.value for e in at.error]
    assert at.text_input[0].value == "nieuwe.collega"  # nothing typed is lost
    assert at.text_input[1].value == "Nieuwe Collega"
    at.text_input[3].input("een lang genoeg wachtwoord")
    at.button[0].click().run()
    assert not at.exception
    assert "nieuwe.collega" in [u["username"] for u in list_users(make_engine(pilot_sqlite_url))]
    assert "De gebruiker is toegevoegd." in [s.value for s in at.success]


def _small_cells(values, k: int) -> list:
    small = []
    for value in values:
        text = str(value)
        if text.replace(".0", "").isdigit() and 0 < float(text) < k:
            small.append(value)
    return small


@pytest.mark.parametrize("granularity", ["week", "month"])
def test_topics_page_never_shows_a_cell_under_k(pilot_sqlite_url, monkeypatch, granularity):
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/2_Topics.py"), "viewer")
    at.run()
    at.multiselect(key="w_buurten").select("DH-KDN").run()
    at.radio(key="w_granularity").set_value(granularity).run()
    at.selectbox(key="w_topic_buurt").select("DH-TVN").run()
    assert not at.exception
    records = chart_records(at)
    assert records, "charts have data"
    for record in records:
        for field in ("posts", "posts_shown"):
            if field in record:
                assert record[field] == "< 5" or int(record[field]) >= 5, record
    counted = 0
    for frame in at.dataframe:
        table = frame.value
        for column in table.columns:
            if column in ("Posts", "Berichten") or column.startswith(
                (
                    "Circular",
                    "Local",
                    "Help",
                    "Events",
                    "Ecology",
                    "Safety",
                    "Lost",
                    "Public",
                    "Getting",
                    "Unclear",
                )
            ):
                counted += len(table)
                assert not _small_cells(table[column], 5), (column, list(table[column]))
    assert counted > 0
    if granularity == "week":  # a single buurt per week has small cells: they must read '< 5'
        assert any((frame.value == "< 5").any().any() for frame in at.dataframe)


def test_topics_page_filters_change_the_figures(pilot_sqlite_url, monkeypatch):
    import datetime as dt

    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/2_Topics.py"), "behandelaar")
    at.run()
    assert at.title[0].value == "Onderwerpen"
    whole = at.dataframe[0].value
    at.date_input(key="w_topic_start").set_value(dt.date(2020, 3, 16)).run()
    lockdown = at.dataframe[0].value
    help_col = "Burenhulp en zorg"

    def totals(table):  # a hidden cell ('< 5', or '×' hidden with it) counts as 0 here
        return table.set_index("Buurt").replace({"< 5": "0", "×": "0"}).astype(int).sum(axis=0)

    assert totals(lockdown)[help_col] < totals(whole)[help_col]
    assert (
        totals(lockdown)[help_col] / totals(lockdown).sum()
        > totals(whole)[help_col] / totals(whole).sum()
    )
    model_metrics = {m.label: m.value for m in at.metric}
    assert model_metrics["Modelversie"].startswith("topics-")
    assert len(at.dataframe) >= 5


def _open_item(at: AppTest, item_id: str) -> None:
    frame = at.dataframe[0].value
    row = list(frame.iloc[:, 0]).index(item_id)
    # each list has its own key (a selection is a position into the list it was made on)
    at.session_state[at.dataframe[0].key] = {"selection": {"rows": [row], "columns": []}}


def test_hostile_resident_text_renders_only_as_plain_text(pilot_sqlite_url, monkeypatch):
    item_id = add_hostile_report(pilot_sqlite_url)
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/3_Inbox.py"), "behandelaar")
    at.run()
    _open_item(at, item_id)
    at.run()
    assert not at.exception
    texts = [t.value for t in at.text]
    assert HOSTILE.strip() in texts
    assert "<b>Straat</b> 1" in texts
    assert "https://evil.example/photo.png" in [c.value for c in at.code]
    for element in (*at.markdown, *at.caption, *at.info, *at.warning, *at.error, *at.success):
        assert "evil.example" not in element.value and "<script>" not in element.value


def test_case_handler_resolves_with_a_message_and_a_stale_edit_keeps_the_text(
    pilot_sqlite_url, monkeypatch
):
    from sqlalchemy import select

    from hoplr_data.bottom_up import workflow as wf
    from hoplr_data.core import models as hm

    engine = make_engine(pilot_sqlite_url)
    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/3_Inbox.py"), "behandelaar")
    at.run()
    _open_item(at, "report-010")
    at.run()
    at.selectbox(key="target_report-010").select("resolved")
    button(at, "Status opslaan").click().run()
    assert (
        "Deze status vraagt een bericht aan de bewoner. Vul het bericht in (of gebruik de standaardtekst)."
        in [e.value for e in at.error]
    )
    button(at, "Standaardtekst invullen").click().run()
    assert at.text_area(key="message_report-010").value.startswith(
        "Bedankt voor uw melding. Het probleem is opgelost."
    )
    button(at, "Status opslaan").click().run()
    assert not at.exception
    assert "Opgeslagen." in [s.value for s in at.success]
    with engine.connect() as conn:
        assert (
            conn.execute(select(hm.Item.status).where(hm.Item.id == "report-010")).scalar_one()
            == "resolved"
        )
        outbox = (
            conn.execute(
                select(hm.OutboxMessage.payload).where(
                    hm.OutboxMessage.item_id == "report-010", hm.OutboxMessage.sent_at.is_(None)
                )
            )
            .scalars()
            .all()
        )
    assert any("Het probleem is opgelost" in p for p in outbox)

    # a colleague changes report-011 while this user is typing
    at.radio(key="w_inbox_view").set_value("all").run()
    _open_item(at, "report-011")
    at.run()
    version = (
        engine.connect()
        .execute(select(hm.Item.version).where(hm.Item.id == "report-011"))
        .scalar_one()
    )
    wf.assign(
        engine,
        actor=wf.Actor("admin", ("admin",)),
        item_id="report-011",
        version=version,
        assignee="admin",
    )
    at.text_area(key="note_text_report-011").input("Mijn notitie die niet verloren mag gaan")
    button(at, "Notitie toevoegen").click().run()
    assert t("error.stale_item", "nl") in [e.value for e in at.error]
    assert (
        at.text_area(key="note_text_report-011").value == "Mijn notitie die niet verloren mag gaan"
    )
    with engine.connect() as conn:
        notes = (
            conn.execute(
                select(hm.ItemEvent.text).where(
                    hm.ItemEvent.item_id == "report-011", hm.ItemEvent.action == "note"
                )
            )
            .scalars()
            .all()
        )
    assert "Mijn notitie die niet verloren mag gaan" not in notes


def test_case_handler_sends_a_message_without_changing_the_status(pilot_sqlite_url, monkeypatch):
    from sqlalchemy import select

    from hoplr_data.core import models as hm

    at = logged_in(app(pilot_sqlite_url, monkeypatch, "pages/3_Inbox.py"), "behandelaar")
    at.run()
    _open_item(at, "report-012")
    at.run()
    send = "Alleen het bericht sturen (status blijft)"
    button(at, send).click().run()
    assert "Vul een tekst in." in [e.value for e in at.error]
    at.text_area(key="message_report-012").input("De aannemer komt volgende week.")
    button(at, send).click().run()
    assert "Opgeslagen." in [s.value for s in at.success]
    with make_engine(pilot_sqlite_url).connect() as conn:
        status = conn.execute(select(hm.Item.status).where(hm.Item.id == "report-012")).scalar_one()
        payloads = (
            conn.execute(
                select(hm.OutboxMessage.payload).where(hm.OutboxMessage.item_id == "report-012")
            )
            .scalars()
            .all()
        )
    assert status == "scheduled"
    assert any(
        '"text": "De aannemer komt volgende week."' in p and '"status": null' in p for p in payloads
    )
