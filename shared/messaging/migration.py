"""Migration steps for the outbox and inbox, so every service's first migration creates
exactly the tables ``shared.messaging.tables`` defines, without restating them."""

from __future__ import annotations

from alembic import op
from sqlalchemy import MetaData

from shared.messaging.tables import MessagingTables


def create_messaging_tables(schema: str) -> None:
    tables = MessagingTables(MetaData(schema=schema))
    for table in (tables.inbox, tables.outbox):
        table.create(op.get_bind())


def drop_messaging_tables(schema: str) -> None:
    tables = MessagingTables(MetaData(schema=schema))
    for table in (tables.outbox, tables.inbox):
        table.drop(op.get_bind())
