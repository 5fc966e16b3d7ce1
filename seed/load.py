"""Load a generated scenario: buurten and invitation codes, then events through ingest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine, insert, select

from hoplr_data.bootstrap import bootstrap
from hoplr_data.core import models as m
from hoplr_data.core.db import session_scope
from hoplr_data.core.settings import record_demo_date
from hoplr_data.ingest.pipeline import IngestReport, ingest_events
from hoplr_data.users.accounts import create_user

from .generator import BuurtSpec, Generator, Targets, strip_private

DEMO_PASSWORD = "demo-password-2020"
DEMO_USERS = [
    ("admin", "Anouk Admin", ["admin"], "nl"),
    ("wijkregisseur", "Eric Wijkregisseur", ["community_builder"], "nl"),
    ("behandelaar", "Fatima Behandelaar", ["case_handler"], "nl"),
    ("viewer", "Vincent Viewer", ["viewer"], "en"),
]


@dataclass
class LoadResult:
    """What loading a scenario did."""

    buurten: int
    invitation_codes: int
    report: IngestReport


def create_buurten(engine: Engine, specs: list[BuurtSpec]) -> None:
    """Insert the scenario's buurten that do not exist yet."""
    with session_scope(engine) as session:
        known = set(session.scalars(select(m.Buurt.code)))
        for spec in specs:
            if spec.code not in known:
                session.add(m.Buurt(code=spec.code, name=spec.name, households=spec.households))


def create_invitation_codes(
    engine: Engine, codes: list[tuple[str, str, str, str]], when: dt.date
) -> int:
    """Insert invitation codes (code, buurt code, address, wave) that are new."""
    with engine.begin() as conn:
        ids = dict(conn.execute(select(m.Buurt.code, m.Buurt.id)).all())
        known = set(conn.execute(select(m.InvitationCode.code)).scalars())
        created = dt.datetime.combine(when, dt.time())
        rows = [
            {"code": c, "buurt_id": ids[b], "address": a, "created_at": created, "wave": w}
            for c, b, a, w in codes
            if c not in known
        ]
        for i in range(0, len(rows), 20_000):
            conn.execute(insert(m.InvitationCode), rows[i : i + 20_000])
        return len(rows)


def create_demo_users(engine: Engine) -> None:
    """One demo account per role (only ever in a demo database)."""
    with session_scope(engine) as session:
        known = set(session.scalars(select(m.User.username)))
        for username, name, roles, language in DEMO_USERS:
            if username not in known:
                user = create_user(
                    session,
                    username=username,
                    name=name,
                    password=DEMO_PASSWORD,
                    roles=roles,
                    language=language,
                    email=f"{username}@example.org",
                )
                user.department_code = "public_works" if username == "behandelaar" else None


def last_day(targets: Targets) -> dt.date:
    """The scenario's last day (its demo date): the Sunday ending its last week."""
    return targets.start + dt.timedelta(days=7 * targets.weeks - 1)


def load(
    engine: Engine,
    specs: list[BuurtSpec],
    targets: Targets,
    seed: int,
    extend: Callable[[list[dict]], list[dict]] | None = None,
) -> LoadResult:
    """Bootstrap, create buurten and invitation codes, and ingest the generated events."""
    bootstrap(engine)
    create_buurten(engine, specs)
    generated = Generator(specs, targets, seed).run()
    codes = create_invitation_codes(engine, generated.invitation_codes, targets.start)
    events = strip_private(generated.events)
    report = ingest_events(engine, extend(events) if extend else events)
    record_demo_date(engine, last_day(targets))
    return LoadResult(len(specs), codes, report)


def load_pilot(engine: Engine, seed: int = 2020, demo_users: bool = True) -> LoadResult:
    """The Den Haag pilot demo, with its reports and ideas handled by the demo case handler."""
    import numpy as np

    from . import bottom_up, pilot, top_down

    specs = pilot.buurten()
    rng = np.random.default_rng(seed + 31)

    def add_bottom_up(events: list[dict]) -> list[dict]:
        registrations = [e for e in events if e["type"] == "registration"]
        extra = bottom_up.events(rng, registrations, [s.code for s in specs])
        return sorted(events + extra, key=lambda e: (e["time"], e["type"] != "registration"))

    result = load(engine, specs, pilot.targets(seed), seed, extend=add_bottom_up)
    if demo_users:
        create_demo_users(engine)
    bottom_up.replay(engine, rng)
    top_down.load(engine, seed)
    return result
