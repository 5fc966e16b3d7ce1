"""Small hand-built data sets for exact tests."""

from __future__ import annotations

import datetime as dt
import itertools

from sqlalchemy import Engine, insert

from hoplr_data.core import models as m
from hoplr_data.ingest.pipeline import IngestReport, ingest_events

_ids = itertools.count(1)


def add_buurten(engine: Engine, buurten: dict[str, int]) -> None:
    """Insert buurten {code: households}."""
    with engine.begin() as conn:
        for code, households in buurten.items():
            conn.execute(
                insert(m.Buurt).values(
                    code=code, name=f"Buurt {code}", households=households, version=1
                )
            )


def add_codes(engine: Engine, codes: dict[str, str]) -> None:
    """Insert invitation codes {code: buurt code}."""
    with engine.begin() as conn:
        ids = dict(
            conn.execute(
                m.Buurt.__table__.select().with_only_columns(m.Buurt.code, m.Buurt.id)
            ).all()
        )
        for code, buurt in codes.items():
            conn.execute(
                insert(m.InvitationCode).values(
                    code=code,
                    buurt_id=ids[buurt],
                    address="Teststraat 1",
                    created_at=dt.datetime(2023, 12, 1),
                )
            )


def ev(kind: str, when: str, **fields: object) -> dict:
    """One platform event with a fresh id."""
    return {"id": f"{kind}-{next(_ids)}", "type": kind, "time": when, **fields}


def load(engine: Engine, events: list[dict]) -> IngestReport:
    """Ingest events and fail on any rejection."""
    report = ingest_events(engine, events)
    assert not report.rejected, report.rejected
    return report


# --- the bottom-up inbox: one buurt 'A', the default categories, case handler 'handler' ---

HANDLER_NAME = "handler"


def inbox_setup(engine: Engine) -> Engine:
    """Buurt A, the default categories, user 'handler' (case handler) and household h1."""
    from hoplr_data.bottom_up.defaults import ensure_defaults
    from hoplr_data.core.db import session_scope
    from hoplr_data.users.accounts import create_user

    add_buurten(engine, {"A": 100})
    ensure_defaults(engine)
    with session_scope(engine) as session:
        create_user(
            session, username=HANDLER_NAME, name="H", password="x" * 12, roles=["case_handler"]
        )
    load(engine, [ev("registration", "2024-01-01T08:00:00", household_id="h1", buurt="A")])
    return engine


def new_item(
    engine: Engine, kind: str = "report", text: str = "Losse stoeptegel voor nummer 12", **extra: object
) -> str:
    """Ingest one report or idea from household h1 in buurt A; returns its id."""
    event = ev(
        kind,
        "2024-01-02T09:00:00",
        household_id="h1",
        buurt="A",
        text=text,
        contact={"name": "Jan", "email": "jan@example.org"},
        **extra,
    )
    load(engine, [event])
    return event["id"]


def current(engine: Engine, item_id: str) -> m.Item:
    """The item's row as stored now."""
    from sqlalchemy import select

    with engine.connect() as conn:
        return conn.execute(select(m.Item).where(m.Item.id == item_id)).one()


def move(engine: Engine, item_id: str, path: list[str], actor: object = None) -> None:
    """Walk an item along statuses (with a message where one is required); 'duplicate' links
    it to a fresh item of the same kind."""
    from hoplr_data.bottom_up import workflow as wf

    actor = actor or wf.Actor(HANDLER_NAME, ("case_handler",))
    for status in path:
        version = current(engine, item_id).version
        if status == "duplicate":
            main = new_item(engine, current(engine, item_id).kind, text="Het hoofditem")
            wf.link_duplicate(engine, actor=actor, item_id=item_id, version=version, main_id=main)
            continue
        wf.change_status(
            engine,
            actor=actor,
            item_id=item_id,
            version=version,
            to_status=status,
            message="Bericht aan de bewoner",
        )
