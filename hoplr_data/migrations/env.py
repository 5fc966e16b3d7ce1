"""Alembic environment: the engine handed over by hoplr_data.core.db.migrate, or, for the
`alembic` command (alembic.ini at the repository root), DATABASE_URL from the environment as the
app reads it (unset: the embedded SQLite file data/hoplr.db)."""

from logging.config import fileConfig

from alembic import context
from sqlalchemy import Engine

from hoplr_data.core.config import get_settings
from hoplr_data.core.db import make_engine
from hoplr_data.core.models import Base

config = context.config
target_metadata = Base.metadata
# What `alembic check` and `revision --autogenerate` compare (tests/core/test_migrations.py too).
COMPARE = {"compare_type": True, "compare_server_default": True}


def _configure(**options: object) -> None:
    """Configure the migration context with the project's comparison options."""
    context.configure(target_metadata=target_metadata, **COMPARE, **options)


def run_migrations_offline() -> None:
    """Write the SQL of the migrations instead of running them (`alembic upgrade head --sql`)."""
    url = get_settings().database_url
    _configure(url=url, literal_binds=True, render_as_batch=url.startswith("sqlite"))
    with context.begin_transaction():
        context.run_migrations()


def _run_on(engine: Engine) -> None:
    """Run the migrations in one transaction on an engine."""
    with engine.begin() as connection:
        _configure(connection=connection, render_as_batch=connection.dialect.name == "sqlite")
        context.run_migrations()


def run_migrations_online() -> None:
    """Run migrations on the engine given by the caller, or on DATABASE_URL."""
    given = config.attributes.get("engine")
    if given is not None:
        _run_on(given)
        return
    engine = make_engine(get_settings().database_url)
    try:
        _run_on(engine)
    finally:
        engine.dispose()


if config.config_file_name is not None and config.attributes.get("engine") is None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
