"""A city-scale scenario for benchmarks: many buurten over two years.

Defaults (`--buurten 120 --households 270000 --weeks 104`) give about 60,000 registered
households, 250,000 posts and 2 million reactions; every count scales with the households.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from faker import Faker

from .generator import BuurtSpec, Targets
from .pilot import apportion

START = dt.date(2023, 1, 2)


def buurten(rng: np.random.Generator, count: int, households: int) -> list[BuurtSpec]:
    """Buurten of 1,000 to 4,000 households adding up to the total, launched over 20 weeks."""
    faker = Faker("nl_NL")
    faker.seed_instance(int(rng.integers(1 << 30)))
    sizes = apportion(households, rng.uniform(1000, 4000, size=count))
    names: set[str] = set()
    specs = []
    for i, size in enumerate(sizes):
        name = f"{faker.last_name()}buurt"
        while name in names:
            name = f"{faker.last_name()}kwartier"
        names.add(name)
        launch = START + dt.timedelta(days=int(rng.integers(0, 140)))
        specs.append(
            BuurtSpec(f"C{i + 1:03d}", name, int(size), launch, float(rng.uniform(0.6, 1.4)))
        )
    return specs


def scenario(seed: int, count: int, households: int, weeks: int) -> tuple[list[BuurtSpec], Targets]:
    """Buurten and targets of the city scenario."""
    rng = np.random.default_rng(seed)
    specs = buurten(rng, count, households)
    scale = households / 270_000 * weeks / 104
    registered = round(60_000 * households / 270_000)
    deregistrations = round(registered * 0.025)
    days = np.arange(weeks * 7)
    launches = np.array([(s.launch - START).days for s in specs])
    letters = np.array(
        [
            sum(
                s.households * np.exp(-(d - ld) / 9.0)
                for s, ld in zip(specs, launches, strict=True)
                if d >= ld
            )
            for d in days
        ]
    )
    intensity = letters + 0.05 * households
    growth = np.linspace(0.5, 1.0, weeks)  # activity grows with the registered households
    season = 1 + 0.15 * np.cos(np.arange(weeks) / 52 * 2 * np.pi)
    shape = growth * season
    posts = apportion(round(250_000 * scale), shape)
    return specs, Targets(
        start=START,
        registrations_per_day=apportion(registered + deregistrations, intensity),
        posts_per_week=posts,
        reactions_per_week=apportion(round(2_000_000 * scale), shape),
        appreciations_per_week=apportion(round(400_000 * scale), shape),
        events_per_week=apportion(round(4_500 * scale), shape),
        active_share_per_week=np.clip(0.62 + 0.05 * season - 0.05, 0.4, 0.9),
        event_interested=round(15_000 * scale),
        event_attending=round(6_000 * scale),
        contributor_share=0.6,
        deregistrations=deregistrations,
        max_visit_days=1,
        language_mix={"nl": 0.85, "en": 0.1, "fr": 0.05},
    )
