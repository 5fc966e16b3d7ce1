"""The topic model's card: what the Topics page shows about the model (version, training data,
held-out quality overall, per language and per topic), as values with their kind; the page only
formats them."""

from __future__ import annotations

from dataclasses import dataclass

from hoplr_data.topics import model

# Kinds of values, as hoplr_data.core.i18n.fmt_value formats them ("text" stays as it is)
SHARE, COUNT, TEXT = "share", "count", "text"


@dataclass(frozen=True)
class CardFigure:
    """One headline figure of the card: catalog key (topics.<key>, topics.<key>.help), value,
    kind."""

    key: str
    value: str | float
    kind: str


@dataclass(frozen=True)
class ModelCard:
    """Version, training data and held-out figures of the topic model of this process."""

    version: str
    training_examples: int
    held_out_examples: int
    languages: tuple[str, ...]
    accuracy: float
    macro_f1: float
    per_language: tuple[dict, ...]  # rows: language, accuracy, macro_f1, examples
    per_topic: tuple[dict, ...]  # rows: topic, precision, recall, f1, examples

    def headline(self) -> list[CardFigure]:
        """The figures shown as cards: version, held-out accuracy and macro-F1."""
        return [
            CardFigure("model_version", self.version, TEXT),
            CardFigure("model_accuracy", self.accuracy, SHARE),
            CardFigure("model_macro_f1", self.macro_f1, SHARE),
        ]


# The kind of each column of the card's two tables
LANGUAGE_COLUMNS = {"language": TEXT, "accuracy": SHARE, "macro_f1": SHARE, "examples": COUNT}
TOPIC_COLUMNS = {
    "topic": TEXT,
    "precision": SHARE,
    "recall": SHARE,
    "f1": SHARE,
    "examples": COUNT,
}


def model_card() -> ModelCard:
    """The card of the model this process classifies with, scored on the held-out corpus."""
    classifier = model.load_classifier()
    evaluation = model.held_out_evaluation()
    corpus = model.load_corpus()
    training, held_out = model.split(corpus)
    return ModelCard(
        version=classifier.version,
        training_examples=len(training),
        held_out_examples=len(held_out),
        languages=tuple(sorted({e.language for e in corpus})),
        accuracy=evaluation.accuracy,
        macro_f1=evaluation.macro_f1,
        per_language=tuple(
            {"language": code, "accuracy": s["accuracy"], "macro_f1": s["macro_f1"],
             "examples": int(s["n"])}
            for code, s in evaluation.per_language.items()
        ),  # fmt: skip
        per_topic=tuple(
            {"topic": code, "precision": s["precision"], "recall": s["recall"], "f1": s["f1"],
             "examples": int(s["support"])}
            for code, s in evaluation.per_topic.items()
        ),  # fmt: skip
    )
