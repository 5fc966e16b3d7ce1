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
