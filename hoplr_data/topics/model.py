"""The topic model: one of the nine taxonomy topics (docs/figures.md, Topics) for each resident post.

Public API (other code and tools depend on these names): `load_classifier()` returns an object
with `predict(texts) -> list[str]`, `predict_with_confidence(texts) -> list[(topic, confidence)]`
and a `version` string.

The model is trained from the labelled corpus in `hoplr_data/data/topic_corpus/` at first use and kept in memory:
training takes a few seconds, so no model file is ever unpickled (nothing to trust). The held-out
part of the corpus (20 %, stratified by topic and language, fixed seed) is never used for training,
so the evaluation describes the model that runs.
"""

from __future__ import annotations

import csv
import hashlib
import re
import time
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, classification_report, confusion_matrix, f1_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import FeatureUnion, Pipeline

TOPICS = (
    "circular_economy",
    "local_economy",
    "help_and_care",
    "events_and_activities",
    "ecology_and_greening",
    "safety",
    "lost_and_found",
    "public_space_and_mobility",
    "getting_to_know_neighbours",
)
UNCLEAR = "unclear"
CORPUS_DIR = Path(__file__).resolve().parents[1] / "data" / "topic_corpus"
HELD_OUT_SHARE = 0.2
RANDOM_STATE = 42
MODEL_GENERATION = 1
MAX_TEXT_CHARS = 2000

_URL = re.compile(r"https?://\S+|www\.\S+")
_DIGITS = re.compile(r"\d+")
_REPEATS = re.compile(r"(.)\1{2,}")


@dataclass(frozen=True)
class Example:
    """One labelled post of the corpus."""

    text: str
    topic: str
    language: str


def normalise(text: str) -> str:
    """Lower-case, strip accents, mask URLs and numbers, shorten letter runs ('heeeel')."""
    text = unicodedata.normalize("NFKC", text or "")[:MAX_TEXT_CHARS].lower()
    text = _URL.sub(" url ", text)
    text = _DIGITS.sub("0", text)
    text = _REPEATS.sub(r"\1\1", text)
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Normaliser(BaseEstimator, TransformerMixin):
    """Normalises every text once, before the feature extractors."""

    def fit(self, texts: list[str], y: object = None) -> Normaliser:  # noqa: ARG002
        """Nothing to learn."""
        return self

    def transform(self, texts: list[str]) -> list[str]:
        """The normalised texts."""
        return [normalise(t if isinstance(t, str) else "") for t in texts]


_TOKEN = re.compile(r"\w+|€")


class LexiconFeatures(BaseEstimator, TransformerMixin):
    """Per topic, how many of its keyword stems (any language) occur in the text."""

    def __init__(self, scale: float = 1.0, lexicon: str = "topics") -> None:
        self.scale = scale
        self.lexicon = lexicon

    def fit(self, texts: list[str], y: object = None) -> LexiconFeatures:  # noqa: ARG002
        """Nothing to learn: the lexicon is fixed."""
        return self

    def transform(self, texts: list[str]) -> np.ndarray:
        """A (texts x labels) matrix of log(1 + distinct matched stems); texts come normalised."""
        exact, prefix, lengths, width = _lexicon_index(self.lexicon)
        rows = np.zeros((len(texts), width), dtype=np.float32)
        for row, text in enumerate(texts):
            rows[row] = _lexicon_counts(_TOKEN.findall(text), exact, prefix, lengths, width)
        return np.log1p(rows) * self.scale


def _lexicon_counts(
    tokens: list[str], exact: dict, prefix: dict, lengths: list[int], width: int
) -> list[int]:
    """Distinct lexicon entries per topic found in the tokens."""
    found: set[tuple[int, str]] = set()
    for i, token in enumerate(tokens):
        for n in (1, 2, 3):
            phrase = " ".join(tokens[i : i + n])
            for topic in exact.get(phrase, ()):
                found.add((topic, phrase))
        for length in lengths:
            if length > len(token):
                break
            for topic in prefix.get(token[:length], ()):
                found.add((topic, token[:length]))
    counts = [0] * width
    for topic, _ in found:
        counts[topic] += 1
    return counts


def _lexicon(name: str) -> dict[str, list[str]]:
    if name == "topics":
        from hoplr_data.topics.lexicon import LEXICON

        return {topic: LEXICON[topic] for topic in TOPICS}
    from hoplr_data.bottom_up.category_lexicon import LEXICON as CATEGORY_LEXICON

    return CATEGORY_LEXICON


@lru_cache(maxsize=4)
def _lexicon_index(name: str) -> tuple[dict[str, set[int]], dict[str, set[int]], list[int], int]:
    """Exact entries (whole words and phrases) and prefix stems (single words) by label index."""
    lexicon = _lexicon(name)
    exact: dict[str, set[int]] = {}
    prefix: dict[str, set[int]] = {}
    for index, entries in enumerate(lexicon.values()):
        for entry in entries:
            tokens = _TOKEN.findall(normalise(entry))
            if not tokens:
                continue
            key = " ".join(tokens)
            whole = len(tokens) > 1 or entry.endswith(" ")
            (exact if whole else prefix).setdefault(key, set()).add(index)
    return exact, prefix, sorted({len(k) for k in prefix}), len(lexicon)


def load_corpus(directory: Path = CORPUS_DIR) -> list[Example]:
    """Every labelled example: one TSV file per topic, lines of 'language<TAB>text'."""
    examples = []
    for topic in TOPICS:
        with (directory / f"{topic}.tsv").open(encoding="utf-8") as handle:
            for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
                if len(row) == 2 and row[1].strip():
                    examples.append(Example(row[1].strip(), topic, row[0]))
    return examples


def split(examples: list[Example]) -> tuple[list[Example], list[Example]]:
    """Training and held-out parts, stratified by topic and language, with a fixed seed."""
    strata = [f"{e.topic}/{e.language}" for e in examples]
    train, held_out = train_test_split(
        examples, test_size=HELD_OUT_SHARE, random_state=RANDOM_STATE, stratify=strata
    )
    return list(train), list(held_out)


def text_features(lexicon: str, lexicon_scale: float) -> FeatureUnion:
    """Character n-grams (robust to typos, variants and unseen words), a multilingual keyword
    lexicon (language-independent) and word n-grams."""
    return FeatureUnion(
        [
            (
                "chars",
                TfidfVectorizer(
                    lowercase=False,
                    analyzer="char_wb",
                    ngram_range=(2, 5),
                    sublinear_tf=True,
                    min_df=2,
                    dtype=np.float32,
                ),
            ),
            ("lexicon", LexiconFeatures(scale=lexicon_scale, lexicon=lexicon)),
            (
                "words",
                TfidfVectorizer(
                    lowercase=False,
                    analyzer="word",
                    token_pattern=r"(?u)\b\w\w+\b",
                    ngram_range=(1, 2),
                    sublinear_tf=True,
                    dtype=np.float32,
                ),
            ),
        ]
    )


def build_pipeline() -> Pipeline:
    """The topic pipeline: text features into a logistic regression."""
    return Pipeline(
        [
            ("normalise", Normaliser()),
            ("features", text_features("topics", 0.2)),
            ("classifier", LogisticRegression(C=20.0, max_iter=3000, random_state=RANDOM_STATE)),
        ]
    )


def corpus_fingerprint(directory: Path = CORPUS_DIR) -> str:
    """Short hash of the corpus files, part of the model version."""
    digest = hashlib.sha256()
    for topic in TOPICS:
        digest.update((directory / f"{topic}.tsv").read_bytes())
    return digest.hexdigest()[:10]


class TopicClassifier:
    """A trained pipeline behind the public predict API."""

    def __init__(self, pipeline: Pipeline, version: str, training_seconds: float) -> None:
        self.pipeline = pipeline
        self.version = version
        self.training_seconds = training_seconds

    def predict(self, texts: list[str]) -> list[str]:
        """One topic code per text (always one of TOPICS)."""
        return [topic for topic, _ in self.predict_with_confidence(texts)]

    def predict_with_confidence(self, texts: list[str]) -> list[tuple[str, float]]:
        """(topic, probability of that topic) per text."""
        if not texts:
            return []
        probabilities = self.pipeline.predict_proba(
            [t if isinstance(t, str) else "" for t in texts]
        )
        classes = self.pipeline.classes_
        best = probabilities.argmax(axis=1)
        return [(str(classes[i]), float(p[i])) for i, p in zip(best, probabilities, strict=True)]


def train(examples: list[Example]) -> TopicClassifier:
    """Train the pipeline on examples (deterministic)."""
    started = time.perf_counter()
    pipeline = build_pipeline()
    pipeline.fit([e.text for e in examples], [e.topic for e in examples])
    version = f"topics-{MODEL_GENERATION}-{corpus_fingerprint()}"
    return TopicClassifier(pipeline, version, time.perf_counter() - started)


@lru_cache(maxsize=1)
def load_classifier() -> TopicClassifier:
    """The model of this process: trained once on the training part of the repo's corpus."""
    training, _ = split(load_corpus())
    return train(training)


@dataclass(frozen=True)
class Evaluation:
    """Held-out figures of a classifier."""

    examples: int
    accuracy: float
    macro_f1: float
    per_topic: dict[str, dict[str, float]]
    per_language: dict[str, dict[str, float]]
    confusion: list[list[int]]

    def as_text(self) -> str:
        """A printable report: accuracy, macro-F1, per topic, per language, confusion matrix."""
        lines = [
            f"held-out examples: {self.examples}",
            f"accuracy: {self.accuracy:.3f}",
            f"macro-F1: {self.macro_f1:.3f}",
            "",
            f"{'topic':28} {'precision':>9} {'recall':>7} {'f1':>6} {'n':>4}",
        ]
        for topic, s in self.per_topic.items():
            lines.append(
                f"{topic:28} {s['precision']:9.3f} {s['recall']:7.3f} {s['f1']:6.3f} {int(s['support']):4d}"
            )
        lines += ["", f"{'language':10} {'accuracy':>8} {'macro-F1':>8} {'n':>4}"]
        for lang, s in self.per_language.items():
            lines.append(f"{lang:10} {s['accuracy']:8.3f} {s['macro_f1']:8.3f} {int(s['n']):4d}")
        lines += ["", "confusion matrix (rows: true, columns: predicted; order as above)"]
        short = [t[:6] for t in TOPICS]
        lines.append(" " * 28 + " ".join(f"{s:>6}" for s in short))
        for topic, row in zip(TOPICS, self.confusion, strict=True):
            lines.append(f"{topic:28}" + " ".join(f"{n:6d}" for n in row))
        return "\n".join(lines)


def evaluate(classifier: TopicClassifier, examples: list[Example]) -> Evaluation:
    """Score a classifier on examples it was not trained on."""
    truth = [e.topic for e in examples]
    predicted = classifier.predict([e.text for e in examples])
    report = classification_report(
        truth, predicted, labels=list(TOPICS), output_dict=True, zero_division=0
    )
    per_language = {}
    for lang in sorted({e.language for e in examples}):
        idx = [i for i, e in enumerate(examples) if e.language == lang]
        t = [truth[i] for i in idx]
        p = [predicted[i] for i in idx]
        per_language[lang] = {
            "accuracy": accuracy_score(t, p),
            "macro_f1": f1_score(t, p, labels=list(TOPICS), average="macro", zero_division=0),
            "n": len(idx),
        }
    return Evaluation(
        examples=len(examples),
        accuracy=accuracy_score(truth, predicted),
        macro_f1=f1_score(truth, predicted, labels=list(TOPICS), average="macro", zero_division=0),
        per_topic={
            t: {k: float(report[t][k]) for k in ("precision", "recall", "f1-score", "support")}
            | {"f1": float(report[t]["f1-score"])}
            for t in TOPICS
        },
        per_language=per_language,
        confusion=confusion_matrix(truth, predicted, labels=list(TOPICS)).tolist(),
    )


@lru_cache(maxsize=1)
def held_out_evaluation() -> Evaluation:
    """The evaluation of the process's model on the held-out corpus (for the UI's model card)."""
    _, held_out = split(load_corpus())
    return evaluate(load_classifier(), held_out)
