"""The campaign service's tables, in its own schema ``campaign``.

Nested value lists (templates, rendered items, materials, counts) are JSONB: they
are always read and written whole, with their aggregate.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, DateTime, Integer, MetaData, String, Table, Text, UniqueConstraint, func, text
from sqlalchemy.dialects.postgresql import JSONB, UUID

from shared.messaging.tables import MessagingTables

SCHEMA = "campaign"
metadata = MetaData(schema=SCHEMA)
messaging = MessagingTables(metadata)


def _created() -> Column:
    return Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now())


campaigns = Table(
    "campaigns",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("level", String(20), nullable=False),
    Column("owner", String(200), nullable=False),
    Column("region_code", String(4), nullable=False, index=True),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date, nullable=False),
    Column("behaviour_goal", Text),
    Column("audiences", JSONB, nullable=False),
    Column("participating_regions", JSONB, nullable=False),
    Column("requested_by", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    _created(),
)

toolkit_versions = Table(
    "toolkit_versions",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("campaign_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("region_code", String(4), nullable=False),
    Column("version", Integer, nullable=False),
    Column("templates", JSONB, nullable=False),
    Column("status", String(20), nullable=False),
    Column("published_at", DateTime(timezone=True)),
    _created(),
    UniqueConstraint("campaign_id", "version", name="uq_toolkit_version_per_campaign"),
)

local_versions = Table(
    "local_versions",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("toolkit_version_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("campaign_id", UUID(as_uuid=True), nullable=False),
    Column("region_code", String(4), nullable=False),
    Column("municipality_code", String(6), nullable=False, index=True),
    Column("version", Integer, nullable=False),
    Column("items", JSONB, nullable=False),
    Column("noodsteunpunt_ids", JSONB, nullable=False),
    Column("rendered_at", DateTime(timezone=True), nullable=False),
)

municipality_contacts = Table(
    "municipality_contacts",
    metadata,
    Column("municipality_code", String(6), primary_key=True),
    Column("phone", String(40)),
    Column("email", String(200)),
    Column("website", String(300)),
)

# Read model built only from the inventory service's events.
known_noodsteunpunten = Table(
    "known_noodsteunpunten",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("region_code", String(4), nullable=False),
    Column("municipality_code", String(6), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("layer", String(20), nullable=False),
    Column("address", String(300)),
    Column("public", Boolean, nullable=False),
    Column("readiness", String(20), nullable=False),
    Column("activation", String(20), nullable=False),
)

waves = Table(
    "waves",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("campaign_id", UUID(as_uuid=True), nullable=False, index=True),
    Column("toolkit_version_id", UUID(as_uuid=True), nullable=False),
    Column("region_code", String(4), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("municipality_codes", JSONB, nullable=False),
    Column("channels", JSONB, nullable=False),
    Column("materials", JSONB, nullable=False),
    Column("planned_start", Date, nullable=False),
    Column("planned_end", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("launched_on", Date),
    Column("completed_on", Date),
    Column("households_reached", Integer),
    Column("people_reached", Integer),
    _created(),
)

surveys = Table(
    "surveys",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("region_code", String(4), nullable=False, index=True),
    Column("municipality_code", String(6), index=True),
    Column("surveyed_on", Date, nullable=False),
    Column("respondents", Integer, nullable=False),
    Column("having", JSONB, nullable=False),
    Column("complete_kit", Integer, nullable=False),
    Column("campaign_id", UUID(as_uuid=True)),
    Column("wave_id", UUID(as_uuid=True), index=True),
    Column("phase", String(10)),
    _created(),
)

activities = Table(
    "activities",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("region_code", String(4), nullable=False, index=True),
    Column("kind", String(30), nullable=False),
    Column("title", String(300), nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True)),
    Column("place", String(300), nullable=False),
    Column("audience", JSONB, nullable=False),
    Column("campaign_id", UUID(as_uuid=True)),
    _created(),
)
