"""The inventory service's tables, in its own schema ``inventory``."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, DateTime, MetaData, String, Table, func
from sqlalchemy.dialects.postgresql import UUID

from shared.messaging.tables import MessagingTables

SCHEMA = "inventory"
metadata = MetaData(schema=SCHEMA)
messaging = MessagingTables(metadata)

noodsteunpunten = Table(
    "noodsteunpunten",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("region_code", String(4), nullable=False, index=True),
    Column("municipality_code", String(6), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("layer", String(20), nullable=False),
    Column("address", String(300)),
    Column("readiness", String(20), nullable=False),
    Column("public", Boolean, nullable=False, default=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now(), onupdate=func.now()),
)
