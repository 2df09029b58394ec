"""Alembic environment: runs against the engine handed in by `bot.store.db.migrate`."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel, create_engine

import bot.store.models  # noqa: F401  (registers the tables on the metadata)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations() -> None:
    """Online migrations on the given engine (or one built from the configured URL)."""
    engine = config.attributes.get("engine") or create_engine(config.get_main_option("sqlalchemy.url", ""))
    with engine.begin() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


run_migrations()
