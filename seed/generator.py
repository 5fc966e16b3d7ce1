"""Generate platform events for a scenario from exact per-day and per-week targets.

The scenario says how many registrations happen each day, how many posts, reactions,
appreciations and events each week, which share of registered households visits each week and
which share of them ever contributes. The generator draws who does what and when from a fixed
random seed, so the figures land on the targets for any seed while the rows differ.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from faker import Faker

from hoplr_data.topics.model import TOPICS

from . import texts

DAY = dt.timedelta(days=1)
CODE_ALPHABET = np.array(list("ABCDEFGHJKLMNPQRSTUVWXYZ23456789"))


@dataclass(frozen=True)
class BuurtSpec:
    """A buurt of a scenario: code, name, households, launch day of its letters, liveliness."""

    code: str
    name: str
    households: int
    launch: dt.date
    liveliness: float = 1.0


@dataclass
class Targets:
    """Exact counts the generated events must produce."""

    start: dt.date
    registrations_per_day: np.ndarray
    posts_per_week: np.ndarray
    reactions_per_week: np.ndarray
    appreciations_per_week: np.ndarray
    events_per_week: np.ndarray
    active_share_per_week: np.ndarray
    event_interested: int
    event_attending: int
    contributor_share: float
    deregistrations: int
    invalid_code_share: float = 0.02
    max_visit_days: int = 3
    topic_weights: Callable[[dt.date], np.ndarray] = texts.uniform_topics
    language_mix: dict[str, float] = field(default_factory=lambda: {"nl": 1.0})

    @property
    def weeks(self) -> int:
        """Number of weeks of the scenario."""
        return len(self.posts_per_week)


@dataclass
class Household:
    """A generated household."""

    hid: str
    buurt: int
    registered_at: dt.datetime
    invite_code: str | None
    deregistered_at: dt.datetime | None = None


@dataclass
class Generated:
    """What a scenario produced: invitation codes to create and platform events to ingest."""

    invitation_codes: list[tuple[str, str, str, str]]  # code, buurt code, address, wave
    events: list[dict]


class Generator:
    """Draws a scenario's events from its targets."""

    def __init__(self, buurten: list[BuurtSpec], targets: Targets, seed: int) -> None:
        self.buurten = buurten
        self.t = targets
        self.rng = np.random.default_rng(seed)
        self.faker = Faker("nl_NL")
        self.faker.seed_instance(seed)
        self.events: list[dict] = []
        self.counter = 0
        self.first_moment = dt.datetime.combine(targets.start, dt.time())

    def new_id(self, prefix: str) -> str:
        """A unique event id."""
        self.counter += 1
        return f"{prefix}-{self.counter:08d}"

    def time_on(self, day: dt.date, earliest_hour: int = 7, latest_hour: int = 22) -> dt.datetime:
        """A random moment of a day between two hours."""
        seconds = int(self.rng.integers(earliest_hour * 3600, latest_hour * 3600))
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=seconds)

    def week_moments(self, week: int, count: int) -> list[dt.datetime]:
        """`count` sorted random moments in a week of the scenario."""
        monday = self.t.start + dt.timedelta(weeks=week)
        days = self.rng.integers(0, 7, size=count)
        seconds = self.rng.integers(7 * 3600, 23 * 3600, size=count)
        base = dt.datetime.combine(monday, dt.time())
        return sorted(
            max(base + dt.timedelta(days=int(d), seconds=int(s)), self.first_moment)
            for d, s in zip(days, seconds, strict=True)
        )

    # --- households ----------------------------------------------------------------------

    def invitation_codes(self) -> dict[int, list[str]]:
        """One code per household address of each buurt, in the wave of its launch day (the
        letters' delivery); returns unused codes per buurt."""
        self.codes: list[tuple[str, str, str, str]] = []
        unused: dict[int, list[str]] = {}
        for b, spec in enumerate(self.buurten):
            letters = self.rng.choice(CODE_ALPHABET, size=(spec.households, 8))
            streets = [self.faker.street_name() for _ in range(12)]
            codes = []
            for i, row in enumerate(letters):
                code = "".join(row)
                address = f"{streets[i % len(streets)]} {1 + i // len(streets)}"
                self.codes.append((code, spec.code, address, spec.launch.isoformat()))
                codes.append(code)
            self.rng.shuffle(codes)
            unused[b] = codes
        return unused

    def registrations(self) -> list[Household]:
        """Households registering each day, by buurt, with or without an invitation code."""
        unused = self.invitation_codes()
        households = []
        for offset, count in enumerate(self.t.registrations_per_day):
            day = self.t.start + offset * DAY
            weights = self.buurt_pull(day)
            buurt_of = self.rng.choice(
                len(self.buurten), size=int(count), p=weights / weights.sum()
            )
            for b in buurt_of:
                code = self.pick_code(int(b), day, unused)
                hid = f"hh-{self.rng.integers(16**12):012x}"
                households.append(Household(hid, int(b), self.time_on(day), code))
        households.sort(key=lambda h: h.registered_at)
        return households

    def letter_pull(self, b: int, day: dt.date) -> float:
        """Extra pull of a buurt in the weeks after its invitation letters arrived."""
        since = (day - self.buurten[b].launch).days
        return 0.0 if since < 0 else 6.0 * np.exp(-since / 9.0)

    def buurt_pull(self, day: dt.date) -> np.ndarray:
        """Relative chance that a registration of the day comes from each buurt."""
        return np.array(
            [
                spec.households * spec.liveliness * (1.0 + self.letter_pull(b, day))
                for b, spec in enumerate(self.buurten)
            ]
        )

    def pick_code(self, b: int, day: dt.date, unused: dict[int, list[str]]) -> str | None:
        """An invitation code while letters pull, sometimes mistyped; None for organic sign-ups."""
        pull = self.letter_pull(b, day)
        p_invite = (pull + 0.3) / (pull + 1.0)
        if self.rng.random() >= p_invite or not unused[b]:
            return None
        code = unused[b].pop()
        if self.rng.random() < self.t.invalid_code_share:
            return code[:-1] + ("X" if code[-1] != "X" else "Y")
        return code

    def deregister(self, households: list[Household]) -> None:
        """Close the memberships of a few households some time after they registered."""
        end = dt.datetime.combine(self.t.start + self.t.weeks * 7 * DAY, dt.time())
        candidates = [h for h in households if h.registered_at < end - dt.timedelta(days=21)]
        chosen = self.rng.choice(len(candidates), size=self.t.deregistrations, replace=False)
        for i in chosen:
            h = candidates[int(i)]
            span = (end - h.registered_at - dt.timedelta(days=14)).total_seconds()
            h.deregistered_at = h.registered_at + dt.timedelta(
                days=7, seconds=int(self.rng.random() * span)
            )

    # --- activity ------------------------------------------------------------------------

    def run(self) -> Generated:
        """Generate every event of the scenario, sorted by time."""
        households = self.registrations()
        self.deregister(households)
        self.emit_memberships(households)
        self.emit_visits(households)
        contributors = self.choose_contributors(households)
        self.first_moment = contributors[0].registered_at + dt.timedelta(hours=1)
        self.authors = AuthorPicker(contributors, self.rng)
        posts = self.emit_posts()
        self.emit_post_activity(posts, households)
        self.emit_events()
        order = {"registration": 0, "deregistration": 9}
        self.events.sort(key=lambda e: (e["time"], order.get(e["type"], 1)))
        return Generated(self.codes, self.events)

    def emit_memberships(self, households: list[Household]) -> None:
        """Registration and deregistration events."""
        for h in households:
            event = {
                "id": self.new_id("reg"),
                "type": "registration",
                "household_id": h.hid,
                "buurt": self.buurten[h.buurt].code,
                "time": h.registered_at.isoformat(),
            }
            if h.invite_code:
                event["invite_code"] = h.invite_code
            self.events.append(event)
            if h.deregistered_at:
                self.events.append(
                    {
                        "id": self.new_id("dereg"),
                        "type": "deregistration",
                        "household_id": h.hid,
                        "time": h.deregistered_at.isoformat(),
                    }
                )

    def emit_visits(self, households: list[Household]) -> None:
        """Each week, exactly the target share of registered households visits on 1-3 days."""
        for week in range(self.t.weeks):
            monday = self.t.start + week * 7 * DAY
            week_end = dt.datetime.combine(monday + 7 * DAY, dt.time())
            registered = [
                h
                for h in households
                if h.registered_at < week_end
                and (h.deregistered_at is None or h.deregistered_at >= week_end)
            ]
            active = round(self.t.active_share_per_week[week] * len(registered))
            for i in self.rng.choice(len(registered), size=active, replace=False):
                self.emit_week_visits(registered[int(i)], monday)

    def emit_week_visits(self, h: Household, monday: dt.date) -> None:
        """Visits of one household on 1-3 days of a week, never before it registered."""
        first = max(monday, h.registered_at.date())
        span = (monday + 7 * DAY - first).days
        days = {
            first + int(d) * DAY
            for d in self.rng.integers(0, span, size=1 + self.rng.integers(self.t.max_visit_days))
        }
        for day in days:
            when = self.time_on(day)
            if when <= h.registered_at:
                when = h.registered_at + dt.timedelta(minutes=2)
            self.events.append(
                {
                    "id": self.new_id("visit"),
                    "type": "visit",
                    "household_id": h.hid,
                    "time": when.isoformat(),
                }
            )

    def choose_contributors(self, households: list[Household]) -> list[Household]:
        """The target share of households still registered at the end ever contribute."""
        staying = [h for h in households if h.deregistered_at is None]
        count = round(self.t.contributor_share * len(staying))
        chosen = self.rng.choice(len(staying), size=count, replace=False)
        return sorted((staying[int(i)] for i in chosen), key=lambda h: h.registered_at)

    def emit_posts(self) -> list[dict]:
        """Posts each week by contributors registered at the time, on the scenario's topics."""
        tilt = self.rng.gamma(6.0, 1 / 6.0, size=(len(self.buurten), len(TOPICS)))
        posts = []
        for week, count in enumerate(self.t.posts_per_week):
            for when in self.week_moments(week, int(count)):
                author = self.authors.pick(when)
                lang = self.language()
                weights = self.t.topic_weights(when.date()) * tilt[author.buurt]
                topic = TOPICS[int(self.rng.choice(len(TOPICS), p=weights / weights.sum()))]
                post = {
                    "id": self.new_id("post"),
                    "type": "post",
                    "household_id": author.hid,
                    "buurt": self.buurten[author.buurt].code,
                    "time": when.isoformat(),
                    "text": texts.post_text(self.rng, lang, topic),
                    "language": lang,
                }
                posts.append(post)
                self.authors.credit(author)
        self.events.extend(posts)
        return posts

    def language(self) -> str:
        """A language drawn from the scenario's mix."""
        langs = list(self.t.language_mix)
        return langs[int(self.rng.choice(len(langs), p=list(self.t.language_mix.values())))]

    def emit_post_activity(self, posts: list[dict], households: list[Household]) -> None:
        """Reactions (guaranteeing every contributor acted once) and appreciations."""
        index = PostIndex(posts, [self.buurten[i].code for i in range(len(self.buurten))])
        slots = [
            when
            for week, count in enumerate(self.t.reactions_per_week)
            for when in self.week_moments(week, int(count))
        ]
        authors = self.authors.assign(slots)
        for when, author in zip(slots, authors, strict=True):
            post = index.recent(self.buurten[author.buurt].code, when, self.rng)
            when = max(when, post["_time"] + dt.timedelta(minutes=3))
            lang = post["language"]
            self.events.append(
                {
                    "id": self.new_id("react"),
                    "type": "reaction",
                    "household_id": author.hid,
                    "post_id": post["id"],
                    "time": when.isoformat(),
                    "text": texts.reaction_text(self.rng, lang),
                    "language": lang,
                }
            )
        thankers = AuthorPicker(
            sorted(
                (h for h in households if h.deregistered_at is None), key=lambda h: h.registered_at
            ),
            self.rng,
        )
        for week, count in enumerate(self.t.appreciations_per_week):
            for when in self.week_moments(week, int(count)):
                author = thankers.pick(when)
                post = index.recent(self.buurten[author.buurt].code, when, self.rng)
                when = max(when, post["_time"] + dt.timedelta(minutes=3))
                self.events.append(
                    {
                        "id": self.new_id("thanks"),
                        "type": "appreciation",
                        "household_id": author.hid,
                        "post_id": post["id"],
                        "time": when.isoformat(),
                    }
                )

    def emit_events(self) -> None:
        """Resident events and exactly the target numbers of interested and attending answers."""
        end = dt.datetime.combine(self.t.start + self.t.weeks * 7 * DAY, dt.time())
        events = []
        for week, count in enumerate(self.t.events_per_week):
            for when in self.week_moments(week, int(count)):
                organiser = self.authors.pick(when)
                starts = self.time_on(
                    (when + dt.timedelta(days=int(self.rng.integers(3, 22)))).date(), 10, 20
                )
                events.append((when, starts, organiser, self.new_id("event")))
                self.events.append(
                    {
                        "id": events[-1][3],
                        "type": "event",
                        "household_id": organiser.hid,
                        "buurt": self.buurten[organiser.buurt].code,
                        "time": when.isoformat(),
                        "starts_at": starts.isoformat(),
                        "title": "Buurtactiviteit",
                    }
                )
        popularity = self.rng.gamma(1.5, 1.0, size=len(events))
        answered: set[tuple[str, str]] = set()
        for kind, total in (
            ("interested", self.t.event_interested),
            ("attending", self.t.event_attending),
        ):
            per_event = self.rng.multinomial(total, popularity / popularity.sum())
            for (created, starts, organiser, eid), n in zip(events, per_event, strict=True):
                latest = min(starts, end - dt.timedelta(minutes=1))
                for _ in range(int(n)):
                    self.emit_response(eid, kind, created, latest, organiser, answered)

    def emit_response(
        self,
        eid: str,
        kind: str,
        created: dt.datetime,
        latest: dt.datetime,
        organiser: Household,
        answered: set[tuple[str, str]],
    ) -> None:
        """One answer to an event by a contributor who has not answered it yet."""
        span = max((latest - created).total_seconds(), 60)
        for _ in range(200):
            when = created + dt.timedelta(seconds=30 + int(self.rng.random() * span))
            who = self.authors.pick(when)
            if who is not organiser and (eid, who.hid) not in answered:
                break
        else:
            raise RuntimeError("could not find a household to answer an event")
        answered.add((eid, who.hid))
        self.authors.credit(who)
        self.events.append(
            {
                "id": self.new_id("rsvp"),
                "type": "event_response",
                "household_id": who.hid,
                "event_id": eid,
                "response": kind,
                "time": when.isoformat(),
            }
        )


class AuthorPicker:
    """Picks an author among households registered before a moment, weighted by activity."""

    def __init__(self, households: list[Household], rng: np.random.Generator) -> None:
        self.households = households
        self.rng = rng
        self.starts = [h.registered_at for h in households]
        weights = rng.lognormal(0.0, 1.1, size=len(households))
        self.cumulative = np.cumsum(weights)
        self.credited: set[str] = set()

    def pick(self, when: dt.datetime) -> Household:
        """A household registered before the moment (the earliest one if none is)."""
        k = max(bisect.bisect_left(self.starts, when), 1)
        u = self.rng.random() * self.cumulative[k - 1]
        return self.households[min(int(np.searchsorted(self.cumulative, u, side="right")), k - 1)]

    def credit(self, h: Household) -> None:
        """Remember that a household has contributed."""
        self.credited.add(h.hid)

    def assign(self, slots: list[dt.datetime]) -> list[Household]:
        """Authors for sorted slots: every household not yet credited gets one slot after it joined."""
        authors: list[Household | None] = [None] * len(slots)
        for h in self.households:
            if h.hid in self.credited:
                continue
            first = bisect.bisect_right(slots, h.registered_at + dt.timedelta(minutes=1))
            if first >= len(slots):
                continue
            for _ in range(50):
                i = int(self.rng.integers(first, len(slots)))
                if authors[i] is None:
                    authors[i] = h
                    break
            else:
                raise RuntimeError("not enough activity slots to let every contributor act")
            self.credit(h)
        return [a if a is not None else self.pick(slots[i]) for i, a in enumerate(authors)]


class PostIndex:
    """Posts per buurt in time order, to pick a recent post to react to."""

    def __init__(self, posts: list[dict], codes: list[str]) -> None:
        self.by_buurt: dict[str, list[dict]] = {code: [] for code in codes}
        self.all = posts
        for post in posts:
            post["_time"] = dt.datetime.fromisoformat(post["time"])
            self.by_buurt[post["buurt"]].append(post)
        self.times = {code: [p["_time"] for p in ps] for code, ps in self.by_buurt.items()}
        self.all_times = [p["_time"] for p in posts]

    def recent(self, code: str, when: dt.datetime, rng: np.random.Generator) -> dict:
        """One of the last 25 posts of the buurt before the moment (or of any buurt)."""
        posts, times = self.by_buurt[code], self.times[code]
        k = bisect.bisect_left(times, when)
        if k == 0:
            posts, times = self.all, self.all_times
            k = bisect.bisect_left(times, when)
        if k == 0:
            return posts[0]
        return posts[int(rng.integers(max(0, k - 25), k))]


def strip_private(events: list[dict]) -> list[dict]:
    """Remove the generator's helper keys before ingest."""
    for event in events:
        event.pop("_time", None)
    return events
