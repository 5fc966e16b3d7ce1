"""Ingest under hostile lines: one bad line is rejected with its reason, every good line imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hoplr_data.core import models as m
from hoplr_data.ingest.pipeline import ingest_file, ingest_lines
from tests.helpers import add_buurten

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def buurt_engine(engine):
    from hoplr_data.bottom_up.defaults import ensure_defaults

    add_buurten(engine, {"A": 100})
    ensure_defaults(engine)
    return engine


REG = {"id": "r1", "type": "registration", "time": "2024-01-01T10:00:00", "household_id": "h1",
       "buurt": "A"}  # fmt: skip


def report(eid: str, text: str) -> dict:
    """A valid report of household h1 with the given text."""
    return {"id": eid, "type": "report", "time": "2024-01-03T09:00:00", "household_id": "h1",
            "buurt": "A", "text": text}  # fmt: skip


def posts(n: int) -> list[str]:
    """n valid post lines of household h1."""
    return [
        json.dumps({"id": f"p{i}", "type": "post", "time": "2024-01-02T10:00:00",
                    "household_id": "h1", "buurt": "A", "text": f"Bericht nummer {i}"})
        for i in range(n)
    ]  # fmt: skip


def count(engine, model) -> int:
    """Rows of one table."""
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(model)).scalar_one()


def reasons(report_) -> list[tuple[int, str, str]]:
    """(line, reason, field) of every rejection."""
    return [(r.line, r.reason, r.field) for r in report_.rejected]


def test_deeply_nested_array_is_one_rejection(buurt_engine):
    nested = "[" * 200_000 + "]" * 200_000
    got = ingest_lines(buurt_engine, [json.dumps(REG), nested, *posts(3)])
    assert [r[:2] for r in reasons(got)] == [(2, "line_too_long")]
    assert count(buurt_engine, m.Post) == 3


def test_nesting_deeper_than_the_limit_is_rejected(buurt_engine):
    deep = dict(report("m1", "Stoep kapot"), location={"address": [[[[[[[[[["x"]]]]]]]]]]})
    got = ingest_lines(buurt_engine, [json.dumps(REG), json.dumps(deep), *posts(1)])
    assert [r[:2] for r in reasons(got)] == [(2, "too_deep")]
    assert count(buurt_engine, m.Post) == 1


@pytest.mark.parametrize(
    ("text", "reason"),
    [("Stoep \ud83d kapot", "bad_character"), ("Stoep \u0000 kapot", "bad_character"),
     ("Stoep \u0007 kapot", "bad_character")],
)  # fmt: skip
def test_surrogate_nul_and_control_characters_are_rejected(buurt_engine, text, reason):
    lines = [json.dumps(REG), json.dumps(report("m1", text)), json.dumps(report("m2", "Goed"))]
    got = ingest_lines(buurt_engine, [*lines, *posts(71)])
    assert reasons(got) == [(2, reason, "text")]
    assert count(buurt_engine, m.Item) == 1
    assert count(buurt_engine, m.Post) == 71


def test_nul_in_a_post_text_costs_no_other_line(buurt_engine):
    bad = json.loads(posts(1)[0]) | {"id": "pnul", "text": "a\u0000b"}
    got = ingest_lines(buurt_engine, [json.dumps(REG), *posts(71), json.dumps(bad)])
    assert reasons(got) == [(73, "bad_character", "text")]
    assert count(buurt_engine, m.Post) == 71


def test_text_is_nfc_normalised_and_crlf_becomes_newline(buurt_engine):
    decomposed = "Cafe\u0301 op de hoek\r\nkapot\ttafel"
    got = ingest_lines(buurt_engine, [json.dumps(REG), json.dumps(report("m1", decomposed))])
    assert not got.rejected
    with buurt_engine.connect() as conn:
        stored = conn.execute(select(m.Item.text)).scalar_one()
    assert stored == "Café op de hoek\nkapot\ttafel"


def test_invalid_utf8_is_rejected_with_its_line_never_replaced(buurt_engine, tmp_path):
    path = tmp_path / "events.jsonl"
    bad = json.dumps(report("m1", "XX")).encode().replace(b"XX", b"caf\xe9")
    path.write_bytes(b"\n".join([json.dumps(REG).encode(), bad, posts(1)[0].encode()]) + b"\n")
    got = ingest_file(buurt_engine, path)
    assert reasons(got) == [(2, "invalid_utf8", "")]
    assert count(buurt_engine, m.Item) == 0
    assert count(buurt_engine, m.Post) == 1
    rejects = [json.loads(x) for x in path.with_suffix(".rejects.jsonl").read_text().splitlines()]
    assert [(r["line"], r["reason"]) for r in rejects] == [(2, "invalid_utf8")]


def test_rejects_file_is_strict_utf8_and_keeps_the_line_readable(buurt_engine, tmp_path):
    path = tmp_path / "events.jsonl"
    lines = [json.dumps(REG), json.dumps(report("m1", "Café \ud83d")),
             json.dumps(report("m2", "Café \u0000"), ensure_ascii=False)]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    got = ingest_file(buurt_engine, path)
    assert reasons(got) == [(2, "bad_character", "text"), (3, "bad_character", "text")]
    text = path.with_suffix(".rejects.jsonl").read_bytes().decode("utf-8")  # strict
    rejects = [json.loads(x) for x in text.splitlines()]
    assert [json.loads(r["raw"])["text"] for r in rejects] == ["Café \ud83d", "Café \u0000"]


def test_known_id_with_other_content_is_a_conflicting_duplicate(buurt_engine):
    first, second = report("m1", "Eerste versie"), report("m1", "Andere inhoud")
    got = ingest_lines(buurt_engine, [json.dumps(REG), json.dumps(first), json.dumps(second),
                                      json.dumps(first)])  # fmt: skip
    assert reasons(got) == [(3, "conflicting_duplicate", "id")]
    assert got.duplicates == 1
    with buurt_engine.connect() as conn:
        assert conn.execute(select(m.Item.text)).scalars().all() == ["Eerste versie"]


def test_conflicting_duplicate_across_runs(buurt_engine):
    ingest_lines(buurt_engine, [json.dumps(REG), json.dumps(report("m1", "Eerste versie"))])
    got = ingest_lines(buurt_engine, [json.dumps(report("m1", "Andere inhoud"))])
    assert reasons(got) == [(1, "conflicting_duplicate", "id")]
    with buurt_engine.connect() as conn:
        assert conn.execute(select(m.Item.text)).scalars().all() == ["Eerste versie"]


@pytest.mark.parametrize(
    ("line", "changed"),
    [(REG, {"time": "2024-01-01T10:30:00"}), (REG, {"buurt": "B"}),
     (json.loads(posts(1)[0]), {"time": "2024-01-02T11:00:00"}),
     (json.loads(posts(1)[0]), {"household_id": "h2"})],
)  # fmt: skip
def test_conflicting_registration_or_post_across_runs(buurt_engine, line, changed):
    add_buurten(buurt_engine, {"B": 50})
    h2 = REG | {"id": "r2", "household_id": "h2"}
    first = ingest_lines(buurt_engine, [json.dumps(REG), json.dumps(h2), *posts(1)])
    assert not first.rejected
    again = ingest_lines(buurt_engine, [json.dumps(line)])
    assert not again.rejected and again.duplicates == 1
    got = ingest_lines(buurt_engine, [json.dumps(line | changed)])
    assert reasons(got) == [(1, "conflicting_duplicate", "id")]
    assert got.imported_total == 0


def test_a_one_megabyte_post_is_rejected(buurt_engine):
    big = json.loads(posts(1)[0]) | {"id": "big", "text": "x" * 1_000_000}
    got = ingest_lines(buurt_engine, [json.dumps(REG), json.dumps(big), *posts(2)])
    assert [r[:2] for r in reasons(got)] == [(2, "line_too_long")]
    assert count(buurt_engine, m.Post) == 2


def test_a_string_over_the_limit_is_rejected(buurt_engine):
    long_post = json.loads(posts(1)[0]) | {"id": "long", "text": "x" * 10_001}
    got = ingest_lines(buurt_engine, [json.dumps(REG), json.dumps(long_post), *posts(2)])
    assert reasons(got) == [(2, "too_long", "text")]
    assert count(buurt_engine, m.Post) == 2


def test_a_database_error_rejects_only_the_offending_line(buurt_engine, monkeypatch):
    from sqlalchemy.exc import DBAPIError

    from hoplr_data.ingest import bottom_up

    original = bottom_up.BottomUpEvents._flush_items

    def failing(self, conn):
        if any(row["id"] == "boom" for row in self.pending_items):
            raise DBAPIError("INSERT", {}, Exception("simulated"))
        original(self, conn)

    monkeypatch.setattr(bottom_up.BottomUpEvents, "_flush_items", failing)
    lines = [json.dumps(REG), *posts(5), json.dumps(report("boom", "Kapot")),
             json.dumps(report("m2", "Ook kapot")), *posts(8)[5:]]  # fmt: skip
    got = ingest_lines(buurt_engine, lines)
    assert reasons(got) == [(7, "database_error", "")]
    assert count(buurt_engine, m.Post) == 8
    assert count(buurt_engine, m.Item) == 1
    assert got.imported["report"] == 1
    assert got.imported["post"] == 8


def test_a_lost_connection_stops_the_run_instead_of_rejecting_every_line(buurt_engine, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from hoplr_data.ingest import bottom_up

    def failing(self, conn):
        if self.pending_items:
            raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(bottom_up.BottomUpEvents, "_flush_items", failing)
    with pytest.raises(OperationalError):
        ingest_lines(buurt_engine, [json.dumps(REG), json.dumps(report("m1", "Kapot"))])


def test_cli_reads_standard_input(empty_db_url, tmp_path):
    from hoplr_data.bottom_up.defaults import ensure_defaults
    from hoplr_data.core.db import make_engine

    eng = make_engine(empty_db_url)
    add_buurten(eng, {"A": 100})
    ensure_defaults(eng)
    eng.dispose()
    data = "\n".join([json.dumps(REG), *posts(2), "{bad"]) + "\n"
    env = {**os.environ, "DATABASE_URL": empty_db_url, "HOPLR_DEMO": "0"}
    done = subprocess.run(
        [sys.executable, "-m", "hoplr_data", "--lang", "en", "ingest", "-",
         "--rejects", str(tmp_path / "r.jsonl")],
        input=data.encode(), capture_output=True, check=False, cwd=ROOT, env=env, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    eng = make_engine(empty_db_url)
    assert count(eng, m.Post) == 2
    eng.dispose()
    assert json.loads((tmp_path / "r.jsonl").read_text())["line"] == 4
