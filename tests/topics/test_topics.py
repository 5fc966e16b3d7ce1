"""The topic model and topic analytics."""

import datetime as dt

import pytest

from hoplr_data.stats.metrics import Scope
from hoplr_data.stats.topics import mix_by_buurt, rising, trend
from hoplr_data.topics import model as topics
from hoplr_data.topics.model import TOPICS, UNCLEAR, load_classifier, load_corpus, split, train
from tests.helpers import add_buurten, ev, load

MACRO_F1_FLOOR = 0.80


def test_corpus_has_150_examples_per_topic_in_three_languages():
    corpus = load_corpus()
    for topic in TOPICS:
        examples = [e for e in corpus if e.topic == topic]
        assert len(examples) >= 150, topic
        assert {e.language for e in examples} == {"nl", "fr", "en"}
        assert min(sum(e.language == lang for e in examples) for lang in ("nl", "fr", "en")) >= 40


def test_held_out_is_never_trained_on_and_scores_above_floor():
    training, held_out = split(load_corpus())
    assert not {(e.text, e.topic) for e in training} & {(e.text, e.topic) for e in held_out}
    evaluation = topics.held_out_evaluation()
    assert evaluation.examples == len(held_out)
    assert evaluation.macro_f1 >= MACRO_F1_FLOOR
    for lang, scores in evaluation.per_language.items():
        assert scores["macro_f1"] >= MACRO_F1_FLOOR - 0.05, lang
    report = evaluation.as_text()
    assert "confusion matrix" in report and "macro-F1" in report


def test_training_is_deterministic():
    training, held_out = split(load_corpus())
    texts = [e.text for e in held_out]
    first, second = train(training), train(training)
    assert first.predict_with_confidence(texts) == second.predict_with_confidence(texts)
    assert first.version == second.version == load_classifier().version


@pytest.mark.parametrize(
    "text", ["", "   ", "😀🙏🎉", "x" * 100_000, "12345", "<script>alert(1)</script>", None]
)
def test_every_prediction_is_in_the_taxonomy(text):
    [(topic, confidence)] = load_classifier().predict_with_confidence([text])
    assert topic in TOPICS
    assert 0.0 <= confidence <= 1.0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Onze poes Mimi is sinds gisteren zoek, wie heeft haar gezien?", "lost_and_found"),
        ("Vannacht is er ingebroken in drie auto's op de Obrechtstraat", "safety"),
        (
            "Qui veut participer au nettoyage du parc samedi ? On plante aussi des fleurs",
            "ecology_and_greening",
        ),
        ("Anyone fancy joining a Thursday evening running club?", "events_and_activities"),
        ("Wie kan voor mijn zieke moeder boodschappen doen deze week?", "help_and_care"),
    ],
)
def test_unseen_examples(text, expected):
    assert load_classifier().predict([text]) == [expected]


@pytest.fixture
def posts(engine):
    add_buurten(engine, {"A": 100, "B": 100})
    events = [
        ev("registration", "2024-01-01T08:00:00", household_id="h1", buurt="A"),
        ev("registration", "2024-01-01T08:00:00", household_id="h2", buurt="B"),
    ]
    # 8 quiet weeks with one lost-pet post in A, then a week with 7 lost-pet posts in A
    for week in range(8):
        day = dt.date(2024, 1, 1) + dt.timedelta(weeks=week, days=2)
        events.append(
            ev(
                "post",
                f"{day}T12:00:00",
                household_id="h1",
                buurt="A",
                text="Kat gevonden bij de speeltuin, wie mist hem?",
            )
        )
    for i in range(7):
        events.append(
            ev(
                "post",
                f"2024-02-27T1{i}:00:00",
                household_id="h1",
                buurt="A",
                text="Onze hond is weggelopen, bruine labrador!",
            )
        )
    for i in range(3):
        events.append(
            ev(
                "post",
                f"2024-02-27T1{i}:30:00",
                household_id="h2",
                buurt="B",
                text="Wie heeft er een ladder te leen?",
            )
        )
    events.append(ev("post", "2024-02-28T10:00:00", household_id="h2", buurt="B", text="🙂"))
    load(engine, events)
    return engine


def test_rising_topic_rule(posts):
    scope = Scope(as_of=dt.date(2024, 3, 3))
    found = rising(posts, scope, 0.4, "week", k=5)
    assert found[["buurt", "topic", "posts"]].values.tolist() == [["Buurt A", "lost_and_found", 7]]
    assert found.loc[0, "trailing_mean"] == pytest.approx(1.0)
    assert rising(posts, scope, 0.4, "week", k=8).empty  # never a cell under k


def test_low_confidence_counts_as_unclear_and_mix_shares(posts):
    scope = Scope(as_of=dt.date(2024, 3, 3))
    mix = mix_by_buurt(posts, scope, threshold=0.4)
    b = mix[mix["buurt"] == "Buurt B"].set_index("topic")
    assert b.loc[UNCLEAR, "posts"] == 1  # the emoji-only post
    assert b["share"].sum() == pytest.approx(1.0)
    everything_unclear = mix_by_buurt(posts, scope, threshold=1.01)
    assert set(everything_unclear["topic"]) == {UNCLEAR}
    weekly = trend(posts, scope, 0.4, "week")
    assert weekly["posts"].sum() == 8 + 7 + 3 + 1
    monthly = trend(posts, scope, 0.4, "month")
    assert sorted(monthly["period"].dt.month.unique()) == [1, 2]


def test_cli_train_and_evaluate(capsys):
    from hoplr_data.__main__ import main

    assert main(["topics", "train"]) == 0
    assert "held out, never trained on" in capsys.readouterr().out
    assert main(["topics", "evaluate"]) == 0
    out = capsys.readouterr().out
    for word in (
        "accuracy",
        "macro-F1",
        "precision",
        "recall",
        "confusion matrix",
        "nl ",
        "fr ",
        "en ",
    ):
        assert word in out


def test_cells_under_k_are_marked_by_the_domain(posts):
    from hoplr_data.stats.queries import buurt_ids
    from hoplr_data.stats.topics import buurt_versus_city

    scope = Scope(as_of=dt.date(2024, 3, 3))
    mix = mix_by_buurt(posts, scope, threshold=0.4, k=5).set_index(["buurt", "topic"])
    b = mix.loc["Buurt B"]
    assert b["suppressed"].all() and set(b["mark"]) == {"< 5"}  # 3 + 1 posts
    # A's 15 posts are all lost-and-found: shown, with the city's 19 posts they would give
    # B's total (4), so they are hidden too (secondary suppression, '×')
    assert mix.at[("Buurt A", "lost_and_found"), "mark"] == "×"
    assert mix["posts"].isna().all()
    weekly = trend(posts, scope, 0.4, "week", k=5)
    assert weekly.loc[weekly["mark"] == "< 5", "posts"].isna().all()
    assert (weekly.loc[weekly["mark"] == "", "posts"] >= 5).all()
    (a_id,) = buurt_ids(posts, ["A"])
    versus = buurt_versus_city(posts, scope, a_id, 0.4, k=8)
    assert (versus.loc[versus["mark"] == "", "posts"] >= 8).all()
    assert versus["suppressed"].any()
    assert not mix_by_buurt(posts, scope, threshold=0.4)["suppressed"].any()  # no k, no mark
