"""memo schedule: a memo's kind and subject; a scheduled memo once per region and period

Revision ID: notify_memo_schedule
Revises: 0002
"""
import sqlalchemy as sa
from alembic import op

revision = "notify_memo_schedule"
down_revision = "notify_public_alerts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("memos", sa.Column("kind", sa.String(length=20), server_default=sa.text("'requested'"), nullable=False),
                  schema="notify")
    op.add_column("memos", sa.Column("subject", sa.String(length=300), server_default=sa.text("''"), nullable=False),
                  schema="notify")
    op.create_index("memos_scheduled_once", "memos", ["region_code", "period_start", "period_end"], unique=True,
                    schema="notify", postgresql_where=sa.text("kind = 'scheduled'"))


def downgrade() -> None:
    op.drop_index("memos_scheduled_once", table_name="memos", schema="notify")
    op.drop_column("memos", "subject", schema="notify")
    op.drop_column("memos", "kind", schema="notify")
