"""The municipality's 10 items of the Den Haag pilot and the residents' responses to them.

Items are composed and published through the same service functions as the composer (as the
demo community builder, in the past); responses (reactions, RSVPs, poll votes, survey answers,
project ideas and votes) are platform events that go through ingest. The survey's yes-share for
"met at least one neighbour" is drawn inside the reference range and met exactly.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import Engine, select

from hoplr_data.core import models as m
from hoplr_data.ingest.pipeline import IngestReport, ingest_events
from hoplr_data.top_down import publications as pub

from .pilot import START, WEEKS

END = dt.datetime.combine(START + dt.timedelta(weeks=WEEKS), dt.time()) - dt.timedelta(minutes=1)
BUILDER = "wijkregisseur"
ALL = None  # every buurt
MET_QUESTION = "Heb je dankzij het buurtnetwerk al minstens één buur ontmoet?"


@dataclass
class Plan:
    """One item: when it goes out, to whom, its document and how many respond."""

    kind: str
    at: dt.datetime
    buurten: list[str] | None
    title: str
    body: str
    extra: dict = field(default_factory=dict)
    reactions: int = 0


def plans() -> list[Plan]:
    """The pilot's items: launch, notices, corona communication, events, a poll, a project."""
    d = dt.datetime
    return [
        Plan("post", d(2019, 11, 12, 10), ALL, "Welkom op het buurtnetwerk",
             "De gemeente doet mee aan het buurtnetwerk. Hier delen we nieuws over uw buurt. "
             "Heeft u een vraag of een melding? Laat het ons weten.",
             {"post_type": "news", "category": "community"}, reactions=64),
        Plan("post", d(2019, 12, 3, 9), ["DH-ZHK", "DH-DUI"], "Werk aan de Elandstraat",
             "Van 9 tot en met 20 december is de Elandstraat dicht voor verkeer. "
             "Fietsers en voetgangers kunnen er wel langs. Bus 24 rijdt om.",
             {"post_type": "notice", "category": "mobility"}, reactions=31),
        Plan("event", d(2019, 12, 16, 11), ["DH-STK"], "Nieuwjaarsborrel in het buurthuis",
             "Proost met uw buren op het nieuwe jaar. De wijkregisseur en de wijkagent zijn er ook.",
             {"starts_at": "2020-01-10T19:00:00", "ends_at": "2020-01-10T21:30:00",
              "place": "Buurthuis Statenkwartier", "capacity": 80,
              "rsvp": {"interested": 46, "attending": 38}}, reactions=12),
        Plan("post", d(2020, 1, 21, 9), ALL, "Nieuwe ophaaldagen grofvuil",
             "Vanaf 1 februari halen we grofvuil op dinsdag op. Maak een afspraak via de website. "
             "Zet het grofvuil pas op de ochtend zelf buiten.",
             {"post_type": "notice", "category": "waste_collection"}, reactions=40),
        Plan("project", d(2020, 2, 4, 10), ["DH-BZM", "DH-RGK", "DH-TVN"],
             "Groene straten: uw idee voor meer groen",
             "Wij zoeken ideeën voor meer groen in de straat: geveltuinen, bomen, plantenbakken. "
             "Stuur uw idee in en stem daarna op de beste ideeën. De drie beste voeren we uit.",
             {"theme": "greenery",
              "phases": [{"code": "inform", "start": "2020-02-04", "end": "2020-02-09"},
                         {"code": "collect_ideas", "start": "2020-02-10", "end": "2020-03-08"},
                         {"code": "vote", "start": "2020-03-09", "end": "2020-03-29"},
                         {"code": "results", "start": "2020-03-30", "end": "2020-04-12"}]},
             reactions=27),
        Plan("poll", d(2020, 2, 18, 10), ["DH-KDN", "DH-MSZ"], "Een autovrije zondag in de buurt?",
             "In mei kan de buurt een zondag autovrij maken, met ruimte om te spelen en te eten "
             "op straat. Wat vindt u?",
             {"question": "Bent u voor of tegen een autovrije zondag?", "votes": (96, 41)},
             reactions=18),
        Plan("post", d(2020, 3, 13, 16), ALL, "Coronavirus: wat betekent dit voor de buurt?",
             "Blijf zoveel mogelijk thuis en houd 1,5 meter afstand. Het buurthuis is dicht. "
             "Heeft u hulp nodig? Vraag het uw buren hier of bel de gemeente.",
             {"post_type": "alert", "category": "health"}, reactions=152),
        Plan("post", d(2020, 3, 24, 10), ALL, "Burenhulp in coronatijd",
             "Veel buren bieden hulp aan: boodschappen doen, de hond uitlaten, een praatje aan de "
             "telefoon. Bied uw hulp aan of vraag erom in de groep Burenhulp.",
             {"post_type": "news", "category": "health"}, reactions=118),
        Plan("event", d(2020, 4, 8, 10), ["DH-VRB", "DH-MWO"], "Online spreekuur met de wijkagent",
             "Stel uw vragen over veiligheid in de buurt aan de wijkagent, via een videogesprek.",
             {"starts_at": "2020-04-16T19:30:00", "ends_at": "2020-04-16T20:30:00",
              "place": "Online (link volgt na aanmelding)", "capacity": None,
              "rsvp": {"interested": 29, "attending": 17}}, reactions=9),
        Plan("survey", d(2020, 4, 20, 10), ALL, "Hoe bevalt het buurtnetwerk?",
             "Het buurtnetwerk bestaat een half jaar. Vertel ons wat het u heeft opgeleverd. "
             "Invullen duurt twee minuten en is anoniem.", {}, reactions=21),
    ]  # fmt: skip


SURVEY_QUESTIONS = [
    {"code": "q1", "kind": "yes_no", "required": True, "text": {"nl": MET_QUESTION}, "options": {}},
    {"code": "q2", "kind": "single", "required": True,
     "text": {"nl": "Hoe vaak kijkt u op het buurtnetwerk?"},
     "options": {"nl": ["Elke dag", "Elke week", "Minder dan elke week"]}},
    {"code": "q3", "kind": "multiple", "required": False,
     "text": {"nl": "Waarvoor gebruikt u het buurtnetwerk?"},
     "options": {"nl": ["Spullen delen of lenen", "Hulp vragen of bieden", "Nieuws uit de buurt",
                        "Activiteiten", "Berichten van de gemeente"]}},
    {"code": "q4", "kind": "scale", "required": True,
     "text": {"nl": "Welk cijfer geeft u het buurtnetwerk?"}, "options": {}},
    {"code": "q5", "kind": "open", "required": False,
     "text": {"nl": "Wat kan beter?"}, "options": {}},
]  # fmt: skip
OPEN_ANSWERS = [
    "Meer activiteiten voor kinderen",
    "Minder berichten over verloren katten",
    "Een overzicht van alle activiteiten in de buurt",
    "De app is soms traag",
    "Graag meer nieuws van de gemeente over werkzaamheden",
    "Fijn dat ik mijn buren nu ken",
    "Meer buren uitnodigen, vooral ouderen",
    "Een papieren nieuwsbrief voor wie geen smartphone heeft",
]
IDEAS = [
    ("Geveltuinen in de hele straat", "Als iedereen een geveltuin maakt, wordt de straat groen."),
    ("Bomen op het plein", "Het plein is in de zomer te heet. Een paar bomen geven schaduw."),
    ("Plantenbakken bij de school", "Plantenbakken maken de weg naar school veiliger en groener."),
    ("Een buurtmoestuin", "Op het braakliggende stuk grond kunnen we samen groente kweken."),
    ("Tegels eruit, groen erin", "Help bewoners hun tuin te ontegelen, met gratis planten."),
    ("Groene daken op de bushokjes", "Sedum op de bushokjes is goed voor bijen."),
    ("Bloemenlint langs de singel", "Een strook wilde bloemen langs het water."),
    ("Klimplanten tegen de kale muur", "De blinde muur bij de supermarkt kan groen worden."),
    ("Compostbak voor de buurt", "Een gezamenlijke compostbak voor groente- en tuinafval."),
    ("Minder parkeerplaatsen, meer groen", "Maak van twee parkeerplaatsen een parkje."),
    ("Insectenhotels", "Kinderen bouwen insectenhotels voor in de plantsoenen."),
    ("Regenton bij elk huis", "Korting op regentonnen om de planten water te geven."),
]


def load(engine: Engine, seed: int) -> IngestReport:
    """Publish the pilot's items and ingest the responses to them."""
    rng = np.random.default_rng(seed + 53)
    actor = pub.Actor(BUILDER, ("community_builder",))
    households = _households(engine)
    events: list[dict] = []
    for number, plan in enumerate(plans(), start=1):
        pid = _publish(engine, actor, plan)
        responses = _Responses(rng, households, plan, pid, f"td{number:02d}")
        events += responses.all()
    events.sort(key=lambda e: e["time"])
    report = ingest_events(engine, events)
    if report.rejected:
        raise RuntimeError(f"top-down seed rejected: {report.rejected[:3]}")
    return report


def _document(plan: Plan) -> dict:
    doc = pub.empty_document(plan.kind)
    doc["texts"] = {"nl": {"title": plan.title, "body": plan.body}}
    extra = {k: v for k, v in plan.extra.items() if k not in ("rsvp", "votes", "question")}
    doc.update(extra)
    if plan.kind == "poll":
        doc["questions"][0]["text"] = {"nl": plan.extra["question"]}
    if plan.kind == "survey":
        doc["questions"] = copy.deepcopy(SURVEY_QUESTIONS)
    return doc


def _publish(engine: Engine, actor: pub.Actor, plan: Plan) -> int:
    composed = plan.at - dt.timedelta(days=2)
    pid = pub.create_draft(engine, actor=actor, kind=plan.kind, now=composed)
    version = pub.save_draft(
        engine,
        actor=actor,
        publication_id=pid,
        version=1,
        doc=_document(plan),
        buurt_codes=plan.buurten or [],
        all_buurten=plan.buurten is None,
        now=composed,
    )
    pub.publish(
        engine, actor=actor, publication_id=pid, version=version, languages=("nl",), now=plan.at
    )
    return pid


def _households(engine: Engine) -> list[tuple[str, str, dt.datetime, dt.datetime | None]]:
    """(household, buurt code, registered, deregistered) of every membership."""
    with engine.connect() as conn:
        return [
            tuple(row)
            for row in conn.execute(
                select(
                    m.Membership.household_id,
                    m.Buurt.code,
                    m.Membership.registered_at,
                    m.Membership.deregistered_at,
                )
                .join(m.Buurt, m.Buurt.id == m.Membership.buurt_id)
                .order_by(m.Membership.id)
            )
        ]


class _Responses:
    """Draws the response events to one item from households registered in its buurten."""

    def __init__(self, rng, households, plan: Plan, pid: int, prefix: str) -> None:  # noqa: ANN001
        self.rng, self.plan, self.pid, self.prefix = rng, plan, pid, prefix
        self.window_end = min(END, plan.at + dt.timedelta(days=21))
        if plan.kind in ("survey", "project"):
            self.window_end = END
        targets = set(plan.buurten) if plan.buurten else None
        self.pool = [
            (hid, reg)
            for hid, code, reg, dereg in households
            if (targets is None or code in targets)
            and reg < plan.at
            and (dereg is None or dereg > END)
        ]
        self.order = list(rng.permutation(len(self.pool)))
        self.counter = 0
        self.numbers = 0

    def all(self) -> list[dict]:
        out = [self._event("publication_reaction") for _ in range(self.plan.reactions)]
        for kind, n in self.plan.extra.get("rsvp", {}).items():
            out += [self._event("publication_rsvp", response=kind) for _ in range(n)]
        if self.plan.kind == "poll":
            yes, no = self.plan.extra["votes"]
            out += [self._answer({"q1": "for"}) for _ in range(yes)]
            out += [self._answer({"q1": "against"}) for _ in range(no)]
        if self.plan.kind == "survey":
            out += self._survey()
        if self.plan.kind == "project":
            out += self._project()
        return out

    def _household(self) -> str:
        hid = self.pool[self.order[self.counter % len(self.order)]][0]
        self.counter += 1
        return hid

    def _time(self, start: dt.datetime | None = None, end: dt.datetime | None = None) -> str:
        start = start or self.plan.at + dt.timedelta(minutes=5)
        end = end or self.window_end
        span = (end - start).total_seconds()
        # Most responses come in the first days after publishing.
        offset = span * float(self.rng.beta(1.0, 4.0))
        return (start + dt.timedelta(seconds=int(offset))).isoformat()

    def _event(self, kind: str, when: str | None = None, **fields: object) -> dict:
        self.numbers += 1
        return {
            "id": f"{self.prefix}-{kind}-{self.numbers}",
            "type": kind,
            "time": when or self._time(),
            "household_id": self._household(),
            "publication_id": self.pid,
            **fields,
        }

    def _answer(self, answers: dict) -> dict:
        return self._event("survey_response", answers=answers)

    def _survey(self) -> list[dict]:
        responses = 600 + int(self.rng.integers(-40, 41))
        share = float(self.rng.uniform(0.586, 0.594))
        met = round(responses * share)
        frequency = self.rng.choice(3, size=responses, p=[0.22, 0.55, 0.23])
        grades = np.clip(np.round(self.rng.normal(7.4, 1.1, responses)), 1, 10).astype(int)
        out = []
        for i in range(responses):
            uses = [f"o{j + 1}" for j in range(5) if self.rng.random() < (0.55, 0.4, 0.6, 0.3,
                                                                           0.35)[j]]  # fmt: skip
            answers = {
                "q1": "yes" if i < met else "no",
                "q2": f"o{frequency[i] + 1}",
                "q3": uses,
                "q4": int(grades[i]),
            }
            if self.rng.random() < 0.08:
                answers["q5"] = OPEN_ANSWERS[int(self.rng.integers(len(OPEN_ANSWERS)))]
            out.append(self._answer(answers))
        return out

    def _project(self) -> list[dict]:
        phases = {p["code"]: p for p in self.plan.extra["phases"]}
        collect = _day(phases["collect_ideas"]["start"]), _day(phases["collect_ideas"]["end"])
        vote = _day(phases["vote"]["start"]), _day(phases["vote"]["end"])
        ideas = [
            self._event("project_idea", self._time(*collect), title=title, text=text)
            for title, text in IDEAS
        ]
        weights = self.rng.dirichlet(np.ones(len(ideas)) * 0.8)
        out = list(ideas)
        for _ in range(310):
            idea = ideas[int(self.rng.choice(len(ideas), p=weights))]
            out.append(self._event("project_vote", self._time(*vote), idea_id=idea["id"]))
        return out


def _day(value: str) -> dt.datetime:
    return dt.datetime.fromisoformat(value) + dt.timedelta(hours=9)
