"""Registry attributes and activation, the standard (maatstaf), inventory rounds with submissions, pilots.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 18:07:48.445661
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('pilots',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('region_code', sa.String(length=4), nullable=False),
    sa.Column('municipality_code', sa.String(length=6), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('noodsteunpunt_ids', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('goals', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('pilot_year', sa.Integer(), nullable=False),
    sa.Column('budget_cents', sa.BigInteger(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('completed_on', sa.Date(), nullable=True),
    sa.Column('experiences', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False),
    sa.Column('cost_cents', sa.BigInteger(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    schema='inventory'
    )
    op.create_index(op.f('ix_inventory_pilots_region_code'), 'pilots', ['region_code'], unique=False, schema='inventory')
    op.create_table('rounds',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('region_code', sa.String(length=4), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('deadline', sa.Date(), nullable=False),
    sa.Column('municipality_codes', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    schema='inventory'
    )
    op.create_index(op.f('ix_inventory_rounds_region_code'), 'rounds', ['region_code'], unique=False, schema='inventory')
    op.create_index('one_open_round_per_region', 'rounds', ['region_code'], unique=True, schema='inventory', postgresql_where=sa.text("status = 'open'"))
    op.create_table('standards',
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('criteria', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('published_by', sa.String(length=200), nullable=False),
    sa.Column('published_at', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('version'),
    schema='inventory'
    )
    op.create_table('submissions',
    sa.Column('id', sa.UUID(), nullable=False),
    sa.Column('round_id', sa.UUID(), nullable=False),
    sa.Column('municipality_code', sa.String(length=6), nullable=False),
    sa.Column('noodsteunpunt_ids', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('snapshot', postgresql.JSONB(astext_type=sa.Text()), nullable=False),
    sa.Column('submitted_by', sa.String(length=200), nullable=False),
    sa.Column('remarks', sa.String(length=2000), nullable=True),
    sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('supersedes', sa.UUID(), nullable=True),
    sa.Column('late', sa.Boolean(), nullable=False),
    sa.Column('current', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['round_id'], ['inventory.rounds.id'], ),
    sa.PrimaryKeyConstraint('id'),
    schema='inventory'
    )
    op.create_index(op.f('ix_inventory_submissions_round_id'), 'submissions', ['round_id'], unique=False, schema='inventory')
    op.create_index('one_current_submission', 'submissions', ['round_id', 'municipality_code'], unique=True, schema='inventory', postgresql_where=sa.text('current'))
    op.add_column('noodsteunpunten', sa.Column('details', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False), schema='inventory')
    op.add_column('noodsteunpunten', sa.Column('activation_status', sa.String(length=20), server_default='inactive', nullable=False), schema='inventory')
    op.add_column('noodsteunpunten', sa.Column('activation_mode', sa.String(length=20), nullable=True), schema='inventory')
    op.add_column('noodsteunpunten', sa.Column('activation_changed_at', sa.DateTime(timezone=True), nullable=True), schema='inventory')
    op.add_column('noodsteunpunten', sa.Column('activation_log', postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'::jsonb"), nullable=False), schema='inventory')



def downgrade() -> None:
    
    op.drop_column('noodsteunpunten', 'activation_log', schema='inventory')
    op.drop_column('noodsteunpunten', 'activation_changed_at', schema='inventory')
    op.drop_column('noodsteunpunten', 'activation_mode', schema='inventory')
    op.drop_column('noodsteunpunten', 'activation_status', schema='inventory')
    op.drop_column('noodsteunpunten', 'details', schema='inventory')
    op.drop_index('one_current_submission', table_name='submissions', schema='inventory', postgresql_where=sa.text('current'))
    op.drop_index(op.f('ix_inventory_submissions_round_id'), table_name='submissions', schema='inventory')
    op.drop_table('submissions', schema='inventory')
    op.drop_table('standards', schema='inventory')
    op.drop_index('one_open_round_per_region', table_name='rounds', schema='inventory', postgresql_where=sa.text("status = 'open'"))
    op.drop_index(op.f('ix_inventory_rounds_region_code'), table_name='rounds', schema='inventory')
    op.drop_table('rounds', schema='inventory')
    op.drop_index(op.f('ix_inventory_pilots_region_code'), table_name='pilots', schema='inventory')
    op.drop_table('pilots', schema='inventory')

