"""The topic model's card comes from the domain: the page only formats it."""

from __future__ import annotations

from hoplr_data.topics.card import LANGUAGE_COLUMNS, TOPIC_COLUMNS, model_card
from hoplr_data.topics.model import TOPICS, load_corpus, split


def test_model_card_describes_the_model_of_this_process():
    card = model_card()
    training, held_out = split(load_corpus())
    assert card.version.startswith("topics-")
    assert (card.training_examples, card.held_out_examples) == (len(training), len(held_out))
    assert card.languages == ("en", "fr", "nl")
    assert 0.8 <= card.macro_f1 <= 1 and 0.8 <= card.accuracy <= 1
    assert [row["topic"] for row in card.per_topic] == list(TOPICS)
    assert sum(row["examples"] for row in card.per_topic) == len(held_out)
    assert sum(row["examples"] for row in card.per_language) == len(held_out)
    for row in card.per_language:
        assert set(row) == set(LANGUAGE_COLUMNS)
    for row in card.per_topic:
        assert set(row) == set(TOPIC_COLUMNS)
    headline = {f.key: (f.value, f.kind) for f in card.headline()}
    assert headline["model_version"] == (card.version, "text")
    assert headline["model_accuracy"] == (card.accuracy, "share")
    assert headline["model_macro_f1"] == (card.macro_f1, "share")
