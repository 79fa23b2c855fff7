"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 17:47:48.600291
"""
from alembic import op
import sqlalchemy as sa

from shared.messaging.migration import create_messaging_tables, drop_messaging_tables

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables('inventory')
    op.create_table('noodsteunpunten',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('region_code', sa.String(length=4), nullable=False),
    sa.Column('municipality_code', sa.String(length=6), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('layer', sa.String(length=20), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=True),
    sa.Column('readiness', sa.String(length=20), nullable=False),
    sa.Column('public', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    schema='inventory'
    )
    op.create_index(op.f('ix_inventory_noodsteunpunten_municipality_code'), 'noodsteunpunten', ['municipality_code'], unique=False, schema='inventory')
    op.create_index(op.f('ix_inventory_noodsteunpunten_region_code'), 'noodsteunpunten', ['region_code'], unique=False, schema='inventory')


def downgrade() -> None:
    drop_messaging_tables('inventory')
    op.drop_index(op.f('ix_inventory_noodsteunpunten_region_code'), table_name='noodsteunpunten', schema='inventory')
    op.drop_index(op.f('ix_inventory_noodsteunpunten_municipality_code'), table_name='noodsteunpunten', schema='inventory')
    op.drop_table('noodsteunpunten', schema='inventory')
