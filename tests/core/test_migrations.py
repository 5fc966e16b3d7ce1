"""The migrations build exactly the models' schema (on SQLite and PostgreSQL), and `alembic`
works from the command line as users expect (alembic.ini at the repository root)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Column, Engine, Integer, MetaData, inspect

from hoplr_data.core.db import MIGRATIONS_DIR, alembic_config, make_engine
from hoplr_data.core.models import Base

ROOT = Path(__file__).resolve().parents[2]
# The options env.py gives `alembic check` and autogenerate: column types and server defaults too.
COMPARE = {"compare_type": True, "compare_server_default": True}


def drift(engine: Engine, metadata: MetaData) -> list:
    """What autogenerate would write to turn the database into `metadata` (empty: no drift)."""
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn, opts=COMPARE), metadata)


def head_revision() -> str:
    """The one head of the migration scripts."""
    heads = ScriptDirectory(str(MIGRATIONS_DIR)).get_heads()
    assert len(heads) == 1, f"the migrations branch: heads {heads}"
    return heads[0]


def test_the_models_and_the_migrated_schema_do_not_drift(engine):
    assert drift(engine, Base.metadata) == []


def test_every_model_table_exists_after_the_migrations(engine):
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert tables - set(Base.metadata.tables) == {"alembic_version"}


def test_the_comparison_sees_a_drift(engine):
    """The drift test is not vacuous: a column or table the migrations lack is reported."""
    changed = MetaData()
    for table in Base.metadata.tables.values():
        table.to_metadata(changed)
    changed.tables["buurt"].append_column(Column("not_migrated", Integer, nullable=True))
    diff = drift(engine, changed)
    assert [(d[0], d[2], d[3].name) for d in diff] == [("add_column", "buurt", "not_migrated")]
    referenced = {fk.column.table.name for t in Base.metadata.tables.values() for fk in t.foreign_keys}
    leaf = min(set(Base.metadata.tables) - referenced)  # a table no foreign key points to
    fewer = MetaData()
    for name, table in Base.metadata.tables.items():
        if name != leaf:
            table.to_metadata(fewer)
    removed = [d[1].name for d in drift(engine, fewer) if d[0] == "remove_table"]
    assert removed == [leaf]  # (with its indexes)


def test_the_database_is_at_the_single_head(engine):
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head_revision()


def _alembic(*args: str, url: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the alembic command line with DATABASE_URL set as the app reads it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env["DATABASE_URL"] = url
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_alembic_command_line_upgrades_and_checks_a_new_sqlite_file(tmp_path):
    path = tmp_path / "sub" / "cli.db"  # the folder does not exist yet, as for the app
    url = f"sqlite:///{path}"
    upgrade = _alembic("upgrade", "head", url=url, cwd=ROOT)
    assert upgrade.returncode == 0, upgrade.stderr
    assert f"-> {head_revision()}" in upgrade.stderr  # alembic logs each step
    current = _alembic("current", url=url, cwd=ROOT)
    assert current.returncode == 0 and current.stdout.split() == [head_revision(), "(head)"]
    check = _alembic("check", url=url, cwd=ROOT)
    assert check.returncode == 0, check.stderr
    assert "No new upgrade operations detected" in check.stdout + check.stderr
    engine = make_engine(url)
    assert drift(engine, Base.metadata) == []
    engine.dispose()


def test_alembic_works_from_another_folder_and_check_fails_on_a_behind_database(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    ini = str(ROOT / "alembic.ini")
    first = ScriptDirectory(str(MIGRATIONS_DIR)).get_base()
    assert _alembic("-c", ini, "upgrade", first, url=url, cwd=tmp_path).returncode == 0
    check = _alembic("-c", ini, "check", url=url, cwd=tmp_path)
    assert check.returncode != 0  # not at head: alembic refuses to compare
    assert "Target database is not up to date" in check.stderr
    assert _alembic("-c", ini, "upgrade", "head", url=url, cwd=tmp_path).returncode == 0
    assert _alembic("-c", ini, "check", url=url, cwd=tmp_path).returncode == 0


def test_offline_sql_needs_no_database(tmp_path):
    url = "postgresql://nobody@127.0.0.1:1/never"  # nothing listens there
    sql = _alembic("upgrade", "head", "--sql", url=url, cwd=ROOT)
    assert sql.returncode == 0, sql.stderr
    assert "CREATE TABLE buurt" in sql.stdout
    assert f"UPDATE alembic_version SET version_num='{head_revision()}'" in sql.stdout


def test_the_app_and_the_command_line_use_the_same_scripts():
    assert alembic_config(make_engine("sqlite://")).get_main_option("script_location") == str(
        MIGRATIONS_DIR
    )
    assert (ROOT / "hoplr_data" / "migrations").resolve() == MIGRATIONS_DIR.resolve()
    assert "script_location = %(here)s/hoplr_data/migrations" in (ROOT / "alembic.ini").read_text()


def test_no_migration_file_is_orphaned():
    """Every file in versions/ is a revision in the single chain from base to head."""
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    chain = [rev.revision for rev in script.walk_revisions()]
    files = sorted(p.stem for p in (MIGRATIONS_DIR / "versions").glob("*.py"))
    assert len(chain) == len(files) == len(set(chain))
    assert all(any(f.startswith(rev) for f in files) for rev in chain)
