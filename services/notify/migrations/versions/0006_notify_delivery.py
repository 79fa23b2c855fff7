"""Delivery that scales and stays safe: subscription owners (subject, issuer, scope),
address confirmation, claimed deliveries with their event's correlation, the public
flag of noodsteunpunten.

Revision ID: notify_delivery
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "notify_delivery"
down_revision = "notify_memo_schedule"
branch_labels = None
depends_on = None

SCHEMA = "notify"


def add(table: str, column: sa.Column) -> None:
    op.add_column(table, column, schema=SCHEMA)


def upgrade() -> None:
    add("subscriptions", sa.Column("owner_issuer", sa.String(300), server_default="", nullable=False))
    add("subscriptions", sa.Column("owner_role", sa.String(20), nullable=True))
    add("subscriptions", sa.Column("owner_region_code", sa.String(4)))
    add("subscriptions", sa.Column("owner_municipality_code", sa.String(6)))
    add("subscriptions", sa.Column("status", sa.String(20), nullable=True))
    add("subscriptions", sa.Column("confirmation_hash", sa.String(64)))
    add("subscriptions", sa.Column("confirmation_expires_at", sa.DateTime(timezone=True)))
    # Rows from before: no issuer recorded (so no token owns them; their region's users
    # still manage them), scope read from their own filter, the narrowest it allows.
    op.execute(f"""
        UPDATE {SCHEMA}.subscriptions SET
          status = CASE WHEN active THEN 'active' ELSE 'ended' END,
          owner_role = CASE WHEN kind = 'endpoint' THEN 'operator'
                            WHEN municipality_code IS NOT NULL THEN 'municipality'
                            WHEN region_code IS NOT NULL THEN 'region' ELSE 'national' END,
          owner_region_code = CASE WHEN kind = 'endpoint' THEN NULL ELSE region_code END,
          owner_municipality_code = CASE WHEN kind = 'endpoint' THEN NULL ELSE municipality_code END
    """)
    op.alter_column("subscriptions", "status", nullable=False, schema=SCHEMA)
    op.alter_column("subscriptions", "owner_role", nullable=False, schema=SCHEMA)
    op.drop_column("subscriptions", "active", schema=SCHEMA)
    op.create_index("ix_notify_subscriptions_status", "subscriptions", ["status"], schema=SCHEMA)
    op.create_unique_constraint("subscriptions_confirmation_hash_key", "subscriptions", ["confirmation_hash"], schema=SCHEMA)

    for column in (sa.Column("event_id", postgresql.UUID(as_uuid=True)), sa.Column("event_type", sa.String(200)),
                   sa.Column("correlation_id", postgresql.UUID(as_uuid=True)),
                   sa.Column("causation_id", postgresql.UUID(as_uuid=True)),
                   sa.Column("claim_token", postgresql.UUID(as_uuid=True)),
                   sa.Column("claimed_until", sa.DateTime(timezone=True))):
        add("deliveries", column)

    op.create_table(
        "noodsteunpunt_visibility",
        sa.Column("noodsteunpunt_id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("public", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        schema=SCHEMA,
    )


def downgrade() -> None:
    op.drop_table("noodsteunpunt_visibility", schema=SCHEMA)
    for column in ("claimed_until", "claim_token", "causation_id", "correlation_id", "event_type", "event_id"):
        op.drop_column("deliveries", column, schema=SCHEMA)
    op.add_column("subscriptions", sa.Column("active", sa.Boolean(), server_default=sa.text("true"), nullable=False),
                  schema=SCHEMA)
    op.execute(f"UPDATE {SCHEMA}.subscriptions SET active = (status = 'active')")
    op.drop_constraint("subscriptions_confirmation_hash_key", "subscriptions", schema=SCHEMA)
    op.drop_index("ix_notify_subscriptions_status", "subscriptions", schema=SCHEMA)
    for column in ("confirmation_expires_at", "confirmation_hash", "status", "owner_municipality_code",
                   "owner_region_code", "owner_role", "owner_issuer"):
        op.drop_column("subscriptions", column, schema=SCHEMA)
