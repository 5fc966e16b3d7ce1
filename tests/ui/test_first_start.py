"""The app's first start: every database is bootstrapped; only an empty demo database is filled,
by running the seed's own command (the app never imports the seed)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hoplr_data.bootstrap import bootstrap
from hoplr_data.core import models as m
from hoplr_data.core.db import make_engine
from ui import data

# Stands in for `python -m seed`: proves the seed package is importable from the command's
# working directory and that the command received the app's database URL.
FAKE_SEED = ("-c", "import os, pathlib, seed.load; "
             "pathlib.Path(os.environ['SEED_MARK']).write_text(os.environ['DATABASE_URL'])")  # fmt: skip


@pytest.fixture
def fresh(tmp_path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, object]:
    """A blank SQLite URL, the marker file the stand-in seed writes, and no cached engine."""
    url = f"sqlite:///{tmp_path / 'first.db'}"
    mark = tmp_path / "seeded.txt"
    monkeypatch.setenv("SEED_MARK", str(mark))
    monkeypatch.setattr(data, "DEMO_SEED_COMMAND", FAKE_SEED)
    data.engine_for.clear()
    yield url, mark
    data.engine_for.clear()


def test_an_empty_demo_database_is_bootstrapped_then_seeded_by_the_seed_command(
    fresh, monkeypatch
):
    url, mark = fresh
    monkeypatch.setenv("HOPLR_DEMO", "1")
    engine = data.engine_for(url)
    assert mark.read_text() == url
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(m.Category)) > 0


def test_a_production_database_is_bootstrapped_and_never_seeded(fresh, monkeypatch):
    url, mark = fresh
    monkeypatch.setenv("HOPLR_DEMO", "0")
    engine = data.engine_for(url)
    assert not mark.exists()
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(m.Category)) > 0
        assert conn.scalar(select(func.count()).select_from(m.Buurt)) == 0


def test_a_demo_database_with_data_is_not_seeded_again(fresh, monkeypatch):
    url, mark = fresh
    monkeypatch.setenv("HOPLR_DEMO", "1")
    engine = make_engine(url)
    bootstrap(engine)
    with engine.begin() as conn:
        conn.execute(m.Buurt.__table__.insert().values(code="A", name="A", households=10))
    engine.dispose()
    data.engine_for(url)
    assert not mark.exists()


def test_a_failing_seed_stops_the_start_with_its_message(fresh, monkeypatch):
    url, _mark = fresh
    monkeypatch.setenv("HOPLR_DEMO", "1")
    monkeypatch.setattr(data, "DEMO_SEED_COMMAND", ("-c", "raise SystemExit('no demo today')"))
    with pytest.raises(RuntimeError, match="no demo today"):
        data.engine_for(url)
