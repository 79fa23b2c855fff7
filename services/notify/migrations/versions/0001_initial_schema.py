"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 17:48:17.953677
"""
from alembic import op
import sqlalchemy as sa

from shared.messaging.migration import create_messaging_tables, drop_messaging_tables

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables('notify')
    op.create_table('feed_items',
    sa.Column('id', sa.BigInteger(), sa.Identity(always=True), nullable=False),
    sa.Column('event_id', sa.UUID(), nullable=False),
    sa.Column('event_type', sa.String(length=200), nullable=False),
    sa.Column('region_code', sa.String(length=4), nullable=False),
    sa.Column('municipality_code', sa.String(length=6), nullable=True),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('event_id'),
    schema='notify'
    )
    op.create_index(op.f('ix_notify_feed_items_municipality_code'), 'feed_items', ['municipality_code'], unique=False, schema='notify')
    op.create_index(op.f('ix_notify_feed_items_region_code'), 'feed_items', ['region_code'], unique=False, schema='notify')


def downgrade() -> None:
    drop_messaging_tables('notify')
    op.drop_index(op.f('ix_notify_feed_items_region_code'), table_name='feed_items', schema='notify')
    op.drop_index(op.f('ix_notify_feed_items_municipality_code'), table_name='feed_items', schema='notify')
    op.drop_table('feed_items', schema='notify')
