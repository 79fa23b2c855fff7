"""pilots: whether funding committed their money (pilots follow their money)

Revision ID: inventory_pilot_funding
Revises: 0003
"""
import sqlalchemy as sa
from alembic import op

revision = 'inventory_pilot_funding'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('pilots', sa.Column('funding', sa.String(length=20), nullable=False, server_default='awaiting'),
                  schema='inventory')


def downgrade() -> None:
    op.drop_column('pilots', 'funding', schema='inventory')
