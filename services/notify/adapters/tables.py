"""The notify service's tables, in its own schema ``notify``."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from shared.messaging.tables import MessagingTables

SCHEMA = "notify"
metadata = MetaData(schema=SCHEMA)
messaging = MessagingTables(metadata)

# Every event notify heard of: the scoped feed, and the memo's source.
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
    Column("data", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
)

endpoints = Table(
    "endpoints",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("url", String(2000), nullable=False),
    # Signing keys (whsec_...): kept, because every message is signed with them.
    Column("secrets", JSONB, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # The address checks (shared.net) passed when it was registered; they run again at every connection.
    Column("consecutive_failures", Integer, nullable=False, server_default=text("0")),
    Column("paused_until", DateTime(timezone=True)),
)

subscriptions = Table(
    "subscriptions",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("kind", String(20), nullable=False),
    # Owner: subject, issuer and scope of the token that made it (Owner in the domain).
    Column("owner", String(200), nullable=False, index=True),
    Column("owner_issuer", String(300), nullable=False, server_default=""),
    Column("owner_role", String(20), nullable=False),
    Column("owner_region_code", String(4)),
    Column("owner_municipality_code", String(6)),
    Column("event_types", JSONB, nullable=False),
    Column("frequency", String(20), nullable=False),
    Column("region_code", String(4), index=True),
    Column("municipality_code", String(6)),
    Column("name", String(200)),
    Column("email", String(320)),
    Column("role", String(40)),
    Column("endpoint_id", UUID(as_uuid=True), ForeignKey(f"{SCHEMA}.endpoints.id")),
    # pending (waits for its address to be confirmed) | active | ended
    Column("status", String(20), nullable=False, index=True),
    Column("confirmation_hash", String(64), unique=True),
    Column("confirmation_expires_at", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# Whether a noodsteunpunt is public, from its registered/updated events: decides who may
# hear of its readiness and activation events, which do not carry the flag.
noodsteunpunt_visibility = Table(
    "noodsteunpunt_visibility",
    metadata,
    Column("noodsteunpunt_id", UUID(as_uuid=True), primary_key=True),
    Column("public", Boolean, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# What each subscriber should hear of: one row per (event, subscription), never two.
notifications = Table(
    "notifications",
    metadata,
    Column("id", BigInteger, Identity(always=True), primary_key=True),
    Column("event_id", UUID(as_uuid=True), nullable=False),
    Column("subscription_id", UUID(as_uuid=True), ForeignKey(f"{SCHEMA}.subscriptions.id"), nullable=False),
    Column("event_type", String(200), nullable=False),
    Column("region_code", String(4), nullable=False),
    Column("subject", String(300), nullable=False),
    Column("title", String(500), nullable=False),
    Column("link", String(2000), nullable=False),
    Column("occurred_at", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # immediate | digest_pending | digested
    Column("state", String(20), nullable=False),
    Column("delivery_id", UUID(as_uuid=True)),
    UniqueConstraint("event_id", "subscription_id", name="notifications_once_per_subscriber"),
    Index("notifications_digest_pending", "subscription_id", postgresql_where=text("state = 'digest_pending'")),
)

# One message to one recipient: the delivery log's head row.
deliveries = Table(
    "deliveries",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    # event:<event>:<subscription>, digest:<subscription>:<window>, reminder:..., memo:...
    Column("dedupe_key", String(300), nullable=False, unique=True),
    Column("channel", String(20), nullable=False),
    Column("subscription_id", UUID(as_uuid=True), index=True),
    Column("endpoint_id", UUID(as_uuid=True), index=True),
    Column("region_code", String(4), nullable=False),
    Column("recipient", String(2000), nullable=False),
    Column("subject", String(500), nullable=False),
    Column("body", Text, nullable=False),
    Column("html", Text),
    Column("attachment_name", String(200)),
    Column("attachment", LargeBinary),
    Column("status", String(20), nullable=False),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("last_response", Text),
    Column("dead_reason", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("sent_at", DateTime(timezone=True)),
    # The event it tells about and that event's correlation, for notify's own events.
    Column("event_id", UUID(as_uuid=True)),
    Column("event_type", String(200)),
    Column("correlation_id", UUID(as_uuid=True)),
    Column("causation_id", UUID(as_uuid=True)),
    # A worker claims a delivery for a short lease and sends it outside any transaction;
    # its result is written only under the same claim token.
    Column("claim_token", UUID(as_uuid=True)),
    Column("claimed_until", DateTime(timezone=True)),
    Index("deliveries_due", "next_attempt_at", postgresql_where=text("status = 'queued'")),
)

delivery_attempts = Table(
    "delivery_attempts",
    metadata,
    Column("id", BigInteger, Identity(always=True), primary_key=True),
    Column("delivery_id", UUID(as_uuid=True), ForeignKey(f"{SCHEMA}.deliveries.id"), nullable=False, index=True),
    Column("attempted_at", DateTime(timezone=True), nullable=False),
    Column("ok", Boolean, nullable=False),
    Column("response", Text, nullable=False),
)

reminders = Table(
    "reminders",
    metadata,
    Column("id", BigInteger, Identity(always=True), primary_key=True),
    Column("activity_id", UUID(as_uuid=True), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    # pending | sent | skipped
    Column("state", String(20), nullable=False),
    Column("activity", JSONB, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("activity_id", "kind", name="reminders_once_per_activity_and_kind"),
)

memos = Table(
    "memos",
    metadata,
    Column("id", UUID(as_uuid=True), primary_key=True),
    Column("region_code", String(4), nullable=False, index=True),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    # requested (POST, any number) | scheduled (by the memo schedule: once per region and period)
    Column("kind", String(20), nullable=False, server_default=text("'requested'")),
    Column("subject", String(300), nullable=False, server_default=text("''")),
    Column("html", Text, nullable=False),
    Column("pdf", LargeBinary, nullable=False),
    Column("event_count", Integer, nullable=False),
    Column("recipients", Integer, nullable=False),
    Column("created_by", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Index("memos_scheduled_once", "region_code", "period_start", "period_end", unique=True,
          postgresql_where=text("kind = 'scheduled'")),
)
