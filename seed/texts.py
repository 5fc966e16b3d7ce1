"""Post texts for generated events, drawn from the labelled topic corpus with light noise
(residents' casing, typos and emoji); the text is dropped by ingest after classification."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from hoplr_data.topics.model import TOPICS, load_corpus

REACTIONS = {
    "nl": [
        "Goed idee!",
        "Ik doe mee",
        "Dank je wel!",
        "Ik heb er een, stuur me een bericht",
        "Top",
        "Super 👍",
    ],
    "fr": ["Bonne idée !", "Merci !", "Je participe", "Super 👍"],
    "en": ["Great idea!", "Count me in", "Thanks!", "Lovely 👍"],
}
EMOJI = ["🙂", "🙏", "👍", "😊", "!!", " :)", "❤️"]


@lru_cache(maxsize=1)
def _by_topic_and_language() -> dict[tuple[str, str], list[str]]:
    texts: dict[tuple[str, str], list[str]] = {}
    for example in load_corpus():
        texts.setdefault((example.topic, example.language), []).append(example.text)
    return texts


def roughen(rng: np.random.Generator, text: str) -> str:
    """Make a text look typed in a hurry: lower case, a dropped letter, an extra emoji."""
    if rng.random() < 0.2:
        text = text.lower()
    if rng.random() < 0.15 and len(text) > 12:
        i = int(rng.integers(1, len(text) - 1))
        text = text[:i] + text[i + 1 :]
    if rng.random() < 0.15:
        text = text + " " + EMOJI[int(rng.integers(len(EMOJI)))]
    return text


def post_text(rng: np.random.Generator, language: str, topic: str) -> str:
    """A resident post about a topic in a language."""
    bank = _by_topic_and_language()[(topic, language)]
    return roughen(rng, bank[int(rng.integers(len(bank)))])


def reaction_text(rng: np.random.Generator, language: str) -> str:
    """A reaction text in the language."""
    bank = REACTIONS[language]
    return bank[int(rng.integers(len(bank)))]


def uniform_topics(_day: object) -> np.ndarray:
    """Every topic equally likely."""
    return np.ones(len(TOPICS))
