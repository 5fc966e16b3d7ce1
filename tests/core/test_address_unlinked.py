"""Addresses serve letters only (issue 11): no column or foreign key of the migrated schema joins
a table holding an address to a household, membership, visit, post, reaction, response or report.

The tables are found by their columns, not by a list, so a table added later (the address
register of issue 14) is checked too. Allowed shared columns are named below, each with its reason.
"""

from __future__ import annotations

import datetime as dt
import re

from alembic import command
from sqlalchemy import Column, Engine, MetaData, inspect, select, table, text
from sqlalchemy import column as col
from sqlalchemy.types import Date, DateTime, Integer, String

from hoplr_data.core import models as m
from hoplr_data.core.db import alembic_config, make_engine
from hoplr_data.core.models import Base
from hoplr_data.stats.metrics import Scope, summary
from seed import pilot
from tests.helpers import add_buurten, add_codes, ev, load

ADDRESS_COLUMN = re.compile(
    r"address|street|straat|postcode|post_code|zip|house_?number|huisnummer|box_number|"
    r"nummeraanduiding|woonplaats",
    re.IGNORECASE,
)
# Address columns that do not come from the address register or the letters.
NOT_LETTER_ADDRESSES = {
    ("item", "address"): "the place of a report as its sender described it, kept with the report",
}
# Tables an address table and an activity table may both point to.
HUBS = {
    "buurt": "the unit of every statistic (1,000 to 4,000 households); a membership has its buurt",
}
# Columns of activity tables that hold a place, not where a household lives.
PLACES = {
    ("address", "item.address"): "where a reported problem is, as its sender described it",
}
# Columns of an address table that may share values with activity tables.
SHARED = {
    "buurt_id": "the buurt: what every membership and activity row carries anyway",
    "wave": "the letter wave: all letters of a buurt delivered together, the funnel's unit",
    "created_at": "when the letters of a wave were made: the same moment for the whole wave",
}


def address_tables(metadata: MetaData) -> set[str]:
    """Tables with a column that holds a street address from the register or a letter."""
    return {
        t.name
        for t in metadata.tables.values()
        for c in t.columns
        if ADDRESS_COLUMN.search(c.name) and (t.name, c.name) not in NOT_LETTER_ADDRESSES
    }


def household_tables(metadata: MetaData) -> set[str]:
    """Tables holding a household, and the tables whose rows belong to such a row (by foreign key)."""
    found = {t.name for t in metadata.tables.values() if "household_id" in t.columns}
    grew = True
    while grew:
        more = {
            t.name
            for t in metadata.tables.values()
            if any(fk.column.table.name in found for fk in t.foreign_keys)
        }
        grew = bool(more - found)
        found |= more
    return found


def linked_tables(metadata: MetaData, hubs: set[str]) -> set[str]:
    """Every table a foreign key path (either way, not through a hub) joins to a household table."""
    edges: dict[str, set[str]] = {name: set() for name in metadata.tables}
    for t in metadata.tables.values():
        for fk in t.foreign_keys:
            a, b = t.name, fk.column.table.name
            if a not in hubs and b not in hubs:
                edges[a].add(b)
                edges[b].add(a)
    found = household_tables(metadata)
    todo = list(found)
    while todo:
        for other in edges[todo.pop()] - found:
            found.add(other)
            todo.append(other)
    return found


def _kind(column) -> str:  # noqa: ANN001
    """A column's type family: values of different families never join."""
    for family in (DateTime, Date, Integer, String):
        if isinstance(column.type, family):
            return family.__name__
    return type(column.type).__name__


def joinable(address_col, other_col, address_table: str) -> bool:  # noqa: ANN001
    """True when two columns of one type family are named as if they held the same values."""
    if _kind(address_col) != _kind(other_col):
        return False
    a, o = address_col.name.lower(), other_col.name.lower()
    if a == "id":
        return o.startswith(address_table) or o.endswith(f"{address_table}_id")
    return a == o or o.endswith(f"_{a}") or a.endswith(f"_{o}") or o.startswith(f"{a}_")


def schema_links(metadata: MetaData) -> list[str]:
    """Every foreign-key path and joinable column from an address table to activity tables."""
    addresses = address_tables(metadata)
    households = household_tables(metadata)
    linked = linked_tables(metadata, set(HUBS))
    found = [f"{name}: reaches a household table by foreign keys" for name in addresses & linked]
    for name in sorted(addresses):
        for a in metadata.tables[name].columns:
            if a.name in SHARED:
                continue
            for other in sorted(households - addresses):
                found += [
                    f"{name}.{a.name} ~ {other}.{o.name}"
                    for o in metadata.tables[other].columns
                    if joinable(a, o, name) and (a.name, f"{other}.{o.name}") not in PLACES
                ]
    return found


def reflected(engine: Engine) -> MetaData:
    """The schema as the database has it (not as the models say)."""
    metadata = MetaData()
    metadata.reflect(engine)
    return metadata


def test_the_migrated_schema_has_an_address_table_and_finds_links(engine):
    """The check is not vacuous: it sees the letters' table and a link added to it."""
    metadata = reflected(engine)
    assert "invitation_code" in address_tables(metadata)
    assert {"membership", "visit", "post", "item", "publication_response"} <= household_tables(
        metadata
    )
    assert "survey_answer" in household_tables(metadata)  # via its response
    assert "category" in linked_tables(metadata, set(HUBS)) - household_tables(metadata)
    changed = MetaData()
    for t in metadata.tables.values():
        t.to_metadata(changed)
    changed.tables["membership"].append_column(Column("invite_code", String(32)))
    assert schema_links(changed) == ["invitation_code.code ~ membership.invite_code"]


def test_no_address_table_is_joinable_to_household_activity(engine):
    assert schema_links(reflected(engine)) == []


CODES = {"CODEA1": "A", "CODEA2": "A", "CODEB1": "B"}


def _registrations() -> list[dict]:
    """Registrations with a valid code, a wrong code, another buurt's code, and none."""
    return [
        ev("registration", "2024-01-01T10:00:00", household_id="h1", buurt="A", invite_code="CODEA1"),
        ev("registration", "2024-01-02T10:00:00", household_id="h2", buurt="A", invite_code="WRONG"),
        ev("registration", "2024-01-03T10:00:00", household_id="h3", buurt="B", invite_code="CODEA2"),
        ev("registration", "2024-01-03T11:00:00", household_id="h4", buurt="B", invite_code="CODEB1"),
        ev("registration", "2024-01-04T10:00:00", household_id="h5", buurt="B"),
        ev("visit", "2024-01-04T12:00:00", household_id="h1"),
        ev("post", "2024-01-05T12:00:00", household_id="h1", buurt="A", text="Hoi", language="nl"),
    ]  # fmt: skip


def _values(engine: Engine, name: str) -> list[tuple]:
    """Every row of a table, sorted."""
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(Base.metadata.tables[name].select()))


def shared_values(engine: Engine) -> list[str]:
    """Columns of household tables holding a value of an address table's own columns."""
    metadata = reflected(engine)
    households = household_tables(metadata) - address_tables(metadata)
    found = []
    with engine.connect() as conn:
        for name in sorted(address_tables(metadata)):
            for a in (c for c in metadata.tables[name].columns if c.name not in SHARED):
                mine = {v for (v,) in conn.execute(select(a)) if v is not None}
                for other in sorted(households):
                    for o in metadata.tables[other].columns:
                        if _kind(o) != _kind(a) or (a.name, f"{other}.{o.name}") in PLACES:
                            continue
                        if mine & set(conn.execute(select(o).distinct()).scalars()):
                            found.append(f"{name}.{a.name} ~ {other}.{o.name}")
    return found


def test_no_address_table_value_appears_in_an_activity_table(engine):
    """On real rows: no value of an address table's own columns is found in activity tables."""
    add_buurten(engine, {"A": 100, "B": 50})
    add_codes(engine, CODES)
    codes_before = _values(engine, "invitation_code")
    events = _registrations()
    load(engine, events)
    load(engine, events)  # a re-import changes nothing either
    assert shared_values(engine) == []
    assert _values(engine, "invitation_code") == codes_before  # ingest tells the letters nothing


def test_the_seeded_pilot_keeps_waves_only(pilot_db_url):
    """The seed: every buurt's letters are one wave (its launch day); no code reaches a household."""
    engine = make_engine(pilot_db_url)
    try:
        assert shared_values(engine) == []
        with engine.connect() as conn:
            waves = set(
                conn.execute(
                    select(m.Buurt.code, m.Membership.invite_wave)
                    .join(m.Buurt, m.Buurt.id == m.Membership.buurt_id)
                    .where(m.Membership.invite_wave.is_not(None))
                    .distinct()
                ).all()
            )
    finally:
        engine.dispose()
    assert waves == {(code, launch.isoformat()) for code, _, _, launch, _ in pilot.BUURTEN}


def test_the_funnel_counts_valid_codes_of_the_same_buurt(engine):
    add_buurten(engine, {"A": 100, "B": 50})
    add_codes(engine, CODES)
    events = _registrations()
    load(engine, events)
    load(engine, events)  # a re-imported registration counts once
    figures = summary(engine, Scope(as_of=dt.date(2024, 1, 10)))
    # h1 (CODEA1 in A) and h4 (CODEB1 in B); WRONG and A's code used in B are organic
    assert (figures["registrations_via_invite"], figures["registrations_organic"]) == (2, 3)
    with engine.connect() as conn:
        waves = dict(conn.execute(text("SELECT household_id, invite_wave FROM membership")).all())
    assert waves == {"h1": "2023-12-01", "h2": None, "h3": None, "h4": "2023-12-01", "h5": None}


# --- the migration 0008 on a database that still links codes to memberships -----------------

_BUURT = table("buurt", col("id"), col("code"), col("name"), col("households"), col("version"))
_CODE = table("invitation_code", col("code"), col("buurt_id"), col("address"), col("created_at"))
_MEMBER = table(
    "membership", col("id"), col("household_id"), col("buurt_id"), col("registered_at"),
    col("week"), col("invite_code"),
)  # fmt: skip


def _at_0007(engine: Engine) -> None:
    """Empty the migrated database and migrate it again up to 0007 only."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # tables, and the functions of their triggers
            conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        else:
            Base.metadata.drop_all(conn)
            conn.execute(text("DROP TABLE alembic_version"))
    command.upgrade(alembic_config(engine), "0007")


def _fill_0007(engine: Engine) -> None:
    """Codes with their addresses, and memberships that name the code they used."""
    t = dt.datetime
    with engine.begin() as conn:
        conn.execute(_BUURT.insert(), [
            {"id": 1, "code": "A", "name": "Buurt A", "households": 100, "version": 1},
            {"id": 2, "code": "B", "name": "Buurt B", "households": 50, "version": 1},
        ])  # fmt: skip
        conn.execute(_CODE.insert(), [
            {"code": "CA1", "buurt_id": 1, "address": "Laan 1", "created_at": t(2023, 12, 1, 9)},
            {"code": "CA2", "buurt_id": 1, "address": "Laan 2", "created_at": t(2023, 12, 1, 9)},
            {"code": "CB1", "buurt_id": 2, "address": "Hof 1", "created_at": t(2023, 12, 20)},
        ])  # fmt: skip
        rows = [("m1", 1, "CA1"), ("m2", 1, "NOPE"), ("m3", 2, "CA2"), ("m4", 2, "CB1"),
                ("m5", 2, None), ("m6", 1, "CA1")]  # fmt: skip
        conn.execute(_MEMBER.insert(), [
            {"id": mid, "household_id": f"h-{mid}", "buurt_id": b,
             "registered_at": t(2024, 1, 2, 10 + i), "week": dt.date(2024, 1, 1), "invite_code": c}
            for i, (mid, b, c) in enumerate(rows)
        ])  # fmt: skip


def test_migration_0008_moves_the_codes_to_waves_and_keeps_the_funnel(engine):
    _at_0007(engine)
    _fill_0007(engine)
    command.upgrade(alembic_config(engine), "0008")
    columns = {c["name"] for c in inspect(engine).get_columns("membership")}
    assert "invite_code" not in columns
    with engine.connect() as conn:
        waves = dict(conn.execute(text("SELECT id, invite_wave FROM membership")).all())
        letters = dict(conn.execute(text("SELECT code, wave FROM invitation_code")).all())
    assert waves == {
        "m1": "2023-12-01", "m2": None, "m3": None, "m4": "2023-12-20", "m5": None,
        "m6": "2023-12-01",
    }  # fmt: skip
    assert letters == {"CA1": "2023-12-01", "CA2": "2023-12-01", "CB1": "2023-12-20"}
    command.upgrade(alembic_config(engine), "head")
    figures = summary(engine, Scope(as_of=dt.date(2024, 1, 7)))
    # before: m1, m4 and m6 joined a code of their own buurt (m6 re-used m1's letter)
    assert (figures["registrations_via_invite"], figures["registrations_organic"]) == (3, 3)
    assert schema_links(reflected(engine)) == []
