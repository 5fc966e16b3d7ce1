"""Default departments, categories (with handling terms) and standard replies; admins edit them."""

from __future__ import annotations

from sqlalchemy import Engine, select

from hoplr_data.core.db import session_scope
from hoplr_data.core.models import Category, Department, ReplyTemplate

DEPARTMENTS = {
    "public_works": ("Stadsbeheer", "Gestion urbaine", "Public works"),
    "waste": ("Afvalbeheer", "Propreté publique", "Waste services"),
    "green": ("Groenbeheer", "Espaces verts", "Parks and green"),
    "enforcement": ("Handhaving", "Contrôle et sanctions", "Enforcement"),
    "traffic": ("Verkeer en mobiliteit", "Mobilité", "Traffic and mobility"),
    "social": ("Welzijn en participatie", "Cohésion sociale", "Social affairs and participation"),
    "customer_contact": ("Klantcontact", "Service clientèle", "Customer contact"),
}
# code: (kind, parent code, department, handling days, nl, fr, en)
CATEGORIES = {
    "public_space": (
        "report",
        None,
        "public_works",
        10,
        "Openbare ruimte",
        "Espace public",
        "Public space",
    ),
    "pavement_and_roads": (
        "report",
        "public_space",
        "public_works",
        7,
        "Bestrating en wegen",
        "Trottoirs et voiries",
        "Pavements and roads",
    ),
    "street_lighting": (
        "report",
        "public_space",
        "public_works",
        5,
        "Straatverlichting",
        "Éclairage public",
        "Street lighting",
    ),
    "waste": (
        "report",
        "public_space",
        "waste",
        3,
        "Afval en containers",
        "Déchets et conteneurs",
        "Waste and bins",
    ),
    "trees_and_green": (
        "report",
        "public_space",
        "green",
        14,
        "Bomen en groen",
        "Arbres et espaces verts",
        "Trees and green",
    ),
    "nuisance": ("report", None, "enforcement", 5, "Overlast", "Nuisances", "Nuisance"),
    "traffic_safety": (
        "report",
        None,
        "traffic",
        14,
        "Verkeersveiligheid",
        "Sécurité routière",
        "Traffic safety",
    ),
    "other_report": (
        "report",
        None,
        "customer_contact",
        10,
        "Overige meldingen",
        "Autres signalements",
        "Other reports",
    ),
    "greening_idea": ("idea", None, "green", 30, "Vergroening", "Verdurisation", "Greening"),
    "mobility_idea": ("idea", None, "traffic", 30, "Mobiliteit", "Mobilité", "Mobility"),
    "social_idea": ("idea", None, "social", 30, "Samenleven", "Vivre ensemble", "Living together"),
    "other_idea": (
        "idea",
        None,
        "customer_contact",
        30,
        "Overige ideeën",
        "Autres idées",
        "Other ideas",
    ),
}
DEFAULT_CATEGORY = {"report": "other_report", "idea": "other_idea"}
TEMPLATES = {
    ("report", "waiting_for_reporter"): (
        "Bedankt voor uw melding. Om die goed te kunnen behandelen hebben we nog informatie nodig: ",
        "Merci pour votre signalement. Pour le traiter correctement, il nous faut encore une information : ",
        "Thank you for your report. To handle it well we need a little more information: ",
    ),
    ("report", "scheduled"): (
        "Bedankt voor uw melding. Het werk is ingepland; we laten het u weten als het klaar is.",
        "Merci pour votre signalement. L'intervention est planifiée ; nous vous préviendrons quand ce sera fait.",
        "Thank you for your report. The work has been scheduled; we will let you know when it is done.",
    ),
    ("report", "forwarded"): (
        "Bedankt voor uw melding. Deze valt niet onder de gemeente; we hebben haar doorgestuurd naar de verantwoordelijke organisatie.",
        "Merci pour votre signalement. Il ne relève pas de la commune ; nous l'avons transmis à l'organisme responsable.",
        "Thank you for your report. It is not the municipality's responsibility; we have forwarded it to the organisation in charge.",
    ),
    ("report", "resolved"): (
        "Bedankt voor uw melding. Het probleem is opgelost. Is dat niet zo? Laat het ons weten via het buurtnetwerk.",
        "Merci pour votre signalement. Le problème est résolu. Ce n'est pas le cas ? Dites-le-nous via le réseau de quartier.",
        "Thank you for your report. The problem has been solved. If it has not, let us know through the neighbourhood network.",
    ),
    ("report", "declined"): (
        "Bedankt voor uw melding. We kunnen er helaas niets mee doen, omdat: ",
        "Merci pour votre signalement. Nous ne pouvons malheureusement pas y donner suite, parce que : ",
        "Thank you for your report. Unfortunately we cannot act on it, because: ",
    ),
    ("idea", "under_consideration"): (
        "Bedankt voor uw idee! We bekijken het samen met de betrokken afdeling en laten u weten wat we ermee doen.",
        "Merci pour votre idée ! Nous l'examinons avec le service concerné et vous tiendrons au courant.",
        "Thank you for your idea! We are looking at it with the department concerned and will let you know what we do with it.",
    ),
    ("idea", "adopted"): (
        "Goed nieuws: we nemen uw idee over. We houden u op de hoogte van de uitvoering.",
        "Bonne nouvelle : nous retenons votre idée. Nous vous tiendrons informé de sa réalisation.",
        "Good news: we are adopting your idea. We will keep you posted on how it is carried out.",
    ),
    ("idea", "not_adopted"): (
        "Bedankt voor uw idee. We nemen het niet over, omdat: ",
        "Merci pour votre idée. Nous ne la retenons pas, parce que : ",
        "Thank you for your idea. We are not adopting it, because: ",
    ),
}


def ensure_defaults(engine: Engine) -> None:
    """Create the default departments, categories and standard replies that do not exist yet."""
    with session_scope(engine) as session:
        departments = {d.code: d for d in session.scalars(select(Department))}
        for code, (nl, fr, en) in DEPARTMENTS.items():
            if code not in departments:
                departments[code] = Department(code=code, name_nl=nl, name_fr=fr, name_en=en)
                session.add(departments[code])
        session.flush()
        categories = {c.code: c for c in session.scalars(select(Category))}
        for code, (kind, parent, dept, days, nl, fr, en) in CATEGORIES.items():
            if code in categories:
                continue
            categories[code] = Category(
                code=code,
                kind=kind,
                parent_id=categories[parent].id if parent else None,
                department_id=departments[dept].id,
                handling_days=days,
                name_nl=nl,
                name_fr=fr,
                name_en=en,
                version=1,
            )
            session.add(categories[code])
            session.flush()
        existing = {
            (kind, status, language)
            for kind, status, language in session.execute(
                select(ReplyTemplate.kind, ReplyTemplate.status, ReplyTemplate.language)
            )
        }
        for (kind, status), texts in TEMPLATES.items():
            for language, text in zip(("nl", "fr", "en"), texts, strict=True):
                if (kind, status, language) not in existing:
                    session.add(
                        ReplyTemplate(kind=kind, status=status, language=language, text=text)
                    )
