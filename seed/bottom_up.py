"""The pilot's 21 reports and 19 ideas: platform events, then their handling replayed through the
workflow services (so every status, history, notes and replies exist, as in a real inbox). Four
residents answer the question they were asked: their replies come back through ingest."""

from __future__ import annotations

import datetime as dt

import numpy as np
from sqlalchemy import Engine, select

from hoplr_data.bottom_up import workflow as wf
from hoplr_data.bottom_up.defaults import TEMPLATES
from hoplr_data.core import models as m
from hoplr_data.ingest.pipeline import Ingester

# (kind, category, language, text, address, target status)
ITEMS = [
    (
        "report",
        "pavement_and_roads",
        "nl",
        "Gevaarlijke barsten in de stoep voor de basisschool, mijn moeder is er bijna gevallen met haar rollator.",
        "Reinkenstraat 40",
        "resolved",
    ),
    (
        "report",
        "street_lighting",
        "nl",
        "De lantaarnpaal op de hoek bij het speeltuintje is al twee weken kapot. 's Avonds pikdonker.",
        "Valkenboslaan 112",
        "resolved",
    ),
    (
        "report",
        "waste",
        "nl",
        "Ondergrondse container zit vol en er staan zakken naast, de meeuwen trekken alles open.",
        "Fahrenheitstraat 301",
        "resolved",
    ),
    (
        "report",
        "trees_and_green",
        "nl",
        "Grote tak hangt los in de boom boven het fietspad na de storm, gevaarlijk!",
        "Stadhoudersplantsoen",
        "resolved",
    ),
    (
        "report",
        "pavement_and_roads",
        "nl",
        "Diep gat in de weg bij de tramhalte, fietsers moeten uitwijken.",
        "Laan van Meerdervoort 580",
        "resolved",
    ),
    (
        "report",
        "nuisance",
        "nl",
        "Elke nacht geluidsoverlast van scooters die rondjes rijden op het plein.",
        "Prins Hendrikplein",
        "resolved",
    ),
    (
        "report",
        "waste",
        "en",
        "Someone dumped an old sofa and a fridge on the pavement, it's been there for a week.",
        "Obrechtstraat 210",
        "resolved",
    ),
    (
        "report",
        "traffic_safety",
        "nl",
        "Auto's rijden veel te hard in de schoolstraat, kunnen er drempels komen?",
        "Copernicusstraat",
        "in_progress",
    ),
    (
        "report",
        "trees_and_green",
        "nl",
        "De bomen langs de singel hebben geen water gekregen, ze gaan dood.",
        "Beeklaan",
        "in_progress",
    ),
    (
        "report",
        "street_lighting",
        "nl",
        "Drie lantaarnpalen in de straat knipperen de hele nacht.",
        "Newtonstraat",
        "new",
    ),
    (
        "report",
        "other_report",
        "fr",
        "Il y a des graffitis injurieux sur le mur de l'école maternelle.",
        "Goudenregenstraat 5",
        "new",
    ),
    (
        "report",
        "pavement_and_roads",
        "nl",
        "Stoeptegels liggen al maanden los na werk aan de kabels.",
        "Weimarstraat 88",
        "scheduled",
    ),
    (
        "report",
        "trees_and_green",
        "nl",
        "Boomwortels drukken de stoep omhoog, je struikelt er zo over.",
        "Regentesselaan 140",
        "scheduled",
    ),
    (
        "report",
        "nuisance",
        "nl",
        "Er wordt steeds afval gedumpt achter de garageboxen.",
        "achter de Elandstraat",
        "waiting_for_reporter",
    ),
    (
        "report",
        "other_report",
        "nl",
        "Het hek van de speeltuin sluit niet meer, kinderen lopen zo de straat op.",
        "",
        "waiting_for_reporter",
    ),
    (
        "report",
        "other_report",
        "nl",
        "De bushalte heeft geen abri meer sinds de verbouwing.",
        "Kijkduinsestraat",
        "forwarded",
    ),
    (
        "report",
        "nuisance",
        "nl",
        "De buren hebben 's nachts feestjes met harde muziek.",
        "",
        "declined",
    ),
    (
        "report",
        "waste",
        "nl",
        "Graag een extra prullenbak bij het bankje aan de vijver.",
        "Zuiderpark",
        "declined",
    ),
    (
        "report",
        "street_lighting",
        "nl",
        "Lantaarnpaal weer kapot, was al eens gemeld en gemaakt maar nu opnieuw donker.",
        "Valkenboslaan 112",
        "reopened",
    ),
    (
        "report",
        "pavement_and_roads",
        "nl",
        "Barst in de stoep bij de school is levensgevaarlijk, graag snel maken.",
        "Reinkenstraat 38",
        "duplicate",
    ),
    (
        "report",
        "waste",
        "en",
        "Bags piling up next to the underground bin again, seagulls everywhere.",
        "Fahrenheitstraat 301",
        "duplicate",
    ),
    (
        "idea",
        "greening_idea",
        "nl",
        "Initiatief om de straten groener te maken: geveltuintjes en bloembakken in de hele buurt.",
        "Zeeheldenkwartier",
        "realised",
    ),
    (
        "idea",
        "greening_idea",
        "nl",
        "Kunnen we de tegels op het pleintje vervangen door een buurtmoestuin?",
        "Prins Hendrikplein",
        "adopted",
    ),
    (
        "idea",
        "mobility_idea",
        "nl",
        "Maak van onze straat een speelstraat op zondagmiddag.",
        "Tasmanstraat",
        "adopted",
    ),
    (
        "idea",
        "social_idea",
        "nl",
        "Een ruilkast in het buurthuis waar iedereen spullen kan brengen en halen.",
        "",
        "realised",
    ),
    (
        "idea",
        "greening_idea",
        "fr",
        "Planter des arbres fruitiers dans le parc pour que les voisins puissent cueillir.",
        "Westbroekpark",
        "under_consideration",
    ),
    (
        "idea",
        "mobility_idea",
        "nl",
        "Meer fietsenrekken bij de supermarkt, nu staan fietsen overal op de stoep.",
        "Frederik Hendriklaan",
        "under_consideration",
    ),
    (
        "idea",
        "social_idea",
        "nl",
        "Een wekelijkse koffieochtend voor ouderen die alleen wonen.",
        "",
        "realised",
    ),
    (
        "idea",
        "greening_idea",
        "nl",
        "Bijenhotels en bloemenweides op de grasstroken langs de weg.",
        "Laan van Meerdervoort",
        "adopted",
    ),
    (
        "idea",
        "other_idea",
        "en",
        "A noticeboard at the square for neighbourhood news, for people who are not online.",
        "",
        "under_consideration",
    ),
    (
        "idea",
        "mobility_idea",
        "nl",
        "Een zebrapad bij de bakker, oversteken is nu lastig met kinderen.",
        "Weimarstraat",
        "not_adopted",
    ),
    (
        "idea",
        "greening_idea",
        "nl",
        "Groene daken op de bushokjes, zoals in Utrecht.",
        "",
        "not_adopted",
    ),
    (
        "idea",
        "social_idea",
        "nl",
        "Een buurtbarbecue betaald door de gemeente voor alle nieuwe bewoners.",
        "",
        "not_adopted",
    ),
    ("idea", "mobility_idea", "fr", "Une zone 30 dans tout le quartier.", "", "not_adopted"),
    (
        "idea",
        "greening_idea",
        "nl",
        "Boomspiegels adopteren door bewoners, met een bordje met hun naam.",
        "",
        "under_consideration",
    ),
    (
        "idea",
        "social_idea",
        "nl",
        "Een jaarlijkse burendag met het hele wijk op straat.",
        "",
        "new",
    ),
    (
        "idea",
        "other_idea",
        "nl",
        "Een deelbakfiets voor de buurt, te reserveren via het netwerk.",
        "",
        "new",
    ),
    (
        "idea",
        "greening_idea",
        "nl",
        "Meer bomen in onze kale straat, het is er zomers heel heet.",
        "Moerweg",
        "new",
    ),
    (
        "idea",
        "greening_idea",
        "nl",
        "Geveltuintjes en bloembakken in de hele wijk, voor een groenere buurt.",
        "",
        "duplicate",
    ),
    (
        "idea",
        "social_idea",
        "nl",
        "Koffieochtend voor eenzame ouderen in het buurthuis.",
        "",
        "duplicate",
    ),
]
# How each target status is reached from 'new' (duplicates are linked to their main item).
PATHS = {
    "new": [],
    "in_progress": ["in_progress"],
    "scheduled": ["in_progress", "scheduled"],
    "waiting_for_reporter": ["waiting_for_reporter"],
    "forwarded": ["forwarded"],
    "resolved": ["in_progress", "resolved"],
    "declined": ["declined"],
    "reopened": ["in_progress", "resolved", "reopened"],
    "under_consideration": ["under_consideration"],
    "adopted": ["under_consideration", "adopted"],
    "not_adopted": ["under_consideration", "not_adopted"],
    "realised": ["under_consideration", "adopted", "realised"],
}
DUPLICATE_OF = {19: 0, 20: 2, 38: 21, 39: 27}
# Items first put to the reporter with a question, and the resident's answer (in the item's
# language). The answer brings the item back in progress; then it goes on to its target status.
REPLIES = {
    0: "Het is voor de ingang van de school, bij het hek aan de kant van de Reinkenstraat.",
    7: "Vooral 's ochtends tussen half acht en negen, als de kinderen naar school gaan.",
    12: "Het gaat om de twee grote platanen voor nummer 140 en 142.",
    14: "Het hek aan de kant van de Beeklaan, bij de zandbak. Het slot is kapot.",
}
REPLY = "reporter_reply"
START = dt.date(2019, 11, 18)
END = dt.date(2020, 5, 8)
HANDLER = "behandelaar"
NOTES = [
    "Gebeld met de aannemer, komt deze week langs.",
    "Foto bekeken, lijkt inderdaad gevaarlijk. Prioriteit hoog.",
    "Afgestemd met de wijkregisseur.",
    "Navraag gedaan bij Stadsbeheer.",
]


def events(
    rng: np.random.Generator, registrations: list[dict], buurt_codes: list[str]
) -> list[dict]:
    """Report and idea events by registered households, spread over the pilot."""
    span = (END - START).days
    days = sorted(int(d) for d in rng.integers(0, span, size=len(ITEMS)))
    out = []
    for index, ((kind, category, lang, text, address, _), day) in enumerate(
        zip(ITEMS, days, strict=True)
    ):
        when = dt.datetime.combine(START + dt.timedelta(days=day), dt.time(9)) + dt.timedelta(
            minutes=int(rng.integers(0, 600))
        )
        registered = [r for r in registrations if dt.datetime.fromisoformat(r["time"]) < when]
        household = registered[int(rng.integers(len(registered)))]
        event = {
            "id": f"{kind}-{index + 1:03d}",
            "type": kind,
            "time": when.isoformat(),
            "household_id": household["household_id"],
            "buurt": household["buurt"] if household["buurt"] in buurt_codes else buurt_codes[0],
            "text": text,
            "language": lang,
            "category": category,
            "contact": {"name": f"Bewoner {index + 1}", "email": f"bewoner{index + 1}@example.org"},
        }
        if address:
            event["location"] = {"address": address}
        if index % 4 == 0:
            event["photo_url"] = f"https://platform.example.org/photos/{kind}-{index + 1:03d}.jpg"
        out.append(event)
    return out


def replay(engine: Engine, rng: np.random.Generator) -> None:
    """Handle each item until its target status, as the demo case handler, in the past."""
    actor = wf.Actor(HANDLER, ("case_handler",))
    with engine.connect() as conn:
        created = dict(conn.execute(select(m.Item.id, m.Item.created_at)).all())
        has_handler = conn.execute(select(m.User.id).where(m.User.username == HANDLER)).first()
    ingester = Ingester(engine)  # one for every reply: its state stays valid during the replay
    for index, (kind, _, lang, _, _, target) in enumerate(ITEMS):
        item_id = f"{kind}-{index + 1:03d}"
        item = Replay(engine, item_id, created[item_id], rng, ingester)
        if target != "new" and has_handler:
            item.act(wf.assign, actor=actor, assignee=HANDLER)
        for status in path_of(index, target):
            if status == REPLY:
                item.resident_replies(REPLIES[index], lang)
                continue
            message = _template(kind, status, lang)
            item.act(
                wf.change_status, actor=actor, to_status=status, message=message, language=lang
            )
            if rng.random() < 0.4:
                item.act(wf.add_note, actor=actor, text=NOTES[int(rng.integers(len(NOTES)))])
        if index in DUPLICATE_OF:
            main = DUPLICATE_OF[index]
            item.act(wf.link_duplicate, actor=actor, main_id=f"{ITEMS[main][0]}-{main + 1:03d}")


def path_of(index: int, target: str) -> list[str]:
    """The statuses an item goes through; REPLY marks where its resident answers a question."""
    path = PATHS.get(target, [])
    if index not in REPLIES:
        return path
    if "waiting_for_reporter" in path:
        at = path.index("waiting_for_reporter") + 1
        return [*path[:at], REPLY, *path[at:]]
    return ["waiting_for_reporter", REPLY, *(s for s in path if s != "in_progress")]


class Replay:
    """Runs workflow actions on one item, each a few hours to days after the previous one."""

    def __init__(
        self,
        engine: Engine,
        item_id: str,
        moment: dt.datetime,
        rng: np.random.Generator,
        ingester: Ingester,
    ) -> None:
        self.engine, self.item_id, self.moment, self.rng = engine, item_id, moment, rng
        self.ingester = ingester

    def act(self, action, **kwargs: object) -> None:  # noqa: ANN001
        """Run a workflow action on the item's current version, at the next moment."""
        self._advance()
        with self.engine.connect() as conn:
            version = conn.execute(
                select(m.Item.version).where(m.Item.id == self.item_id)
            ).scalar_one()
        with wf.acting_at(self.moment):
            action(self.engine, item_id=self.item_id, version=version, **kwargs)

    def _advance(self) -> None:
        self.moment = min(
            self.moment + dt.timedelta(hours=int(self.rng.integers(2, 72))),
            dt.datetime(2020, 5, 10, 17),
        )

    def resident_replies(self, text: str, language: str) -> None:
        """The resident answers, a few hours to days later, as a platform event through ingest."""
        self._advance()
        event = {
            "id": f"reply-{self.item_id}",
            "type": "reporter_reply",
            "time": self.moment.isoformat(),
            "item_id": self.item_id,
            "text": text,
            "language": language,
        }
        self.ingester.feed(self.ingester.report.lines + 1, event)
        self.ingester.flush()
        assert not self.ingester.report.rejected, self.ingester.report.rejected


REASONS = {
    "nl": "dit valt onder de verantwoordelijkheid van de woningcorporatie.",
    "fr": "cela relève de la société de logement.",
    "en": "this is the housing association's responsibility.",
}


def _template(kind: str, status: str, lang: str) -> str | None:
    """The standard reply for a status, completed where it asks for a reason."""
    texts = TEMPLATES.get((kind, status))
    if not texts:
        return None
    text = texts[("nl", "fr", "en").index(lang)]
    return text if text.endswith((".", "!")) else text + REASONS[lang]
