"""public alerts: public noodsteunpunten and their CAP 1.2 messages

Revision ID: notify_public_alerts
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = 'notify_public_alerts'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'public_places',
        sa.Column('id', sa.UUID(), primary_key=True),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('region_code', sa.String(length=4), nullable=False),
        sa.Column('municipality_code', sa.String(length=6), nullable=False),
        sa.Column('address', sa.String(length=300)),
        sa.Column('latitude', sa.Float()),
        sa.Column('longitude', sa.Float()),
        sa.Column('public', sa.Boolean(), nullable=False),
        schema='notify',
    )
    op.create_table(
        'public_alerts',
        sa.Column('seq', sa.BigInteger(), sa.Identity(always=True), primary_key=True),
        sa.Column('identifier', sa.String(length=100), nullable=False, unique=True),
        sa.Column('sender', sa.String(length=200), nullable=False),
        sa.Column('noodsteunpunt_id', sa.UUID(), nullable=False, index=True),
        sa.Column('region_code', sa.String(length=4), nullable=False, index=True),
        sa.Column('sent', sa.DateTime(timezone=True), nullable=False),
        sa.Column('msg_type', sa.String(length=20), nullable=False),
        sa.Column('place_status', sa.String(length=20), nullable=False),
        sa.Column('episode', sa.String(length=100), nullable=False),
        sa.Column('references', sa.Text()),
        sa.Column('headline', sa.String(length=500), nullable=False),
        sa.Column('xml', sa.Text(), nullable=False),
        schema='notify',
    )


def downgrade() -> None:
    op.drop_table('public_alerts', schema='notify')
    op.drop_table('public_places', schema='notify')
