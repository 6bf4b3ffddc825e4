"""Alembic environment: Setu runs migrations itself, on a connection it passes in."""

from __future__ import annotations

from alembic import context

from studyapp.core.models import Base

target_metadata = Base.metadata


def include_object(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    # The FTS5 search index and its shadow tables are created by hand in migrations;
    # they are not part of the ORM metadata.
    return not (type_ == "table" and name is not None and name.startswith("search_index"))


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("Setu's migrations run on a connection passed in by studyapp.core.db")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite alters tables by copying them
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
