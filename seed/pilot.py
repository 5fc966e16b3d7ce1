"""The Den Haag pilot: 10 buurten, 26 weeks from Monday 2019-11-11 to Sunday 2020-05-10.

The story a community builder would recognise: invitation letters land buurt by buurt in the
second half of November and bring a wave of sign-ups with a code; activity settles over the winter;
the lockdown of mid-March 2020 brings a spike of registrations, help requests and visits; after
that organic growth continues at about 300 households a month and the network settles at about
100 posts and 730 reactions a week. Targets come from seed/reference/den_haag_pilot.json.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from .generator import BuurtSpec, Targets

START = dt.date(2019, 11, 11)
WEEKS = 26
LOCKDOWN = dt.date(2020, 3, 16)

BUURTEN = [
    ("DH-DUI", "Duinoord", 3480, dt.date(2019, 11, 11), 1.15),
    ("DH-ZHK", "Zeeheldenkwartier", 3900, dt.date(2019, 11, 11), 1.25),
    ("DH-RGK", "Regentessekwartier", 3420, dt.date(2019, 11, 13), 1.05),
    ("DH-BZM", "Bezuidenhout-Midden", 3640, dt.date(2019, 11, 15), 1.0),
    ("DH-STK", "Statenkwartier", 3850, dt.date(2019, 11, 18), 1.1),
    ("DH-TVN", "Transvaalkwartier-Noord", 3260, dt.date(2019, 11, 18), 0.7),
    ("DH-VRB", "Vruchtenbuurt", 3080, dt.date(2019, 11, 20), 1.0),
    ("DH-MWO", "Moerwijk-Oost", 3760, dt.date(2019, 11, 22), 0.75),
    ("DH-MSZ", "Morgenstond-Zuid", 3550, dt.date(2019, 11, 25), 0.8),
    ("DH-KDN", "Kijkduin", 2540, dt.date(2019, 11, 25), 1.2),
]

# Share of all registrations per calendar month (Nov from the 11th, May up to the 10th).
MONTH_SHARES = {
    (2019, 11): 1585,
    (2019, 12): 1050,
    (2020, 1): 560,
    (2020, 2): 290,
    (2020, 3): 400,
    (2020, 4): 248,
    (2020, 5): 100,
}
# Weekly shape of posts in weeks 0-21: launch, winter, the lockdown spike, settling.
POST_SHAPE = [250, 520, 640, 620, 560, 520, 480, 420, 380, 420, 400,
              380, 360, 340, 320, 300, 290, 330, 775, 640, 480, 300]  # fmt: skip
EVENT_SHAPE = [2, 5, 7, 8, 8, 9, 10, 6, 5, 8, 9, 9, 10, 10, 10, 11, 11, 9, 4, 3, 3, 4, 4, 5, 5, 6]
ACTIVE_SHAPE = [0.84, 0.83, 0.82, 0.81, 0.80, 0.79, 0.78, 0.74, 0.75, 0.78, 0.77, 0.77, 0.76,
                0.76, 0.75, 0.75, 0.75, 0.76, 0.80, 0.79, 0.77, 0.75]  # fmt: skip


# Topic mix (order of hoplr_data.topics.model.TOPICS): mostly circular and local economy, getting to
# know the neighbours and ecology, as the pilot write-up says.
BASE_TOPICS = np.array([0.21, 0.16, 0.07, 0.10, 0.12, 0.05, 0.07, 0.06, 0.16])


def topic_weights(day: dt.date) -> np.ndarray:
    """The pilot's topic mix on a day: introductions at launch, help in the lockdown, greening
    in spring (the ecology participation project)."""
    weights = BASE_TOPICS.copy()
    week = (day - START).days // 7
    if week < 4:
        weights[8] *= 3.0
    if dt.date(2019, 12, 1) <= day < dt.date(2020, 1, 6):
        weights[3] *= 1.6
    if LOCKDOWN <= day < LOCKDOWN + dt.timedelta(days=28):
        weights[2] *= 6.0
        weights[3] *= 0.3
    if day >= dt.date(2020, 4, 1):
        weights[4] *= 1.8
    return weights


def buurten() -> list[BuurtSpec]:
    """The ten pilot buurten."""
    return [BuurtSpec(code, name, hh, launch, live) for code, name, hh, launch, live in BUURTEN]


def apportion(total: int, weights: np.ndarray) -> np.ndarray:
    """Split a total over weights with largest remainders, so the parts add up exactly."""
    raw = total * weights / weights.sum()
    parts = np.floor(raw).astype(int)
    short = total - parts.sum()
    parts[np.argsort(raw - parts)[::-1][:short]] += 1
    return parts


def registrations_per_day(
    rng: np.random.Generator, total: int, specs: list[BuurtSpec]
) -> np.ndarray:
    """Daily registrations: letter waves per buurt, weekends quieter, the lockdown spike."""
    days = [START + dt.timedelta(days=i) for i in range(WEEKS * 7)]
    intensity = np.array([_day_intensity(day, specs) for day in days])
    month_totals = apportion(total, np.array(list(MONTH_SHARES.values()), dtype=float))
    counts = np.zeros(len(days), dtype=int)
    for (year, month), month_total in zip(MONTH_SHARES, month_totals, strict=True):
        idx = np.array([i for i, d in enumerate(days) if (d.year, d.month) == (year, month)])
        p = intensity[idx] * rng.uniform(0.8, 1.2, size=len(idx))
        counts[idx] = rng.multinomial(month_total, p / p.sum())
    return counts


def _day_intensity(day: dt.date, specs: list[BuurtSpec]) -> float:
    letters = sum(
        s.households * np.exp(-(day - s.launch).days / 9.0) for s in specs if day >= s.launch
    )
    organic = 0.12 * sum(s.households for s in specs)
    lockdown = 1.8 if LOCKDOWN <= day < LOCKDOWN + dt.timedelta(days=21) else 1.0
    weekend = 0.8 if day.weekday() >= 5 else 1.0
    return (letters + organic) * lockdown * weekend


def targets(seed: int) -> Targets:
    """Targets of the pilot; the seed varies them slightly, inside the reference ranges."""
    rng = np.random.default_rng(seed + 7919)
    specs = buurten()
    deregistrations = 90 + int(rng.integers(-10, 11))
    registered = 4150 + int(rng.integers(-30, 31))
    posts_total = 10125 + int(rng.integers(-50, 51))
    posts_recent = 400 + int(rng.integers(-12, 13))
    reactions_recent = 2920 + int(rng.integers(-40, 41))
    event_responses = 623 + 239
    thanks_and_reactions = 66000 + int(rng.integers(-200, 201)) - posts_total - event_responses
    appreciations = round(0.2 * thanks_and_reactions)
    reactions = thanks_and_reactions - appreciations
    shape = np.array(POST_SHAPE, dtype=float)
    posts = np.concatenate(
        [apportion(posts_total - posts_recent, shape), rng.multinomial(posts_recent, [0.25] * 4)]
    )
    reaction_shape = shape * np.linspace(0.9, 1.3, len(shape))
    reactions_week = np.concatenate(
        [
            apportion(reactions - reactions_recent, reaction_shape),
            rng.multinomial(reactions_recent, [0.25] * 4),
        ]
    )
    recent_share = 0.72 + rng.uniform(-0.004, 0.004)
    active = np.array(ACTIVE_SHAPE + [recent_share + rng.uniform(-0.01, 0.01) for _ in range(3)])
    active = np.append(active, 4 * recent_share - active[-3:].sum())
    return Targets(
        start=START,
        registrations_per_day=registrations_per_day(rng, registered + deregistrations, specs),
        posts_per_week=posts,
        reactions_per_week=reactions_week,
        appreciations_per_week=apportion(appreciations, posts.astype(float) + 30),
        events_per_week=rng.multinomial(181, np.array(EVENT_SHAPE) / sum(EVENT_SHAPE)),
        active_share_per_week=active,
        event_interested=623,
        event_attending=239,
        contributor_share=0.70 + rng.uniform(-0.004, 0.004),
        deregistrations=deregistrations,
        language_mix={"nl": 0.9, "en": 0.07, "fr": 0.03},
        topic_weights=topic_weights,
    )
