"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 17:48:20.175161
"""

from shared.messaging.migration import create_messaging_tables, drop_messaging_tables

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables('campaign')


def downgrade() -> None:
    drop_messaging_tables('campaign')
