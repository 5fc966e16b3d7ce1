"""Saved inbox views: the filter each view yields for one user, and what it lists on the pilot."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from hoplr_data.bottom_up import views
from hoplr_data.bottom_up.inbox import InboxFilter, list_items
from hoplr_data.core import models as m
from hoplr_data.core.db import make_engine
from hoplr_data.core.errors import Invalid

ANNA = views.Viewer("anna", "waste")
NOBODY = views.Viewer("bert", None)
CHOSEN = InboxFilter(kinds=("report",), assignees=("carla",), departments=("green",),
                     punctuality=("very_late",), keyword="lamp")  # fmt: skip


def test_the_views_are_listed_in_this_order():
    assert views.VIEWS == ("open", "mine", "my_department", "unassigned", "late", "recent", "all")


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        ("open", InboxFilter(open_only=True)),
        ("mine", InboxFilter(assignees=("anna",), open_only=True)),
        ("my_department", InboxFilter(departments=("waste",), open_only=True)),
        ("unassigned", InboxFilter(assignees=("",), open_only=True)),
        ("late", InboxFilter(punctuality=("late", "very_late"), open_only=True)),
        ("recent", InboxFilter(handled_by="anna")),
        ("all", InboxFilter()),
    ],
)
def test_each_view_on_an_empty_choice(view, expected):
    assert views.apply_view(view, InboxFilter(), ANNA) == expected


def test_a_view_keeps_the_users_other_filters_and_wins_on_its_own_field():
    mine = views.apply_view("mine", CHOSEN, ANNA)
    assert mine == InboxFilter(kinds=("report",), assignees=("anna",), departments=("green",),
                               punctuality=("very_late",), keyword="lamp", open_only=True)  # fmt: skip
    late = views.apply_view("late", CHOSEN, ANNA)
    assert late.punctuality == ("very_late",)  # a chosen lateness is kept
    assert late.assignees == ("carla",)


def test_views_belong_to_the_viewer():
    assert views.apply_view("mine", InboxFilter(), NOBODY).assignees == ("bert",)
    assert views.apply_view("recent", InboxFilter(), NOBODY).handled_by == "bert"
    assert views.apply_view("my_department", InboxFilter(), NOBODY).departments == ("-",)


def test_an_unknown_view_is_refused_and_an_old_stored_code_falls_back():
    with pytest.raises(Invalid) as refused:
        views.apply_view("favourites", InboxFilter(), ANNA)
    assert (refused.value.code, refused.value.params) == ("inbox.view_unknown", {"view": "favourites"})
    assert views.known_view("favourites") == "open"
    assert views.known_view(None) == "open"
    assert views.known_view("late") == "late"


def test_the_views_list_the_viewers_items_on_the_pilot(pilot_db_url):
    engine = make_engine(pilot_db_url)
    now = dt.datetime(2020, 5, 31, 12)
    handler = views.viewer(engine, "behandelaar")
    assert handler == views.Viewer("behandelaar", "public_works")  # the seed's demo handler
    assert views.viewer(engine, "viewer") == views.Viewer("viewer", None)

    def listed(view: str, who: views.Viewer):  # noqa: ANN202
        return list_items(engine, views.apply_view(view, InboxFilter(), who), lang="nl", now=now)

    mine = listed("mine", handler)
    assert len(mine) > 0 and set(mine["assignee"]) == {"behandelaar"} and mine["open"].all()
    unassigned = listed("unassigned", handler)
    assert len(unassigned) > 0 and unassigned["assignee"].isna().all()
    department = listed("my_department", handler)
    assert len(department) > 0 and set(department["department"]) == {"Stadsbeheer"}
    assert listed("my_department", views.viewer(engine, "viewer")).empty
    with engine.connect() as conn:
        acted_on = set(
            conn.scalars(
                select(m.ItemEvent.item_id)
                .join(m.User, m.User.id == m.ItemEvent.user_id)
                .where(m.User.username == "behandelaar")
            )
        )
    assert acted_on and set(listed("recent", handler)["id"]) == acted_on
    engine.dispose()
