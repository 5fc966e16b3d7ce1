"""Post and reaction texts for generated events (the text is dropped by ingest)."""

from __future__ import annotations

import numpy as np

POSTS = {
    "nl": [
        "Wie heeft er een ladder die ik zaterdag mag lenen?",
        "Welkom aan de nieuwe buren op nummer 12!",
        "Zaterdag spelletjesavond in het buurthuis, iedereen welkom",
        "Kat gevonden bij de speeltuin, grijs met witte pootjes",
        "Wie kan boodschappen doen voor mijn oudere buurvrouw?",
        "Let op: oplichters bellen aan over de energierekening",
        "Geveltuintjes aanleggen in onze straat, wie doet mee?",
        "Tip: goede loodgieter gezocht in de buurt",
        "Gratis af te halen: kinderfiets, nog prima in orde",
        "Lantaarnpaal bij de hoek is al een week kapot",
    ],
    "fr": [
        "Quelqu'un aurait une échelle à prêter samedi ?",
        "Bienvenue aux nouveaux voisins !",
        "Chat trouvé près de l'aire de jeux",
        "Qui peut faire les courses pour ma voisine âgée ?",
    ],
    "en": [
        "Does anyone have a ladder I could borrow on Saturday?",
        "Welcome to the new neighbours at number 12!",
        "Found a grey cat near the playground",
        "Who could do groceries for my elderly neighbour?",
    ],
}
REACTIONS = {
    "nl": [
        "Goed idee!",
        "Ik doe mee",
        "Dank je wel!",
        "Ik heb er een, stuur me een bericht",
        "Top",
    ],
    "fr": ["Bonne idée !", "Merci !", "Je participe"],
    "en": ["Great idea!", "Count me in", "Thanks!"],
}


def post_text(rng: np.random.Generator, language: str) -> str:
    """A post text in the language."""
    bank = POSTS[language]
    return bank[int(rng.integers(len(bank)))]


def reaction_text(rng: np.random.Generator, language: str) -> str:
    """A reaction text in the language."""
    bank = REACTIONS[language]
    return bank[int(rng.integers(len(bank)))]
