"""The campaign service's tables, in its own schema ``campaign``."""

from __future__ import annotations

from sqlalchemy import MetaData

from shared.messaging.tables import MessagingTables

SCHEMA = "campaign"
metadata = MetaData(schema=SCHEMA)
messaging = MessagingTables(metadata)
