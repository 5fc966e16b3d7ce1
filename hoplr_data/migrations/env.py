"""Alembic environment: runs against the engine handed over by hoplr_data.core.db."""

from alembic import context
from sqlalchemy import create_engine

from hoplr_data.core.config import get_settings
from hoplr_data.core.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    """Run migrations on the engine given by the caller, or on DATABASE_URL."""
    engine = config.attributes.get("engine") or create_engine(get_settings().database_url)
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        context.run_migrations()


run_migrations_online()
