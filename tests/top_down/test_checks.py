"""Advice while composing (hoplr_data.top_down.checks): reach, cadence, digest, readability."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from hoplr_data.core import models as m
from hoplr_data.top_down import publications as pub
from hoplr_data.top_down.checks import cadence_warnings, makes_digest, reach, readability
from tests.helpers import add_buurten
from tests.top_down.builders import (
    BUILDER,
    NL,
    NOW,
    make_post,
    registered,
)


def test_reach_counts_registered_households_in_the_selection(engine):
    add_buurten(engine, {"A": 100, "B": 200, "C": 50})
    registered(engine, {"A": 3, "B": 5, "C": 1})
    ids = dict(engine.connect().execute(select(m.Buurt.code, m.Buurt.id)).all())
    assert reach(engine, buurt_ids=[ids["A"], ids["B"]], moment=NOW) == 8
    assert reach(engine, buurt_ids=None, moment=NOW) == 9


def test_cadence_warns_same_day_and_busy_week(engine):
    add_buurten(engine, {"A": 100, "B": 200})
    ids = dict(engine.connect().execute(select(m.Buurt.code, m.Buurt.id)).all())
    first = make_post(engine, ["A"])
    pub.publish(engine, actor=BUILDER, publication_id=first, version=2, languages=NL, now=NOW)
    today = cadence_warnings(engine, buurt_ids=[ids["A"], ids["B"]], moment=NOW)
    assert [(w.code, w.buurt, w.count) for w in today] == [("pub.cadence.same_day", "Buurt A", 1)]
    wednesday = NOW + dt.timedelta(days=2)
    assert cadence_warnings(engine, buurt_ids=[ids["A"]], moment=wednesday) == []
    second = make_post(engine, [])  # every buurt
    pub.publish(
        engine,
        actor=BUILDER,
        publication_id=second,
        version=2,
        languages=NL,
        schedule_at=NOW + dt.timedelta(days=1),
        now=NOW,
    )
    busy = cadence_warnings(engine, buurt_ids=None, moment=wednesday)
    assert [(w.code, w.buurt, w.count) for w in busy] == [("pub.cadence.same_week", "Buurt A", 2)]
    next_week = NOW + dt.timedelta(days=7)
    assert cadence_warnings(engine, buurt_ids=None, moment=next_week) == []
    assert cadence_warnings(engine, buurt_ids=None, moment=NOW, exclude_id=first) == []


def test_digest_cut_off_is_five_pm():
    assert makes_digest(dt.datetime(2024, 3, 4, 16, 59))
    assert not makes_digest(dt.datetime(2024, 3, 4, 17, 0))


def test_readability_flags_long_sentences_and_words():
    plain = readability("De straat is dicht. Kom langs!", "nl")
    assert plain.is_plain and plain.sentences == 2 and plain.words == 6
    long = " ".join(["woord"] * 21) + ". Parkeervergunningaanvraagformulier invullen."
    hint = readability(long, "nl")
    assert len(hint.long_sentences) == 1
    assert hint.long_words == ["Parkeervergunningaanvraagformulier"]
