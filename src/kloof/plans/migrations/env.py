"""Alembic environment of the plans database.

Run programmatically by :mod:`kloof.plans.db`: the caller puts an open SQLAlchemy
connection in ``config.attributes["connection"]``; no ``alembic.ini`` is needed.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from kloof.plans.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: object) -> None:
    context.configure(
        connection=connection,  # type: ignore[arg-type]
        target_metadata=target_metadata,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run against the given connection, or an engine made from ``sqlalchemy.url``."""
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(config.get_main_option("sqlalchemy.url") or "")
    with engine.begin() as conn:
        _run(conn)
    engine.dispose()


def run_migrations_offline() -> None:
    """Emit SQL for ``alembic upgrade --sql`` (review a migration before a DBA runs it)."""
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
