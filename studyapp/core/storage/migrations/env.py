"""Alembic environment: Setu runs migrations itself, on a connection it passes in."""

from __future__ import annotations

from alembic import context

from studyapp.core.models import Base
from studyapp.core.storage.db import include_object

target_metadata = Base.metadata


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError(
            "Setu's migrations run on a connection passed in by studyapp.core.storage.db"
        )
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
