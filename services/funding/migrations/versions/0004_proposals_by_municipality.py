"""proposals by municipality: a GIN index on the municipalities concerned

Revision ID: 0004
Revises: 0003
"""
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        'ix_proposals_municipality_codes', 'proposals', ['municipality_codes'], unique=False,
        schema='funding', postgresql_using='gin',
    )


def downgrade() -> None:
    op.drop_index('ix_proposals_municipality_codes', table_name='proposals', schema='funding')
