"""campaigns: regions asking to take part (joint campaigns)

Revision ID: campaign_participation
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = 'campaign_participation'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('campaigns', sa.Column('requested_by', postgresql.JSONB(astext_type=sa.Text()), nullable=False,
                                         server_default=sa.text("'[]'::jsonb")), schema='campaign')


def downgrade() -> None:
    op.drop_column('campaigns', 'requested_by', schema='campaign')
