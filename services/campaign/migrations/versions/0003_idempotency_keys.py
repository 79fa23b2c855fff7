"""Idempotency-Key answers (shared.http.idempotency)

Revision ID: 0003
Revises: 0002
"""
from alembic import op

from shared.http.idempotency import create_idempotency_table

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_idempotency_table('campaign')


def downgrade() -> None:
    op.drop_table('idempotency_keys', schema='campaign')
