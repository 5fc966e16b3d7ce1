"""Finding an item again: search over items and published items, and 'recently handled by me'
(issue 9, item 5). Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

import pytest

from hoplr_data.bottom_up import inbox
from hoplr_data.bottom_up import workflow as wf
from hoplr_data.top_down import publications as pub
from tests.helpers import move, new_item
from tests.top_down.builders import make_post, publish_doc, text

NOW = dt.datetime(2024, 3, 1, 12, 0)
OTHER = wf.Actor("other", ("case_handler",))


@pytest.fixture
def db(inbox_engine):  # noqa: ANN001
    """The workflow suite's database: buurt A, the default categories, user 'handler'."""
    return inbox_engine


def _other_handler(engine) -> None:  # noqa: ANN001
    from hoplr_data.core.db import session_scope
    from hoplr_data.users.accounts import create_user

    with session_scope(engine) as session:
        create_user(session, username="other", name="O", password="y" * 12, roles=["case_handler"])


def test_search_finds_open_and_closed_items_by_id_text_and_address(db):
    closed = new_item(db, text="Graffiti op de muur van de school")
    move(db, closed, ["resolved"])
    other = new_item(db, text="Kapotte lantaarnpaal", location={"address": "Kerkstraat 5"})
    new_item(db, text="Iets heel anders")

    by_text = inbox.search(db, "GRAFFITI", lang="nl")
    assert [h["id"] for h in by_text.items] == [closed]
    assert by_text.items[0]["status"] == "resolved" and by_text.items[0]["open"] is False
    assert [h["id"] for h in inbox.search(db, "kerkstraat", lang="nl").items] == [other]
    assert [h["id"] for h in inbox.search(db, other, lang="nl").items] == [other]
    assert inbox.search(db, "   ", lang="nl").items == []


def test_search_takes_wildcards_literally(db):
    new_item(db, text="Stoep kapot")
    assert inbox.search(db, "%", lang="nl").items == []
    assert inbox.search(db, "_", lang="nl").items == []
    percent = new_item(db, text="Korting 100% weg")
    assert [h["id"] for h in inbox.search(db, "100%", lang="nl").items] == [percent]


def test_search_finds_published_items_by_title_or_text_in_any_language(db):
    doc = pub.empty_document("post") | {
        "texts": {
            "nl": text("Werk aan de weg", "De Dorpsstraat is dicht."),
            "fr": text("Travaux", "La rue du Village est fermée."),
        }
    }
    published = publish_doc(db, "post", doc, ["A"])
    draft = make_post(db, ["A"], title="Werk in concept")  # a draft is not searched
    assert draft != published

    assert [p["id"] for p in inbox.search(db, "werk", lang="nl").publications] == [published]
    by_french = inbox.search(db, "VILLAGE", lang="fr")
    assert [(p["id"], p["title"]) for p in by_french.publications] == [(published, "Travaux")]
    assert inbox.search(db, "dorpsstraat", lang="nl").publications[0]["title"] == (
        "Werk aan de weg"
    )
    assert inbox.search(db, "fietsenstalling", lang="nl").publications == []


def test_recently_handled_by_me_lists_my_items_latest_action_first_closed_included(db):
    _other_handler(db)
    first = new_item(db, text="Eerste")
    second = new_item(db, text="Tweede")
    untouched = new_item(db, text="Niet door mij")
    by_other = new_item(db, text="Door een collega")
    with wf.acting_at(NOW):
        move(db, second, ["in_progress"])
    with wf.acting_at(NOW + dt.timedelta(hours=1)):
        move(db, first, ["resolved"])  # closed, and my latest action
    with wf.acting_at(NOW + dt.timedelta(hours=2)):
        move(db, by_other, ["in_progress"], actor=OTHER)
    mine = inbox.list_items(db, inbox.InboxFilter(handled_by="handler"), lang="nl", now=NOW)
    assert list(mine["id"]) == [first, second]
    assert list(mine["status"]) == ["resolved", "in_progress"]
    assert untouched not in set(mine["id"])
    with wf.acting_at(NOW + dt.timedelta(hours=3)):
        move(db, second, ["resolved"])
    again = inbox.list_items(db, inbox.InboxFilter(handled_by="handler"), lang="nl", now=NOW)
    assert list(again["id"]) == [second, first]
    theirs = inbox.list_items(db, inbox.InboxFilter(handled_by="other"), lang="nl", now=NOW)
    assert list(theirs["id"]) == [by_other]
