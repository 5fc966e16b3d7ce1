"""Category suggestions for reports and ideas: a text classifier per kind, trained at first use
from the labelled corpus in `hoplr_data/data/category_corpus/` (one TSV per category, 'language<TAB>text')."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sklearn.linear_model import LogisticRegression
from sklearn.metrics import classification_report, confusion_matrix, f1_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline

from hoplr_data.bottom_up.defaults import CATEGORIES
from hoplr_data.topics.model import Normaliser, text_features

CORPUS_DIR = Path(__file__).resolve().parents[1] / "data" / "category_corpus"
RANDOM_STATE = 42
HELD_OUT_SHARE = 0.25


def leaf_categories(kind: str) -> list[str]:
    """Categories of a kind that have a corpus file (the ones a suggestion can name)."""
    return [
        code
        for code, spec in CATEGORIES.items()
        if spec[0] == kind and (CORPUS_DIR / f"{code}.tsv").exists()
    ]


def load_corpus(kind: str) -> list[tuple[str, str, str]]:
    """(text, category, language) examples of a kind."""
    examples = []
    for code in leaf_categories(kind):
        with (CORPUS_DIR / f"{code}.tsv").open(encoding="utf-8") as handle:
            for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) == 2 and row[1].strip():
                    examples.append((row[1].strip(), code, row[0]))
    return examples


def split(examples: list[tuple[str, str, str]]) -> tuple[list, list]:
    """Training and held-out parts, stratified by category, fixed seed."""
    train, held_out = train_test_split(
        examples,
        test_size=HELD_OUT_SHARE,
        random_state=RANDOM_STATE,
        stratify=[e[1] for e in examples],
    )
    return list(train), list(held_out)


def build_pipeline() -> Pipeline:
    """The topic model's text features (with the category lexicon) into a logistic regression."""
    return Pipeline(
        [
            ("normalise", Normaliser()),
            ("features", text_features("categories", 1.0)),
            ("classifier", LogisticRegression(C=20.0, max_iter=3000, random_state=RANDOM_STATE)),
        ]
    )


@lru_cache(maxsize=2)
def classifier(kind: str) -> Pipeline:
    """The trained suggestion model of a kind (training part of the corpus only)."""
    training, _ = split(load_corpus(kind))
    return build_pipeline().fit([e[0] for e in training], [e[1] for e in training])


def suggest(text: str, kind: str) -> tuple[str, float]:
    """The most likely category of a text and its probability."""
    model = classifier(kind)
    probabilities = model.predict_proba([text or ""])[0]
    best = int(probabilities.argmax())
    return str(model.classes_[best]), float(probabilities[best])


@dataclass(frozen=True)
class CategoryEvaluation:
    """Held-out scores of a kind's suggestion model."""

    kind: str
    examples: int
    macro_f1: float
    report: str
    confusion: list[list[int]]
    labels: list[str]


def evaluate(kind: str) -> CategoryEvaluation:
    """Score the model of a kind on its held-out examples."""
    _, held_out = split(load_corpus(kind))
    truth = [e[1] for e in held_out]
    predicted = list(classifier(kind).predict([e[0] for e in held_out]))
    labels = leaf_categories(kind)
    return CategoryEvaluation(
        kind=kind,
        examples=len(held_out),
        macro_f1=f1_score(truth, predicted, labels=labels, average="macro", zero_division=0),
        report=classification_report(truth, predicted, labels=labels, zero_division=0),
        confusion=confusion_matrix(truth, predicted, labels=labels).tolist(),
        labels=labels,
    )
