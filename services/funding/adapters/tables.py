"""The funding service's tables, in its own schema ``funding``."""

from __future__ import annotations

from sqlalchemy import MetaData

from shared.messaging.tables import MessagingTables

SCHEMA = "funding"
metadata = MetaData(schema=SCHEMA)
messaging = MessagingTables(metadata)
