"""Migration steps for the outbox and inbox, so every service's first migration creates
exactly the tables ``shared.messaging.tables`` defines, without restating them."""

from __future__ import annotations

from alembic import op
from sqlalchemy import MetaData, inspect, text

from shared.messaging.tables import MessagingTables, pending_on_insert


def create_messaging_tables(schema: str) -> None:
    tables = MessagingTables(MetaData(schema=schema))
    for table in (tables.inbox, tables.outbox, tables.pending):
        table.create(op.get_bind())


def drop_messaging_tables(schema: str) -> None:
    tables = MessagingTables(MetaData(schema=schema))
    for table in (tables.pending, tables.outbox, tables.inbox):
        table.drop(op.get_bind(), checkfirst=True)  # the queue is missing after its own downgrade
    op.execute(text(f'DROP FUNCTION IF EXISTS "{schema}".outbox_pending_add()'))


def queue_pending_ids(schema: str) -> None:
    """An outbox of before ``outbox_pending``: its unpublished rows queued there, its
    ``published_at`` column (and the index of rows without one) gone. A schema created
    since already has the queue (its first migration creates the tables as they are now)."""
    bind = op.get_bind()
    pending = MessagingTables(MetaData(schema=schema)).pending
    pending.create(bind, checkfirst=True)
    for statement in pending_on_insert(schema):
        op.execute(text(statement))
    if "published_at" in {column["name"] for column in inspect(bind).get_columns("outbox", schema=schema)}:
        op.execute(text(f'INSERT INTO "{schema}".outbox_pending (id) SELECT id FROM "{schema}".outbox '
                        "WHERE published_at IS NULL ON CONFLICT DO NOTHING"))
        op.execute(text(f'DROP INDEX IF EXISTS "{schema}".outbox_unpublished'))
        op.drop_column("outbox", "published_at", schema=schema)


def unqueue_pending_ids(schema: str) -> None:
    """Back to ``published_at``: rows no longer pending count as published now."""
    op.execute(text(f'ALTER TABLE "{schema}".outbox ADD COLUMN published_at timestamptz'))
    op.execute(text(f'UPDATE "{schema}".outbox SET published_at = now() '
                    f'WHERE id NOT IN (SELECT id FROM "{schema}".outbox_pending)'))
    op.execute(text(f'CREATE INDEX outbox_unpublished ON "{schema}".outbox (id) WHERE published_at IS NULL'))
    op.execute(text(f'DROP TRIGGER outbox_pending_add ON "{schema}".outbox'))
    op.execute(text(f'DROP FUNCTION "{schema}".outbox_pending_add()'))
    op.drop_table("outbox_pending", schema=schema)
