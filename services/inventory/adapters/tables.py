"""The inventory service's tables, in its own schema ``inventory``."""

from __future__ import annotations

from sqlalchemy import BigInteger, Boolean, Column, Date, DateTime, ForeignKey, Index, Integer, MetaData, String, Table, func, text
from sqlalchemy.dialects.postgresql import JSONB, UUID

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
    # services, resilience, access, staffing, checks: validated as one Details value
    Column("details", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("activation_status", String(20), nullable=False, server_default="inactive"),
    Column("activation_mode", String(20)),
    Column("activation_changed_at", DateTime(timezone=True)),
    Column("activation_log", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
)

standards = Table(
    "standards",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("criteria", JSONB, nullable=False),
    Column("published_by", String(200), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

rounds = Table(
    "rounds",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("region_code", String(4), nullable=False, index=True),
    Column("title", String(200), nullable=False),
    Column("deadline", Date, nullable=False),
    Column("municipality_codes", JSONB, nullable=False),
    Column("status", String(20), nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("closed_at", DateTime(timezone=True)),
)
# One open round per region at a time: a municipality always knows which round it answers.
Index("one_open_round_per_region", rounds.c.region_code, unique=True, postgresql_where=rounds.c.status == "open")

submissions = Table(
    "submissions",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("round_id", UUID(as_uuid=True), ForeignKey(rounds.c.id), nullable=False, index=True),
    Column("municipality_code", String(6), nullable=False),
    Column("noodsteunpunt_ids", JSONB, nullable=False),
    Column("snapshot", JSONB, nullable=False),
    Column("submitted_by", String(200), nullable=False),
    Column("remarks", String(2000)),
    Column("submitted_at", DateTime(timezone=True), nullable=False),
    Column("supersedes", UUID(as_uuid=True)),
    Column("late", Boolean, nullable=False, default=False),
    Column("current", Boolean, nullable=False, default=True),
)
Index(
    "one_current_submission",
    submissions.c.round_id,
    submissions.c.municipality_code,
    unique=True,
    postgresql_where=submissions.c.current,
)

pilots = Table(
    "pilots",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("region_code", String(4), nullable=False, index=True),
    Column("municipality_code", String(6), nullable=False),
    Column("name", String(200), nullable=False),
    Column("noodsteunpunt_ids", JSONB, nullable=False),
    Column("goals", JSONB, nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("pilot_year", Integer, nullable=False),
    Column("budget_cents", BigInteger, nullable=False),
    Column("status", String(20), nullable=False),
    Column("started_on", Date),
    Column("completed_on", Date),
    Column("experiences", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("cost_cents", BigInteger),
    Column("funding", String(20), nullable=False, server_default="awaiting"),
)
