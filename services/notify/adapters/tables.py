"""The notify service's tables, in its own schema ``notify``."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, DateTime, Identity, MetaData, String, Table, func
from sqlalchemy.dialects.postgresql import UUID

from shared.messaging.tables import MessagingTables

SCHEMA = "notify"
metadata = MetaData(schema=SCHEMA)
messaging = MessagingTables(metadata)

feed_items = Table(
    "feed_items",
    metadata,
    Column("id", BigInteger, Identity(always=True), primary_key=True),
    Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
    Column("event_type", String(200), nullable=False),
    Column("region_code", String(4), nullable=False, index=True),
    Column("municipality_code", String(6), index=True),
    Column("subject", String(300), nullable=False),
    Column("title", String(500), nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
